"""Replanning the factory network: build the problem, run the engine, keep the plan as a
new version, release what enters the frozen horizon. One replan at a time."""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from orders.models import ProductionUnit
from orders.services import unit_note, unit_transition
from orders.states import UnitState
from scheduling import engine
from scheduling.adapters import BuiltProblem, problem_build
from scheduling.models import PlannedBatch, PlannedUnit, PlanRun, PlanVersion

logger = logging.getLogger(__name__)

#: Batches that start within this many working days are released to the factory.
FROZEN_WORKING_DAYS = 2
#: An arbitrary, fixed key for PostgreSQL's advisory lock on planning.
PLANNING_LOCK_KEY = 7_310_442_001


class PlanningBusy(Exception):
    """Another replan holds the planning lock; this one did nothing."""


def _planning_lock() -> bool:
    """Take the planning lock for the current transaction (PostgreSQL); False if taken.

    SQLite lets one writer at a time anyway, so there the lock is the database's.
    """
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [PLANNING_LOCK_KEY])
        return bool(cursor.fetchone()[0])


def _frozen_until(start: date) -> int:
    """Clock minute (from ``start``) at which the frozen horizon ends."""
    day, working = start, 0
    while working < FROZEN_WORKING_DAYS:
        day += timedelta(days=1)
        if day.weekday() < 5:
            working += 1
    return (day - start).days * engine.DAY_MINUTES


def _stages_json(batch: engine.Batch) -> list[dict[str, Any]]:
    return [
        {**asdict(stage), "allocations": [list(a) for a in stage.allocations]}
        for stage in batch.stages
    ]


def _progress(run: PlanRun | None, percent: int, message: str) -> None:
    if run is not None:
        PlanRun.objects.filter(pk=run.pk).update(progress=percent, message=message[:200])


def plan_persist(*, built: BuiltProblem, result: engine.Result, seed: int) -> PlanVersion:
    """Write the plan as a new version, move units to planned, release frozen batches."""
    last = PlanVersion.objects.select_for_update().order_by("-number").first()
    plan = PlanVersion.objects.create(
        number=(last.number + 1) if last else 1,
        horizon_start=built.horizon_start,
        horizon_days=built.problem.horizon_days,
        seed=seed,
        runtime_seconds=result.runtime,
        kpis=asdict(result.kpis),
        unplanned=[asdict(u) for u in result.unplanned],
    )
    frozen_keys = {b.id for b in built.problem.frozen}
    frozen_until = _frozen_until(built.horizon_start)
    unit_results = {r.unit_id: r for r in result.units}
    moved = {unit_id: to for unit_id, _from, to in result.moved_units}
    for batch in result.batches:
        factory = built.factories[batch.factory]
        start = batch.stages[0].start if batch.stages else 0
        end = batch.stages[-1].end if batch.stages else 0
        released = batch.id in frozen_keys or start < frozen_until
        row = PlannedBatch.objects.create(
            plan=plan,
            key=batch.id,
            factory=factory,
            garment_type=batch.garment_type,
            fabric_id=int(batch.fabric),
            sequence=batch.sequence,
            stages=_stages_json(batch),
            start_minute=start,
            end_minute=end,
            setup_minutes=sum(s.setup_minutes for s in batch.stages),
            released=released,
        )
        PlannedUnit.objects.bulk_create(
            PlannedUnit(
                plan=plan,
                batch=row,
                unit=built.units[uid],
                completion_minute=unit_results[uid].completion,
                lateness_minutes=unit_results[uid].lateness,
            )
            for uid in batch.unit_ids
        )
        for uid in batch.unit_ids:
            unit = built.units[uid]
            if uid in moved and unit.factory.code != batch.factory:
                ProductionUnit.objects.filter(pk=unit.pk).update(factory=factory)
                unit_note(
                    unit=unit,
                    reason=f"Moved from {unit.factory.code} to {batch.factory} by the planner "
                    "to keep the promised date.",
                    actor_label="planner",
                )
            if unit.state == UnitState.ROUTED:
                unit_transition(
                    unit_id=unit.pk,
                    to_state=UnitState.PLANNED,
                    actor_label="planner",
                    reason=f"Batch {batch.id} at {batch.factory} in plan {plan.number}.",
                )
        if released and batch.id not in frozen_keys:
            batch_release(batch=row, unit_ids=[int(u) for u in batch.unit_ids])
    for missing in result.unplanned:
        unit = built.units.get(missing.unit_id)
        if unit is not None:
            unit_note(unit=unit, reason=f"Not planned: {missing.reason}", actor_label="planner")
    return plan


def batch_release(*, batch: PlannedBatch, unit_ids: list[int]) -> Any:
    """The batch becomes a work order for its factory; its units become released."""
    from factory.models import WorkOrder

    order = WorkOrder.objects.create(
        code=f"WO-{batch.factory.code}-{batch.plan.number}-{batch.sequence}",
        factory=batch.factory,
        plan_batch=batch,
        garment_type=batch.garment_type,
        fabric_id=batch.fabric_id,
    )
    order.units.set(unit_ids)
    for unit_id in unit_ids:
        unit_transition(
            unit_id=unit_id,
            to_state=UnitState.RELEASED,
            actor_label="planner",
            reason=f"Released to {batch.factory.code} in work order {order.code}.",
            expected_from={UnitState.PLANNED},
        )
    return order


def network_replan(
    *, seed: int = 1, time_limit: float = 5.0, today: date | None = None, run_id: int | None = None
) -> PlanVersion | None:
    """Replan every factory, as one transaction under the planning lock.

    Returns the new plan version, or None when another replan was running (then this
    one changed nothing; the running one, or the next beat, covers the new units).
    """
    run = PlanRun.objects.filter(pk=run_id).first() if run_id else None
    today = today or timezone.localdate()
    with transaction.atomic():
        if not _planning_lock():
            if run is not None:
                PlanRun.objects.filter(pk=run.pk).update(
                    status=PlanRun.Status.SKIPPED, progress=100, finished_at=timezone.now()
                )
            return None
        if run is not None:
            PlanRun.objects.filter(pk=run.pk).update(status=PlanRun.Status.RUNNING)
        _progress(run, 10, "Reading units, factories and calendars")
        previous = PlanVersion.objects.order_by("-number").first()
        built = problem_build(start=today, previous=previous)
        _progress(run, 30, f"Planning {len(built.problem.units)} units")
        result = engine.solve(built.problem, seed=seed, time_limit=time_limit)
        _progress(run, 80, "Saving the plan and releasing batches")
        plan = plan_persist(built=built, result=result, seed=seed)
    if run is not None:
        PlanRun.objects.filter(pk=run.pk).update(
            status=PlanRun.Status.DONE, progress=100, plan=plan, finished_at=timezone.now()
        )
    return plan
