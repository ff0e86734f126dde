"""Throughput figures for operations staff, counted by the database from the append-only
unit events (``orders.UnitEvent``): aggregates over indexed columns, never the events
loaded into Python. What Python receives are the aggregated rows (one per day, per
stage and factory, per reason), which it only arranges into tables.

The moves per day (garments per day, utilisation, changeovers, QC decisions, fabric)
are read from ``orders.UnitEventDay``, the per-day counts of the events that the services
writing the events keep in the same transaction; ``event_rows`` counts the same rows from
the events themselves (``operations.services.event_days_rebuild``). Lead times are read
from ``orders.UnitLead``, kept the same way; work in progress, first-pass yield and the
exceptions are counted from the events and units.

Definitions (the test in ``tests/operations/test_figures.py`` recomputes each of them in
plain Python from the events):

- a *day* is a calendar day in ``settings.TIME_ZONE``;
- *paid* counts garments paid by customers (a remake's own "paid" event is not a sale);
  *released*, *cut*, *finished*, *shipped*, *delivered* count the events entering
  ``released``, ``cutting``, ``packed`` (QC passed), ``shipped``, ``delivered``;
- *lead time* of a unit shipped (delivered) in the range runs from its payment (the
  ``paid`` event, written with the unit) to its ``shipped`` (``delivered``) event; p50
  and p90 are nearest-rank percentiles; the promise is kept when the local day of
  shipping is on or before the promised ship date;
- *scanned standard minutes* of a work centre on a day: each unit leaving cutting,
  sewing, finishing or QC that day brings that stage's standard minutes for its garment
  type, and each unit entering ``packed`` brings packing's;
- *changeovers* on a day: the different fabrics each factory put on its cutting table;
- QC *decisions* are the events leaving ``qc``: to ``packed`` (pass), ``sewing``
  (rework) or ``remade`` (remake); the reason is the ``reason`` (or ``qc_reason``) in the
  event's data, for a remake the reason of the floor's QC record that decided it.
  *First-pass yield*: of the units whose QC ended in the range (passed or remade), those
  that passed without ever being sent back to sewing;
- *fabric used*: the metres of the units entering cutting; *days of stock left*: the
  metres in stock divided by the mean daily use over the range.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factory.floor.models import FloorEvent, QCReason
from factory.models import Factory, FactoryFabric, OperationStandard, WorkCentre, WorkCentreKind
from orders.event_days import LEAD_STATES, WHY_LENGTH
from orders.models import ProductionUnit, UnitEvent, UnitEventDay, UnitLead
from orders.notes import note_text
from orders.states import STAGES, UnitState
from scheduling.models import PlannedBatch, PlannedUnit, PlanRun, PlanVersion
from shop.models import Fabric
from shop.tailoring.choices import garment_type_name

S = UnitState
TRANSITION = UnitEvent.Kind.TRANSITION

#: Column of "garments per day" -> the state whose entering events it counts.
DAILY_COUNTS: tuple[tuple[str, str, Any], ...] = (
    ("paid", S.PAID, gettext_lazy("Paid")),
    ("released", S.RELEASED, gettext_lazy("Released")),
    ("cut", S.CUTTING, gettext_lazy("Cut")),
    ("finished", S.PACKED, gettext_lazy("Finished")),
    ("shipped", S.SHIPPED, gettext_lazy("Shipped")),
    ("delivered", S.DELIVERED, gettext_lazy("Delivered")),
)
#: States a garment waits or is worked in, in order (work in progress).
WIP_STATES = STAGES[: STAGES.index(S.PACKED) + 1]
#: A unit leaving this state has had this work centre's work done.
STAGE_WORK_CENTRE = {
    S.CUTTING: WorkCentreKind.CUTTING,
    S.SEWING: WorkCentreKind.SEWING,
    S.FINISHING: WorkCentreKind.FINISHING,
    S.QC: WorkCentreKind.QC,
}
#: At the factory, waiting or worked on: idle here longer than the threshold is flagged.
ON_THE_FLOOR = (S.RELEASED, S.CUTTING, S.SEWING, S.FINISHING, S.QC, S.PACKED)
OPEN_FOR_PLAN = (S.ROUTED, S.PLANNED, S.RELEASED, S.CUTTING, S.SEWING, S.FINISHING, S.QC)
EXCEPTION_LIMIT = 50
DEFAULT_IDLE_HOURS = 48


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    factory_id: int | None = None
    garment_type: str = ""
    idle_hours: int = DEFAULT_IDLE_HOURS

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, timezone.get_default_timezone())

    @property
    def end_at(self) -> datetime:
        return datetime.combine(
            self.end + timedelta(days=1), time.min, timezone.get_default_timezone()
        )

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class Table:
    """A figure's data: what the page shows beside the chart and what CSV exports."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    #: Each row's link (or ""), same order as ``rows``; shown on the page, not exported.
    links: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[tuple[str, list[Any]]]:
        """(link or "", row) pairs for the page."""
        return list(zip(self.links or [""] * len(self.rows), self.rows, strict=True))

    def body_html(self) -> SafeString:
        """The table's rows as HTML (each cell escaped): a template loop over a few
        hundred cells costs more than the queries."""
        out = []
        for link, row in self.lines:
            first = conditional_escape(row[0])
            head = format_html('<a href="{}">{}</a>', link, first) if link else first
            cells = "".join(f"<td>{conditional_escape(cell)}</td>" for cell in row[1:])
            out.append(f'<tr><th scope="row">{head}</th>{cells}</tr>')
        return mark_safe("".join(out))  # every cell escaped above


