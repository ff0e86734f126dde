"""The demo C2M scenario: customers buy, factories make, parcels arrive — on a simulated
clock, through the services the web, the webhook and the factory floor use.

Each simulated day (Beijing time):

- customers who buy that day configure garments (a style, a fabric with stock, the
  measurements estimated from a realistic height and weight) into a basket and pay. The
  payment is applied by ``shop.payments.events.stripe_event_apply`` with a
  ``payment_intent.succeeded`` event, the call the Stripe webhook view makes once it has
  checked the signature (no Stripe server is involved); the order, its production units
  and their routing follow as after a real payment;
- operators scan the garments through the stations, twice a day, as far as each work
  centre's daily minutes allow (on the factory's working days), through the factory
  floor's services (``unit_scan``, ``unit_qc_record``): QC sends some back to sewing
  (rework) and some to a remake, with a reason code;
- packed garments ship at 16:00, a parcel per order (``shipment_create``); parcels
  arrive one or two days later (``shipment_deliver``);
- the network is replanned at 17:30 and the release cut-off fires at each factory's
  release time.

Deterministic for a seed and a start day: the choices come from one ``random.Random``,
the planner runs on a move budget (never on the clock), and everything is processed in
id order.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone
from oscar.apps.checkout.calculators import OrderTotalCalculator

from config.celery import app as celery_app
from factory.calendars import factory_calendar_load
from factory.floor.models import FloorEvent, QCDecision, QCReason, Shipment
from factory.floor.services import (
    shipment_create,
    shipment_deliver,
    unit_qc_record,
    unit_scan,
    work_order_accept,
)
from factory.models import Factory, FactoryMembership, WorkCentre, WorkCentreKind, WorkOrder
from operations.selectors import Filters, throughput
from orders.carriers import Carrier
from orders.models import ProductionUnit
from orders.selectors import units_minutes
from orders.states import UnitState
from scheduling.release import releases_due
from scheduling.services import network_replan
from shop.forks.partner.strategy import Selector
from shop.forks.shipping.repository import shipping_method_by_code
from shop.models import Fabric
from shop.payments.events import stripe_event_apply
from shop.payments.models import CheckoutPayment
from shop.payments.services import payment_key, to_fen
from shop.selectors import StyleCatalogue, style_catalogue_get
from shop.services import FabricShortError, GarmentConfiguration, garment_line_add
from shop.tailoring.choices import Sex
from shop.tailoring.estimate import estimate_measurements

S = UnitState
#: Adult bodies (cm, kg/m²): mean and spread of height and BMI, men and women (China).
BODIES = {Sex.MALE: (171.0, 6.0, 23.5, 3.0), Sex.FEMALE: (159.0, 5.5, 22.0, 3.0)}
#: Of the garments at QC: sent back to sewing, remade (the rest pass).
REWORK_RATE, REMAKE_RATE = 0.04, 0.01
REWORK_REASONS = (QCReason.SEAM, QCReason.MEASUREMENT, QCReason.STAIN)
REMAKE_REASONS = (QCReason.FABRIC_FLAW, QCReason.MEASUREMENT)
CARRIERS = tuple(Carrier.values)
#: Planner move budget per replan (the clock never stops it: deterministic).
REPLAN_MOVES = 400
SHIPPING_ADDRESS = {
    "title": "",
    "first_name": "",
    "last_name": "",
    "line1": "",
    "line2": "",
    "line3": "",
    "line4": "Hanzhong",
    "state": "Shaanxi",
    "postcode": "723000",
    "notes": "",
    "country": "CN",
    "phone_number": "",
}


@dataclass
class Outcome:
    customers: int = 0
    orders: int = 0
    garments: int = 0
    refused: int = 0
    reworks: int = 0
    remakes: int = 0
    kpis: dict[str, Any] = field(default_factory=dict)


@contextmanager
def _simulation(start: datetime, *, cut_plans: bool) -> Iterator[Any]:
    """A clock that moves only when told to, tasks run at once in this process (as a
    worker would run them, but on the simulated clock), and no replan per payment (the
    scenario replans each evening)."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with (
            override_settings(
                SCHEDULING_REPLAN_ON_ARRIVAL=False,
                CUT_PLAN_AT_RELEASE=cut_plans,
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            ),
            time_machine.travel(start, tick=False) as traveller,
        ):
            yield traveller
    finally:
        celery_app.conf.task_always_eager = eager


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, timezone.get_default_timezone())


def _customers(count: int) -> list[Any]:
    """The demo login customer first (so "My orders" has orders), then new ones."""
    users = get_user_model()
    found = list(users.objects.filter(email="customer@c2m.example")[:1])
    for n in range(len(found), count):
        user, _ = users.objects.get_or_create(
            username=f"demo-customer-{n:05d}",
            defaults={"email": f"customer{n:05d}@demo.c2m.example"},
        )
        found.append(user)
    return found[:count]


