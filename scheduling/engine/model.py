"""Problem and plan data of the scheduling engine.

Time model
----------
Planning runs over ``horizon_days`` consecutive calendar days counted from the
horizon start (day 0).  Every instant is an integer number of *clock minutes*
from the horizon start: day ``d`` covers ``[d * day_minutes, (d + 1) * day_minutes)``
(``day_minutes`` is 1440 unless the problem says otherwise).

Each work centre of a factory is one production line.  On day ``d`` it can do
``capacity[d]`` minutes of work (several operators in parallel give more than
``day_minutes``); a holiday or closed day has capacity 0.  The line works
through its day at a constant rate, so a batch that uses the capacity slice
``[a, b)`` of day ``d`` runs from ``d * day_minutes + ceil(a * day_minutes / c)``
to ``d * day_minutes + ceil(b * day_minutes / c)``.  A batch may span days; the
minutes it uses on each day are listed in :class:`StageSlot.allocations`, and
the sum of all allocations on one line and day never exceeds that day's
capacity.

Work centres form a flow line in the order of ``ProblemData.work_centres``
(cutting, sewing, finishing, qc, packing by default): a batch starts at a work
centre only after it has finished at the previous one.  A unit is complete
when its batch leaves the last work centre; its lateness is completion minus
due date, in clock minutes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

DEFAULT_WORK_CENTRES: tuple[str, ...] = ("cutting", "sewing", "finishing", "qc", "packing")
DAY_MINUTES = 1440

SetupAttribute = Literal["fabric", "garment_type"]


@dataclass(frozen=True, slots=True)
class Unit:
    """One made-to-measure garment to plan.

    ``minutes`` lists the work per work centre, aligned with
    ``ProblemData.work_centres``.  ``release`` and ``due`` are clock minutes.
    ``factory`` is the factory the unit is routed to (``None``: any capable
    factory); ``alternatives`` are other factories that could make it.
    """

    id: str
    garment_type: str
    fabric: str
    minutes: tuple[int, ...]
    due: int
    release: int = 0
    weight: float = 1.0
    factory: str | None = None
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WorkCentreCalendar:
    """Capacity of one work centre, in minutes of work per day (index = day)."""

    work_centre: str
    daily_minutes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Factory:
    """A factory: what it can make, its calendars and its batch limits.

    ``max_batch_units`` caps the garments per batch (plies per cutting lay);
    ``max_batch_cut_minutes`` optionally caps the cutting work of a batch
    (setup excluded).
    """

    id: str
    garment_types: tuple[str, ...]
    calendars: tuple[WorkCentreCalendar, ...]
    max_batch_units: int = 30
    max_batch_cut_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class SetupRule:
    """Sequence-dependent setup at one work centre.

    When consecutive batches on the line differ in ``attribute`` the later one
    first spends ``minutes`` of setup (the first batch on a line always pays
    it).  Values can be grouped in families (``families``: value -> family);
    a change inside one family costs ``within_family_minutes`` when given.
    ``pairs`` overrides single changes: ``(from_value, to_value, minutes)``;
    ``initial`` overrides the setup of the first batch on a line:
    ``(value, minutes)``.  With pairs for every ordered couple of values and
    an initial setup for every value, any setup matrix is encoded exactly
    (the 1|s_ij|sum wjTj format of Cicirello 2003, one value per job).
    """

    work_centre: str
    attribute: SetupAttribute
    minutes: int
    within_family_minutes: int | None = None
    families: tuple[tuple[str, str], ...] = ()
    pairs: tuple[tuple[str, str, int], ...] = ()
    initial: tuple[tuple[str, int], ...] = ()

    def setup_minutes(self, previous: str | None, value: str) -> int:
        if previous == value:
            return 0
        if previous is None:
            for v, m in self.initial:
                if v == value:
                    return m
            return self.minutes
        for a, b, m in self.pairs:
            if a == previous and b == value:
                return m
        if self.within_family_minutes is not None and self.families:
            fam = dict(self.families)
            fa = fam.get(previous)
            if fa is not None and fa == fam.get(value):
                return self.within_family_minutes
        return self.minutes


@dataclass(frozen=True, slots=True)
class StageSlot:
    """A batch at one work centre: clock-minute interval and work per day."""

    work_centre: str
    start: int
    end: int
    setup_minutes: int
    work_minutes: int
    allocations: tuple[tuple[int, int], ...]  # (day, minutes used that day)


@dataclass(frozen=True, slots=True)
class Batch:
    """Garments of one type and fabric made together at one factory.

    ``sequence`` is the batch's position in its factory's sequence (0-based).
    ``stages`` follow ``ProblemData.work_centres``.
    """

    id: str
    factory: str
    garment_type: str
    fabric: str
    unit_ids: tuple[str, ...]
    sequence: int
    stages: tuple[StageSlot, ...]

    @property
    def start(self) -> int:
        return self.stages[0].start

    @property
    def end(self) -> int:
        return self.stages[-1].end


@dataclass(frozen=True, slots=True)
class ProblemData:
    """Everything the engine plans from.

    ``frozen`` holds batches already released to factories; they come out of
    the plan unchanged and the capacity they use is not available to others.
    """

    units: tuple[Unit, ...]
    factories: tuple[Factory, ...]
    horizon_days: int
    work_centres: tuple[str, ...] = DEFAULT_WORK_CENTRES
    setups: tuple[SetupRule, ...] = ()
    frozen: tuple[Batch, ...] = ()
    day_minutes: int = DAY_MINUTES
    setup_weight: float | None = None
    """Objective weight of one setup minute; ``None``: 0.001 x the mean unit weight
    (a tie-breaker that favours fewer changeovers); 0: weighted tardiness alone."""


@dataclass(frozen=True, slots=True)
class UnitResult:
    unit_id: str
    factory: str
    batch_id: str
    completion: int
    lateness: int
    weighted_tardiness: float


#: Why a unit is left out of a plan: the code the engine reports, with its English text
#: (parameters by name), which logs, benchmarks and the validator read. The platform
#: stores the code and its parameters and writes them out in the reader's language.
UNPLANNED_REASONS: dict[str, str] = {
    "minutes_mismatch": "minutes given for {given} work centres, the problem has {expected}",
    "negative_minutes": "negative work minutes",
    "released_after_horizon": "released after the planning horizon",
    "no_capable_factory": "no capable factory for garment type {garment!r}",
    "beyond_horizon": (
        "beyond horizon: factory {factory} cannot finish it within {days} days ({minutes} minutes)"
    ),
    "not_in_plan": "not in the given plan",
}


@dataclass(frozen=True, slots=True)
class Unplanned:
    """A unit left out of the plan: why, as ``code`` (a key of ``UNPLANNED_REASONS``) and
    its ``params``, and as English text (``reason``). A plan stored before codes were
    reported has the text alone (``code`` empty)."""

    unit_id: str
    reason: str
    code: str = ""
    params: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class UnplannedReason:
    """Why a unit cannot be planned, before it is said of a unit."""

    code: str
    params: dict[str, str | int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return UNPLANNED_REASONS[self.code].format(**self.params)

    def of(self, unit_id: str) -> Unplanned:
        return Unplanned(
            unit_id=unit_id, reason=self.text, code=self.code, params=dict(self.params)
        )


@dataclass(frozen=True, slots=True)
class KPIs:
    """Key figures of a plan (frozen batches included).

    ``weighted_tardiness`` = sum of weight x max(0, lateness) in clock minutes;
    ``on_time_pct`` = share of planned units with lateness <= 0;
    ``changeovers`` = stage slots with setup minutes > 0 (a fabric change at
    cutting, a garment-type change at sewing, ...); ``utilisation`` per work
    centre = minutes used / capacity of all factories from day 0 to the last
    day with work; ``makespan`` = latest batch end (clock minutes).
    """

    weighted_tardiness: float
    on_time_pct: float
    max_lateness: int
    tardy_units: int
    changeovers: int
    setup_minutes: int
    utilisation: dict[str, float]
    makespan: int
    batches: int
    planned_units: int
    unplanned_units: int


@dataclass(frozen=True, slots=True)
class Result:
    """The plan: batches, per-unit outcome, units not planned, KPIs."""

    batches: tuple[Batch, ...]
    units: tuple[UnitResult, ...]
    unplanned: tuple[Unplanned, ...]
    kpis: KPIs
    seed: int
    runtime: float
    iterations: int
    moved_units: tuple[tuple[str, str, str], ...] = field(default=())  # (unit, from, to)


def working_calendar(
    work_centre: str,
    *,
    days: int,
    minutes_per_day: int,
    weekdays_off: Iterable[int] = (5, 6),
    holidays: Iterable[int] = (),
    first_weekday: int = 0,
) -> WorkCentreCalendar:
    """A calendar with ``minutes_per_day`` on working days, 0 on weekends and holidays.

    ``first_weekday`` is the weekday of day 0 (0 = Monday).
    """
    off = set(weekdays_off)
    hol = set(holidays)
    caps = tuple(
        0 if ((first_weekday + d) % 7 in off or d in hol) else minutes_per_day for d in range(days)
    )
    return WorkCentreCalendar(work_centre=work_centre, daily_minutes=caps)