def _tz() -> Any:
    return timezone.get_default_timezone()


def _unit_filter(queryset: QuerySet, filters: Filters, prefix: str = "unit__") -> QuerySet:
    if filters.factory_id:
        queryset = queryset.filter(**{f"{prefix}factory_id": filters.factory_id})
    if filters.garment_type:
        queryset = queryset.filter(**{f"{prefix}garment_type": filters.garment_type})
    return queryset


def _events(filters: Filters) -> QuerySet[UnitEvent]:
    """State changes in the range, of the units the filters select."""
    queryset = UnitEvent.objects.filter(
        kind=TRANSITION, at__gte=filters.start_at, at__lt=filters.end_at
    )
    return _unit_filter(queryset, filters)


def _day() -> TruncDate:
    return TruncDate("at", tzinfo=_tz())


# --- One pass over the range's events ---------------------------------------------------


@dataclass(frozen=True)
class Rollup:
    """The range's state changes counted by the database in one aggregate: one row per
    day, move (from -> to), factory, fabric, garment type, QC reason and whether the unit
    is a remake, with the number of events and the metres of fabric of their units."""

    rows: list[dict[str, Any]]


def event_rows(events: QuerySet[UnitEvent]) -> list[dict[str, Any]]:
    """The rollup rows of these events, counted by the database."""
    # A remake's event carries no reason: the floor's QC record that decided it does.
    remake_reason = Subquery(
        FloorEvent.objects.filter(
            unit_id=OuterRef("unit_id"), kind=FloorEvent.Kind.QC, decision="remake"
        )
        .order_by("-pk")
        .values("reason")[:1]
    )
    why = Case(
        When(
            from_state=S.QC,
            then=Coalesce(
                KT("data__reason"),
                KT("data__qc_reason"),
                remake_reason,
                Value(""),
                output_field=CharField(),
            ),
        ),
        default=Value(""),
        output_field=CharField(),
    )
    cut = Q(to_state=S.CUTTING)
    rows = (
        events.annotate(
            day=_day(),
            why=why,
            # Only a "paid" row needs to know remakes, and only cutting rows the fabric.
            remake=Case(
                When(to_state=S.PAID, unit__remake_of__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            cloth=Case(When(cut, then=F("unit__fabric_id")), default=None),
        )
        .values(
            "day",
            "from_state",
            "to_state",
            "unit__factory_id",
            "cloth",
            "unit__garment_type",
            "why",
            "remake",
        )
        .annotate(n=Count("id"), metres=Sum("unit__fabric_metres", filter=cut))
        .order_by()
        .values_list(
            "day",
            "from_state",
            "to_state",
            "unit__factory_id",
            "cloth",
            "unit__garment_type",
            "why",
            "remake",
            "n",
            "metres",
        )
    )
    return [_row(*r) for r in rows]


def _row(
    day: date,
    from_state: str,
    to_state: str,
    factory_id: int | None,
    fabric_id: int | None,
    garment_type: str,
    why: str,
    remake: bool,
    n: int,
    metres: Decimal | None,
) -> dict[str, Any]:
    return {
        "day": day,
        "from": from_state,
        "to": to_state,
        "factory_id": factory_id,
        "fabric_id": fabric_id,
        "garment_type": garment_type,
        "why": why,
        "remake": remake,
        "n": n,
        "metres": metres or Decimal(0),
    }


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.get_default_timezone())


def event_days_recount(*, start: date | None = None, end: date | None = None) -> list[UnitEventDay]:
    """The per-day rows of the events from ``start`` to ``end`` (inclusive; open when
    None), counted by the database from the events, unsaved."""
    events = UnitEvent.objects.filter(kind=UnitEvent.Kind.TRANSITION)
    if start is not None:
        events = events.filter(at__gte=_day_start(start))
    if end is not None:
        events = events.filter(at__lt=_day_start(end + timedelta(days=1)))
    return [
        UnitEventDay(
            day=r["day"],
            from_state=r["from"],
            to_state=r["to"],
            factory_id=r["factory_id"] or 0,
            fabric_id=r["fabric_id"] or 0,
            garment_type=r["garment_type"],
            why=r["why"][:WHY_LENGTH],
            remake=r["remake"],
            n=r["n"],
            metres=r["metres"],
        )
        for r in event_rows(events)
    ]


def event_rollup(*, filters: Filters) -> Rollup:
    """The range's rows, read from the per-day counts the event-writing services keep
    (``orders.UnitEventDay``): one query over a few thousand rows, whatever the number
    of events. ``event_rows`` counts the same rows from the events themselves."""
    stored = UnitEventDay.objects.filter(day__gte=filters.start, day__lte=filters.end, n__gt=0)
    if filters.factory_id:
        stored = stored.filter(factory_id=filters.factory_id)
    if filters.garment_type:
        stored = stored.filter(garment_type=filters.garment_type)
    return Rollup(
        [
            _row(day, from_state, to_state, factory_id or None, fabric_id or None, *rest)
            for day, from_state, to_state, factory_id, fabric_id, *rest in stored.values_list(
                "day",
                "from_state",
                "to_state",
                "factory_id",
                "fabric_id",
                "garment_type",
                "why",
                "remake",
                "n",
                "metres",
            )
        ]
    )


def _rollup(filters: Filters, rollup: Rollup | None) -> Rollup:
    return rollup if rollup is not None else event_rollup(filters=filters)


# --- Garments per day --------------------------------------------------------------


def garments_per_day(*, filters: Filters, rollup: Rollup | None = None) -> list[dict[str, Any]]:
    """One row per day of the range: {"day", "paid", "released", "cut", ...}."""
    by_state = {state: key for key, state, _label in DAILY_COUNTS}
    rows = {day: {"day": day, **{key: 0 for key, _s, _l in DAILY_COUNTS}} for day in filters.days}
    for r in _rollup(filters, rollup).rows:
        key = by_state.get(r["to"])
        if key is None or (r["to"] == S.PAID and r["remake"]):
            continue
        rows[r["day"]][key] += r["n"]
    return [rows[day] for day in filters.days]


# --- Work in progress --------------------------------------------------------------


def wip_cells(*, filters: Filters) -> list[dict[str, Any]]:
    """Units in each waiting or working state at each factory now, with the unit that
    has been there longest. ``state`` and ``state_changed_at`` are written by the same
    transaction as the unit's latest event (``orders.services.unit_transition``)."""
    units = _unit_filter(ProductionUnit.objects.filter(state__in=WIP_STATES), filters, prefix="")
    cells = list(
        units.values("state", "factory_id")
        .annotate(n=Count("id"), since=Min("state_changed_at"))
        .order_by()
    )
    oldest: dict[tuple[str, int | None], tuple[int, str]] = {}
    if cells:
        match = Q()
        for c in cells:
            match |= Q(state=c["state"], factory_id=c["factory_id"], state_changed_at=c["since"])
        for pk, state, factory_id, code in units.filter(match).values_list(
            "pk", "state", "factory_id", "code"
        ):
            key = (state, factory_id)
            if key not in oldest or pk < oldest[key][0]:
                oldest[key] = (pk, code)
    order = {state: i for i, state in enumerate(WIP_STATES)}
    return sorted(
        (
            {
                "state": c["state"],
                "factory_id": c["factory_id"],
                "units": c["n"],
                "oldest": oldest[(c["state"], c["factory_id"])][1],
                "since": c["since"],
            }
            for c in cells
        ),
        key=lambda r: (order[r["state"]], r["factory_id"] or 0),
    )


# --- Lead times --------------------------------------------------------------------


@dataclass(frozen=True)
class LeadTime:
    end_state: str
    units: int
    p50_hours: float | None
    p90_hours: float | None
    kept: int

    @property
    def kept_pct(self) -> float | None:
        return round(100 * self.kept / self.units, 1) if self.units else None


def nearest_rank(p: float, n: int) -> int:
    """The 0-based index of the p-th percentile of n sorted values (nearest rank)."""
    return max(math.ceil(p * n) - 1, 0)


def _hours(value: Any) -> float:
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 3600, 2)
    # A backend that returns the difference in microseconds.
    return round(int(value) / 3_600_000_000, 2)


