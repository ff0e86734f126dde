"""Demo production: a few paid garments of the demo customer, routed, planned and released
through the platform's own services, so the demo factory user finds work orders on the
portal. Idempotent: nothing is made when the demo payments exist already."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from factory.demo import DEMO_FACTORY_USER_FACTORY
from factory.models import Factory, WorkOrder
from orders.models import ProductionUnit
from orders.services import unit_route
from orders.states import UnitState
from scheduling.models import FactoryRelease, PlannedBatch
from scheduling.release import batch_start_day, factory_release, planning_lock
from scheduling.services import network_replan
from shop.demo import DEMO_LOGINS
from shop.models import Fabric
from shop.payments.models import CheckoutPayment
from shop.payments.offline import basket_paid_offline, garment_basket_create

DEMO_PAYMENT_PREFIX = "pi_demo_floor_"
#: Body measurements (cm) of the demo customer's shirts.
DEMO_SHIRT_BODY = {
    "height": "178",
    "neck": "40",
    "chest": "100",
    "waist": "86",
    "hip": "98",
    "shoulder_width": "46",
    "sleeve_length": "64",
    "shirt_length": "76",
    "bicep": "33",
    "wrist": "17.5",
}
#: (shirt style UPC, fabric code, garments, monogram) of each demo order.
DEMO_ORDERS = (
    ("SHIRT-OXF", "SH-101", 3, "LW"),
    ("SHIRT-POP", "SH-102", 2, ""),
)
DEMO_ADDRESS = {
    "title": "",
    "first_name": "Li",
    "last_name": "Wei",
    "line1": "88 Tianhan Avenue",
    "line2": "",
    "line3": "",
    "line4": "Hanzhong",
    "state": "Shaanxi",
    "postcode": "723000",
    "notes": "",
    "country": "CN",
    "phone_number": "",
}


def _paid_order(
    *, user: Any, upc: str, fabric: Fabric, garments: int, monogram: str, n: int
) -> CheckoutPayment:
    basket = garment_basket_create(
        user=user,
        product=apps.get_model("catalogue", "Product").objects.get(upc=upc),
        fabric=fabric,
        garments=garments,
        measurements=DEMO_SHIRT_BODY,
        monogram_text=monogram,
    )
    return basket_paid_offline(
        basket=basket,
        user=user,
        payment_intent_id=f"{DEMO_PAYMENT_PREFIX}{n}",
        shipping_address=DEMO_ADDRESS,
    )


def demo_production_load() -> int:
    """Pay, route, plan and release the demo orders; the number of work orders the demo
    factory has (0 when the demo catalogue or logins are missing)."""
    factory = Factory.objects.filter(code=DEMO_FACTORY_USER_FACTORY).first()
    customer_login = next(login for login in DEMO_LOGINS if login.role == "customer")
    user = get_user_model().objects.filter(email=customer_login.email).first()
    if factory is None or user is None:
        return 0
    if not CheckoutPayment.objects.filter(payment_intent_id__startswith=DEMO_PAYMENT_PREFIX):
        for n, (upc, fabric_code, garments, monogram) in enumerate(DEMO_ORDERS, start=1):
            fabric = Fabric.objects.filter(code=fabric_code).first()
            if fabric is None:
                return 0
            _paid_order(
                user=user, upc=upc, fabric=fabric, garments=garments, monogram=monogram, n=n
            )
    for unit in ProductionUnit.objects.filter(
        state=UnitState.PAID,
        order_line__order__checkout_payment__payment_intent_id__startswith=DEMO_PAYMENT_PREFIX,
    ):
        unit_route(unit_id=unit.pk)
    if not WorkOrder.objects.filter(factory=factory).exists():
        network_replan(seed=1, time_limit=2.0)
        _release_now(factory=factory)
    return WorkOrder.objects.filter(factory=factory).count()


def _release_now(*, factory: Factory) -> None:
    """Release the factory's first planned day at once, as its cut-off would."""
    batch = (
        PlannedBatch.objects.filter(factory=factory, released=False)
        .select_related("plan")
        .order_by("-plan__number", "start_minute")
        .first()
    )
    if batch is None:
        return
    day = batch_start_day(batch)
    if FactoryRelease.objects.filter(factory=factory, production_day=day).exists():
        return
    with transaction.atomic():
        planning_lock()
        factory_release(factory=factory, production_day=day, cutoff_at=timezone.now())
