"""Two factories with managers, tokens and released work orders, for the API tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from factory.floor.api.services import api_token_rotate
from factory.models import Factory, FactoryMembership, WorkOrder
from orders.models import ProductionUnit
from orders.services import unit_transition
from orders.states import UnitState
from scheduling.models import PlannedBatch, PlanVersion
from scheduling.release import batch_release
from shop.models import Fabric
from tests.factory.builders import make_user
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric

_seq = itertools.count(1)


def released_work_order(*, factory: Factory, cloth: Fabric, garments: int) -> WorkOrder:
    """A paid order of ``garments`` shirts whose units are routed to ``factory``, planned
    in one batch and released as a work order, through the same services as the planner."""
    paid_order(fabric=cloth, garments=garments)
    units = list(ProductionUnit.objects.filter(state=UnitState.PAID).order_by("pk"))
    n = next(_seq)
    plan = PlanVersion.objects.create(
        number=n, horizon_start=timezone.localdate(), horizon_days=7, seed=1, runtime_seconds=0
    )
    batch = PlannedBatch.objects.create(
        plan=plan,
        key=f"B{n}-{factory.code}",
        factory=factory,
        garment_type="shirt",
        fabric=cloth,
        sequence=1,
        stages=[],
        start_minute=0,
        end_minute=60,
    )
    for unit in units:
        unit_transition(unit_id=unit.pk, to_state=UnitState.ROUTED, changes={"factory": factory})
        unit_transition(unit_id=unit.pk, to_state=UnitState.PLANNED)
    return batch_release(batch=batch, unit_ids=[unit.pk for unit in units])


@dataclass
class Side:
    """One factory as its API client sees it."""

    factory: Factory
    manager: Any
    token: str
    client: Client

    def get(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self.client.get(path, data, **extra)

    def post(self, path: str, data: Any, **extra: Any) -> Any:
        return self.client.post(path, data, content_type="application/json", **extra)


def factory_side(*, code: str, cloth: Fabric | None = None) -> Side:
    cloth = cloth or fabric(stock="500")
    factory = plant(code=code, fabrics=(cloth,))
    manager = make_user(f"manager-{code.lower()}")
    FactoryMembership.objects.create(user=manager, factory=factory, role="manager")
    _, token = api_token_rotate(factory=factory, user=manager)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    return Side(factory=factory, manager=manager, token=token, client=client)


def day_before(order: WorkOrder) -> Any:
    return (order.released_at - timedelta(days=1)).date()