class _PercentileDisc(Aggregate):
    """PostgreSQL's nearest-rank percentile of an ordered set."""

    function = "PERCENTILE_DISC"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=f"{float(fraction)!r}", **extra)


def lead_times(*, filters: Filters, end_states: tuple[str, ...]) -> dict[str, LeadTime]:
    """Payment -> each of ``end_states`` for the units that reached it in the range, read
    from the lead times the event-writing services keep (``orders.UnitLead``: one row
    per event, no join with the units). One query on PostgreSQL for all of them (its
    percentile aggregate); elsewhere three per end state (count, then each percentile by
    its rank in the ordered durations). ``unit_leads_recount`` computes the same rows
    from the events and units."""
    leads = UnitLead.objects.filter(
        day__gte=filters.start, day__lte=filters.end, to_state__in=end_states
    )
    if filters.factory_id:
        leads = leads.filter(factory_id=filters.factory_id)
    if filters.garment_type:
        leads = leads.filter(garment_type=filters.garment_type)
    leads = leads.order_by()
    figures: dict[str, Any] = {
        "n": Count("id"),
        "kept": Count("id", filter=Q(day__lte=F("promised"))),
    }
    postgres = connection.vendor == "postgresql"
    if postgres:
        figures["p50"] = _PercentileDisc("took", 0.5, output_field=DurationField())
        figures["p90"] = _PercentileDisc("took", 0.9, output_field=DurationField())
    totals = {row["to_state"]: row for row in leads.values("to_state").annotate(**figures)}
    out = {}
    for end_state in end_states:
        row = totals.get(end_state) or {"n": 0, "kept": 0}
        n = row["n"] or 0
        p50 = p90 = None
        if n and postgres:
            p50, p90 = _hours(row["p50"]), _hours(row["p90"])
        elif n:
            ordered = (
                leads.filter(to_state=end_state)
                .order_by("took", "pk")
                .values_list("took", flat=True)
            )
            p50 = _hours(ordered[nearest_rank(0.5, n)])
            p90 = _hours(ordered[nearest_rank(0.9, n)])
        out[end_state] = LeadTime(end_state, n, p50, p90, row["kept"] or 0)
    return out


