from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.engine import (
    Factory,
    ProblemData,
    SetupRule,
    Unit,
    WorkCentreCalendar,
    plan_violations,
    solve,
)

DAY = 1440
WCS = ("cutting", "sewing", "packing")


@st.composite
def problems(draw: st.DrawFn) -> ProblemData:
    days = draw(st.integers(2, 8))
    n_fac = draw(st.integers(1, 3))
    factories = []
    for i in range(n_fac):
        cals = tuple(
            WorkCentreCalendar(
                work_centre=wc,
                daily_minutes=tuple(
                    draw(st.sampled_from((0, 120, 480, 1440, 3000))) for _ in range(days)
                ),
            )
            for wc in WCS
        )
        factories.append(
            Factory(
                id=f"F{i}",
                garment_types=tuple(
                    draw(st.lists(st.sampled_from(("shirt", "jacket")), min_size=1, unique=True))
                ),
                calendars=cals,
                max_batch_units=draw(st.integers(1, 4)),
                max_batch_cut_minutes=draw(st.sampled_from((None, 20, 60))),
            )
        )
    n = draw(st.integers(0, 14))
    units = []
    for j in range(n):
        rel = draw(st.integers(0, days * DAY))
        home = draw(st.sampled_from([*(f.id for f in factories), None]))
        units.append(
            Unit(
                id=f"U{j}",
                garment_type=draw(st.sampled_from(("shirt", "jacket", "coat"))),
                fabric=draw(st.sampled_from(("A", "B", "C"))),
                minutes=tuple(draw(st.integers(0, 300)) for _ in WCS),
                release=rel,
                due=rel + draw(st.integers(-DAY, 4 * DAY)),
                weight=float(draw(st.integers(1, 5))),
                factory=home,
                alternatives=tuple(
                    draw(st.lists(st.sampled_from([f.id for f in factories]), unique=True))
                ),
            )
        )
    setups = (
        SetupRule(work_centre="cutting", attribute="fabric", minutes=draw(st.integers(0, 60))),
        SetupRule(work_centre="sewing", attribute="garment_type", minutes=draw(st.integers(0, 60))),
    )
    return ProblemData(
        units=tuple(units),
        factories=tuple(factories),
        horizon_days=days,
        work_centres=WCS,
        setups=setups,
    )


FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FAST
@given(problems(), st.integers(0, 3))
def test_random_plans_satisfy_invariants(problem: ProblemData, seed: int) -> None:
    result = solve(problem, seed=seed, time_limit=0.05, max_iterations=300)
    assert plan_violations(problem, result) == []
    covered = [u for b in result.batches for u in b.unit_ids] + [
        u.unit_id for u in result.unplanned
    ]
    assert sorted(covered) == sorted(u.id for u in problem.units)
    assert all(u.reason for u in result.unplanned)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3))
def test_frozen_batches_survive_replanning(problem: ProblemData, seed: int) -> None:
    first = solve(problem, seed=seed, time_limit=0.05, max_iterations=200)
    frozen = tuple(b for b in first.batches if b.sequence % 2 == 0 and b.sequence < 3)
    again = replace(problem, frozen=frozen)
    second = solve(again, seed=seed + 1, time_limit=0.05, max_iterations=200)
    assert plan_violations(again, second) == []
    by_id = {b.id: b for b in second.batches}
    for b in frozen:
        assert by_id[b.id] == b


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3))
def test_deterministic_for_seed(problem: ProblemData, seed: int) -> None:
    a = solve(problem, seed=seed, time_limit=60.0, max_iterations=200)
    b = solve(problem, seed=seed, time_limit=60.0, max_iterations=200)
    assert a.batches == b.batches
    assert a.unplanned == b.unplanned
