"""The search for an order with no late job (scheduling.engine.on_time)."""

from __future__ import annotations

import itertools
import random

import numpy as np

from scheduling.benchmark.evaluate import sds_weighted_tardiness
from scheduling.benchmark.sds import sds_instance
from scheduling.engine.sequencing import (
    Dynasearch,
    SequencingProblem,
    on_time_search,
    sequence,
    sequence_cost,
)

on_time = on_time_search()


def _arrays(problem: SequencingProblem) -> tuple[np.ndarray, ...]:
    """The problem as the search takes it: setups padded with the empty machine as job n."""
    n = problem.n
    s = np.zeros((n + 1, n + 1), dtype=np.int64)
    assert problem.setups is not None and problem.initial_setups is not None
    s[:n, :n] = np.array(problem.setups, dtype=np.int64)
    s[n, :n] = np.array(problem.initial_setups, dtype=np.int64)
    return (
        np.array(problem.p, dtype=np.int64),
        np.array(problem.w, dtype=np.float64),
        np.array(problem.d, dtype=np.int64),
        s.ravel(),
    )


def _search(problem: SequencingProblem, budget: int) -> list[int]:
    p, w, d, s = _arrays(problem)
    return [int(x) for x in on_time.on_time_order(p, w, d, s, problem.start, budget)]


def _tardiness(problem: SequencingProblem, order: list[int]) -> float:
    return sequence_cost(problem, order)  # setup_weight is 0 in these problems


def _sds_problem(number: int) -> SequencingProblem:
    inst = sds_instance(number)
    return SequencingProblem(
        p=inst.p,
        w=tuple(float(x) for x in inst.w),
        d=inst.d,
        setups=inst.setups,
        initial_setups=inst.initial,
    )


def _tight(n: int, *, seed: int) -> SequencingProblem:
    """Due dates around the total time, so that some instances have an on-time order and
    some do not; weights of 0 to 3 (some jobs weigh nothing)."""
    rng = random.Random(seed)
    p = tuple(rng.randint(5, 20) for _ in range(n))
    total = sum(p) + 3 * n
    return SequencingProblem(
        p=p,
        w=tuple(float(rng.randint(0, 3)) for _ in range(n)),
        d=tuple(rng.randint(total // 3, total) for _ in range(n)),
        setups=tuple(tuple(0 if i == j else rng.randint(0, 8) for j in range(n)) for i in range(n)),
        initial_setups=tuple(rng.randint(0, 8) for _ in range(n)),
        start=rng.randint(0, 5),
    )


def _exists_on_time(problem: SequencingProblem) -> bool:
    """Exhaustively: is there an order of the weighted jobs, the others after them, with
    no weighted job late?"""
    weighted = [j for j in range(problem.n) if problem.w[j] > 0]
    rest = [j for j in range(problem.n) if problem.w[j] == 0]
    return any(_tardiness(problem, list(o) + rest) == 0 for o in itertools.permutations(weighted))


def test_it_finds_an_on_time_order_exactly_when_one_exists() -> None:
    outcomes = []
    for seed in range(60):
        problem = _tight(7, seed=seed)
        found = _search(problem, budget=100_000)
        exists = _exists_on_time(problem)
        outcomes.append(exists)
        assert bool(found) == exists, seed
        if found:
            assert sorted(found) == list(range(7))
            assert _tardiness(problem, found) == 0
            weighted = [problem.w[j] > 0 for j in found]
            assert weighted == sorted(weighted, reverse=True)  # weightless jobs last
    assert 10 <= sum(outcomes) <= 50  # both cases were exercised


def test_it_finds_no_lateness_where_the_local_search_settles_on_some() -> None:
    # instance 1 of the setup set (index 1): 57 weighted jobs leave 57 minutes for their
    # setups; most runs of 1,500 iterations of the local search alone ended at 8-132
    inst = sds_instance(2)
    problem = _sds_problem(2)
    found = _search(problem, budget=416)  # the engine's budget at n = 60
    assert sorted(found) == list(range(problem.n))
    assert sds_weighted_tardiness(inst, found) == 0
    # with the root's node alone it finds nothing, and says so with an empty order
    assert _search(problem, budget=1) == []


def test_the_search_with_setups_starts_from_the_on_time_order() -> None:
    inst = sds_instance(2)
    problem = _sds_problem(2)
    search = Dynasearch(problem, seed=3)
    assert sds_weighted_tardiness(inst, search.starts[0]) == 0
    assert search.best_cost == 0
    for seed in (1, 2, 3):
        result = sequence(problem, seed=seed, max_iterations=1)
        assert sds_weighted_tardiness(inst, list(result.order)) == result.cost == 0


def test_an_instance_with_lateness_in_every_order_gives_an_empty_order() -> None:
    # job 1 cannot end by its due date whatever comes first
    problem = SequencingProblem(
        p=(5, 9, 4),
        w=(1.0, 2.0, 1.0),
        d=(30, 8, 30),
        setups=((0, 1, 1), (1, 0, 1), (1, 1, 0)),
        initial_setups=(0, 0, 0),
    )
    assert _search(problem, budget=1000) == []


def test_weightless_jobs_follow_by_shortest_setup() -> None:
    problem = SequencingProblem(
        p=(5, 5, 5),
        w=(0.0, 0.0, 0.0),
        d=(0, 0, 0),
        setups=((0, 9, 1), (1, 0, 9), (9, 1, 0)),
        initial_setups=(0, 3, 3),
    )
    # nothing weighs, so every order is on time: start at 0, then the shortest setups
    assert _search(problem, budget=10) == [0, 2, 1]
