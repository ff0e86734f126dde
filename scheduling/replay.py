"""A stored plan, recomputed: the problem as plain JSON (kept with each plan version) and
back, and a re-solve with the same seed and move budget compared with what was stored."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings

from scheduling import engine


def problem_to_json(problem: engine.ProblemData) -> dict[str, Any]:
    return asdict(problem)


def _slot(data: dict[str, Any]) -> engine.StageSlot:
    return engine.StageSlot(
        **{**data, "allocations": tuple(tuple(a) for a in data["allocations"])}  # type: ignore[arg-type]
    )


def _batch(data: dict[str, Any]) -> engine.Batch:
    return engine.Batch(
        **{
            **data,
            "unit_ids": tuple(data["unit_ids"]),
            "stages": tuple(_slot(s) for s in data["stages"]),
        }
    )


def result_to_json(result: engine.Result) -> dict[str, Any]:
    return asdict(result)


def result_from_json(data: dict[str, Any]) -> engine.Result:
    return engine.Result(
        batches=tuple(_batch(b) for b in data["batches"]),
        units=tuple(engine.UnitResult(**u) for u in data["units"]),
        unplanned=tuple(engine.Unplanned(**u) for u in data["unplanned"]),
        kpis=engine.KPIs(**data["kpis"]),
        seed=data["seed"],
        runtime=data["runtime"],
        iterations=data["iterations"],
        moved_units=tuple(tuple(m) for m in data["moved_units"]),  # type: ignore[misc]
    )


def problem_from_json(data: dict[str, Any]) -> engine.ProblemData:
    return engine.ProblemData(
        units=tuple(
            engine.Unit(
                **{
                    **u,
                    "minutes": tuple(u["minutes"]),
                    "alternatives": tuple(u["alternatives"]),
                }
            )
            for u in data["units"]
        ),
        factories=tuple(
            engine.Factory(
                **{
                    **f,
                    "garment_types": tuple(f["garment_types"]),
                    "calendars": tuple(
                        engine.WorkCentreCalendar(
                            work_centre=c["work_centre"], daily_minutes=tuple(c["daily_minutes"])
                        )
                        for c in f["calendars"]
                    ),
                }
            )
            for f in data["factories"]
        ),
        horizon_days=data["horizon_days"],
        work_centres=tuple(data["work_centres"]),
        setups=tuple(
            engine.SetupRule(
                **{
                    **r,
                    "families": tuple(tuple(x) for x in r["families"]),
                    "pairs": tuple(tuple(x) for x in r["pairs"]),
                }
            )
            for r in data["setups"]
        ),
        frozen=tuple(_batch(b) for b in data["frozen"]),
        day_minutes=data["day_minutes"],
    )


@dataclass(frozen=True)
class Replay:
    plan_number: int
    same: bool
    differences: list[str]
    iterations_stored: int
    iterations_now: int
    violations: list[str]


def _batches_of(plan: Any) -> dict[str, tuple[Any, ...]]:
    """Stored batches by the unit ids they hold (keys differ: new batches are renamed)."""
    found = {}
    for batch in plan.batches.prefetch_related("units").order_by("factory__code", "sequence"):
        units = tuple(sorted(str(u.unit_id) for u in batch.units.all()))
        found[units] = (batch.factory.code, batch.sequence, batch.stages)
    return found


def plan_replay(*, plan: Any, time_limit: float = 3600.0) -> Replay:
    """Solve the stored problem again with the stored seed and move budget, and compare
    each batch (factory, position, units, stage times) with the stored plan."""
    problem = problem_from_json(plan.problem)
    result = (engine.solve_split if plan.split else engine.solve)(
        problem,
        seed=plan.seed,
        time_limit=time_limit,
        max_iterations=plan.max_iterations,
        stall_iterations=settings.SCHEDULING_STALL_ITERATIONS,
    )
    stored = _batches_of(plan)
    now = {
        tuple(sorted(b.unit_ids)): (
            b.factory,
            b.sequence,
            [{**asdict(s), "allocations": [list(a) for a in s.allocations]} for s in b.stages],
        )
        for b in result.batches
    }
    differences = []
    for units, before in stored.items():
        after = now.get(units)
        if after is None:
            differences.append(f"batch of units {', '.join(units)} is not in the replay")
        elif after != before:
            differences.append(f"batch of units {', '.join(units)}: {before[:2]} -> {after[:2]}")
    for units in now.keys() - stored.keys():
        # A unit cancelled before the plan was saved is left out of the stored batch.
        if not any(set(units) >= set(s) for s in stored):
            differences.append(f"replay has a batch of units {', '.join(units)} not stored")
    return Replay(
        plan_number=plan.number,
        same=not differences and result.iterations == plan.iterations,
        differences=differences,
        iterations_stored=plan.iterations,
        iterations_now=result.iterations,
        violations=engine.plan_violations(problem, result),
    )