def unit_leads_recount(*, start: date | None = None, end: date | None = None) -> list[UnitLead]:
    """The lead-time rows of the shipped and delivered events from ``start`` to ``end``
    (inclusive; open when None), from the events and their units, unsaved."""
    events = UnitEvent.objects.filter(kind=TRANSITION, to_state__in=LEAD_STATES)
    if start is not None:
        events = events.filter(at__gte=_day_start(start))
    if end is not None:
        events = events.filter(at__lt=_day_start(end + timedelta(days=1)))
    rows = events.annotate(
        day=_day(),
        took=ExpressionWrapper(F("at") - F("unit__created_at"), output_field=DurationField()),
    ).values_list(
        "pk",
        "unit_id",
        "to_state",
        "day",
        "took",
        "unit__promised_ship_date",
        "unit__factory_id",
        "unit__garment_type",
    )
    return [
        UnitLead(
            event_id=pk,
            unit_id=unit_id,
            to_state=to_state,
            day=day,
            took=took if isinstance(took, timedelta) else timedelta(microseconds=int(took)),
            promised=promised,
            factory_id=factory_id or 0,
            garment_type=garment_type,
        )
        for pk, unit_id, to_state, day, took, promised, factory_id, garment_type in rows.iterator()
    ]


def lead_time(*, filters: Filters, end_state: str) -> LeadTime:
    """Payment -> ``end_state``: see ``lead_times``."""
    return lead_times(filters=filters, end_states=(end_state,))[end_state]


# --- Utilisation and changeovers ---------------------------------------------------


def _standard_minutes() -> dict[tuple[str, str], Decimal]:
    return {
        (row["garment_type"], row["kind"]): row["standard_minutes"]
        for row in OperationStandard.objects.values("garment_type", "kind", "standard_minutes")
    }


