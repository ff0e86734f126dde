"""Fixtures for the garment dashboard: a logged-in staff client and catalogue rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from shop.models import Fabric, GarmentOption, OptionChoice


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Each test starts in English, whatever language an earlier request left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff_user(db: None) -> Any:
    return get_user_model().objects.create_user(
        username="staff", email="staff@example.com", password="staff-pass", is_staff=True
    )


@pytest.fixture
def customer_user(db: None) -> Any:
    return get_user_model().objects.create_user(
        username="customer", email="customer@example.com", password="customer-pass"
    )


@pytest.fixture
def staff_client(client: Client, staff_user: Any) -> Client:
    client.force_login(staff_user)
    return client


@pytest.fixture
def customer_client(client: Client, customer_user: Any) -> Client:
    client.force_login(customer_user)
    return client


def fabric_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": "F100",
        "name_en": "White poplin",
        "name_zh": "白色府绸",
        "composition": "100% cotton",
        "weight_gsm": 110,
        "colour": "#ffffff",
        "pattern": Fabric.Pattern.SOLID,
        "pattern_repeat_cm": Decimal("0"),
        "width_cm": Decimal("150.0"),
        "price_per_metre": Decimal("88.00"),
        "metres_in_stock": Decimal("120.50"),
        "for_shirts": True,
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_fabric(db: None) -> Callable[..., Fabric]:
    def make(**overrides: Any) -> Fabric:
        return Fabric.objects.create(**fabric_values(**overrides))

    return make


TWO_COLLARS = (("kent", "0", True), ("cutaway", "20", False))


@pytest.fixture
def make_option(db: None) -> Callable[..., GarmentOption]:
    """An option with choices given as (code, surcharge, is_default) triples."""

    def make(
        code: str = "collar",
        garment_type: str = "shirt",
        choices: tuple[tuple[str, str, bool], ...] = TWO_COLLARS,
    ) -> GarmentOption:
        option = GarmentOption.objects.create(
            garment_type=garment_type, code=code, name_en=code.title(), name_zh="领型"
        )
        for position, (choice_code, surcharge, is_default) in enumerate(choices):
            OptionChoice.objects.create(
                option=option,
                code=choice_code,
                name_en=choice_code.title(),
                name_zh=choice_code,
                surcharge=Decimal(surcharge),
                is_default=is_default,
                position=position,
            )
        return option

    return make
