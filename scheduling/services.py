"""Replanning the factory network: build the problem, run the engine, keep the plan as a
new version. Batches go to the factories at their release cut-off (``scheduling.release``).

A replan run goes ``queued → running → done | failed`` (``skipped`` when another run
saved a newer plan first). Its status and progress are committed on their own, so the
planning board sees them while the plan is computed; the problem is built and solved
outside any transaction, and the planning lock is held only to save the plan.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from dataclasses import asdict
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from celery import group
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from config.celery import app
from factory.calendars import factory_calendar_load
from factory.models import Factory
from orders.models import ProductionUnit
from orders.notes import note_make
from orders.services import unit_factory_move, unit_note, unit_transition
from orders.states import UnitState
from scheduling import engine
from scheduling.adapters import BuiltProblem, problem_build, unplanned_note
from scheduling.models import (
    FactoryRelease,
    PlannedBatch,
    PlannedUnit,
    PlanRun,
    PlanRunPart,
    PlanVersion,
)
from scheduling.release import planning_lock, releases_due
from scheduling.replay import problem_from_json, problem_to_json, result_from_json, result_to_json
from scheduling.requests import replan_postpone

logger = logging.getLogger(__name__)

#: A running replan writes its progress (and so shows it is alive) this often.
HEARTBEAT_SECONDS = 1.0


def _stages_json(batch: engine.Batch) -> list[dict[str, Any]]:
    return [
        {**asdict(stage), "allocations": [list(a) for a in stage.allocations]}
        for stage in batch.stages
    ]


def _run_update(run_id: int, **fields: Any) -> None:
    """Commit a run's status or progress at once (never inside the planning transaction)."""
    PlanRun.objects.filter(pk=run_id).update(**fields)


class _Heartbeat:
    """While the engine solves, move the run's progress from ``low`` to ``high`` with the
    share of the time limit spent, and keep its heartbeat fresh. Its own thread and
    database connection, so each write is committed and seen at once."""

    def __init__(
        self, *, run_id: int, low: int, high: int, seconds: float, progress: bool = True
    ) -> None:
        self.run_id, self.low, self.high, self.seconds = run_id, low, high, max(seconds, 0.1)
        #: False: only the heartbeat (a factory's part: the parts' join moves the progress).
        self.progress = progress
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"replan-{run_id}", daemon=True)

    def _beat(self) -> None:
        started = time.monotonic()
        try:
            while not self._stop.wait(HEARTBEAT_SECONDS):
                share = min(1.0, (time.monotonic() - started) / self.seconds)
                fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
                if self.progress:
                    fields["progress"] = int(self.low + (self.high - self.low) * share)
                PlanRun.objects.filter(pk=self.run_id, status=PlanRun.Status.RUNNING).update(
                    **fields
                )
        finally:
            connection.close()

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def plan_run_start(*, run_id: int) -> PlanRun | None:
    """Claim a queued run (``queued → running``); None if it is not queued any more (a
    redelivered message, a run the sweeper failed): then nothing is done."""
    now = timezone.now()
    claimed = PlanRun.objects.filter(pk=run_id, status=PlanRun.Status.QUEUED).update(
        status=PlanRun.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        progress=5,
        step=PlanRun.Step.READING,
    )
    return PlanRun.objects.get(pk=run_id) if claimed else None


def plan_run_fail(*, run_id: int, reason: str, detail: str = "") -> None:
    _run_update(
        run_id,
        status=PlanRun.Status.FAILED,
        reason=reason,
        reason_detail=detail[:300],
        finished_at=timezone.now(),
    )


