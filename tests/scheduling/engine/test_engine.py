from __future__ import annotations

import itertools
import random
import time
from dataclasses import replace

import pytest

from scheduling.engine import (
    UNPLANNED_REASONS,
    Factory,
    ProblemData,
    Unit,
    WorkCentreCalendar,
    plan_violations,
    solve,
)
from scheduling.engine.solver import _deadline

from .helpers import DAY, garment_problem, single_machine


def test_plan_is_valid_and_complete() -> None:
    problem = garment_problem(seed=3, n_units=60)
    result = solve(problem, seed=1, time_limit=0.5)
    assert plan_violations(problem, result) == []
    planned = {uid for b in result.batches for uid in b.unit_ids}
    unplanned = {u.unit_id for u in result.unplanned}
    assert planned | unplanned == {u.id for u in problem.units}
    assert not planned & unplanned
    assert len(result.units) == len(planned)


def test_capacity_and_holidays_respected() -> None:
    problem = garment_problem(seed=5, n_units=80, holidays=(2, 4), capacity=400)
    result = solve(problem, seed=2, time_limit=0.5)
    caps = {(f.id, c.work_centre): c.daily_minutes for f in problem.factories for c in f.calendars}
    used: dict[tuple[str, str, int], int] = {}
    for b in result.batches:
        for st in b.stages:
            for day, minutes in st.allocations:
                key = (b.factory, st.work_centre, day)
                used[key] = used.get(key, 0) + minutes
    assert used
    for (fid, wc, day), minutes in used.items():
        assert day not in (2, 4, 6, 13), "work on a holiday or rest day"
        assert minutes <= caps[(fid, wc)][day]


def test_batch_limits_and_homogeneity() -> None:
    problem = garment_problem(seed=7, n_units=70, n_fabrics=2, batch_limit=3)
    result = solve(problem, seed=0, time_limit=0.5)
    units = {u.id: u for u in problem.units}
    for b in result.batches:
        assert 1 <= len(b.unit_ids) <= 3
        assert {units[u].fabric for u in b.unit_ids} == {b.fabric}
        assert {units[u].garment_type for u in b.unit_ids} == {b.garment_type}
        assert sum(units[u].minutes[0] for u in b.unit_ids) <= 36 or len(b.unit_ids) == 1
    assert plan_violations(problem, result) == []


def test_frozen_batches_come_out_unchanged() -> None:
    problem = garment_problem(seed=11, n_units=40)
    first = solve(problem, seed=4, max_iterations=3000)
    frozen = tuple(b for b in first.batches if b.sequence < 2)
    assert frozen
    again = replace(problem, frozen=frozen)
    second = solve(again, seed=9, time_limit=0.3)
    assert plan_violations(again, second) == []
    ids = {b.id: b for b in second.batches}
    for b in frozen:
        assert ids[b.id] == b
    frozen_units = {u for b in frozen for u in b.unit_ids}
    for b in second.batches:
        if b.id not in {f.id for f in frozen}:
            assert not frozen_units & set(b.unit_ids)


def test_same_seed_same_plan() -> None:
    problem = garment_problem(seed=13, n_units=50)
    a = solve(problem, seed=5, time_limit=30.0, max_iterations=3000)
    b = solve(problem, seed=5, time_limit=30.0, max_iterations=3000)
    assert a.batches == b.batches
    assert a.units == b.units
    assert a.kpis == b.kpis


def test_unplannable_units_are_reported_with_reason() -> None:
    base = garment_problem(seed=17, n_units=10)
    odd = Unit(
        id="X1",
        garment_type="coat",
        fabric="F0",
        minutes=(5, 5, 5, 5, 5),
        due=DAY,
        factory="FAC0",
    )
    lost = Unit(
        id="X2",
        garment_type="shirt",
        fabric="F0",
        minutes=(5, 5, 5, 5, 5),
        due=DAY,
        factory="NOWHERE",
    )
    late = Unit(
        id="X3",
        garment_type="shirt",
        fabric="F0",
        minutes=(5, 5, 5, 5, 5),
        due=DAY,
        release=base.horizon_days * DAY + 5,
        factory="FAC0",
    )
    huge = Unit(
        id="X4",
        garment_type="shirt",
        fabric="F9",
        minutes=(5, 10**6, 5, 5, 5),
        due=DAY,
        factory="FAC0",
    )
    problem = replace(base, units=(*base.units, odd, lost, late, huge))
    result = solve(problem, seed=0, time_limit=0.3)
    reasons = {u.unit_id: u.reason for u in result.unplanned}
    assert "no capable factory" in reasons["X1"]
    assert "no capable factory" in reasons["X2"]
    assert "horizon" in reasons["X3"]
    assert "horizon" in reasons["X4"]
    # The same reasons as codes and parameters, which the platform shows in its languages.
    days = problem.horizon_days
    assert {u.unit_id: (u.code, u.params) for u in result.unplanned if u.unit_id[0] == "X"} == {
        "X1": ("no_capable_factory", {"garment": "coat"}),
        "X2": ("no_capable_factory", {"garment": "shirt"}),
        "X3": ("released_after_horizon", {}),
        "X4": ("beyond_horizon", {"factory": "FAC0", "days": days, "minutes": days * DAY}),
    }
    assert all(u.reason == UNPLANNED_REASONS[u.code].format(**u.params) for u in result.unplanned)
    assert plan_violations(problem, result) == []