def _catalogues() -> list[StyleCatalogue]:
    product_model = apps.get_model("catalogue", "Product")
    products = product_model.objects.filter(is_public=True, structure="standalone").order_by("pk")
    catalogues = []
    for product in products:
        try:
            catalogues.append(style_catalogue_get(product_id=product.pk))
        except Exception:  # a product that is not a garment style
            continue
    return [c for c in catalogues if c.fabrics]


def _body(rng: random.Random, garment_type: str) -> tuple[Sex, dict[str, Decimal]]:
    sex = Sex.MALE if rng.random() < 0.6 else Sex.FEMALE
    height_mean, height_sd, bmi_mean, bmi_sd = BODIES[sex]
    height = min(max(rng.gauss(height_mean, height_sd), 145.0), 200.0)
    bmi = min(max(rng.gauss(bmi_mean, bmi_sd), 17.0), 35.0)
    weight = bmi * (height / 100) ** 2
    measurements = estimate_measurements(
        sex=sex,
        height=Decimal(f"{height:.0f}"),
        weight=Decimal(f"{weight:.0f}"),
        garment_type=garment_type,
    )
    return sex, measurements


def _buy(rng: random.Random, *, user: Any, catalogues: list[StyleCatalogue], n: int) -> int:
    """One customer's order of one or two garments, paid; the garments bought (0 when
    the fabric ran short)."""
    basket_model = apps.get_model("basket", "Basket")
    basket = basket_model.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    garments = 1 if rng.random() < 0.8 else 2
    for _ in range(garments):
        catalogue = rng.choice(catalogues)
        fabrics = [f for f in catalogue.fabrics if f.pk in _fabrics_with_stock()]
        if not fabrics:
            continue
        cloth = rng.choice(fabrics)
        sex, measurements = _body(rng, catalogue.garment_type)
        try:
            garment_line_add(
                basket=basket,
                catalogue=catalogue,
                configuration=GarmentConfiguration(
                    fabric=cloth,
                    choices={},
                    monogram_text="",
                    sex=sex,
                    measurements=measurements,
                ),
            )
        except FabricShortError:
            continue
    basket = basket_model.objects.get(pk=basket.pk)
    basket.strategy = Selector().strategy(user=user)
    if basket.is_empty:
        return 0
    method = shipping_method_by_code("standard")
    total = OrderTotalCalculator().calculate(basket, method.calculate(basket)).incl_tax
    key = payment_key(basket=basket, total=total, shipping_method_code="standard")
    intent = f"pi_demo_{n:06d}"
    CheckoutPayment.objects.create(
        basket=basket,
        user=user,
        email=user.email,
        payment_intent_id=intent,
        basket_key=key,
        idempotency_key=f"{key}-1",
        client_secret=f"{intent}_secret",
        amount_fen=to_fen(total),
        shipping_address={**SHIPPING_ADDRESS, "first_name": user.username[:30]},
        shipping_method_code="standard",
    )
    stripe_event_apply(
        event={
            "id": f"evt_demo_{n:06d}",
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {
                "object": {
                    "id": intent,
                    "object": "payment_intent",
                    "status": "succeeded",
                    "amount": to_fen(total),
                    "currency": "cny",
                    "metadata": {},
                }
            },
        }
    )
    payment = CheckoutPayment.objects.get(payment_intent_id=intent)
    return basket.num_lines if payment.status == CheckoutPayment.Status.PAID else 0


_STOCK_FLOOR = Decimal("15")


def _fabrics_with_stock() -> set[int]:
    return set(
        Fabric.objects.filter(metres_in_stock__gte=_STOCK_FLOOR).values_list("pk", flat=True)
    )


def _floor_users(role: str) -> dict[int, Any]:
    """A member with ``role`` (operator or manager) per active factory, as the floor
    services require."""
    users = get_user_model()
    found = {}
    for factory in Factory.objects.filter(is_active=True).order_by("pk"):
        name = f"demo-{role}-{factory.code.lower()}"
        user, _ = users.objects.get_or_create(
            username=name, defaults={"email": f"{name}@demo.c2m.example"}
        )
        FactoryMembership.objects.get_or_create(user=user, factory=factory, defaults={"role": role})
        found[factory.pk] = user
    return found


