"""Reads of the order pipeline: promises, routing data, a customer's units and timelines."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from factory.calendars import FactoryCalendar, factory_calendar_load, factory_calendars_load
from factory.models import Factory
from factory.selectors import factories_capable_of, factory_fabric_lead_time
from orders.load import units_minutes
from orders.models import FactoryLoad, ProductionUnit, UnitEvent
from orders.routing import RoutingCandidate, RoutingDecision, route_choose
from orders.states import OPEN_STATES, STAGES, UnitState  # noqa: F401  (OPEN_STATES: read here)

#: Order to ship, in working days, when the factories are idle (Red Collar: 7).
BASE_LEAD_WORKING_DAYS = 7
PLANNING_WINDOW_DAYS = 120


def factory_open_load(*, factory_ids: list[int]) -> dict[int, dict[str, Decimal]]:
    """Minutes per work centre that each factory's open units still need: the running
    sums of ``orders.load``, one query whatever the backlog."""
    load: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = FactoryLoad.objects.filter(factory_id__in=factory_ids).exclude(minutes=0)
    for factory_id, kind, minutes in rows.values_list("factory_id", "kind", "minutes"):
        load[factory_id][kind] = minutes
    return load


def promised_ship_date_estimate(*, garment_type: str, today: date | None = None) -> date:
    """The ship date to promise now: the base lead time plus the days of work already
    waiting at the factories that make this garment (at their sewing capacity), counted
    in working days of the soonest of their calendars (weekdays when none makes it)."""
    today = today or timezone.localdate()
    factories = factories_capable_of(garment_type=garment_type)
    capacity = sum(
        (
            Decimal(wc.daily_capacity_minutes)
            for f in factories
            for wc in f.work_centres.all()
            if wc.kind == "sewing"
        ),
        Decimal(0),
    )
    load = factory_open_load(factory_ids=[f.pk for f in factories])
    waiting = sum((minutes.get("sewing", Decimal(0)) for minutes in load.values()), Decimal(0))
    backlog_days = (
        int((waiting / capacity).to_integral_value(rounding="ROUND_CEILING")) if capacity else 0
    )
    days = BASE_LEAD_WORKING_DAYS + backlog_days
    if not factories:
        current = today
        while days > 0:
            current += timedelta(days=1)
            days -= current.weekday() < 5
        return current
    calendars = factory_calendars_load(factories=factories)
    return min(calendars[factory.pk].working_days_add(today, days) for factory in factories)


@dataclass(frozen=True)
class OrderWindow:
    ship_date: date
    #: The next release cut-off at the preferred factory: a garment bought now can be
    #: changed or cancelled at least until then (None when no factory makes it).
    changes_until: Any


def order_window_estimate(*, garment_type: str) -> OrderWindow:
    """What the live preview tells a customer about to buy: the ship date and until when
    changes are possible. Recomputed at most every five minutes, at each cut-off and at
    each new day (the preview asks for it on every change); a window still good is read
    from the cache alone, without reading the factories."""
    now = timezone.now()
    today = timezone.localdate()
    key = f"order-window:{garment_type}"
    kept = cache.get(key)
    if kept is not None:
        day, window = kept
        if day == today and (window.changes_until is None or now < window.changes_until):
            return window
    factories = factories_capable_of(garment_type=garment_type)
    cutoff = factory_calendar_load(factory=factories[0]).next_cutoff(now) if factories else None
    window = OrderWindow(
        ship_date=promised_ship_date_estimate(garment_type=garment_type), changes_until=cutoff
    )
    cache.set(key, (today, window), 300)
    return window


def routing_candidates(*, unit: ProductionUnit, today: date | None = None) -> RoutingDecision:
    """Gather each capable factory's fabric lead time and free capacity before the
    unit's promise, and choose (see orders.routing)."""
    return routing_choice(unit=unit, today=today).decision


@dataclass(frozen=True)
class RoutingChoice:
    """A routing decision with the factories it considered (their fabrics prefetched)
    and their calendars, by factory id, and the unit's minutes: what routing needs next,
    read once."""

    decision: RoutingDecision
    factories: dict[int, Factory]
    calendars: dict[int, FactoryCalendar]
    #: The unit's standard minutes by work-centre kind (``units_minutes``).
    needed: dict[str, Decimal]


def routing_choice(*, unit: ProductionUnit, today: date | None = None) -> RoutingChoice:
    """``routing_candidates`` with what it read."""
    today = today or timezone.localdate()
    factories = factories_capable_of(garment_type=unit.garment_type)
    needed = units_minutes([unit])[unit.pk]
    load = factory_open_load(factory_ids=[f.pk for f in factories])
    calendars = factory_calendars_load(factories=factories)
    candidates = []
    for factory in factories:
        lead = factory_fabric_lead_time(factory=factory, fabric_id=unit.fabric_id)
        free: dict[str, Decimal] = {}
        if lead is not None:
            calendar = calendars[factory.pk]
            start = calendar.working_days_add(today, lead)
            days = max((unit.promised_ship_date - start).days + 1, 0)
            capacity: dict[str, Decimal] = defaultdict(Decimal)
            for day in calendar.days(start=start, count=days):
                for kind, minutes in day.capacity.items():
                    capacity[kind] += Decimal(minutes)
            free = {
                kind: capacity[kind] - load[factory.pk].get(kind, Decimal(0)) for kind in capacity
            }
        candidates.append(
            RoutingCandidate(
                factory_id=factory.pk,
                code=factory.code,
                city=factory.city_en,
                city_zh=factory.city_zh,
                priority=factory.priority,
                cost_index=factory.cost_index,
                fabric_lead_days=lead,
                needed=needed,
                free=free,
            )
        )
    return RoutingChoice(
        decision=route_choose(candidates=candidates, garment_type=unit.garment_type),
        factories={factory.pk: factory for factory in factories},
        calendars=calendars,
        needed=needed,
    )