def test_moves_unit_to_alternative_factory_to_keep_promise() -> None:
    cal = tuple(
        WorkCentreCalendar(work_centre="m", daily_minutes=tuple([480] * 5)) for _ in range(1)
    )
    a = Factory(id="A", garment_types=("shirt",), calendars=cal, max_batch_units=1)
    b = Factory(id="B", garment_types=("shirt",), calendars=cal, max_batch_units=1)
    units = tuple(
        Unit(
            id=f"U{i}",
            garment_type="shirt",
            fabric="F",
            minutes=(400,),
            due=DAY + 480,
            factory="A",
            alternatives=("B",),
        )
        for i in range(2)
    )
    problem = ProblemData(units=units, factories=(a, b), horizon_days=5, work_centres=("m",))
    result = solve(problem, seed=0, time_limit=0.5)
    assert plan_violations(problem, result) == []
    assert result.kpis.weighted_tardiness == 0
    assert {r.factory for r in result.units} == {"A", "B"}
    assert result.moved_units


def _brute_force(p: list[int], w: list[int], d: list[int]) -> int:
    best = None
    for perm in itertools.permutations(range(len(p))):
        t = 0
        cost = 0
        for j in perm:
            t += p[j]
            cost += w[j] * max(0, t - d[j])
        if best is None or cost < best:
            best = cost
    assert best is not None
    return best


def test_single_machine_matches_brute_force() -> None:
    rng = random.Random(42)
    worse = 0
    for _ in range(8):
        n = 6
        p = [rng.randint(1, 100) for _ in range(n)]
        w = [rng.randint(1, 10) for _ in range(n)]
        total = sum(p)
        d = [rng.randint(int(total * 0.2), int(total * 0.8)) for _ in range(n)]
        problem = single_machine(p, w, d)
        result = solve(problem, seed=1, time_limit=0.3)
        assert plan_violations(problem, result) == []
        opt = _brute_force(p, w, d)
        got = result.kpis.weighted_tardiness
        assert got >= opt
        if got > opt:
            worse += 1
        assert got <= opt * 1.05 + 1e-9
    assert worse <= 1


def test_validator_catches_broken_plans() -> None:
    problem = garment_problem(seed=19, n_units=30, holidays=(3,))
    result = solve(problem, seed=0, time_limit=0.2)
    assert plan_violations(problem, result) == []
    b = result.batches[0]
    st0 = b.stages[0]
    # work put on a holiday
    moved = replace(st0, allocations=((3, sum(m for _, m in st0.allocations)),))
    broken = replace(
        result, batches=(replace(b, stages=(moved, *b.stages[1:])), *result.batches[1:])
    )
    assert any("closed day" in v or "outside" in v for v in plan_violations(problem, broken))
    # a unit dropped from the plan
    shorter = replace(b, unit_ids=b.unit_ids[1:]) if len(b.unit_ids) > 1 else None
    if shorter is not None:
        broken = replace(result, batches=(shorter, *result.batches[1:]))
        assert any("neither planned" in v for v in plan_violations(problem, broken))
    # capacity exceeded
    big = replace(
        st0,
        allocations=tuple((d, m * 100) for d, m in st0.allocations),
        work_minutes=st0.work_minutes * 100 + st0.setup_minutes * 99,
    )
    broken = replace(result, batches=(replace(b, stages=(big, *b.stages[1:])), *result.batches[1:]))
    assert any("capacity" in v for v in plan_violations(problem, broken))


def test_frozen_batches_of_units_no_longer_listed() -> None:
    problem = garment_problem(seed=29, n_units=40)
    first = solve(problem, seed=1, max_iterations=3000)
    frozen = tuple(b for b in first.batches if b.sequence < 2)
    assert frozen
    released = {u for b in frozen for u in b.unit_ids}
    rest = tuple(u for u in problem.units if u.id not in released)
    again = replace(problem, units=rest, frozen=frozen)
    second = solve(again, seed=2, time_limit=0.3)
    assert plan_violations(again, second) == []
    assert {b.id for b in frozen} <= {b.id for b in second.batches}
    # new work starts after the released batches on every line
    for b in second.batches:
        if b.id in {f.id for f in frozen}:
            continue
        for fb in frozen:
            if fb.factory == b.factory:
                for st, fst in zip(b.stages, fb.stages, strict=True):
                    if st.work_minutes + st.setup_minutes and fst.start < fst.end:
                        assert st.start >= fst.end


