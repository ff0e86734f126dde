"""A network planned as independent factories, so that each can be solved on its own
(side by side, on several workers) and the plans put back together.

The network's routing runs once, as :func:`solve` does it (each unit to its factory or
its first capable alternative, units without a factory to the least loaded capable
one, units late at their own factory to an alternative that finishes them first).
Each factory's part then holds the units routed to it -- with no alternatives left, so
that no part moves units to another -- and its own released (frozen) batches. What the
split gives up against :func:`solve` is moving late units between factories *after*
construction; for a large network that is the price of planning factories in parallel.

``solve_split`` is the same thing in one process: it gives exactly the plan that
solving the parts elsewhere and calling :func:`results_merge` gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .core import Compiled
from .kpis import compute_kpis
from .model import ProblemData, Result, Unplanned
from .solver import route, solve


@dataclass(frozen=True, slots=True)
class Split:
    """The factories' parts (one per factory with units or frozen batches, in the
    network's factory order), the units no factory can take, and the routing's moves
    (unit, from factory, to factory)."""

    parts: tuple[ProblemData, ...]
    unplanned: tuple[Unplanned, ...]
    moved: tuple[tuple[str, str, str], ...]


def factory_split(problem: ProblemData) -> Split:
    comp = Compiled(problem)
    assign, unplanned, frozen_units = route(comp)
    frozen_at = {uid: b.factory for b in problem.frozen for uid in b.unit_ids}
    by_factory: dict[str, list[int]] = {f.id: [] for f in comp.factories}
    moved: list[tuple[str, str, str]] = []
    for j, unit in enumerate(problem.units):
        if j in frozen_units:
            by_factory[frozen_at[unit.id]].append(j)
        elif assign[j] >= 0:
            to = comp.factories[assign[j]].id
            by_factory[to].append(j)
            if unit.factory is not None and unit.factory != to:
                moved.append((unit.id, unit.factory, to))
    parts = []
    for factory in comp.factories:
        units = tuple(
            replace(problem.units[j], factory=factory.id, alternatives=())
            for j in by_factory[factory.id]
        )
        frozen = tuple(b for b in problem.frozen if b.factory == factory.id)
        if units or frozen:
            parts.append(replace(problem, units=units, factories=(factory,), frozen=frozen))
    return Split(parts=tuple(parts), unplanned=tuple(unplanned), moved=tuple(moved))


def results_merge(problem: ProblemData, split: Split, results: Sequence[Result]) -> Result:
    """The network's plan from its parts' plans (``results`` in the order of
    ``split.parts``): their batches, units and unplanned units, the key figures of the
    whole, the wall time of the slowest part and the iterations of all."""
    order = {u.id: i for i, u in enumerate(problem.units)}
    batches = sorted((b for r in results for b in r.batches), key=lambda b: (b.factory, b.sequence))
    units = sorted((u for r in results for u in r.units), key=lambda u: order.get(u.unit_id, 0))
    unplanned = sorted(
        [*split.unplanned, *(u for r in results for u in r.unplanned)],
        key=lambda u: order.get(u.unit_id, 0),
    )
    return Result(
        batches=tuple(batches),
        units=tuple(units),
        unplanned=tuple(unplanned),
        kpis=compute_kpis(problem, batches, units, unplanned),
        seed=results[0].seed if results else 0,
        runtime=max((r.runtime for r in results), default=0.0),
        iterations=sum(r.iterations for r in results),
        moved_units=split.moved,
    )


def solve_split(
    problem: ProblemData,
    *,
    seed: int = 0,
    time_limit: float = 10.0,
    max_iterations: int | None = None,
    stall_iterations: int | None = None,
) -> Result:
    """Each factory's part solved here, one after the other, and merged."""
    split = factory_split(problem)
    results = [
        solve(
            part,
            seed=seed,
            time_limit=time_limit,
            max_iterations=max_iterations,
            stall_iterations=stall_iterations,
        )
        for part in split.parts
    ]
    return results_merge(problem, split, results)
