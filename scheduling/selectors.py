"""Reads for the planning board: a factory's batches laid out as a Gantt, and KPIs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factory.models import WorkCentreKind
from factory.selectors import calendar_warnings  # noqa: F401  (the board shows them)
from orders.models import ProductionUnit
from scheduling import engine
from scheduling.models import PlannedBatch, PlannedUnit, PlanRun, PlanVersion
from shop.tailoring.choices import garment_type_name

BOARD_DAYS = 14


@dataclass(frozen=True)
class Zoom:
    key: str
    label: Any
    span_minutes: int
    tick_minutes: int


#: How much of the plan one screen shows, and where its grid lines fall.
ZOOMS: dict[str, Zoom] = {
    z.key: z
    for z in (
        Zoom("hour", gettext_lazy("Hours"), engine.DAY_MINUTES, 60),
        Zoom("shift", gettext_lazy("Shifts"), 3 * engine.DAY_MINUTES, 480),
        Zoom("day", gettext_lazy("Days"), BOARD_DAYS * engine.DAY_MINUTES, engine.DAY_MINUTES),
        Zoom("week", gettext_lazy("Weeks"), 8 * 7 * engine.DAY_MINUTES, 7 * engine.DAY_MINUTES),
    )
}
DEFAULT_ZOOM = "day"


@dataclass(frozen=True)
class GanttBar:
    batch_key: str
    fabric_code: str
    garment_type: str
    units: int
    late_units: int
    left_pct: float
    width_pct: float
    setup_minutes: int
    released: bool
    start_day: int
    title: str
    label: str = ""


@dataclass(frozen=True)
class GanttRow:
    work_centre: str
    bars: list[GanttBar] = field(default_factory=list)
    label: str = ""

    @property
    def name(self) -> str:
        """The work centre's name in the reader's language."""
        return work_centre_name(self.work_centre)


@dataclass(frozen=True)
class GanttTick:
    label: str
    left_pct: float


@dataclass(frozen=True)
class TableRow:
    """One batch at one work centre, for the table view of the plan."""

    batch_key: str
    sequence: int
    garment_type: str
    fabric_code: str
    units: int
    work_centre: str
    start: datetime
    end: datetime
    setup_minutes: int
    work_minutes: int
    released: bool
    late_units: int

    @property
    def name(self) -> str:
        """The work centre's name in the reader's language."""
        return work_centre_name(self.work_centre)


def work_centre_name(code: str) -> str:
    return str(WorkCentreKind(code).label) if code in WorkCentreKind.values else code


@dataclass(frozen=True)
class Board:
    plan: PlanVersion | None
    previous: PlanVersion | None
    days: list[date]
    rows: list[GanttRow]
    late_units: list[dict[str, Any]]
    kpi_rows: list[dict[str, Any]]
    zoom: Zoom = ZOOMS[DEFAULT_ZOOM]
    start_day: int = 0
    ticks: list[GanttTick] = field(default_factory=list)
    table: list[TableRow] = field(default_factory=list)
    window_start: datetime | None = None
    window_end: datetime | None = None


def work_centre_label(kind: str) -> str:
    """A work centre kind in the reader's language ("cutting" -> "Cutting", "裁剪")."""
    return str(WorkCentreKind(kind).label) if kind in WorkCentreKind.values else kind


def _at(plan: PlanVersion, minute: int) -> datetime:
    """The plan's minute as a wall-clock time (minute 0 is midnight of its first day)."""
    return datetime.combine(plan.horizon_start, time.min) + timedelta(minutes=minute)


def _tick_label(zoom: Zoom, when: datetime) -> str:
    if zoom.key == "hour":
        return when.strftime("%H:%M")
    if zoom.key == "shift":
        return when.strftime("%m-%d %H:%M")
    return when.strftime("%m-%d")


