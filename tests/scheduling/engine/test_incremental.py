"""The search's cached line states must agree with a fresh simulation."""

from __future__ import annotations

import random

from scheduling.engine.core import Compiled, FactorySequence
from scheduling.engine.solver import best_construction, route

from .helpers import garment_problem


def test_cached_states_and_acceptance_agree_with_full_simulation() -> None:
    problem = garment_problem(seed=23, n_units=120, n_factories=1, capacity=300)
    comp = Compiled(problem)
    assign, _, _ = route(comp)
    init = comp.initial_state(0)
    plan = best_construction(comp, 0, [j for j in range(comp.n) if assign[j] == 0], init)
    rng = random.Random(3)
    for _ in range(400):
        n = len(plan.seq)
        i = rng.randrange(n - 1)
        j = min(n, i + 2 + rng.randrange(8))
        window = plan.seq[i:j]
        rng.shuffle(window)
        exact = plan.trial(i, list(window), j)
        assert plan.accepts(i, list(window), j) == (exact <= plan.cost + 1e-9)
        if rng.random() < 0.5:
            plan.apply(i, list(window), j)
            assert abs(plan.cost - exact) <= 1e-6 * max(1.0, exact)
    fresh = FactorySequence(comp, 0, list(plan.seq), init)
    assert fresh.pre_pos == plan.pre_pos
    assert fresh.pre_prev == plan.pre_prev
    assert abs(fresh.cost - plan.cost) <= 1e-6 * max(1.0, fresh.cost)
