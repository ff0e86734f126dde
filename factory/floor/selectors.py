"""Reads of the factory floor. Every read takes the factory: a factory reaches its own
work orders, units and shipments only, and another factory's look exactly like ones
that do not exist.

Each list makes a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery

from factory.calendars import DAY_MINUTES, Shifts, factory_shifts_load, shift_clock_time
from factory.floor.models import FloorEvent, Shipment
from factory.models import Factory, FactoryMembership, WorkCentre, WorkOrder
from orders.models import CutPlan, OutboxMessage, ProductionUnit
from orders.states import UnitState

#: Units that need nothing more from the factory.
FINISHED_STATES = (
    UnitState.SHIPPED,
    UnitState.DELIVERED,
    UnitState.REMADE,
    UnitState.CANCELLED,
)


class WorkOrderState:
    """The work order's state as the inbox shows it (derived, never stored)."""

    RELEASED = "released"  # waiting for a manager to accept it
    ACCEPTED = "accepted"  # accepted, garments still being made
    COMPLETED = "completed"  # every garment shipped (or replaced, or cancelled)

    ALL = (RELEASED, ACCEPTED, COMPLETED)


def floor_factory_for_user(*, user: Any) -> Factory | None:
    """The factory whose floor ``user`` works on (the first by code if several), or None
    for anyone who is not an active member of a factory. One query."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    membership = (
        FactoryMembership.objects.filter(user=user)
        .select_related("factory")
        .order_by("factory__code")
        .first()
    )
    return membership.factory if membership is not None else None


def works_at_a_factory(*, user: Any) -> bool:
    """Whether ``user`` has a floor (``floor_factory_for_user`` is not None), without
    reading the factory: one query, none for anyone signed out."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return FactoryMembership.objects.filter(user=user).exists()


def work_order_get_for_staff(*, work_order_id: int) -> WorkOrder:
    """Any factory's work order, for staff, with its factory and fabric and its units (and
    their fabric) in lay order. Raises ``WorkOrder.DoesNotExist``. Two queries."""
    return (
        WorkOrder.objects.select_related("fabric", "factory")
        .prefetch_related(
            Prefetch(
                "units",
                queryset=ProductionUnit.objects.select_related("fabric").order_by("pk"),
            )
        )
        .get(pk=work_order_id)
    )


def floor_role(*, factory: Factory, user: Any) -> str | None:
    """``"manager"``, ``"operator"`` or None: the user's role at the factory. One query."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return (
        FactoryMembership.objects.filter(user=user, factory=factory)
        .values_list("role", flat=True)
        .first()
    )


def work_orders_for_factory(
    *,
    factory: Factory,
    state: str | None = None,
    released_from: Any = None,
    released_to: Any = None,
) -> QuerySet[WorkOrder]:
    """The factory's work orders, newest first, each with ``unit_count``,
    ``open_count`` (garments not yet shipped), ``due_date`` (the earliest promise),
    ``accepted_at`` (None until a manager accepts), its fabric and plan batch. One query
    for any number of rows.

    ``state`` is one of ``WorkOrderState.ALL``; ``released_from``/``released_to`` are
    dates or datetimes (inclusive)."""
    accepted = FloorEvent.objects.filter(
        work_order=OuterRef("pk"), kind=FloorEvent.Kind.ACCEPT
    ).values("at")[:1]
    orders = (
        WorkOrder.objects.filter(factory=factory)
        .select_related("fabric", "plan_batch__plan", "factory")
        .annotate(
            unit_count=Count("units", distinct=True),
            open_count=Count("units", filter=~Q(units__state__in=FINISHED_STATES), distinct=True),
            due_date=Min("units__promised_ship_date"),
            accepted_at=Subquery(accepted),
        )
        .order_by("-released_at", "-pk")
    )
    if state == WorkOrderState.RELEASED:
        orders = orders.filter(accepted_at__isnull=True)
    elif state == WorkOrderState.ACCEPTED:
        orders = orders.filter(accepted_at__isnull=False, open_count__gt=0)
    elif state == WorkOrderState.COMPLETED:
        orders = orders.filter(accepted_at__isnull=False, open_count=0)
    if released_from is not None:
        orders = orders.filter(**_date_bound("released_at__gte", released_from))
    if released_to is not None:
        orders = orders.filter(**_date_bound("released_at__lte", released_to))
    return orders


def _date_bound(lookup: str, value: Any) -> dict[str, Any]:
    if isinstance(value, datetime):
        return {lookup: value}
    return {lookup.replace("released_at", "released_at__date"): value}


def work_order_state(work_order: WorkOrder) -> str:
    """The state of a work order from ``work_orders_for_factory`` (annotated)."""
    if work_order.accepted_at is None:  # type: ignore[attr-defined]
        return WorkOrderState.RELEASED
    if work_order.open_count == 0:  # type: ignore[attr-defined]
        return WorkOrderState.COMPLETED
    return WorkOrderState.ACCEPTED


def work_order_cutting_starts_at(
    work_order: WorkOrder, *, shifts: Shifts | None = None
) -> datetime | None:
    """When the plan has the batch start cutting, in the factory's time zone: the plan's
    clock minute placed in that day's shifts (``factory.calendars.shift_clock_time``).
    ``shifts`` from ``factory_shifts_load`` (read here when not given: one query)."""
    batch = work_order.plan_batch
    stages = batch.stages or []
    start = next((s["start"] for s in stages if s.get("work_centre") == "cutting"), None)
    if start is None:
        start = batch.start_minute
    start = int(start)
    day = batch.plan.horizon_start + timedelta(days=start // DAY_MINUTES)
    if shifts is None:
        shifts = factory_shifts_load(factory=work_order.factory)
    return shift_clock_time(
        factory=work_order.factory,
        shifts=shifts,
        day=day,
        share=(start % DAY_MINUTES) / DAY_MINUTES,
    )


def work_order_get(*, factory: Factory, work_order_id: int) -> WorkOrder:
    """One of the factory's work orders, annotated as in ``work_orders_for_factory``, with
    its units (and their fabric) prefetched in lay order. Raises
    ``WorkOrder.DoesNotExist`` for an id that is not the factory's. Two queries."""
    return (
        work_orders_for_factory(factory=factory)
        .prefetch_related(
            Prefetch(
                "units",
                queryset=ProductionUnit.objects.select_related("fabric").order_by("pk"),
            )
        )
        .get(pk=work_order_id)
    )


