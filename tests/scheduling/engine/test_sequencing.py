"""The single-machine sequencing core and the engine's single-machine special case."""

from __future__ import annotations

import dataclasses
import itertools
import math
import random

import numpy as np
import pytest

from scheduling.benchmark.evaluate import (
    plan_order,
    sds_weighted_tardiness,
    total_weighted_tardiness,
)
from scheduling.benchmark.generate import sds_problem, single_machine_problem, wt_instance
from scheduling.benchmark.sds import sds_format, sds_generate, sds_parse
from scheduling.engine import plan_violations, solve
from scheduling.engine.sequencing import (
    BLOCK_SIZES,
    RACE,
    Dynasearch,
    SequencingProblem,
    atc_order,
    atcs_grid,
    constructions,
    sequence,
    sequence_cost,
)

from .helpers import total_setup


def _problem(n: int, *, setups: bool, seed: int) -> SequencingProblem:
    rng = random.Random(seed)
    p = tuple(rng.randint(1, 30) for _ in range(n))
    return SequencingProblem(
        p=p,
        w=tuple(float(rng.randint(0, 5)) for _ in range(n)),
        d=tuple(rng.randint(0, sum(p)) for _ in range(n)),
        setups=(
            tuple(tuple(0 if i == j else rng.randint(0, 9) for j in range(n)) for i in range(n))
            if setups
            else None
        ),
        initial_setups=tuple(rng.randint(0, 9) for _ in range(n)) if setups else None,
        setup_weight=0.25 if setups else 0.0,
        start=rng.randint(0, 20),
    )


def _brute_force(problem: SequencingProblem) -> float:
    return min(sequence_cost(problem, o) for o in itertools.permutations(range(problem.n)))


