"""A factory as its API client sees it: a manager, the token they issued, a client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client

from factory.floor.api.services import api_token_rotate
from factory.floor.services import shipment_create, unit_qc_record, unit_scan
from factory.models import Factory, FactoryMembership, WorkCentre
from orders.models import ProductionUnit
from shop.models import Fabric
from tests.factory.builders import make_user
from tests.factory.floor.builders import released_work_order
from tests.orders.factories import plant
from tests.shop.factories import fabric

__all__ = ["Side", "advanced", "factory_side", "released_work_order"]


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


def advanced(side: Side, unit: ProductionUnit, to: str) -> None:
    """Take a released garment through the floor's services to ``to``: a stage, "qc"
    (checked in, not yet passed), "packed" (passed and packed) or "shipped"."""
    stages = ["cutting", "sewing", "finishing", "qc"]
    if to in stages:
        stages = stages[: stages.index(to) + 1]
    for kind in stages:
        unit_scan(
            factory=side.factory,
            work_centre_id=WorkCentre.objects.get(factory=side.factory, kind=kind).pk,
            code=unit.code,
            user=side.manager,
        )
    if to in ("packed", "shipped"):
        unit_qc_record(factory=side.factory, code=unit.code, passed=True, user=side.manager)
        unit_scan(
            factory=side.factory,
            work_centre_id=WorkCentre.objects.get(factory=side.factory, kind="packing").pk,
            code=unit.code,
            user=side.manager,
        )
    if to == "shipped":
        shipment_create(
            factory=side.factory,
            unit_codes=[unit.code],
            carrier="sf",
            tracking_number=f"SF{unit.pk:08d}",
            user=side.manager,
        )