def _units_planned(
    *, built: BuiltProblem, plan: PlanVersion, rows: dict[str, PlannedBatch]
) -> None:
    """Planned units learn their batch's start and so their change cut-off."""
    calendars = {code: factory_calendar_load(factory=f) for code, f in built.factories.items()}
    live = dict(
        ProductionUnit.objects.filter(pk__in=[int(u) for u in built.units]).values_list(
            "pk", "state"
        )
    )
    still_planned: dict[datetime, list[int]] = defaultdict(list)  # cut-off -> units
    for key, row in rows.items():
        if row.released:
            continue
        start_day = plan.horizon_start + timedelta(days=row.start_minute // engine.DAY_MINUTES)
        cutoff = calendars[row.factory.code].cutoff_for(start_day)
        for planned in row.units.all():
            unit = built.units[str(planned.unit_id)]
            state = live.get(unit.pk)
            if state == UnitState.ROUTED:
                unit_transition(
                    unit_id=unit.pk,
                    to_state=UnitState.PLANNED,
                    actor_label="planner",
                    note=note_make(
                        code="planned_in_batch",
                        params={"batch": key, "factory": row.factory.code, "plan": plan.number},
                    ),
                    changes={"changes_until": cutoff},
                )
            elif state == UnitState.PLANNED:
                still_planned[cutoff].append(unit.pk)
    for cutoff, unit_ids in still_planned.items():  # one statement per cut-off, not per unit
        ProductionUnit.objects.filter(pk__in=unit_ids).update(changes_until=cutoff)


def plan_persist(
    *,
    built: BuiltProblem,
    result: engine.Result,
    seed: int,
    max_iterations: int | None,
    split: bool = False,
) -> PlanVersion:
    """Write the plan as a new version and move its units to planned.

    Released (frozen) batches keep their keys; a new batch gets a key no earlier plan
    used (plan number and sequence), so a key always names one batch. Units that were
    cancelled while the plan was computed are left out.
    """
    last = PlanVersion.objects.select_for_update().order_by("-number").first()
    number = (last.number + 1) if last else 1
    plan = PlanVersion.objects.create(
        number=number,
        horizon_start=built.horizon_start,
        horizon_days=built.problem.horizon_days,
        seed=seed,
        max_iterations=max_iterations,
        iterations=result.iterations,
        problem=problem_to_json(built.problem),
        runtime_seconds=result.runtime,
        kpis=asdict(result.kpis),
        unplanned=[asdict(u) for u in result.unplanned],
        split=split,
    )
    frozen_keys = {b.id for b in built.problem.frozen}
    unit_results = {r.unit_id: r for r in result.units}
    moved = {unit_id: to for unit_id, _from, to in result.moved_units}
    plannable = set(
        ProductionUnit.objects.filter(
            pk__in=[int(u) for u in built.units],
            state__in=(UnitState.ROUTED, UnitState.PLANNED),
        ).values_list("pk", flat=True)
    )
    rows: dict[str, PlannedBatch] = {}
    for batch in result.batches:
        frozen = batch.id in frozen_keys
        unit_ids = [u for u in batch.unit_ids if frozen or int(u) in plannable]
        if not unit_ids:
            continue
        factory = built.factories[batch.factory]
        key = batch.id if frozen else f"{batch.factory}-{number}-{batch.sequence}"
        row = PlannedBatch.objects.create(
            plan=plan,
            key=key,
            factory=factory,
            garment_type=batch.garment_type,
            fabric_id=int(batch.fabric),
            sequence=batch.sequence,
            stages=_stages_json(batch),
            start_minute=batch.stages[0].start if batch.stages else 0,
            end_minute=batch.stages[-1].end if batch.stages else 0,
            setup_minutes=sum(s.setup_minutes for s in batch.stages),
            released=frozen,
        )
        PlannedUnit.objects.bulk_create(
            PlannedUnit(
                plan=plan,
                batch=row,
                unit=built.units[uid],
                completion_minute=unit_results[uid].completion,
                lateness_minutes=unit_results[uid].lateness,
            )
            for uid in unit_ids
            if uid in unit_results
        )
        rows[key] = row
        for uid in unit_ids:
            unit = built.units[uid]
            if uid in moved and unit.factory.code != batch.factory and not frozen:
                unit_factory_move(unit_id=unit.pk, factory_id=factory.pk)
                unit_note(
                    unit=unit,
                    note=note_make(
                        code="planner_moved",
                        params={"from": unit.factory.code, "to": batch.factory},
                    ),
                    actor_label="planner",
                )
    _units_planned(built=built, plan=plan, rows=rows)
    for missing in result.unplanned:
        unit = built.units.get(missing.unit_id)
        if unit is not None and int(missing.unit_id) in plannable:
            unit_note(
                unit=unit,
                note=unplanned_note(unplanned=missing),
                actor_label="planner",
            )
    return plan


def _release_mark() -> int:
    return FactoryRelease.objects.aggregate(last=Max("pk"))["last"] or 0


def network_replan(
    *,
    run_id: int | None = None,
    seed: int = 1,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    at: datetime | None = None,
) -> PlanVersion | None:
    """Replan every factory; returns the new plan version, or None when the run was not
    queued (already taken), failed, or was overtaken by a newer plan or a release (then it
    ends ``skipped``; units it alone had seen are found by the sweeper).

    Without ``run_id`` (tests, commands) a run record is made here and run at once.
    """
    if run_id is None:
        now = timezone.now()
        run: PlanRun | None = PlanRun.objects.create(
            status=PlanRun.Status.RUNNING,
            trigger=PlanRun.Trigger.STAFF,
            step=PlanRun.Step.READING,
            started_at=now,
            heartbeat_at=now,
        )
    else:
        waiting = PlanRun.objects.filter(pk=run_id, status=PlanRun.Status.QUEUED).first()
        others = PlanRun.objects.filter(status=PlanRun.Status.RUNNING).exclude(pk=run_id)
        # Planning side by side would only see the later run overtaken and skipped.
        if waiting is not None and others.exists() and replan_postpone(run=waiting):
            return None
        run = plan_run_start(run_id=run_id)
    if run is None:
        return None
    return plan_run_execute(
        run=run, seed=seed, time_limit=time_limit, max_iterations=max_iterations, at=at
    )


def _planning_mode(built: BuiltProblem) -> str:
    """``whole``: the network as one problem, here; ``split``: factory by factory, here
    (a large network without a broker); ``fan_out``: factory by factory on the planning
    workers (a large network of several factories, tasks going through the broker)."""
    problem = built.problem
    if len(problem.units) < settings.SCHEDULING_PARALLEL_MIN_UNITS or len(problem.factories) < 2:
        return "whole"
    return "split" if app.conf.task_always_eager else "fan_out"


def plan_run_execute(
    *,
    run: PlanRun,
    seed: int = 1,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    at: datetime | None = None,
) -> PlanVersion | None:
    """Plan for a run already claimed (running): see ``network_replan``. A large network
    is planned factory by factory: sent to the planning workers (``plan_run_fan_out``;
    then None is returned and the run goes on there), or here without a broker."""
    time_limit = settings.SCHEDULING_TIME_LIMIT if time_limit is None else time_limit
    if max_iterations is None:
        max_iterations = settings.SCHEDULING_MAX_ITERATIONS
    try:
        at = at or timezone.now()
        releases_due(at=at)
        _run_update(run.pk, step=PlanRun.Step.READING, progress=10)
        previous = PlanVersion.objects.order_by("-number").first()
        mark = _release_mark()
        built = problem_build(at=at, previous=previous)
        _run_update(run.pk, step=PlanRun.Step.SOLVING, progress=20, units=len(built.problem.units))
        mode = _planning_mode(built)
        if mode == "fan_out" and plan_run_fan_out(
            run_id=run.pk,
            built=built,
            previous_number=previous.number if previous else 0,
            mark=mark,
            seed=seed,
            time_limit=time_limit,
            max_iterations=max_iterations,
        ):
            return None
        solver = engine.solve if mode == "whole" else engine.solve_split
        with _Heartbeat(run_id=run.pk, low=20, high=90, seconds=time_limit):
            result = solver(
                built.problem,
                seed=seed,
                time_limit=time_limit,
                max_iterations=max_iterations,
                stall_iterations=settings.SCHEDULING_STALL_ITERATIONS,
            )
        _run_update(run.pk, step=PlanRun.Step.SAVING, progress=90, heartbeat_at=timezone.now())
        return _plan_save(
            run_id=run.pk,
            built=built,
            result=result,
            previous_number=previous.number if previous else 0,
            mark=mark,
            seed=seed,
            max_iterations=max_iterations,
            split=mode != "whole",
        )
    except SoftTimeLimitExceeded:
        plan_run_fail(run_id=run.pk, reason=PlanRun.Reason.TIME_LIMIT)
        return None
    except Exception as error:
        logger.exception("replan %s failed", run.pk)
        plan_run_fail(
            run_id=run.pk,
            reason=PlanRun.Reason.ENGINE_ERROR,
            detail=f"{type(error).__name__}: {error}",
        )
        return None


def _plan_save(
    *,
    run_id: int,
    built: BuiltProblem,
    result: engine.Result,
    previous_number: int,
    mark: int,
    seed: int,
    max_iterations: int | None,
    split: bool,
) -> PlanVersion | None:
    """Save the plan and finish the run, in one transaction under the planning lock;
    skipped (None) when a newer plan or a release came first, nothing done when the run
    is no longer running (failed meanwhile, or already saved by a redelivered task)."""
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != PlanRun.Status.RUNNING:
            return None
        planning_lock()
        latest = PlanVersion.objects.order_by("-number").values_list("number", flat=True)
        overtaken = (latest.first() or 0) != previous_number
        finished = {"progress": 100, "step": PlanRun.Step.FINISHED, "finished_at": timezone.now()}
        if overtaken or _release_mark() != mark:
            _run_update(
                run_id,
                status=PlanRun.Status.SKIPPED,
                reason=PlanRun.Reason.SUPERSEDED,
                **finished,
            )
            return None
        plan = plan_persist(
            built=built, result=result, seed=seed, max_iterations=max_iterations, split=split
        )
        _run_update(run_id, status=PlanRun.Status.DONE, plan=plan, **finished)
        return plan


# --- A large network, factory by factory on several workers ----------------------------


def _parts_send(part_ids: list[int]) -> None:
    group(app.signature("scheduling.plan_part_solve", args=[pk]) for pk in part_ids).apply_async()


def plan_run_fan_out(
    *,
    run_id: int,
    built: BuiltProblem,
    previous_number: int,
    mark: int,
    seed: int,
    time_limit: float,
    max_iterations: int | None,
) -> bool:
    """Split the network into its factories' parts (``engine.factory_split``) and send
    one task per part to the planning workers (a Celery group, after commit). The run
    keeps what the assembly needs; it stays running until the last part is done
    (``plan_parts_join``). False (nothing done) when the network has fewer than two
    parts: then it is planned here."""
    split = engine.factory_split(built.problem)
    if len(split.parts) < 2:
        return False
    with transaction.atomic():
        PlanRun.objects.filter(pk=run_id).update(
            heartbeat_at=timezone.now(),
            fan_out={
                "problem": problem_to_json(built.problem),
                "horizon_start": built.horizon_start.isoformat(),
                "previous": previous_number,
                "mark": mark,
                "seed": seed,
                "time_limit": time_limit,
                "max_iterations": max_iterations,
                "unplanned": [asdict(u) for u in split.unplanned],
                "moved": [list(m) for m in split.moved],
            },
        )
        parts = [
            PlanRunPart.objects.create(
                run_id=run_id,
                index=i,
                factory_code=part.factories[0].id,
                problem=problem_to_json(part),
            )
            for i, part in enumerate(split.parts)
        ]
        transaction.on_commit(partial(_parts_send, [p.pk for p in parts]))
    return True


def plan_part_solve(*, part_id: int) -> None:
    """Solve one factory's part (a task per part; idempotent: a part already done only
    joins again, a part of a run no longer running does nothing). A failure fails the
    run with the factory named; the other parts' plans are then never saved."""
    part = PlanRunPart.objects.select_related("run").filter(pk=part_id).first()
    if part is None or part.status == PlanRunPart.Status.FAILED:
        return
    run = part.run
    if part.status == PlanRunPart.Status.DONE:
        plan_parts_join(run_id=run.pk)
        return
    if run.status != PlanRun.Status.RUNNING or not run.fan_out:
        return
    fan = run.fan_out
    try:
        with _Heartbeat(run_id=run.pk, low=0, high=0, seconds=fan["time_limit"], progress=False):
            result = engine.solve(
                problem_from_json(part.problem),
                seed=fan["seed"],
                time_limit=fan["time_limit"],
                max_iterations=fan["max_iterations"],
                stall_iterations=settings.SCHEDULING_STALL_ITERATIONS,
            )
    except SoftTimeLimitExceeded:
        _part_fail(part=part, reason=PlanRun.Reason.TIME_LIMIT, detail=part.factory_code)
        return
    except Exception as error:
        logger.exception("replan %s: part %s failed", run.pk, part.factory_code)
        _part_fail(
            part=part,
            reason=PlanRun.Reason.ENGINE_ERROR,
            detail=f"{part.factory_code}: {type(error).__name__}: {error}",
        )
        return
    PlanRunPart.objects.filter(pk=part.pk, status=PlanRunPart.Status.QUEUED).update(
        status=PlanRunPart.Status.DONE, result=result_to_json(result), finished_at=timezone.now()
    )
    plan_parts_join(run_id=run.pk)


def _part_fail(*, part: PlanRunPart, reason: str, detail: str) -> None:
    PlanRunPart.objects.filter(pk=part.pk, status=PlanRunPart.Status.QUEUED).update(
        status=PlanRunPart.Status.FAILED, error=detail[:300], finished_at=timezone.now()
    )
    PlanRun.objects.filter(pk=part.run_id, status=PlanRun.Status.RUNNING).update(
        status=PlanRun.Status.FAILED,
        reason=reason,
        reason_detail=detail[:300],
        finished_at=timezone.now(),
    )


def _assemble_send(run_id: int) -> None:
    app.signature("scheduling.plan_parts_assemble", args=[run_id]).apply_async()


def plan_parts_join(*, run_id: int) -> None:
    """After a part is done: the run's progress moves with the parts done; when the last
    is, the assembly is sent (after commit). The run row's lock orders the parts."""
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != PlanRun.Status.RUNNING or run.step != PlanRun.Step.SOLVING:
            return
        statuses = list(run.parts.values_list("status", flat=True))
        done = statuses.count(PlanRunPart.Status.DONE)
        if done < len(statuses):
            _run_update(
                run_id, progress=20 + 70 * done // len(statuses), heartbeat_at=timezone.now()
            )
            return
        _run_update(run_id, step=PlanRun.Step.SAVING, progress=90, heartbeat_at=timezone.now())
        transaction.on_commit(partial(_assemble_send, run_id))


def _built_again(problem: engine.ProblemData, horizon_start: date) -> BuiltProblem:
    units = ProductionUnit.objects.filter(pk__in=[int(u.id) for u in problem.units])
    return BuiltProblem(
        problem=problem,
        horizon_start=horizon_start,
        units={str(u.pk): u for u in units.select_related("factory")},
        factories={
            f.code: f for f in Factory.objects.filter(code__in=[f.id for f in problem.factories])
        },
    )


def plan_parts_assemble(*, run_id: int) -> PlanVersion | None:
    """The parts' plans merged into one plan version, saved as ``network_replan`` saves
    one (one transaction, planning lock, skipped when overtaken). Idempotent: a run no
    longer running, or not every part done, does nothing."""
    run = PlanRun.objects.filter(
        pk=run_id, status=PlanRun.Status.RUNNING, step=PlanRun.Step.SAVING
    ).first()
    if run is None or not run.fan_out:
        return None
    parts = list(run.parts.order_by("index"))
    if any(p.status != PlanRunPart.Status.DONE for p in parts):
        return None
    fan = run.fan_out
    try:
        problem = problem_from_json(fan["problem"])
        split = engine.Split(
            parts=tuple(problem_from_json(p.problem) for p in parts),
            unplanned=tuple(engine.Unplanned(**u) for u in fan["unplanned"]),
            moved=tuple((a, b, c) for a, b, c in fan["moved"]),
        )
        result = engine.results_merge(problem, split, [result_from_json(p.result) for p in parts])
        return _plan_save(
            run_id=run_id,
            built=_built_again(problem, date.fromisoformat(fan["horizon_start"])),
            result=result,
            previous_number=fan["previous"],
            mark=fan["mark"],
            seed=fan["seed"],
            max_iterations=fan["max_iterations"],
            split=True,
        )
    except Exception as error:
        logger.exception("replan %s: assembly failed", run_id)
        plan_run_fail(
            run_id=run_id,
            reason=PlanRun.Reason.ENGINE_ERROR,
            detail=f"{type(error).__name__}: {error}",
        )
        return None