def test_kpis_agree_with_unit_results() -> None:
    problem = garment_problem(seed=31, n_units=60, capacity=250)
    result = solve(problem, seed=3, time_limit=0.3)
    weights = {u.id: u.weight for u in problem.units}
    wt = sum(weights[r.unit_id] * max(0, r.lateness) for r in result.units)
    assert abs(result.kpis.weighted_tardiness - wt) < 1e-6
    on_time = sum(1 for r in result.units if r.lateness <= 0)
    assert abs(result.kpis.on_time_pct - 100 * on_time / len(result.units)) < 1e-9
    assert result.kpis.max_lateness == max(0, *(r.lateness for r in result.units))
    setups = [st.setup_minutes for b in result.batches for st in b.stages]
    assert result.kpis.changeovers == sum(1 for m in setups if m > 0)
    assert result.kpis.setup_minutes == sum(setups)
    assert result.kpis.makespan == max(b.end for b in result.batches)
    assert all(0 <= u <= 1 for u in result.kpis.utilisation.values())


def test_iterations_run_on_the_clock_replay_exactly() -> None:
    problem = garment_problem(seed=37, n_units=90, n_factories=3)
    timed = solve(problem, seed=6, time_limit=0.4)
    assert timed.iterations > 0
    replay = solve(problem, seed=6, time_limit=0.0, max_iterations=timed.iterations)
    assert replay.iterations == timed.iterations
    assert replay.batches == timed.batches
    assert replay.units == timed.units
    assert replay.moved_units == timed.moved_units


def test_fast_setup_lookup_agrees_with_the_rule() -> None:
    from scheduling.engine.core import RuleTable
    from scheduling.engine.model import SetupRule

    rng = random.Random(4)
    values = [f"V{i}" for i in range(6)]
    for _ in range(30):
        rule = SetupRule(
            work_centre="cutting",
            attribute="fabric",
            minutes=rng.randint(0, 30),
            within_family_minutes=rng.choice((None, 5)),
            families=tuple((v, f"fam{rng.randint(0, 1)}") for v in values if rng.random() < 0.7),
            pairs=tuple(
                (rng.choice(values), rng.choice(values), rng.randint(0, 40)) for _ in range(8)
            ),
            initial=tuple((rng.choice(values), rng.randint(0, 40)) for _ in range(3)),
        )
        table = RuleTable(rule)
        for prev in [None, *values]:
            for value in values:
                assert table.minutes(prev, value) == rule.setup_minutes(prev, value)


def test_a_small_problem_stops_when_the_search_converges_and_replays_exactly() -> None:
    problem = garment_problem(seed=21, n_units=8)
    full = solve(problem, seed=2, time_limit=30.0, max_iterations=20000)
    early = solve(problem, seed=2, time_limit=30.0, max_iterations=20000, stall_iterations=500)
    again = solve(problem, seed=2, time_limit=0.0, max_iterations=20000, stall_iterations=500)

    assert full.iterations == 20000
    assert early.iterations < 20000 // 4
    assert plan_violations(problem, early) == []
    assert early.kpis.weighted_tardiness <= full.kpis.weighted_tardiness + 1e-6
    assert (again.iterations, again.batches, again.units) == (
        early.iterations,
        early.batches,
        early.units,
    )


def test_the_reserve_to_write_the_plan_grows_when_the_wall_clock_runs_slow() -> None:
    now, cpu = time.perf_counter(), time.process_time()
    # 2 s of wall clock for 0.5 s of CPU: four times slower, 4 x 50 us x 10,000 units
    # (and 3 % of the limit)
    slow = _deadline(now - 2.0, cpu - 0.5, 5.0, 10_000) - (now - 2.0)
    assert slow == pytest.approx(5.0 - 2.0 - 0.15, abs=0.05)
    # as fast as the CPU: 50 us x 10,000 units
    fast = _deadline(now - 0.5, cpu - 0.5, 5.0, 10_000) - (now - 0.5)
    assert fast == pytest.approx(5.0 - 0.5 - 0.15, abs=0.05)
    # never more than half the limit
    assert _deadline(now, cpu - 0.5, 1.0, 1_000_000) == pytest.approx(now + 0.5, abs=0.05)
