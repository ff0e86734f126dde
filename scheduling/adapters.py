"""From the database to the engine's problem, and from the engine's batches back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from factory.calendars import FactoryCalendar, factory_calendar_load
from factory.models import Factory
from orders.models import ProductionUnit
from orders.notes import NOTES, Note, note_make
from orders.selectors import units_minutes
from orders.states import UnitState
from scheduling import engine

#: Minutes of setup when a new fabric goes on the cutting table, and when a sewing line
#: changes garment type.
CUTTING_FABRIC_SETUP = 30
SEWING_GARMENT_SETUP = 45
MIN_HORIZON_DAYS = 28
PLANNABLE = (UnitState.ROUTED, UnitState.PLANNED)


@dataclass(frozen=True)
class BuiltProblem:
    problem: engine.ProblemData
    horizon_start: date
    units: dict[str, ProductionUnit]
    factories: dict[str, Any]


def _minutes_of(units: Sequence[ProductionUnit]) -> dict[int, tuple[int, ...]]:
    found = units_minutes(list(units))
    return {
        pk: tuple(round(by_kind.get(wc, 0)) for wc in engine.DEFAULT_WORK_CENTRES)
        for pk, by_kind in found.items()
    }


def _frozen_batches(*, previous: Any, start: date) -> list[engine.Batch]:
    """Released batches of the previous plan, moved onto this plan's clock."""
    if previous is None:
        return []
    shift = (previous.horizon_start - start).days * engine.DAY_MINUTES
    day_shift = (previous.horizon_start - start).days
    frozen = []
    released = previous.batches.filter(released=True).select_related("factory", "work_order")
    for batch in released.prefetch_related("work_order__units", "units"):
        stages = tuple(
            engine.StageSlot(
                work_centre=s["work_centre"],
                start=s["start"] + shift,
                end=s["end"] + shift,
                setup_minutes=s["setup_minutes"],
                work_minutes=s["work_minutes"],
                allocations=tuple((d + day_shift, m) for d, m in s["allocations"]),
            )
            for s in batch.stages
        )
        if stages and stages[-1].end <= 0:
            continue  # finished before this plan begins
        frozen.append(
            engine.Batch(
                id=batch.key,
                factory=batch.factory.code,
                garment_type=batch.garment_type,
                fabric=str(batch.fabric_id),
                unit_ids=_frozen_unit_ids(batch),
                sequence=batch.sequence,
                stages=stages,
            )
        )
    return frozen


def _frozen_unit_ids(batch: Any) -> tuple[str, ...]:
    """The garments of a released batch: its work order's where the batch is the one that
    was released (a unit held for a change stayed out of it), else, for a later plan's
    copy of it, the garments that copy was planned with."""
    work_order = getattr(batch, "work_order", None)  # None on a later plan's copy
    if work_order is not None:
        return tuple(str(u.pk) for u in work_order.units.all())
    return tuple(str(p.unit_id) for p in batch.units.all())


def _release_minute(
    *, unit: ProductionUnit, calendar: FactoryCalendar, start: date, at: datetime
) -> int:
    """The clock minute from which the unit may be cut: the first production day whose
    work is not yet released (the cut-off), and not before its fabric is there."""
    day = calendar.first_open_day(at)
    if unit.fabric_arrives_on is not None and unit.fabric_arrives_on > day:
        day = unit.fabric_arrives_on
    return max(0, (day - start).days) * engine.DAY_MINUTES


