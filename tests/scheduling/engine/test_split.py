"""The network planned as independent factories: every part's plan is valid, merged they
plan every unit the network plan does, and solving the parts apart gives exactly the
plan that ``solve_split`` gives in one process."""

from __future__ import annotations

from dataclasses import replace

from scheduling.engine import factory_split, plan_violations, results_merge, solve, solve_split
from tests.scheduling.engine.helpers import garment_problem


def test_the_parts_planned_apart_and_merged_are_one_valid_plan_of_the_network() -> None:
    problem = garment_problem(seed=5, n_units=60, n_factories=3)
    split = factory_split(problem)

    assert len(split.parts) == 3
    assert all(len(part.factories) == 1 for part in split.parts)
    for part in split.parts:
        assert all(u.factory == part.factories[0].id and not u.alternatives for u in part.units)
    results = [solve(part, seed=3, max_iterations=400) for part in split.parts]
    merged = results_merge(problem, split, results)

    assert plan_violations(problem, merged) == []
    again = solve_split(problem, seed=3, max_iterations=400)
    assert (again.batches, again.units, again.unplanned, again.kpis) == (
        merged.batches,
        merged.units,
        merged.unplanned,
        merged.kpis,
    )
    planned = {u.unit_id for u in merged.units} | {u.unit_id for u in merged.unplanned}
    assert planned == {u.id for u in problem.units}
    assert merged.kpis.planned_units == len(merged.units)


def test_released_batches_stay_with_their_factory_unchanged() -> None:
    problem = garment_problem(seed=11, n_units=40)
    first = solve(problem, seed=4, max_iterations=1000)
    frozen = tuple(b for b in first.batches if b.sequence < 2)
    again = replace(problem, frozen=frozen)

    merged = solve_split(again, seed=9, max_iterations=500)

    assert plan_violations(again, merged) == []
    kept = {b.id: b for b in merged.batches}
    assert all(kept[b.id] == b for b in frozen)
