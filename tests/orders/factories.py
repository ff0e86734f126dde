"""Factories (the plants), paid orders and their units, for order pipeline tests."""

from __future__ import annotations

import itertools
from datetime import time
from decimal import Decimal
from typing import Any

from factory.models import (
    Factory,
    FactoryCapability,
    FactoryFabric,
    Holiday,
    OperationStandard,
    Shift,
    WorkCentre,
)
from orders.models import ProductionUnit
from shop.models import Fabric
from shop.payments.offline import basket_paid_offline
from shop.payments.services import payment_succeeded_apply
from tests.shop.factories import fabric as fabric_in_stock
from tests.shop.factories import garment_product
from tests.shop.payments.factories import (
    ADDRESS,
    basket_with_shirt,
    card_confirm,
    country_cn,
    customer,
    payment_start,
)

_seq = itertools.count(1)

MINUTES = {"cutting": "6", "sewing": "45", "finishing": "8", "qc": "3", "packing": "2"}


def standard_minutes(garment_type: str = "shirt") -> None:
    for kind, minutes in MINUTES.items():
        OperationStandard.objects.get_or_create(
            garment_type=garment_type, kind=kind, defaults={"standard_minutes": Decimal(minutes)}
        )


def plant(
    *,
    code: str | None = None,
    garment_types: tuple[str, ...] = ("shirt",),
    fabrics: tuple[Fabric, ...] = (),
    lead_time_days: int | None = None,
    priority: int = 10,
    cost_index: str = "1.00",
    sewing_minutes: int = 4800,
    holidays: tuple[Any, ...] = (),
) -> Factory:
    n = next(_seq)
    factory = Factory.objects.create(
        code=code or f"P-{n}",
        name_en=f"Plant {n}",
        name_zh=f"工厂 {n}",
        city_en=f"City {n}",
        city_zh=f"城市 {n}",
        timezone="Asia/Shanghai",
        priority=priority,
        cost_index=Decimal(cost_index),
        max_plies_per_lay=40,
        max_garments_per_batch=40,
    )
    for garment_type in garment_types:
        FactoryCapability.objects.create(factory=factory, garment_type=garment_type)
        standard_minutes(garment_type)
    for kind in MINUTES:
        WorkCentre.objects.create(
            factory=factory,
            kind=kind,
            daily_capacity_minutes=sewing_minutes if kind == "sewing" else 2400,
        )
    for weekday in range(5):
        Shift.objects.create(factory=factory, weekday=weekday, start=time(8), end=time(17))
    for cloth in fabrics:
        FactoryFabric.objects.create(
            factory=factory,
            fabric=cloth,
            stocked=lead_time_days is None,
            lead_time_days=lead_time_days or 0,
        )
    for day in holidays:
        Holiday.objects.create(factory=factory, date=day, name="Holiday")
    return factory


def paid_order(*, user: Any = None, fabric: Fabric, garments: int = 1) -> Any:
    """An order paid the way Stripe's webhook makes it (no Stripe call is needed)."""
    user = user or customer()
    country_cn()
    basket = basket_with_shirt(user=user, fabric=fabric, garments=garments)
    payment = basket_paid_offline(
        basket=basket,
        user=user,
        payment_intent_id=f"pi_test_{next(_seq)}",
        shipping_address=ADDRESS,
    )
    return payment.order


def shirt_paid_by_card(*, user: Any, plant_code: str) -> tuple[Any, Any, ProductionUnit]:
    """One shirt (¥300) paid by card on localstripe and applied as its webhook would, made
    at a factory of its own: the order, its line and its unit."""
    cloth = fabric_in_stock(stock="100")
    plant(code=plant_code, fabrics=(cloth,))
    basket = basket_with_shirt(user=user, fabric=cloth, product=garment_product(price="300.00"))
    payment = payment_start(basket=basket, user=user)
    card_confirm(payment)
    order = payment_succeeded_apply(payment_intent_id=payment.payment_intent_id).order
    line = order.lines.get()
    return order, line, ProductionUnit.objects.get(order_line=line)


def measurements_changed(unit: ProductionUnit, **changes: str) -> dict[str, Decimal]:
    """The unit's measurements (cm) with ``changes`` applied, as a correction posts them."""
    values = {code: Decimal(v) for code, v in unit.snapshot["measurements_cm"].items()}
    values.update({code: Decimal(v) for code, v in changes.items()})
    return values