def work_order_cut_plan(*, work_order: WorkOrder) -> CutPlan | None:
    """The work order's stored cut plan, or None until it is computed; without the marker
    drawings (the page needs the figures). One query."""
    return CutPlan.objects.filter(work_order=work_order).defer("marker_svg", "marker_pdf").first()


def work_order_cut_plan_asked(*, work_order: WorkOrder) -> bool:
    """Whether the release asked for the work order's cut plan (through the outbox): then
    it is on its way; a work order released without one keeps the consumption estimate.
    One query."""
    return OutboxMessage.objects.filter(key=f"cut-plan:{work_order.pk}").exists()


def unit_get_for_factory(*, factory: Factory, code: str) -> ProductionUnit:
    """The factory's unit with this code (case and spaces forgiven, as a scanner or a
    thumb types it). Raises ``ProductionUnit.DoesNotExist`` for an unknown code and for
    another factory's unit alike. One query."""
    return ProductionUnit.objects.select_related("fabric", "factory").get(
        code=code.strip().upper(), factory=factory
    )


def work_centres_for_factory(*, factory: Factory) -> list[WorkCentre]:
    """The factory's work centres in stage order. One query."""
    order = {kind: i for i, kind in enumerate(("cutting", "sewing", "finishing", "qc", "packing"))}
    return sorted(WorkCentre.objects.filter(factory=factory), key=lambda wc: order.get(wc.kind, 99))


def recent_scans_for_factory(*, factory: Factory, limit: int = 10) -> list[FloorEvent]:
    """The factory's latest scans and undos, newest first, with unit and work centre. One
    query."""
    return list(
        FloorEvent.objects.filter(
            factory=factory, kind__in=(FloorEvent.Kind.SCAN, FloorEvent.Kind.UNDO)
        )
        .select_related("unit", "work_centre", "actor")
        .annotate(is_undone=Exists(FloorEvent.objects.filter(undoes=OuterRef("pk"))))
        .order_by("-at", "-pk")[:limit]
    )


def units_at_qc_for_factory(*, factory: Factory) -> QuerySet[ProductionUnit]:
    """The factory's units waiting at quality control, oldest first. One query."""
    return (
        ProductionUnit.objects.filter(factory=factory, state=UnitState.QC)
        .select_related("fabric")
        .order_by("state_changed_at", "pk")
    )


def qc_passed_unit_ids(*, unit_ids: list[int]) -> set[int]:
    """Of these units at QC, those whose latest QC result since reaching QC is a pass."""
    passed = set()
    latest: dict[int, FloorEvent] = {}
    for event in FloorEvent.objects.filter(unit_id__in=unit_ids, kind=FloorEvent.Kind.QC).order_by(
        "at", "pk"
    ):
        latest[event.unit_id] = event  # type: ignore[index]
    for unit_id, event in latest.items():
        if event.passed:
            passed.add(unit_id)
    return passed


@dataclass(frozen=True)
class PackableOrder:
    """A customer order's garments at this factory that are packed and not shipped."""

    order_id: int
    order_number: str
    units: list[ProductionUnit]


def packed_units_by_order(*, factory: Factory) -> list[PackableOrder]:
    """The factory's packed units, grouped by customer order (oldest first). One query."""
    units = (
        ProductionUnit.objects.filter(factory=factory, state=UnitState.PACKED)
        .select_related("order_line__order", "fabric")
        .order_by("order_line__order_id", "pk")
    )
    groups: dict[int, PackableOrder] = {}
    for unit in units:
        order = unit.order_line.order
        group = groups.setdefault(
            order.pk, PackableOrder(order_id=order.pk, order_number=str(order.number), units=[])
        )
        group.units.append(unit)
    return list(groups.values())


def shipments_for_factory(*, factory: Factory) -> QuerySet[Shipment]:
    """The factory's shipments, newest first, with order and units. Two queries."""
    return (
        Shipment.objects.filter(factory=factory)
        .select_related("order")
        .prefetch_related(Prefetch("units", queryset=ProductionUnit.objects.order_by("pk")))
        .order_by("-created_at", "-pk")
    )


def shipment_get(*, factory: Factory, shipment_id: int) -> Shipment:
    """One of the factory's shipments; ``Shipment.DoesNotExist`` for another's."""
    return shipments_for_factory(factory=factory).get(pk=shipment_id)


def first_pass_yield(*, factory: Factory) -> tuple[int, int]:
    """(garments that passed their first quality check, garments checked), read from the
    QC events: a garment's first QC result counts. Two numbers, one query."""
    first: dict[int, bool] = {}
    for unit_id, passed in (
        FloorEvent.objects.filter(factory=factory, kind=FloorEvent.Kind.QC)
        .order_by("at", "pk")
        .values_list("unit_id", "passed")
    ):
        first.setdefault(unit_id, bool(passed))
    return sum(first.values()), len(first)
