"""Plain builders of factory rows for the tests."""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from factory.models import (
    Factory,
    FactoryCapability,
    FactoryMembership,
    Shift,
    WorkCentre,
)
from shop.models import Fabric

STANDARD_CAPACITY = {"cutting": 2400, "sewing": 9600, "finishing": 2880, "qc": 960, "packing": 480}


def make_factory(
    code: str = "T-01",
    *,
    garment_types: tuple[str, ...] = ("shirt",),
    capacity: dict[str, int] | None = None,
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4),
    **fields: Any,
) -> Factory:
    values: dict[str, Any] = {
        "name_en": f"Plant {code}",
        "name_zh": f"工厂 {code}",
        "city_en": "Hanzhong",
        "city_zh": "汉中",
    }
    values.update(fields)
    factory = Factory.objects.create(code=code, **values)
    for garment_type in garment_types:
        FactoryCapability.objects.create(factory=factory, garment_type=garment_type)
    for kind, minutes in (STANDARD_CAPACITY if capacity is None else capacity).items():
        WorkCentre.objects.create(factory=factory, kind=kind, daily_capacity_minutes=minutes)
    for weekday in weekdays:
        Shift.objects.create(factory=factory, weekday=weekday, start=time(8), end=time(12))
        Shift.objects.create(factory=factory, weekday=weekday, start=time(13), end=time(17, 30))
    return factory


def make_fabric(code: str = "F100", **overrides: Any) -> Fabric:
    values: dict[str, Any] = {
        "name_en": "White poplin",
        "name_zh": "白色府绸",
        "composition": "100% cotton",
        "weight_gsm": 110,
        "colour": "#ffffff",
        "pattern": "solid",
        "width_cm": Decimal("150.0"),
        "price_per_metre": Decimal("88.00"),
        "metres_in_stock": Decimal("120.50"),
        "for_shirts": True,
    }
    values.update(overrides)
    return Fabric.objects.create(code=code, **values)


def make_user(username: str, **fields: Any) -> Any:
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", password="pass-word", **fields
    )


def make_member(username: str, factory: Factory, role: str = "operator") -> Any:
    user = make_user(username)
    FactoryMembership.objects.create(user=user, factory=factory, role=role)
    return user