def _planned_minutes(*, filters: Filters) -> dict[tuple[date, int, str], int]:
    """Minutes the plan gave each day, factory and work centre: for each day, the latest
    plan whose horizon started on or before it."""
    latest_per_start = dict(
        PlanVersion.objects.filter(
            horizon_start__lte=filters.end, horizon_start__gt=filters.start - timedelta(days=60)
        )
        .values("horizon_start")
        .annotate(latest=Max("number"))
        .order_by()
        .values_list("horizon_start", "latest")
    )
    chosen: dict[date, tuple[int, date]] = {}
    for day in filters.days:
        starts = [s for s in latest_per_start if s <= day]
        if starts:
            start = max(starts)
            chosen[day] = (latest_per_start[start], start)
    numbers = {number for number, _start in chosen.values()}
    batches = PlannedBatch.objects.filter(plan__number__in=numbers)
    if filters.factory_id:
        batches = batches.filter(factory_id=filters.factory_id)
    if filters.garment_type:
        batches = batches.filter(garment_type=filters.garment_type)
    minutes: dict[tuple[date, int, str], int] = defaultdict(int)
    by_plan: dict[int, list[tuple[int, list[dict[str, Any]]]]] = defaultdict(list)
    for number, factory_id, stages in batches.values_list("plan__number", "factory_id", "stages"):
        by_plan[number].append((factory_id, stages))
    for day, (number, start) in chosen.items():
        offset = (day - start).days
        for factory_id, stages in by_plan.get(number, []):
            for stage in stages:
                for d, m in stage.get("allocations", []):
                    if d == offset:
                        minutes[(day, factory_id, stage["work_centre"])] += int(m)
    return minutes


def utilisation(*, filters: Filters, rollup: Rollup | None = None) -> list[dict[str, Any]]:
    """Per day, factory and work centre: scanned standard minutes, capacity, the plan's
    minutes. Only days with scans or planned work are listed."""
    standards = _standard_minutes()
    scanned: dict[tuple[date, int, str], Decimal] = defaultdict(Decimal)
    for r in _rollup(filters, rollup).rows:
        if r["from"] not in STAGE_WORK_CENTRE:
            continue
        garment, factory_id, n = r["garment_type"], r["factory_id"], r["n"]
        kind = STAGE_WORK_CENTRE[r["from"]]
        scanned[(r["day"], factory_id, kind)] += n * standards.get((garment, kind), Decimal(0))
        if r["to"] == S.PACKED:
            packing = standards.get((garment, WorkCentreKind.PACKING), Decimal(0))
            scanned[(r["day"], factory_id, WorkCentreKind.PACKING)] += n * packing
    planned = _planned_minutes(filters=filters)
    centres = WorkCentre.objects.all()
    if filters.factory_id:
        centres = centres.filter(factory_id=filters.factory_id)
    capacity = {
        (factory_id, kind): minutes
        for factory_id, kind, minutes in centres.values_list(
            "factory_id", "kind", "daily_capacity_minutes"
        )
    }
    kinds = list(WorkCentreKind.values)
    keys = sorted(
        set(scanned) | set(planned),
        key=lambda k: (k[0], k[1] or 0, kinds.index(k[2]) if k[2] in kinds else 99),
    )
    rows = []
    for day, factory_id, kind in keys:
        cap = capacity.get((factory_id, kind), 0)
        minutes = scanned.get((day, factory_id, kind), Decimal(0))
        rows.append(
            {
                "day": day,
                "factory_id": factory_id,
                "work_centre": kind,
                "scanned_minutes": minutes,
                "capacity_minutes": cap,
                "utilisation_pct": round(float(100 * minutes / cap), 1) if cap else None,
                "planned_minutes": planned.get((day, factory_id, kind), 0),
            }
        )
    return rows


def changeovers_per_day(*, filters: Filters, rollup: Rollup | None = None) -> list[dict[str, Any]]:
    fabrics: dict[date, set[tuple[int, int]]] = defaultdict(set)
    for r in _rollup(filters, rollup).rows:
        if r["to"] == S.CUTTING:
            fabrics[r["day"]].add((r["factory_id"], r["fabric_id"]))
    return [{"day": day, "changeovers": len(fabrics.get(day, ()))} for day in filters.days]


# --- Quality ------------------------------------------------------------------------


@dataclass(frozen=True)
class Quality:
    decisions: int
    passed: int
    reworks: int
    remakes: int
    ended: int
    first_pass: int
    by_reason: list[dict[str, Any]]

    @property
    def first_pass_yield_pct(self) -> float | None:
        return round(100 * self.first_pass / self.ended, 1) if self.ended else None

    @property
    def rework_pct(self) -> float | None:
        return round(100 * self.reworks / self.decisions, 1) if self.decisions else None

    @property
    def remake_pct(self) -> float | None:
        return round(100 * self.remakes / self.decisions, 1) if self.decisions else None


def _qc_reason_label(reason: str | None) -> str:
    """A QC reason code ("seam") in the reader's language; an unknown code as it is."""
    if not reason:
        return _("(no reason given)")
    return str(QCReason(reason).label) if reason in QCReason.values else reason


