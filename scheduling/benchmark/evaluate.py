"""Independent scoring of single-machine plans.

Written apart from the engine: it imports none of the engine's scoring or
simulation code, reads only the raw instance data and the job order that a
plan's batches give, and recomputes the objective from scratch.
"""

from __future__ import annotations

from collections.abc import Sequence

from scheduling.benchmark.sds import SdsInstance
from scheduling.engine.model import Result


def plan_order(result: Result, ids: Sequence[str]) -> list[int]:
    """Job indices in the order the plan makes them; every job exactly once."""
    index = {uid: j for j, uid in enumerate(ids)}
    order: list[int] = []
    for batch in sorted(result.batches, key=lambda b: (b.factory, b.sequence)):
        order.extend(index[u] for u in batch.unit_ids)
    if sorted(order) != list(range(len(ids))):
        raise ValueError("the plan does not make every job exactly once")
    return order


def total_weighted_tardiness(
    p: Sequence[int], w: Sequence[int], d: Sequence[int], order: Sequence[int]
) -> int:
    t = 0
    total = 0
    for j in order:
        t += p[j]
        if t > d[j]:
            total += w[j] * (t - d[j])
    return total


def sds_weighted_tardiness(inst: SdsInstance, order: Sequence[int]) -> int:
    t = 0
    total = 0
    prev = -1
    for j in order:
        t += (inst.initial[j] if prev < 0 else inst.setups[prev][j]) + inst.p[j]
        if t > inst.d[j]:
            total += inst.w[j] * (t - inst.d[j])
        prev = j
    return total