def problem_build(
    *, at: datetime, previous: Any = None, units: QuerySet[ProductionUnit] | None = None
) -> BuiltProblem:
    """The planning problem for every unreleased unit at every active factory, from the
    local day of ``at``. No unit may start before its factory's next cut-off has
    released it, nor before its fabric arrives (its ``release``)."""
    start = timezone.localtime(at).date()
    frozen = _frozen_batches(previous=previous, start=start)
    frozen_ids = {uid for b in frozen for uid in b.unit_ids}
    plannable = list(
        (units if units is not None else ProductionUnit.objects.all())
        .filter(state__in=PLANNABLE, factory__isnull=False, change_held_at__isnull=True)
        .select_related("factory")
    )
    in_frozen = list(
        ProductionUnit.objects.filter(pk__in=[int(i) for i in frozen_ids]).select_related("factory")
    )
    everyone = plannable + in_frozen
    latest_due = max(
        ((u.promised_ship_date - start).days for u in everyone), default=MIN_HORIZON_DAYS
    )
    latest_ready = max(
        ((u.fabric_arrives_on - start).days for u in everyone if u.fabric_arrives_on),
        default=0,
    )
    horizon = max(MIN_HORIZON_DAYS, latest_due + 14, latest_ready + 14)
    factories = {
        f.code: f
        for f in Factory.objects.filter(is_active=True)
        .prefetch_related("capabilities", "work_centres")
        .order_by("code")
    }
    calendars = {code: factory_calendar_load(factory=f) for code, f in factories.items()}
    capable: dict[str, list[str]] = {}
    engine_factories = []
    for code, factory in factories.items():
        types = tuple(sorted(c.garment_type for c in factory.capabilities.all()))
        for garment_type in types:
            capable.setdefault(garment_type, []).append(code)
        days = calendars[code].days(start=start, count=horizon)
        engine_calendars = tuple(
            engine.WorkCentreCalendar(
                work_centre=wc,
                daily_minutes=tuple(int(day.capacity.get(wc, 0)) for day in days),
            )
            for wc in engine.DEFAULT_WORK_CENTRES
        )
        engine_factories.append(
            engine.Factory(
                id=code,
                garment_types=types,
                calendars=engine_calendars,
                max_batch_units=max(1, factory.max_garments_per_batch),
            )
        )
    minutes = _minutes_of(everyone)
    engine_units = []
    for unit in everyone:
        due_day = (unit.promised_ship_date - start).days
        is_frozen = str(unit.pk) in frozen_ids
        home = unit.factory.code
        release = 0
        alternatives: tuple[str, ...] = ()
        if not is_frozen and home in calendars:
            release = _release_minute(unit=unit, calendar=calendars[home], start=start, at=at)
            # Another factory only if it could start the unit as early (its own cut-off).
            alternatives = tuple(
                c
                for c in capable.get(unit.garment_type, [])
                if c != home
                and (calendars[c].first_open_day(at) - start).days * engine.DAY_MINUTES <= release
            )
        engine_units.append(
            engine.Unit(
                id=str(unit.pk),
                garment_type=unit.garment_type,
                fabric=str(unit.fabric_id),
                minutes=minutes[unit.pk],
                due=(due_day + 1) * engine.DAY_MINUTES,
                release=release,
                weight=1.0,
                factory=home,
                alternatives=alternatives,
            )
        )
    problem = engine.ProblemData(
        units=tuple(engine_units),
        factories=tuple(engine_factories),
        horizon_days=horizon,
        setups=(
            engine.SetupRule(
                work_centre="cutting", attribute="fabric", minutes=CUTTING_FABRIC_SETUP
            ),
            engine.SetupRule(
                work_centre="sewing", attribute="garment_type", minutes=SEWING_GARMENT_SETUP
            ),
        ),
        frozen=tuple(frozen),
    )
    return BuiltProblem(
        problem=problem,
        horizon_start=start,
        units={str(u.pk): u for u in everyone},
        factories=factories,
    )


def unplanned_note(*, unplanned: engine.Unplanned) -> Note:
    """The note that a unit was left out of the plan, and why: the engine's reason code
    and its parameters (``unplanned_<code>`` in ``orders.notes``), written out in the
    reader's language; the engine's English text for a reason without a code (a plan
    stored before the engine gave codes)."""
    code = f"unplanned_{unplanned.code}"
    why: Note | str = (
        note_make(code=code, params=unplanned.params) if code in NOTES else unplanned.reason
    )
    return note_make(code="not_planned", params={"why": why})
