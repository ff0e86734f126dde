"""Released work orders and the factory people who work them, for the floor tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from factory.models import Factory, FactoryMembership, WorkCentre, WorkOrder
from orders.models import ProductionUnit
from orders.services import unit_transition
from scheduling.models import PlannedBatch, PlanVersion
from scheduling.release import batch_release
from shop.models import Fabric
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric

_seq = itertools.count(1)


def member(factory: Factory, role: str = "operator") -> Any:
    n = next(_seq)
    user = get_user_model().objects.create_user(
        username=f"floor{n}", email=f"floor{n}@example.com", password="floor-pass"
    )
    FactoryMembership.objects.create(user=user, factory=factory, role=role)
    return user


def floor_plant(code: str | None = None, cloth: Fabric | None = None) -> Factory:
    return plant(code=code, fabrics=(cloth,) if cloth else ())


def centre(factory: Factory, kind: str) -> WorkCentre:
    return WorkCentre.objects.get(factory=factory, kind=kind)


def released_work_order(
    *, factory: Factory, garments: int = 1, cloth: Fabric | None = None, user: Any = None
) -> WorkOrder:
    """A paid order of ``garments`` shirts, routed to ``factory``, planned in one batch
    and released as a work order (the release's own service)."""
    cloth = cloth or fabric(stock="1000")
    order = paid_order(fabric=cloth, garments=garments, user=user)
    units = list(ProductionUnit.objects.filter(order_line__order=order).order_by("pk"))
    for unit in units:
        unit.refresh_from_db()  # with real commits, routing (and planning) ran already
        if unit.state == "paid":
            unit_transition(unit_id=unit.pk, to_state="routed", changes={"factory_id": factory.pk})
            unit.state = "routed"
        if unit.state == "routed":
            unit_transition(unit_id=unit.pk, to_state="planned")
    n = next(_seq)
    plan = PlanVersion.objects.create(
        number=1000 + n,
        horizon_start=units[0].promised_ship_date,
        horizon_days=14,
        seed=1,
        runtime_seconds=0.1,
    )
    batch = PlannedBatch.objects.create(
        plan=plan,
        key=f"T{n}",
        factory=factory,
        garment_type="shirt",
        fabric=cloth,
        sequence=0,
        stages=[
            {
                "work_centre": "cutting",
                "start": 480,
                "end": 540,
                "setup_minutes": 0,
                "work_minutes": 60,
                "allocations": [[0, 60]],
            }
        ],
        start_minute=480,
        end_minute=900,
    )
    return batch_release(batch=batch, unit_ids=[u.pk for u in units])


@dataclass
class Floor:
    factory: Factory
    manager: Any
    operator: Any
    work_order: WorkOrder

    @property
    def units(self) -> list[ProductionUnit]:
        return list(self.work_order.units.order_by("pk"))

    def centre(self, kind: str) -> WorkCentre:
        return centre(self.factory, kind)


def floor_with_work_order(garments: int = 3, code: str | None = None) -> Floor:
    factory = floor_plant(code)
    return Floor(
        factory=factory,
        manager=member(factory, "manager"),
        operator=member(factory, "operator"),
        work_order=released_work_order(factory=factory, garments=garments),
    )