def quality(*, filters: Filters, rollup: Rollup | None = None) -> Quality:
    counts: dict[str, int] = defaultdict(int)
    reasons: dict[str, dict[str, int]] = defaultdict(lambda: {"rework": 0, "remake": 0})
    for row in _rollup(filters, rollup).rows:
        if row["from"] != S.QC:
            continue
        counts[row["to"]] += row["n"]
        if row["to"] == S.SEWING:
            reasons[row["why"]]["rework"] += row["n"]
        elif row["to"] == S.REMADE:
            reasons[row["why"]]["remake"] += row["n"]
    total = sum(counts.values())
    # Units whose QC ended in the range (passed or remade); the first pass is theirs
    # when they passed and were never sent back. The existence tests probe each unit's
    # QC moves through the partial indexes on them (``orders.UnitEvent``).
    qc_moves = UnitEvent.objects.filter(
        kind=TRANSITION, from_state=S.QC, unit_id=OuterRef("unit_id")
    )
    ended = (
        _events(filters)
        .filter(from_state=S.QC, to_state__in=(S.PACKED, S.REMADE))
        .annotate(
            passed=Exists(qc_moves.filter(to_state=S.PACKED)),
            sent_back=Exists(qc_moves.filter(to_state=S.SEWING)),
        )
        .order_by()
        .aggregate(
            n=Count("unit_id", distinct=True),
            first=Count("unit_id", distinct=True, filter=Q(passed=True, sent_back=False)),
        )
    )
    by_reason = [
        {
            "reason": why,
            "rework": r["rework"],
            "remake": r["remake"],
            "rework_pct": round(100 * r["rework"] / total, 1) if total else None,
            "remake_pct": round(100 * r["remake"] / total, 1) if total else None,
        }
        for why, r in sorted(reasons.items())
    ]
    return Quality(
        decisions=total,
        passed=counts.get(S.PACKED, 0),
        reworks=counts.get(S.SEWING, 0),
        remakes=counts.get(S.REMADE, 0),
        ended=ended["n"] or 0,
        first_pass=ended["first"] or 0,
        by_reason=by_reason,
    )


# --- Fabric ---------------------------------------------------------------------------


