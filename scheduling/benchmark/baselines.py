"""Dispatching rules measured with the engine's own capacity model.

Each rule only decides the batches and their order per factory; the plan is
then simulated by :func:`scheduling.engine.evaluate_plan`, so capacity,
calendars, setups and batch limits are exactly those the engine obeys.
Units stay at the factory they are routed to.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

from scheduling.engine import ProblemData, Result, evaluate_plan
from scheduling.engine.core import CBatch, Compiled
from scheduling.engine.model import Factory, Unit


def _routed(problem: ProblemData) -> dict[str, list[Unit]]:
    fac = {f.id: f for f in problem.factories}
    out: dict[str, list[Unit]] = {f.id: [] for f in problem.factories}
    for u in problem.units:
        names = [u.factory] if u.factory else [f.id for f in problem.factories]
        names += list(u.alternatives)
        for name in names:
            f = fac.get(name)
            if f is not None and u.garment_type in f.garment_types:
                out[f.id].append(u)
                break
    return out


def _fits(fac: Factory, batch: list[Unit], u: Unit) -> bool:
    if len(batch) >= fac.max_batch_units:
        return False
    if fac.max_batch_cut_minutes is not None:
        return sum(x.minutes[0] for x in batch) + u.minutes[0] <= fac.max_batch_cut_minutes
    return True


def _runs(fac: Factory, order: list[Unit]) -> list[list[str]]:
    """Consecutive units of the same garment type and fabric share a batch."""
    batches: list[list[Unit]] = []
    for u in order:
        last = batches[-1] if batches else None
        if (
            last is not None
            and last[0].garment_type == u.garment_type
            and last[0].fabric == u.fabric
            and _fits(fac, last, u)
        ):
            last.append(u)
        else:
            batches.append([u])
    return [[u.id for u in b] for b in batches]


def _dispatch(problem: ProblemData, key: Callable[[Unit], tuple[int, str]], gather: bool) -> Result:
    """Non-delay list scheduling: whenever the cutting table is free, take the released
    unit that ranks first by ``key``; with ``gather`` its batch also takes every
    released unit of the same garment type and fabric (best ranked first), otherwise
    only the units that follow it directly in rank order.  Batch limits apply."""
    comp = Compiled(problem)
    index = {uid: j for j, uid in enumerate(comp.unit_ids)}
    routed = _routed(problem)
    seqs: dict[str, list[list[str]]] = {}
    for f, fac in enumerate(problem.factories):
        us = sorted(routed[fac.id], key=lambda u: (u.release, u.id))
        init = comp.initial_state(f)
        pos = list(init.pos)
        prev = init.prev_group
        heap: list[tuple[tuple[int, str], int]] = []
        by_group: dict[tuple[str, str], list[tuple[tuple[int, str], int]]] = {}
        taken = [False] * len(us)
        k = 0
        out: list[list[str]] = []
        left = len(us)
        while left:
            t = comp.start_time(f, 0, pos[0])
            while k < len(us) and (us[k].release <= t or not heap):
                item = (key(us[k]), k)
                heapq.heappush(heap, item)
                heapq.heappush(by_group.setdefault((us[k].garment_type, us[k].fabric), []), item)
                k += 1
                t = max(t, us[k - 1].release)
            _, i = heapq.heappop(heap)
            if taken[i]:
                continue
            first = us[i]
            grp = (first.garment_type, first.fabric)
            batch = [first]
            taken[i] = True
            if gather:
                gh = by_group[grp]
                while gh:
                    jx = gh[0][1]
                    if not taken[jx]:
                        if not _fits(fac, batch, us[jx]):
                            break
                        taken[jx] = True
                        batch.append(us[jx])
                    heapq.heappop(gh)
            else:
                while heap:
                    jx = heap[0][1]
                    if not taken[jx]:
                        u = us[jx]
                        if (u.garment_type, u.fabric) != grp or not _fits(fac, batch, u):
                            break
                        taken[jx] = True
                        batch.append(u)
                    heapq.heappop(heap)
            left -= len(batch)
            js = [index[u.id] for u in batch]
            cb = CBatch(comp, comp.group_of[js[0]], js)
            comp.step(f, pos, prev, cb)
            prev = cb.g
            out.append([u.id for u in batch])
        seqs[fac.id] = out
    return evaluate_plan(problem, seqs)


def fifo(problem: ProblemData) -> Result:
    """First in, first out (by release), batching consecutive identical units."""
    return _dispatch(problem, lambda u: (u.release, u.id), gather=False)


def edd(problem: ProblemData) -> Result:
    """Earliest due date first, batching consecutive identical units."""
    return _dispatch(problem, lambda u: (u.due, u.id), gather=False)


def group_edd(problem: ProblemData) -> Result:
    """Earliest due date first; the batch gathers all released units of its fabric and type."""
    return _dispatch(problem, lambda u: (u.due, u.id), gather=True)


BASELINES: dict[str, Callable[[ProblemData], Result]] = {
    "FIFO": fifo,
    "EDD": edd,
    "group+EDD": group_edd,
}