@dataclass(frozen=True)
class TimelineStep:
    state: str
    label: str
    at: Any  # datetime or None
    done: bool
    current: bool


def unit_timeline(*, unit: ProductionUnit) -> list[TimelineStep]:
    """The customer's view of one unit: each stage, when it was reached, where it is now."""
    reached = {}
    for event in unit.events.all():  # prefetched, in order
        if event.kind == UnitEvent.Kind.TRANSITION and event.to_state:
            reached[event.to_state] = event.at
    index = STAGES.index(unit.state) if unit.state in STAGES else -1
    return [
        TimelineStep(
            state=stage,
            label=str(UnitState(stage).label),
            at=reached.get(stage),
            done=i <= index,
            current=i == index,
        )
        for i, stage in enumerate(STAGES)
    ]


def unit_extra_care(*, unit: ProductionUnit) -> bool:
    """True when a quality check sent the garment back for more work (rework), which
    the customer is told as extra care. Reads the prefetched events."""
    return any(
        event.kind == UnitEvent.Kind.TRANSITION
        and event.from_state == UnitState.QC
        and event.to_state == UnitState.SEWING
        for event in unit.events.all()
    )


def units_for_order(*, order_id: int) -> QuerySet[ProductionUnit]:
    """An order's units with their factory and events, in three queries."""
    return (
        ProductionUnit.objects.filter(order_line__order_id=order_id)
        .select_related("factory")
        .prefetch_related(Prefetch("events", queryset=UnitEvent.objects.order_by("at", "pk")))
        .order_by("order_line_id", "pk")
    )


def promised_ship_dates_for_order(*, order_id: int) -> dict[int, list[date]]:
    """Order line id -> the promised ship date of each of its units, the first made
    first: what the thank-you page and the order confirmation show (one query, the units
    themselves not read)."""
    found: dict[int, list[date]] = defaultdict(list)
    rows = (
        ProductionUnit.objects.filter(order_line__order_id=order_id)
        .order_by("order_line_id", "pk")
        .values_list("order_line_id", "promised_ship_date")
    )
    for line_id, promised in rows:
        found[line_id].append(promised)
    return dict(found)


def units_for_line(*, order_line_id: int) -> QuerySet[ProductionUnit]:
    """An order line's units, the first made first (one query)."""
    return ProductionUnit.objects.filter(order_line_id=order_line_id).order_by("pk")


def units_for_order_staff(*, order_id: int) -> QuerySet[ProductionUnit]:
    """An order's units as ``units_for_order``, each with the work orders it went to the
    factory in (for its tickets): four queries."""
    return units_for_order(order_id=order_id).prefetch_related("work_orders")


def garment_state_of_line(*, units: Sequence[ProductionUnit]) -> str | None:
    """The state of an order line's garment: its unit still being made (the remake, if
    one replaced it), else the last one; None while the line has no unit. ``units`` in
    the order they were made."""
    live = [u for u in units if u.state not in (UnitState.CANCELLED, UnitState.REMADE)]
    chosen = (live or list(units))[-1:]
    return chosen[0].state if chosen else None


def garment_states_by_order(*, order_ids: Iterable[int]) -> dict[int, list[tuple[str, int]]]:
    """Order id -> (state, number of garments) of its garments, in production order; a
    garment replaced by a remake counts as its remake. One query for any number of
    orders."""
    rows = (
        ProductionUnit.objects.filter(order_line__order_id__in=list(order_ids))
        .exclude(state=UnitState.REMADE)
        .values_list("order_line__order_id", "state")
        .annotate(count=Count("pk"))
        .order_by()
    )
    rank = {state: position for position, state in enumerate(UnitState.values)}
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for order_id, state, count in sorted(rows, key=lambda row: (row[0], rank[row[1]])):
        found[order_id].append((state, count))
    return dict(found)


def units_for_customer(*, user: Any) -> QuerySet[ProductionUnit]:
    if not getattr(user, "is_authenticated", False):
        return ProductionUnit.objects.none()
    return ProductionUnit.objects.filter(order_line__order__user=user)


def products_delivered_to(*, user: Any) -> set[int]:
    """Ids of the garment styles (products) of which the user has had a garment delivered:
    only those may they rate and review. One query."""
    return set(
        units_for_customer(user=user)
        .filter(state=UnitState.DELIVERED)
        .values_list("order_line__product_id", flat=True)
    )


def order_line_live_unit(*, order_line_id: int) -> ProductionUnit | None:
    """The garment's unit still being made (not cancelled or replaced by a remake)."""
    return (
        ProductionUnit.objects.filter(order_line_id=order_line_id)
        .exclude(state__in=(UnitState.CANCELLED, UnitState.REMADE))
        .select_related("factory")
        .order_by("-pk")
        .first()
    )


def units_for_pattern_list(*, search: str = "") -> QuerySet[ProductionUnit]:
    """Production units for the staff pattern list, newest first, searchable by code."""
    units = ProductionUnit.objects.select_related("fabric", "factory").order_by("-pk")
    if search:
        units = units.filter(code__icontains=search)
    return units


def unit_by_code(*, code: str) -> ProductionUnit:
    """The unit with this code (raises ``ProductionUnit.DoesNotExist``)."""
    return ProductionUnit.objects.select_related("fabric", "factory").get(code=code)