def fabric_use(
    *, filters: Filters, rollup: Rollup | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(metres cut per day, per fabric: in stock, used, mean per day, days left, days to
    the next delivery, running out before it)."""
    per_day: dict[date, Decimal] = defaultdict(Decimal)
    used: dict[int, Decimal] = defaultdict(Decimal)
    for r in _rollup(filters, rollup).rows:
        if r["to"] == S.CUTTING:
            per_day[r["day"]] += r["metres"]
            used[r["fabric_id"]] += r["metres"]
    delivery = dict(
        FactoryFabric.objects.values("fabric_id")
        .annotate(days=Min("lead_time_days"))
        .order_by()
        .values_list("fabric_id", "days")
    )
    span = len(filters.days)
    fabrics = []
    for cloth in Fabric.objects.filter(Q(pk__in=list(used)) | Q(is_active=True)).order_by("code"):
        metres = used.get(cloth.pk) or Decimal(0)
        rate = metres / span
        days_left = round(float(cloth.metres_in_stock / rate), 1) if rate else None
        next_delivery = max(delivery.get(cloth.pk) or 0, 1)
        fabrics.append(
            {
                "fabric_id": cloth.pk,
                "code": cloth.code,
                "name": cloth.name,
                "in_stock": cloth.metres_in_stock,
                "used": metres,
                "per_day": round(rate, 2),
                "days_left": days_left,
                "next_delivery_days": next_delivery,
                "short": days_left is not None and days_left < next_delivery,
            }
        )
    days = [{"day": day, "metres": per_day.get(day) or Decimal(0)} for day in filters.days]
    return days, fabrics


# --- Exceptions ---------------------------------------------------------------------


def _order_link(unit: ProductionUnit) -> str:
    return reverse("dashboard:order-detail", kwargs={"number": unit.order_line.order.number})


def exceptions(*, filters: Filters, fabrics: list[dict[str, Any]]) -> dict[str, Table]:
    now = timezone.now()
    board = reverse("planning-dashboard:board")
    plan = PlanVersion.objects.order_by("-number").first()
    at_risk = PlannedUnit.objects.none()
    if plan is not None:
        at_risk = _unit_filter(
            PlannedUnit.objects.filter(
                plan=plan, lateness_minutes__gt=0, unit__state__in=OPEN_FOR_PLAN
            ),
            filters,
        )
    risky = list(
        at_risk.select_related("unit__order_line__order", "batch__factory").order_by(
            "-lateness_minutes", "pk"
        )[:EXCEPTION_LIMIT]
    )
    unroutable = list(
        _unit_filter(
            ProductionUnit.objects.filter(needs_attention=True, state=S.PAID), filters, prefix=""
        )
        .select_related("order_line__order")
        .order_by("created_at", "pk")[:EXCEPTION_LIMIT]
    )
    idle = list(
        _unit_filter(
            ProductionUnit.objects.filter(
                state__in=ON_THE_FLOOR,
                state_changed_at__lt=now - timedelta(hours=filters.idle_hours),
            ),
            filters,
            prefix="",
        )
        .select_related("order_line__order", "factory")
        .order_by("state_changed_at", "pk")[:EXCEPTION_LIMIT]
    )
    failed = list(
        PlanRun.objects.filter(
            status=PlanRun.Status.FAILED,
            requested_at__gte=filters.start_at,
            requested_at__lt=filters.end_at,
        ).order_by("-requested_at", "-pk")[:EXCEPTION_LIMIT]
    )
    state_label = dict(S.choices)
    return {
        "at-risk": Table(
            "at-risk",
            _("Garments at risk of missing their promise (latest plan)"),
            [_("Garment"), _("Factory"), _("Batch"), _("Promised"), _("Late by (hours)")],
            [
                [
                    p.unit.code,
                    p.batch.factory.code,
                    p.batch.key,
                    p.unit.promised_ship_date,
                    round(p.lateness_minutes / 60, 1),
                ]
                for p in risky
            ],
            [f"{board}?factory={p.batch.factory.code}" for p in risky],
        ),
        "unroutable": Table(
            "unroutable",
            _("Garments no factory can take"),
            [_("Garment"), _("Garment type"), _("Promised"), _("Why")],
            [
                [
                    u.code,
                    garment_type_name(u.garment_type),
                    u.promised_ship_date,
                    note_text(note=u.attention_note, fallback=u.attention_reason),
                ]
                for u in unroutable
            ],
            [_order_link(u) for u in unroutable],
        ),
        "idle": Table(
            "idle",
            _("Garments idle longer than %(hours)s hours") % {"hours": filters.idle_hours},
            [_("Garment"), _("Factory"), _("State"), _("Since"), _("Idle (hours)")],
            [
                [
                    u.code,
                    u.factory.code if u.factory else "",
                    state_label[u.state],
                    timezone.localtime(u.state_changed_at).strftime("%Y-%m-%d %H:%M"),
                    round((now - u.state_changed_at).total_seconds() / 3600, 1),
                ]
                for u in idle
            ],
            [_order_link(u) for u in idle],
        ),
        "fabric-short": Table(
            "fabric-short",
            _("Fabrics that run out before their next delivery"),
            [_("Fabric"), _("In stock (m)"), _("Days left"), _("Next delivery (days)")],
            [
                [f["code"], f["in_stock"], f["days_left"], f["next_delivery_days"]]
                for f in fabrics
                if f["short"]
            ],
            [
                reverse("garment-dashboard:fabric-update", kwargs={"pk": f["fabric_id"]})
                for f in fabrics
                if f["short"]
            ],
        ),
        "failed-runs": Table(
            "failed-runs",
            _("Failed planning runs"),
            [_("Asked"), _("Why")],
            [
                [
                    timezone.localtime(run.requested_at).strftime("%Y-%m-%d %H:%M"),
                    f"{PlanRun.Reason(run.reason).label if run.reason else ''} "
                    f"{run.reason_detail}".strip(),
                ]
                for run in failed
            ],
            [f"{board}?run={run.pk}" for run in failed],
        ),
    }


# --- The whole page -----------------------------------------------------------------


@dataclass(frozen=True)
class Throughput:
    filters: Filters
    daily: list[dict[str, Any]]
    wip: list[dict[str, Any]]
    shipped: LeadTime
    delivered: LeadTime
    utilisation: list[dict[str, Any]]
    changeovers: list[dict[str, Any]]
    quality: Quality
    fabric_days: list[dict[str, Any]]
    fabrics: list[dict[str, Any]]
    factories: dict[int, str]
    tables: dict[str, Table]
    exceptions: dict[str, Table]


def _n(value: Any) -> Any:
    return "—" if value is None else value


def throughput(*, filters: Filters) -> Throughput:
    """Every figure of the operations page, in a number of queries that does not grow
    with the units, events or factories."""
    factories = dict(Factory.objects.order_by("code").values_list("pk", "code"))
    rollup = event_rollup(filters=filters)
    daily = garments_per_day(filters=filters, rollup=rollup)
    wip = wip_cells(filters=filters)
    leads = lead_times(filters=filters, end_states=(S.SHIPPED, S.DELIVERED))
    shipped, delivered = leads[S.SHIPPED], leads[S.DELIVERED]
    use = utilisation(filters=filters, rollup=rollup)
    changes = changeovers_per_day(filters=filters, rollup=rollup)
    qc = quality(filters=filters, rollup=rollup)
    fabric_days, fabrics = fabric_use(filters=filters, rollup=rollup)
    state_label = dict(S.choices)
    kind_label = dict(WorkCentreKind.choices)
    no_factory = _("not yet assigned")
    tables = {
        "daily": Table(
            "daily",
            _("Garments per day"),
            [_("Day"), *[str(label) for _k, _s, label in DAILY_COUNTS]],
            [[r["day"], *[r[key] for key, _s, _l in DAILY_COUNTS]] for r in daily],
        ),
        "wip": Table(
            "wip",
            _("Work in progress now, by stage and factory"),
            [_("Stage"), _("Factory"), _("Garments"), _("Oldest garment"), _("There since")],
            [
                [
                    state_label[r["state"]],
                    factories.get(r["factory_id"], no_factory) if r["factory_id"] else no_factory,
                    r["units"],
                    r["oldest"],
                    timezone.localtime(r["since"]).strftime("%Y-%m-%d %H:%M"),
                ]
                for r in wip
            ],
        ),
        "lead-time": Table(
            "lead-time",
            _("Lead time from payment"),
            [
                _("To"),
                _("Garments"),
                _("p50 (hours)"),
                _("p90 (hours)"),
                _("Promised date kept (%)"),
            ],
            [
                [
                    state_label[lt.end_state],
                    lt.units,
                    _n(lt.p50_hours),
                    _n(lt.p90_hours),
                    _n(lt.kept_pct),
                ]
                for lt in (shipped, delivered)
            ],
        ),
        "utilisation": Table(
            "utilisation",
            _("Utilisation per work centre and day"),
            [
                _("Day"),
                _("Factory"),
                _("Work centre"),
                _("Scanned standard minutes"),
                _("Capacity (minutes)"),
                _("Utilisation (%)"),
                _("Planned minutes"),
            ],
            [
                [
                    r["day"],
                    factories.get(r["factory_id"], ""),
                    kind_label.get(r["work_centre"], r["work_centre"]),
                    r["scanned_minutes"],
                    r["capacity_minutes"],
                    _n(r["utilisation_pct"]),
                    r["planned_minutes"],
                ]
                for r in use
            ],
        ),
        "changeovers": Table(
            "changeovers",
            _("Changeovers per day"),
            [_("Day"), _("Changeovers")],
            [[r["day"], r["changeovers"]] for r in changes],
        ),
        "quality": Table(
            "quality",
            _("Quality check"),
            [_("Figure"), _("Value")],
            [
                [_("QC decisions"), qc.decisions],
                [_("Passed"), qc.passed],
                [_("First-pass yield (%)"), _n(qc.first_pass_yield_pct)],
                [_("Rework rate (%)"), _n(qc.rework_pct)],
                [_("Remake rate (%)"), _n(qc.remake_pct)],
            ],
        ),
        "qc-reasons": Table(
            "qc-reasons",
            _("Rework and remakes by reason"),
            [_("Reason"), _("Reworks"), _("Rework rate (%)"), _("Remakes"), _("Remake rate (%)")],
            [
                [
                    _qc_reason_label(r["reason"]),
                    r["rework"],
                    _n(r["rework_pct"]),
                    r["remake"],
                    _n(r["remake_pct"]),
                ]
                for r in qc.by_reason
            ],
        ),
        "fabric-days": Table(
            "fabric-days",
            _("Fabric cut per day (metres)"),
            [_("Day"), _("Metres")],
            [[r["day"], r["metres"]] for r in fabric_days],
        ),
        "fabric-stock": Table(
            "fabric-stock",
            _("Fabric stock at the current rate"),
            [
                _("Fabric"),
                _("In stock (m)"),
                _("Used in range (m)"),
                _("Per day (m)"),
                _("Days of stock left"),
            ],
            [
                [f["code"], f["in_stock"], f["used"], f["per_day"], _n(f["days_left"])]
                for f in fabrics
            ],
        ),
    }
    return Throughput(
        filters=filters,
        daily=daily,
        wip=wip,
        shipped=shipped,
        delivered=delivered,
        utilisation=use,
        changeovers=changes,
        quality=qc,
        fabric_days=fabric_days,
        fabrics=fabrics,
        factories=factories,
        tables=tables,
        exceptions=exceptions(filters=filters, fabrics=fabrics),
    )
