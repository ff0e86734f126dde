"""Reads for the planning board: a factory's batches laid out as a Gantt, and KPIs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factory.models import WorkCentreKind
from factory.selectors import calendar_warnings  # noqa: F401  (the board shows them)
from scheduling import engine
from scheduling.models import PlannedBatch, PlannedUnit, PlanRun, PlanVersion
from shop.tailoring.choices import GARMENT_TYPE_LABELS, GarmentType

BOARD_DAYS = 14


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


@dataclass(frozen=True)
class GanttRow:
    work_centre: str
    bars: list[GanttBar] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The work centre's name in the reader's language."""
        return work_centre_name(self.work_centre)


def work_centre_name(code: str) -> str:
    return str(WorkCentreKind(code).label) if code in WorkCentreKind.values else code


def garment_type_name(code: str) -> str:
    known = {member.value for member in GarmentType}
    return str(GARMENT_TYPE_LABELS[GarmentType(code)]) if code in known else code


@dataclass(frozen=True)
class Board:
    plan: PlanVersion | None
    previous: PlanVersion | None
    days: list[date]
    rows: list[GanttRow]
    late_units: list[dict[str, Any]]
    kpi_rows: list[dict[str, Any]]


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


def planning_board(*, factory: Any, plan: PlanVersion | None = None) -> Board:
    """The latest plan's batches at one factory, per work centre, over the next two weeks."""
    plan = plan or plan_latest()
    previous = (
        PlanVersion.objects.filter(number__lt=plan.number).order_by("-number").first()
        if plan
        else None
    )
    if plan is None:
        return Board(None, None, [], [], [], kpi_comparison(plan=None, previous=None))
    span = BOARD_DAYS * engine.DAY_MINUTES
    days = [plan.horizon_start + timedelta(days=i) for i in range(BOARD_DAYS)]
    batches = list(
        PlannedBatch.objects.filter(plan=plan, factory=factory)
        .select_related("fabric")
        .prefetch_related(Prefetch("units", queryset=PlannedUnit.objects.select_related("unit")))
        .order_by("sequence")
    )
    bars: dict[str, list[GanttBar]] = defaultdict(list)
    late_units = []
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
            start, end = max(stage["start"], 0), min(stage["end"], span)
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
                    start_day=start // engine.DAY_MINUTES,
                    title=_(
                        "%(batch)s: %(units)s × %(garment)s, %(fabric)s, %(centre)s "
                        "%(work)s min + setup %(setup)s min"
                    )
                    % {
                        "batch": batch.key,
                        "units": len(units),
                        "garment": garment_type_name(batch.garment_type),
                        "fabric": batch.fabric.code,
                        "centre": work_centre_name(stage["work_centre"]),
                        "work": stage["work_minutes"],
                        "setup": stage["setup_minutes"],
                    },
                )
            )
    rows = [GanttRow(wc, bars.get(wc, [])) for wc in engine.DEFAULT_WORK_CENTRES]
    return Board(
        plan, previous, days, rows, late_units, kpi_comparison(plan=plan, previous=previous)
    )


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
    from orders.models import ProductionUnit

    return list(
        ProductionUnit.objects.filter(needs_attention=True, state="paid").order_by("created_at")[
            :limit
        ]
    )