@pytest.mark.parametrize("setups", [False, True])
def test_every_move_value_is_the_exact_change_in_cost(setups: bool) -> None:
    for seed in range(12):
        n = 2 + seed % 8
        problem = _problem(n, setups=setups, seed=seed)
        search = Dynasearch(problem, seed=0)
        order = np.array(random.Random(seed).sample(range(n), n), dtype=np.int64)
        base = sequence_cost(problem, order.tolist())
        assert search.cost(order) == pytest.approx(base)
        checked = 0
        for kind, values in enumerate(search.moves(order)):
            for k, value in enumerate(values.tolist()):
                i, j = int(search.I[k]), int(search.J[k])
                if value == float("inf"):
                    if kind < 3:
                        assert j == i + 1 and kind != 1  # neighbours: only the insertion
                    else:  # a block of `size` jobs needs at least one job to pass over
                        assert j - i < BLOCK_SIZES[(kind - 3) // 2]
                    continue
                moved = order.tolist()
                Dynasearch.apply_move(moved, kind, i, j)
                assert sorted(moved) == list(range(n))
                assert value == pytest.approx(sequence_cost(problem, moved) - base), (kind, i, j)
                checked += 1
        expected = 3 * n * (n - 1) // 2 - 2 * (n - 1)
        if setups:  # forward and backward block moves of two and of three jobs
            expected += sum(2 * max(0, n - b) * max(0, n - b + 1) // 2 for b in BLOCK_SIZES)
        assert checked == expected


def test_compound_move_gain_is_exact_without_setups() -> None:
    problem = _problem(30, setups=False, seed=5)
    search = Dynasearch(problem, seed=0)
    order = np.array(random.Random(1).sample(range(30), 30), dtype=np.int64)
    gain, moves, single = search.best_compound(*search.moves(order))
    assert len(moves) >= 2  # a random order has several independent improvements
    assert gain <= single[0] + 1e-9
    new = order.tolist()
    for kind, i, j in moves:
        Dynasearch.apply_move(new, kind, i, j)
    cost_before = sequence_cost(problem, order.tolist())
    assert sequence_cost(problem, new) - cost_before == pytest.approx(gain)


@pytest.mark.parametrize("setups", [False, True])
def test_search_finds_the_optimum_of_small_instances(setups: bool) -> None:
    for seed in range(4):
        problem = _problem(6, setups=setups, seed=100 + seed)
        result = sequence(problem, seed=seed, max_iterations=60)
        assert result.iterations == 60
        assert result.cost == pytest.approx(sequence_cost(problem, result.order))
        assert result.cost == pytest.approx(_brute_force(problem))


def test_ties_in_tardiness_go_to_the_shorter_setups() -> None:
    # nothing can be late and the setups are not in the objective: every order costs 0,
    # and the search still ends on the shortest chain of setups (checked exhaustively)
    for seed in range(3):
        base = _problem(7, setups=True, seed=300 + seed)
        problem = dataclasses.replace(base, d=tuple(10_000 for _ in base.p), setup_weight=0.0)
        result = sequence(problem, seed=seed, max_iterations=60)
        shortest = min(total_setup(problem, o) for o in itertools.permutations(range(7)))
        assert result.cost == 0.0
        assert total_setup(problem, result.order) == shortest


def test_tie_break_never_trades_tardiness_for_setups() -> None:
    # the cost reported is the objective alone, and equals the exhaustive optimum
    for seed in range(3):
        problem = dataclasses.replace(_problem(7, setups=True, seed=400 + seed), setup_weight=0.0)
        search = Dynasearch(problem, seed=seed)
        for _ in range(60):
            search.step()
        assert search.best_cost == sequence_cost(problem, search.best.tolist())
        assert search.best_cost == _brute_force(problem)


def test_search_with_setups_restarts_from_each_start_then_from_the_best() -> None:
    problem = _problem(12, setups=True, seed=21)
    search = Dynasearch(problem, seed=5)
    starts = len(search.starts)
    assert search.rebuild_restart_after == 100 and starts >= 3
    best_costs = []
    for _ in range(search.rebuild_restart_after):
        search.step()
        best_costs.append(search.best_cost)
    # a small problem: the best is found early, then nothing improves on it
    assert search.stall >= search.rebuild_restart_after - 20
    search.stall = search.rebuild_restart_after
    search.step()
    assert search.restart_no == 2 and search.stall in (0, 1)
    for _ in range(starts * (search.rebuild_restart_after + 1)):
        search.step()
        best_costs.append(search.best_cost)
    assert search.restart_no == starts  # every start used once, then the best again
    assert best_costs == sorted(best_costs, reverse=True)  # the best never gets worse


def test_a_restart_far_from_the_best_after_its_first_iterations_is_cut_short() -> None:
    at, margin = RACE
    problem = _problem(30, setups=True, seed=21)
    search = Dynasearch(problem, seed=5)
    for _ in range(40):
        search.step()
    kernel = search.kernel
    assert kernel is not None

    def phase_at_its_last_checked_iteration(order: list[int], phase_best: float) -> None:
        search.current = np.array(order, dtype=np.int64)
        search.current_cost = float(
            kernel.sequence_cost_fast(search.current, *search.kernel_data()[:6])
        )
        search.stall = 0
        search.phase_iterations = at - 1
        search.phase_best = phase_best

    # near the best: the phase goes on
    phase_at_its_last_checked_iteration(list(search.best), search.best_search_cost)
    restarts = search.restart_no
    search.step()
    assert search.stall <= 1 and search.phase_iterations == at
    # far from it (as if the best were twice as good as where this phase stands): the
    # next step restarts
    phase_at_its_last_checked_iteration(list(search.best), math.inf)
    search.best_search_cost = search.current_cost / 2
    search.step()
    assert search.phase_best > search.best_search_cost * (1 + margin)
    assert search.stall == search.rebuild_restart_after
    search.step()
    assert search.restart_no == restarts + 1 and search.phase_iterations == 1


def test_same_seed_and_iterations_same_sequence() -> None:
    p, w, d = wt_instance(n=40, tf=0.6, rdd=0.4, seed=11)
    problem = SequencingProblem(p=tuple(p), w=tuple(map(float, w)), d=tuple(d))
    a = sequence(problem, seed=3, max_iterations=40)
    b = sequence(problem, seed=3, max_iterations=40)
    assert a.order == b.order and a.cost == b.cost
    assert a.cost <= sequence_cost(problem, atc_order(problem, 2.0))


def test_engine_solves_the_single_machine_case_with_the_core() -> None:
    p, w, d = wt_instance(n=15, tf=0.6, rdd=0.6, seed=7)
    problem = single_machine_problem(p, w, d)
    result = solve(problem, seed=1, max_iterations=100)
    assert plan_violations(problem, result) == []
    order = plan_order(result, [u.id for u in problem.units])
    independent = total_weighted_tardiness(p, w, d, order)
    assert result.kpis.weighted_tardiness == independent
    from scheduling.benchmark.exact import wt_optimum

    assert independent == wt_optimum(p, w, d)


def test_engine_solves_setups_encoded_exactly() -> None:
    inst = sds_parse(sds_format(sds_generate(number=1, n=8, tau=0.6, r=0.25, eta=0.75, seed=3)))
    problem = sds_problem(inst)
    result = solve(problem, seed=2, max_iterations=80)
    assert plan_violations(problem, result) == []
    order = plan_order(result, [u.id for u in problem.units])
    independent = sds_weighted_tardiness(inst, order)
    assert result.kpis.weighted_tardiness == independent
    best = min(sds_weighted_tardiness(inst, o) for o in itertools.permutations(range(8)))
    assert independent == best
    # each setup the plan reports is the matrix entry of its pair of jobs
    batches = sorted(result.batches, key=lambda b: b.sequence)
    assert batches[0].stages[0].setup_minutes == inst.initial[order[0]]
    for prev, b in itertools.pairwise(batches):
        i, j = int(prev.unit_ids[0][1:]), int(b.unit_ids[0][1:])
        assert b.stages[0].setup_minutes == inst.setups[i][j]


def test_atcs_grid_scales_the_published_estimates() -> None:
    problem = _problem(20, setups=True, seed=2)
    grid = atcs_grid(problem)
    assert len(grid) == 9 and len(set(grid)) == 9
    k1, k2 = grid[7]  # the estimates themselves
    n = problem.n
    sbar = sum(problem.setups[i][j] for i in range(n) for j in range(n) if i != j) / (n * (n - 1))
    c_max = sum(problem.p) + n * sbar
    r = (max(problem.d) - min(problem.d)) / c_max
    assert k1 == pytest.approx(4.5 + r if r <= 0.5 else 6.0 - 2.0 * r)
    tau = 1.0 - sum(problem.d) / n / c_max
    eta = sbar / (sum(problem.p) / n)
    assert k2 == pytest.approx(max(0.05, tau / (2.0 * eta**0.5)))
    assert grid[0] == pytest.approx((0.1 * k1, 0.5 * k2))
    assert grid[8] == pytest.approx((k1, 2 * k2))
    # every construction is a permutation, and the grid's are among them
    starts = constructions(problem)
    assert all(sorted(o) == list(range(n)) for o in starts)
    assert atc_order(problem, *grid[7]) in starts


def _dispatch_one_job_at_a_time(problem: SequencingProblem, k: float, k2: float) -> list[int]:
    """ATC(S) as published, one job's priority at a time (the reference for the arrays)."""
    n = problem.n
    p, w, d, s, s0 = problem.p, problem.w, problem.d, problem.setups, problem.initial_setups
    pbar = max(1.0, sum(p) / n)
    sbar = 0.0
    if s is not None:
        sbar = sum(s[i][j] for i in range(n) for j in range(n) if i != j) / (n * (n - 1))

    def setup(prev: int, j: int) -> int:
        if s is None:
            return 0
        return (s0[j] if s0 is not None else 0) if prev < 0 else s[prev][j]

    def priority(j: int, t: int, prev: int) -> tuple[float, int]:
        val = w[j] / max(1, p[j]) * math.exp(-max(0, d[j] - p[j] - t) / max(1e-9, k * pbar))
        if s is not None and k2 * sbar > 0:
            val *= math.exp(-setup(prev, j) / (k2 * sbar))
        return val, -j

    left, t, prev, out = list(range(n)), problem.start, -1, []
    while left:
        best = max(left, key=lambda j: priority(j, t, prev))
        left.remove(best)
        t += setup(prev, best) + p[best]
        out.append(best)
        prev = best
    return out


@pytest.mark.parametrize("setups", [False, True])
def test_dispatch_rules_pick_as_one_job_at_a_time_would(setups: bool) -> None:
    rng = random.Random(5)
    for _ in range(20):
        n = rng.randint(1, 30)
        p = tuple(rng.randint(1, 20) for _ in range(n))
        # equal weights and due dates in a few values, so that ties occur
        w = tuple(float(rng.choice((0, 1, 2))) for _ in range(n))
        d = tuple(rng.choice((0, 10, 40, 80)) for _ in range(n))
        s = s0 = None
        if setups:
            s = tuple(
                tuple(0 if i == j else rng.choice((0, 3, 5)) for j in range(n)) for i in range(n)
            )
            s0 = tuple(rng.choice((0, 3)) for _ in range(n))
        problem = SequencingProblem(
            p=p, w=w, d=d, setups=s, initial_setups=s0, start=rng.randint(0, 5)
        )
        for k, k2 in ((0.5, 0.5), (2.0, 1.0), (5.0, 2.0)):
            assert atc_order(problem, k, k2) == _dispatch_one_job_at_a_time(problem, k, k2)
