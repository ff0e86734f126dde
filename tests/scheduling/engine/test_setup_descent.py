"""The compiled search on one machine with setups (scheduling.engine.setup_descent)."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from scheduling.engine.sequencing import (
    Dynasearch,
    SequencingProblem,
    compiled_search,
    sequence,
    sequence_cost,
)

from .helpers import total_setup

kernel = compiled_search()


def _problem(n: int, *, seed: int, weight: float = 0.25, big: bool = False) -> SequencingProblem:
    rng = random.Random(seed)
    top = 400 if big else 30
    p = tuple(rng.randint(0 if big else 1, top) for _ in range(n))
    return SequencingProblem(
        p=p,
        w=tuple(float(rng.randint(0, 5)) for _ in range(n)),
        d=tuple(rng.randint(0, sum(p)) for _ in range(n)),
        setups=tuple(
            tuple(0 if i == j else rng.randint(0, top if big else 9) for j in range(n))
            for i in range(n)
        ),
        initial_setups=tuple(rng.randint(0, 9) for _ in range(n)),
        setup_weight=weight,
        start=rng.randint(0, 20),
    )


def _neighbours(order: list[int]) -> list[tuple[int, int, int, int, list[int]]]:
    """Every swap and every block move of one to MAX_BLOCK jobs, written out plainly."""
    n = len(order)
    out = []
    for i in range(n - 1):
        for j in range(i + 1, n):
            if j >= i + 2:
                moved = order.copy()
                moved[i], moved[j] = moved[j], moved[i]
                out.append((0, i, j, 0, moved))
            for size in range(1, kernel.MAX_BLOCK + 1):
                if j - i < size:
                    break
                block = order[i : i + size]
                out.append(
                    (1, i, j, size, order[:i] + order[i + size : j + 1] + block + order[j + 1 :])
                )
                block = order[j - size + 1 : j + 1]
                out.append(
                    (2, i, j, size, order[:i] + block + order[i : j - size + 1] + order[j + 1 :])
                )
    return out


def _arrays(problem: SequencingProblem) -> tuple[np.ndarray, ...]:
    search = Dynasearch(problem, seed=0)
    return search.p, search.w, search.d, search.sf, np.array([search.bound])


@pytest.mark.parametrize("weight", [0.0, 0.25])
@pytest.mark.parametrize("big", [False, True])
def test_the_scan_finds_the_best_move_of_the_whole_neighbourhood(weight: float, big: bool) -> None:
    checked = 0
    for seed in range(10):
        n = 3 + seed
        problem = _problem(n, seed=seed, weight=weight, big=big)
        p, w, d, sf, (bound,) = _arrays(problem)
        q = np.empty((n + 1, 2 * int(bound) + 1))
        for trial in range(4):
            order = random.Random(seed * 10 + trial).sample(range(n), n)
            base = sequence_cost(problem, order)
            values = [
                (sequence_cost(problem, moved) - base, kind, i, j, size)
                for kind, i, j, size, moved in _neighbours(order)
            ]
            best = min(v for v, *_ in values)
            delta, kind, i, j, size = kernel._scan(
                np.array(order, dtype=np.int64), p, w, d, sf, problem.start, weight, q
            )
            if best < -1e-9:
                assert delta == pytest.approx(best)
                # the move it names has that value
                assert (pytest.approx(delta), kind, i, j, size) in values
                checked += 1
            else:
                assert kind == -1
    assert checked >= 30


def test_the_descent_ends_where_no_move_improves_and_reports_the_exact_cost() -> None:
    for seed in range(8):
        n = 12
        problem = _problem(n, seed=seed)
        p, w, d, sf, (bound,) = _arrays(problem)
        order = np.array(random.Random(seed).sample(range(n), n), dtype=np.int64)
        cost = kernel.descend(order, p, w, d, sf, problem.start, 0.25, int(bound))
        assert sorted(order.tolist()) == list(range(n))
        assert cost == pytest.approx(sequence_cost(problem, order.tolist()))
        base = sequence_cost(problem, order.tolist())
        assert (
            min(sequence_cost(problem, m) for *_, m in _neighbours(order.tolist())) >= base - 1e-9
        )


def _exchanges(order: list[int]) -> list[list[int]]:
    """Every exchange of two adjacent segments, A B C D -> A C B D, in (i, j, k) order."""
    n = len(order)
    return [
        order[:i] + order[j:k] + order[i:j] + order[k:]
        for i in range(n - 1)
        for j in range(i + 1, n)
        for k in range(j + 1, n + 1)
    ]


def _exchange_plainly(problem: SequencingProblem, order: list[int]) -> list[int]:
    """The segment exchange written out: the best move that shortens the setups, the first
    such in (i, j, k) order, while it lowers the objective."""
    while True:
        base = sequence_cost(problem, order)
        setup = total_setup(problem, order)
        shorter = [m for m in _exchanges(order) if total_setup(problem, m) < setup]
        best = min(shorter, key=lambda m: sequence_cost(problem, m), default=None)
        if best is None or sequence_cost(problem, best) >= base - 1e-9:
            return order
        order = best


@pytest.mark.parametrize("weight", [0.0, 0.25])
def test_the_segment_exchange_takes_the_best_setup_shortening_move_until_none_improves(
    weight: float,
) -> None:
    moved_runs = 0
    for seed in range(24):
        n = 3 + seed % 7
        problem = _problem(n, seed=100 + seed, weight=weight)
        p, w, d, sf, _bound = _arrays(problem)
        order = random.Random(seed).sample(range(n), n)
        expected = _exchange_plainly(problem, order)
        arr = np.array(order, dtype=np.int64)
        moved = kernel.exchange(arr, p, w, d, sf, problem.start, weight)
        assert arr.tolist() == expected
        assert moved == (expected != order)
        if moved:
            moved_runs += 1
            assert sequence_cost(problem, expected) < sequence_cost(problem, order)
    assert moved_runs >= 8


def test_a_segment_exchange_that_shortens_the_setups_but_makes_a_job_late_is_not_taken() -> None:
    # 1 0 2 spends 9 minutes on the setup 1 -> 0; 0 1 2 spends none, but job 1 (due at the
    # end of its own processing) would then be late.
    problem = SequencingProblem(
        p=(5, 5, 5),
        w=(1.0, 10.0, 1.0),
        d=(100, 5, 100),
        setups=((0, 0, 0), (9, 0, 0), (9, 9, 0)),
        initial_setups=(0, 0, 9),
    )
    p, w, d, sf, _bound = _arrays(problem)
    order = np.array([1, 0, 2], dtype=np.int64)
    assert sequence_cost(problem, [1, 0, 2]) == 0
    assert sequence_cost(problem, [0, 1, 2]) == 50
    assert not kernel.exchange(order, p, w, d, sf, problem.start, 0.0)
    assert order.tolist() == [1, 0, 2]
    # with job 1 due later, and the setups in the objective, the shorter order is taken
    loose = SequencingProblem(
        p=problem.p,
        w=problem.w,
        d=(100, 100, 100),
        setups=problem.setups,
        initial_setups=problem.initial_setups,
        setup_weight=1.0,
    )
    p, w, d, sf, _bound = _arrays(loose)
    assert kernel.exchange(order, p, w, d, sf, loose.start, 1.0)
    assert order.tolist() == [0, 1, 2]


def test_rebuild_puts_each_job_back_where_it_costs_least() -> None:
    problem = _problem(10, seed=3, weight=0.0)
    p, w, d, sf, (bound,) = _arrays(problem)
    order = list(range(10))
    removed = [7, 2]
    rest = [x for x in order if x not in removed]
    for x in removed:  # the greedy construction, plainly
        rest = min(
            ([*rest[:k], x, *rest[k:]] for k in range(len(rest) + 1)),
            key=lambda o: sequence_cost(problem, o),
        )
    # descending from the greedy sequence (then exchanging segments and descending again
    # if any moved) gives the same as rebuild()
    greedy = np.array(rest, dtype=np.int64)
    expected = kernel.descend(greedy, p, w, d, sf, problem.start, 0.0, int(bound))
    if kernel.exchange(greedy, p, w, d, sf, problem.start, 0.0):
        expected = kernel.descend(greedy, p, w, d, sf, problem.start, 0.0, int(bound))
    arr = np.array(order, dtype=np.int64)
    cost = kernel.rebuild(
        arr, np.array(removed, dtype=np.int64), p, w, d, sf, problem.start, 0.0, int(bound)
    )
    assert arr.tolist() == greedy.tolist()
    assert cost == pytest.approx(expected) == pytest.approx(sequence_cost(problem, arr.tolist()))


def test_the_search_with_setups_is_the_same_for_a_seed_and_an_iteration_count() -> None:
    problem = _problem(40, seed=11)
    runs = [sequence(problem, seed=5, max_iterations=60) for _ in range(2)]
    assert runs[0].order == runs[1].order
    assert runs[0].cost == runs[1].cost == pytest.approx(sequence_cost(problem, runs[0].order))
    other = sequence(problem, seed=6, max_iterations=60)
    assert sorted(other.order) == list(range(40))


def test_a_shift_table_too_large_falls_back_to_the_numpy_search() -> None:
    rng = random.Random(1)
    n = 30
    p = tuple(rng.randint(1, 100_000) for _ in range(n))
    problem = SequencingProblem(
        p=p,
        w=tuple(1.0 for _ in range(n)),
        d=tuple(rng.randint(0, sum(p)) for _ in range(n)),
        setups=tuple(tuple(0 if i == j else 5 for j in range(n)) for i in range(n)),
        initial_setups=tuple(5 for _ in range(n)),
    )
    search = Dynasearch(problem, seed=1)
    assert search.kernel is None
    result = sequence(problem, seed=1, max_iterations=5)
    assert result.cost == pytest.approx(sequence_cost(problem, result.order))


def test_importing_the_engine_does_not_import_numba() -> None:
    code = "import sys, scheduling.engine; print('numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