KPI_LABELS = (
    ("planned_units", gettext_lazy("Units planned")),
    ("weighted_tardiness", gettext_lazy("Weighted tardiness (minutes)")),
    ("on_time_pct", gettext_lazy("On time (%)")),
    ("max_lateness", gettext_lazy("Maximum lateness (minutes)")),
    ("changeovers", gettext_lazy("Changeovers")),
    ("setup_minutes", gettext_lazy("Setup minutes")),
    ("makespan", gettext_lazy("Makespan (minutes)")),
    ("batches", gettext_lazy("Batches")),
)


def plan_latest() -> PlanVersion | None:
    return PlanVersion.objects.order_by("-number").first()


def kpi_comparison(
    *, plan: PlanVersion | None, previous: PlanVersion | None
) -> list[dict[str, Any]]:
    rows = []
    for key, label in KPI_LABELS:
        now = plan.kpis.get(key) if plan else None
        before = previous.kpis.get(key) if previous else None
        rows.append({"key": key, "label": label, "now": now, "before": before})
    return rows


def planning_board(
    *,
    factory: Any,
    plan: PlanVersion | None = None,
    zoom: str = DEFAULT_ZOOM,
    start_day: int = 0,
) -> Board:
    """The latest plan's batches at one factory, per work centre, over the window the
    zoom shows (from ``start_day`` days after the plan's start), each bar labelled with
    its batch, fabric and count; and the same plan as a table."""
    plan = plan or plan_latest()
    scale = ZOOMS.get(zoom, ZOOMS[DEFAULT_ZOOM])
    previous = (
        PlanVersion.objects.filter(number__lt=plan.number).order_by("-number").first()
        if plan
        else None
    )
    if plan is None:
        return Board(None, None, [], [], [], kpi_comparison(plan=None, previous=None), scale)
    span = scale.span_minutes
    origin = start_day * engine.DAY_MINUTES
    days = [
        plan.horizon_start + timedelta(days=start_day + i)
        for i in range(max(span // engine.DAY_MINUTES, 1))
    ]
    ticks = [
        GanttTick(_tick_label(scale, _at(plan, origin + m)), round(100 * m / span, 3))
        for m in range(0, span, scale.tick_minutes)
    ]
    batches = list(
        PlannedBatch.objects.filter(plan=plan, factory=factory)
        .select_related("fabric")
        .prefetch_related(Prefetch("units", queryset=PlannedUnit.objects.select_related("unit")))
        .order_by("sequence")
    )
    bars: dict[str, list[GanttBar]] = defaultdict(list)
    late_units = []
    table = []
    for batch in batches:
        units = list(batch.units.all())
        late = [u for u in units if u.lateness_minutes > 0]
        late_units.extend(
            {
                "code": u.unit.code,
                "batch": batch.key,
                "late_hours": round(u.lateness_minutes / 60, 1),
                "promised": u.unit.promised_ship_date,
            }
            for u in late
        )
        for stage in batch.stages:
            centre = work_centre_label(stage["work_centre"])
            table.append(
                TableRow(
                    batch_key=batch.key,
                    sequence=batch.sequence,
                    garment_type=garment_type_name(batch.garment_type),
                    fabric_code=batch.fabric.code,
                    units=len(units),
                    work_centre=centre,
                    start=_at(plan, stage["start"]),
                    end=_at(plan, stage["end"]),
                    setup_minutes=stage["setup_minutes"],
                    work_minutes=stage["work_minutes"],
                    released=batch.released,
                    late_units=len(late),
                )
            )
            start = max(stage["start"] - origin, 0)
            end = min(stage["end"] - origin, span)
            if end <= 0 or start >= span:
                continue
            bars[stage["work_centre"]].append(
                GanttBar(
                    batch_key=batch.key,
                    fabric_code=batch.fabric.code,
                    garment_type=batch.garment_type,
                    units=len(units),
                    late_units=len(late),
                    left_pct=round(100 * start / span, 3),
                    width_pct=round(max(100 * (end - start) / span, 0.4), 3),
                    setup_minutes=stage["setup_minutes"],
                    released=batch.released,
                    start_day=stage["start"] // engine.DAY_MINUTES,
                    title=_(
                        "%(batch)s: %(units)s × %(garment)s, %(fabric)s, %(centre)s "
                        "%(minutes)s min + setup %(setup)s min, %(start)s–%(end)s"
                    )
                    % {
                        "batch": batch.key,
                        "units": len(units),
                        "garment": garment_type_name(batch.garment_type),
                        "fabric": batch.fabric.code,
                        "centre": centre,
                        "minutes": stage["work_minutes"],
                        "setup": stage["setup_minutes"],
                        "start": _at(plan, stage["start"]).strftime("%m-%d %H:%M"),
                        "end": _at(plan, stage["end"]).strftime("%m-%d %H:%M"),
                    },
                    label=f"{batch.key} · {batch.fabric.code} ×{len(units)}",
                )
            )
    rows = [
        GanttRow(wc, bars.get(wc, []), work_centre_label(wc)) for wc in engine.DEFAULT_WORK_CENTRES
    ]
    return Board(
        plan,
        previous,
        days,
        rows,
        late_units,
        kpi_comparison(plan=plan, previous=previous),
        scale,
        start_day,
        ticks,
        table,
        _at(plan, origin),
        _at(plan, origin + span),
    )


@dataclass(frozen=True)
class BatchDetail:
    batch: PlannedBatch
    units: list[dict[str, Any]]
    stages: list[dict[str, Any]]


def planned_batch_detail(*, plan: PlanVersion, factory: Any, key: str) -> BatchDetail | None:
    """One batch of the plan at the factory with its garments (None when there is none)."""
    batch = (
        PlannedBatch.objects.filter(plan=plan, factory=factory, key=key)
        .select_related("fabric")
        .first()
    )
    if batch is None:
        return None
    units = [
        {
            "code": p.unit.code,
            "state": p.unit.get_state_display(),
            "order": p.unit.order_line.order.number,
            "promised": p.unit.promised_ship_date,
            "completes": _at(plan, p.completion_minute),
            "late_hours": round(p.lateness_minutes / 60, 1) if p.lateness_minutes > 0 else 0,
        }
        for p in PlannedUnit.objects.filter(batch=batch)
        .select_related("unit__order_line__order")
        .order_by("completion_minute", "pk")
    ]
    stages = [
        {
            "work_centre": work_centre_label(stage["work_centre"]),
            "start": _at(plan, stage["start"]),
            "end": _at(plan, stage["end"]),
            "setup_minutes": stage["setup_minutes"],
            "work_minutes": stage["work_minutes"],
        }
        for stage in batch.stages
    ]
    return BatchDetail(batch, units, stages)


def plan_run_get(*, run_id: int) -> PlanRun | None:
    return PlanRun.objects.select_related("plan").filter(pk=run_id).first()


def plan_run_text(*, run: PlanRun) -> str:
    """What a run is doing, or why it failed, in the reader's language."""
    if run.reason:
        text = str(PlanRun.Reason(run.reason).label)
        if run.reason in (PlanRun.Reason.STALE_QUEUED, PlanRun.Reason.STALE_RUNNING):
            return _(
                "%(reason)s (no progress for %(minutes)s minutes); a new replan was asked for."
            ) % {
                "reason": text,
                "minutes": run.reason_detail,
            }
        return f"{text}: {run.reason_detail}" if run.reason_detail else text
    step = str(PlanRun.Step(run.step).label)
    if run.step == PlanRun.Step.SOLVING and run.units:
        return _("%(step)s: %(units)s garments") % {"step": step, "units": run.units}
    return step


def runs_recent(*, limit: int = 5) -> list[dict[str, Any]]:
    """The latest replans with their status and, for a failure, the reason."""
    return [
        {"run": run, "text": plan_run_text(run=run)}
        for run in PlanRun.objects.select_related("plan").order_by("-requested_at", "-pk")[:limit]
    ]


def units_needing_attention(*, limit: int = 50) -> list[Any]:
    """Paid units that no factory could take, with the reason routing gave (oldest first)."""

    return list(
        ProductionUnit.objects.filter(needs_attention=True, state="paid").order_by("created_at")[
            :limit
        ]
    )