def _work_orders_accept(*, day: date, managers: dict[int, Any]) -> None:
    """Each working factory's manager accepts the work orders released to it
    (``work_order_accept``) before the first scans of the day."""
    for factory in Factory.objects.filter(is_active=True).order_by("pk"):
        if not factory_calendar_load(factory=factory).is_working(day):
            continue
        waiting = (
            WorkOrder.objects.filter(factory=factory)
            .exclude(floor_events__kind=FloorEvent.Kind.ACCEPT)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for work_order_id in waiting:
            work_order_accept(
                factory=factory, work_order_id=work_order_id, user=managers[factory.pk]
            )


def _scan(factory: Factory, centre: WorkCentre, unit: ProductionUnit, user: Any) -> None:
    unit_scan(factory=factory, work_centre_id=centre.pk, code=unit.code, user=user)


def _scan_pass(
    rng: random.Random,
    *,
    day: date,
    share: Decimal,
    operators: dict[int, Any],
    outcome: Outcome,
) -> None:
    """Operators at each working factory scan garments on at the next station
    (``factory.floor.services.unit_scan``), stage by stage from the end of the line, each
    garment at most one stage, within ``share`` of each work centre's day; QC records its
    check (``unit_qc_record``): a pass goes on to packing, a failure to rework or a
    remake."""
    factories = Factory.objects.filter(is_active=True).prefetch_related("work_centres")
    for factory in factories.order_by("pk"):
        if not factory_calendar_load(factory=factory).is_working(day):
            continue
        user = operators[factory.pk]
        centres = {wc.kind: wc for wc in factory.work_centres.all()}
        left = {kind: Decimal(wc.daily_capacity_minutes) * share for kind, wc in centres.items()}
        units = list(
            ProductionUnit.objects.filter(
                factory=factory, state__in=(S.RELEASED, S.CUTTING, S.SEWING, S.FINISHING, S.QC)
            ).order_by("promised_ship_date", "pk")
        )
        minutes = units_minutes(units)
        by_state: dict[str, list[ProductionUnit]] = defaultdict(list)
        for unit in units:
            by_state[unit.state].append(unit)

        for unit in by_state[S.QC]:
            need = minutes[unit.pk].get("qc", Decimal(0))
            need += minutes[unit.pk].get("packing", Decimal(0))
            if left.get("qc", Decimal(0)) < need:
                break
            left["qc"] -= need
            roll = rng.random()
            reworked = unit.events.filter(from_state=S.QC, to_state=S.SEWING).exists()
            if roll < REMAKE_RATE:
                unit_qc_record(
                    factory=factory,
                    code=unit.code,
                    passed=False,
                    reason=rng.choice(REMAKE_REASONS),
                    decision=QCDecision.REMAKE,
                    user=user,
                )
                outcome.remakes += 1
            elif roll < REMAKE_RATE + REWORK_RATE and not reworked:
                unit_qc_record(
                    factory=factory,
                    code=unit.code,
                    passed=False,
                    reason=rng.choice(REWORK_REASONS),
                    decision=QCDecision.REWORK,
                    user=user,
                )
                outcome.reworks += 1
            else:
                unit_qc_record(factory=factory, code=unit.code, passed=True, user=user)
                _scan(factory, centres[WorkCentreKind.PACKING], unit, user)
        # A scan at a station brings the garment into that stage; the minutes are those
        # of the stage it leaves.
        for state, station in (
            (S.FINISHING, WorkCentreKind.QC),
            (S.SEWING, WorkCentreKind.FINISHING),
            (S.CUTTING, WorkCentreKind.SEWING),
            (S.RELEASED, WorkCentreKind.CUTTING),
        ):
            kind = "" if state == S.RELEASED else str(state)
            for unit in by_state[state]:
                need = minutes[unit.pk].get(kind, Decimal(0)) if kind else Decimal(0)
                if kind and left.get(kind, Decimal(0)) < need:
                    break
                if kind:
                    left[kind] -= need
                _scan(factory, centres[station], unit, user)


def _ship(rng: random.Random, *, operators: dict[int, Any]) -> None:
    """Each factory's packed garments leave at 16:00, a parcel per customer order
    (``shipment_create``)."""
    parcels: dict[tuple[int, int], list[str]] = defaultdict(list)
    packed = ProductionUnit.objects.filter(state=S.PACKED).select_related("order_line")
    for unit in packed.order_by("pk"):
        assert unit.factory_id is not None
        parcels[(unit.factory_id, unit.order_line.order_id)].append(unit.code)
    factories = Factory.objects.in_bulk(list({f for f, _o in parcels}))
    for (factory_id, _order), codes in sorted(parcels.items()):
        shipment_create(
            factory=factories[factory_id],
            unit_codes=codes,
            carrier=rng.choice(CARRIERS),
            tracking_number=f"DEMO{rng.randrange(10**9, 10**10)}",
            user=operators[factory_id],
        )


def _deliveries(rng: random.Random, *, now: datetime, operators: dict[int, Any]) -> None:
    """Parcels arrive a day or two after they left (``shipment_deliver``)."""
    due = Shipment.objects.filter(
        delivered_at__isnull=True, created_at__lte=now - timedelta(hours=18)
    ).select_related("factory")
    for shipment in due.order_by("pk"):
        if now - shipment.created_at >= timedelta(hours=42) or rng.random() < 0.6:
            shipment_deliver(
                factory=shipment.factory,
                shipment_id=shipment.pk,
                user=operators[shipment.factory_id],
            )


def _next_order_number() -> int:
    return CheckoutPayment.objects.filter(payment_intent_id__startswith="pi_demo_").count() + 1


def demo_scenario_run(
    *,
    customers: int,
    days: int,
    seed: int,
    start: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cut_plans: bool = True,
) -> Outcome:
    """Simulate ``days`` days from ``start`` (default: ``days`` days before today) with
    ``customers`` customers each buying once; returns what happened and the KPIs the
    operations page shows for the whole range. Without ``cut_plans`` released work orders
    are not nested (they keep the consumption estimate): nesting dominates the run time."""
    rng = random.Random(seed)
    start = start or (timezone.localdate() - timedelta(days=days))
    catalogues = _catalogues()
    if not catalogues:
        raise ValueError("No garment styles: load the demo catalogue first (demo_load).")
    outcome = Outcome()
    with _simulation(_local(start, time(7, 0)), cut_plans=cut_plans) as clock:
        people = _customers(customers)
        operators = _floor_users(FactoryMembership.Role.OPERATOR)
        managers = _floor_users(FactoryMembership.Role.MANAGER)
        outcome.customers = len(people)
        when: dict[int, list[tuple[datetime, Any]]] = defaultdict(list)
        for user in people:
            day = rng.randrange(days)
            minute = rng.randrange(8 * 60, 22 * 60)
            when[day].append(
                (_local(start + timedelta(days=day), time(0)) + timedelta(minutes=minute), user)
            )
        n = _next_order_number()
        for d in range(days):
            day = start + timedelta(days=d)
            plan: list[tuple[datetime, int, Callable[[], None]]] = []
            for at, user in sorted(when[d], key=lambda pair: (pair[0], pair[1].pk)):
                plan.append((at, 1, _buyer(rng, user, catalogues, n, outcome)))
                n += 1

            def scans(day: date = day) -> None:
                _scan_pass(rng, day=day, share=Decimal("0.5"), operators=operators, outcome=outcome)

            def replan() -> None:
                network_replan(seed=seed, time_limit=120.0, max_iterations=REPLAN_MOVES)

            plan += [
                (
                    _local(day, time(8, 30)),
                    0,
                    lambda day=day: _work_orders_accept(day=day, managers=managers),
                ),
                (_local(day, time(9)), 0, scans),
                (
                    _local(day, time(11)),
                    0,
                    lambda: _deliveries(rng, now=timezone.now(), operators=operators),
                ),
                (_local(day, time(14)), 0, scans),
                (_local(day, time(16)), 0, lambda: _ship(rng, operators=operators)),
                (_local(day, time(17, 30)), 0, replan),
                (_local(day, time(18, 0, 30)), 0, lambda: releases_due(at=timezone.now())),
            ]
            for at, _kind, step in sorted(plan, key=lambda p: (p[0], p[1])):
                clock.move_to(at)
                step()
            if progress:
                progress(d + 1, days)
        clock.move_to(_local(start + timedelta(days=days), time(7, 0)))
        data = throughput(filters=Filters(start=start, end=start + timedelta(days=days - 1)))
    outcome.kpis = {
        "paid": sum(r["paid"] for r in data.daily),
        "shipped": data.shipped.units,
        "delivered": data.delivered.units,
        "lead_time_to_ship_p50_hours": data.shipped.p50_hours,
        "lead_time_to_ship_p90_hours": data.shipped.p90_hours,
        "lead_time_to_deliver_p50_hours": data.delivered.p50_hours,
        "promised_date_kept_pct": data.shipped.kept_pct,
        "first_pass_yield_pct": data.quality.first_pass_yield_pct,
        "reworks": data.quality.reworks,
        "remakes": data.quality.remakes,
        "changeovers": sum(r["changeovers"] for r in data.changeovers),
        "fabric_cut_m": str(
            sum((r["metres"] for r in data.fabric_days), Decimal(0)).quantize(Decimal("0.01"))
        ),
        "in_progress": sum(c["units"] for c in data.wip),
    }
    return outcome


def _buyer(
    rng: random.Random, user: Any, catalogues: list[StyleCatalogue], n: int, outcome: Outcome
) -> Callable[[], None]:
    def buy() -> None:
        bought = _buy(rng, user=user, catalogues=catalogues, n=n)
        outcome.orders += 1 if bought else 0
        outcome.refused += 0 if bought else 1
        outcome.garments += bought

    return buy
