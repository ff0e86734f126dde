"""Planning: routing, construction and local search.

1. Route each unit to its factory (or the first capable alternative when the
   routed factory cannot make it; units without a factory go to the least
   loaded capable one); a unit whose factory's bottleneck queue, changeovers
   included, would finish it late goes to an alternative that finishes it
   earlier.
2. Build batches and a sequence per factory; the best of several
   constructions is kept (the first always, the others as iterations):

   * window batching -- per (garment type, fabric) group in due order, a
     batch takes the next units due within a window of its first unit and
     released early enough for it -- followed by release-aware list
     scheduling (earliest due date first among the batches released when the
     cutting table is free, optionally weighing the setup each candidate
     causes);
   * gather dispatching -- whenever cutting is free, the released unit due
     first together with every released unit of its group;
   * for small factories, apparent tardiness cost with setups (ATCS).

3. Move late units to an alternative factory where that keeps their promise.
4. Improve each factory's plan:

   * a factory that is exactly one machine (one work centre working the
     whole clock, no waiting for releases, batches of one) is sequenced by
     iterated dynasearch (:mod:`scheduling.engine.sequencing`; Congram,
     Potts & van de Velde 2002, Grosso, Della Croce & Tadei 2004), setups
     included (1|s_ij|sum wjTj);
   * any other line by iterated local search on its batches: swaps and
     insertions, moves next to a batch with a cheap changeover, merges of
     same-group batches, unit transfers between them and splits.  Moves are
     judged incrementally from cached line states and a monotonicity
     argument usually decides before the end of the sequence.

   The best plan seen is kept (anytime).  Steps 2 (after the first
   construction) to 4 run as counted iterations in an order fixed by the
   problem, so a plan stopped by the clock is reproduced by
   ``max_iterations=result.iterations``.

The objective is total weighted tardiness plus the setup weight (by default
``SETUP_WEIGHT`` x mean unit weight, a tie-breaker that favours fewer
changeovers) x setup minutes, plus a large penalty per unit that cannot be
finished within the horizon.
"""

from __future__ import annotations

import heapq
import math
import random
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from .core import CBatch, Compiled, FactorySequence, FrozenState, candidate_factories
from .kpis import assemble_result
from .model import ProblemData, Result, Unplanned
from .sequencing import Dynasearch, SequencingProblem

MACHINE_MAX_UNITS = 300
"""Largest single-machine factory handed to dynasearch (its tables grow with n^2)."""
REBALANCE_WORK_PER_UNIT = 15
"""Moving late units between factories re-simulates at most this many batches a unit."""
CONSTRUCTION_UNITS = 8000
"""A factory tries ``CONSTRUCTION_UNITS // units`` constructions (at least one: a factory
larger than that is constructed once and its time goes to the searches)."""


def solve(
    problem: ProblemData,
    *,
    seed: int = 0,
    time_limit: float = 10.0,
    max_iterations: int | None = None,
    stall_iterations: int | None = None,
) -> Result:
    """Plan ``problem``; stop after ``time_limit`` seconds, or after ``max_iterations``,
    or -- with ``stall_iterations`` -- once the factories' searches have gone that many
    iterations without improving any factory's best plan, or every plan costs nothing
    (the search has converged: a small problem is planned in a fraction of the budget).

    Routing and a first construction per factory do not depend on the clock;
    then further constructions, moves of late units between factories and
    the factories' searches run as iterations, interleaved in a fixed order.
    ``Result.iterations`` counts the iterations run, so
    ``solve(problem, seed=s, max_iterations=result.iterations)`` gives the
    same plan on any machine.  With ``max_iterations`` the clock is
    not looked at.
    """
    t0 = time.perf_counter()
    c0 = time.process_time()
    comp = Compiled(problem)
    assign, unplanned, frozen_units = route(comp)
    moved: list[tuple[str, str, str]] = []
    per_fac: list[list[int]] = [[] for _ in comp.factories]
    for j, f in enumerate(assign):
        if f >= 0:
            per_fac[f].append(j)
    # one construction per factory always; the others are counted iterations
    builders = [
        Construction(comp, f, per_fac[f], comp.initial_state(f)) for f in range(len(comp.factories))
    ]
    plans = [b.plan for b in builders]
    deadline = _deadline(t0, c0, time_limit, len(problem.units))
    iterations = interleave(list(builders), deadline, max_iterations)

    # record routing changes made before construction
    for j, f in enumerate(assign):
        u = problem.units[j]
        if f >= 0 and u.factory is not None and comp.factories[f].id != u.factory:
            moved.append((u.id, u.factory, comp.factories[f].id))

    if len(comp.factories) > 1:
        work = REBALANCE_WORK_PER_UNIT * len(problem.units)
        left = None if max_iterations is None else max_iterations - iterations
        iterations += interleave([Rebalance(comp, plans, assign, moved, work)], deadline, left)
    searchers: list[Searcher] = []
    for plan in plans:
        f = plan.f
        units = [j for b in plan.seq for j in b.units]
        machine = single_machine(comp, f, units, plan.init)
        if machine is not None:
            searchers.append(MachineSearch(comp, plan, machine, units, seed=seed * 7919 + f))
        else:
            searchers.append(BatchSearch(comp, plan, random.Random(seed * 7919 + f)))
    left = None if max_iterations is None else max_iterations - iterations
    iterations += interleave(searchers, deadline, left, stall_iterations=stall_iterations)
    for searcher in searchers:
        searcher.finish()
    return assemble_result(
        comp,
        plans,
        unplanned,
        frozen_units,
        seed=seed,
        runtime=time.perf_counter() - t0,
        iterations=iterations,
        moved=moved,
    )


def _deadline(t0: float, c0: float, time_limit: float, n_units: int) -> float:
    """When the searches stop: the time limit less a reserve to write the plan out.

    The reserve is about 50 microseconds of CPU a unit (writing out took 15 at
    10,000 and 100,000 units on one machine and about 45 on a slower one),
    stretched by how much slower than CPU time the wall clock has run so far (on
    a shared machine the process gets only part of a core), at most half the
    limit; and 3 % of the limit for the last
    iteration and the searches' write-back.
    """
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    slow = min(6.0, wall / cpu) if cpu > 0.02 and wall > cpu else 1.0
    reserve = min(0.5 * time_limit, 5e-5 * n_units * slow + 0.03 * time_limit)
    return t0 + max(0.0, time_limit - reserve)


class Searcher(Protocol):
    @property
    def done(self) -> bool: ...

    @property
    def size(self) -> int: ...

    def step(self) -> None: ...

    def finish(self) -> None: ...


def interleave(
    searchers: list[Searcher],
    deadline: float,
    max_iterations: int | None,
    *,
    stall_iterations: int | None = None,
) -> int:
    """Run the searches in rounds, each taking iterations in proportion to its size.

    The order of iterations depends only on the problem, so stopping after
    ``k`` iterations on the clock and stopping on ``max_iterations=k`` do the
    same work.  With ``stall_iterations`` (searchers with a ``best_cost``) the
    rounds end once that many iterations in a row improved no searcher's best,
    or when the best costs nothing: counted in iterations, so still reproducible.
    """
    active = [s for s in searchers if not s.done]
    if not active:
        return 0
    largest = max(s.size for s in active) or 1
    quota = {id(s): max(1, round(32 * s.size / largest)) for s in active}
    it = 0
    clock = time.perf_counter
    best = math.inf
    improved_at = 0
    while active:
        if stall_iterations is not None:
            total = sum(s.best_cost for s in searchers)  # type: ignore[attr-defined]
            if total <= 0 or (total >= best - 1e-9 and it - improved_at >= stall_iterations):
                return it
            if total < best - 1e-9:
                best, improved_at = total, it
        for s in list(active):
            for _ in range(quota[id(s)]):
                if max_iterations is not None:
                    if it >= max_iterations:
                        return it
                elif clock() >= deadline:
                    return it
                s.step()
                it += 1
                if s.done:
                    active.remove(s)
                    break
    return it


# -- single machine ---------------------------------------------------------------


def single_machine(
    comp: Compiled, f: int, units: list[int], init: FrozenState
) -> SequencingProblem | None:
    """The factory's line as 1|s_ij|sum wjTj when it is exactly that, else ``None``.

    That is: one work centre working the whole clock every day, every unit
    released before the line is free, and batches of one (a batch limit of
    one, all groups single, or no setups: then splitting a batch never
    delays anyone), all finishing inside the horizon.
    """
    n = len(units)
    if comp.n_wc != 1 or n < 2 or n > MACHINE_MAX_UNITS:
        return None
    if any(c != comp.dm for c in comp.caps[f][0]):
        return None
    start = comp.start_time(f, 0, init.pos[0])
    if any(comp.release[j] > start for j in units):
        return None
    groups = [comp.group_of[j] for j in units]
    rules = bool(comp.rules_by_wc[0])
    if rules and comp.max_units(f) > 1 and len(set(groups)) < n:
        return None
    p = tuple(comp.minutes[j][0] for j in units)
    setups: tuple[tuple[int, ...], ...] | None = None
    initial: tuple[int, ...] | None = None
    worst = 0
    if rules:
        rows = {g: comp.setup_row(0, g) for g in set(groups)}
        setups = tuple(tuple(rows[gi][gj] for gj in groups) for gi in groups)
        first = comp.setup_row(0, init.prev_group)
        initial = tuple(first[g] for g in groups)
        worst = max(initial) + sum(max(r) for r in setups)
    if start + sum(p) + worst > comp.horizon_end:
        return None
    return SequencingProblem(
        p=p,
        w=tuple(comp.weight[j] for j in units),
        d=tuple(comp.due[j] for j in units),
        setups=setups,
        initial_setups=initial,
        setup_weight=comp.setup_weight,
        start=start,
    )


class MachineSearch:
    """Iterated dynasearch on a factory that is a single machine."""

    def __init__(
        self,
        comp: Compiled,
        plan: FactorySequence,
        machine: SequencingProblem,
        units: list[int],
        *,
        seed: int,
    ) -> None:
        self.comp = comp
        self.plan = plan
        self.units = units
        self.search = Dynasearch(machine, seed=seed)
        self.size = len(units)
        self._write(self.search.best.tolist())

    @property
    def done(self) -> bool:
        return False

    @property
    def best_cost(self) -> float:
        return float(self.search.best_cost)

    def _write(self, order: Sequence[int]) -> None:
        comp = self.comp
        seq = [CBatch(comp, comp.group_of[self.units[k]], [self.units[k]]) for k in order]
        self.plan.seq = seq
        self.plan.evaluate()

    def step(self) -> None:
        self.search.step()

    def finish(self) -> None:
        self._write(self.search.best.tolist())


# -- routing ----------------------------------------------------------------


def route(comp: Compiled) -> tuple[list[int], list[Unplanned], set[int]]:
    problem = comp.problem
    frozen_ids = {uid for b in problem.frozen for uid in b.unit_ids}
    assign = [-1] * comp.n
    unplanned: list[Unplanned] = []
    frozen_units: set[int] = set()
    load = [0.0] * len(comp.factories)
    cap = [max(1, sum(comp.totals[f])) for f in range(len(comp.factories))]
    free: list[tuple[int, list[int]]] = []
    for j, u in enumerate(problem.units):
        if u.id in frozen_ids:
            frozen_units.add(j)
            continue
        cands, reason = candidate_factories(comp, j)
        if reason is not None:
            unplanned.append(reason.of(u.id))
            continue
        if u.factory is None:
            free.append((j, cands))
            continue
        f = cands[0]
        assign[j] = f
        load[f] += sum(u.minutes)
    free.sort(key=lambda x: comp.due[x[0]])
    for j, cands in free:
        f = min(cands, key=lambda c: load[c] / cap[c])
        assign[j] = f
        load[f] += sum(comp.minutes[j])
    balance_routes(comp, assign)
    return assign, unplanned, frozen_units


def balance_routes(comp: Compiled, assign: list[int]) -> None:
    """Send a unit to an alternative factory when its own would finish it late.

    Each factory's bottleneck work centre is a queue worked at its mean
    rate; units join in release order.  A unit's work there includes its
    share of the changeovers, estimated from how many batches its factory's
    groups need (one per five days of releases at most).  A unit routed to a
    factory whose queue would finish it after its due date goes to the
    capable alternative that finishes it first (it stays when none is
    earlier).
    """
    n_f = len(comp.factories)
    if n_f < 2:
        return
    units = comp.problem.units
    work = [[0.0] * comp.n_wc for _ in range(n_f)]
    count = [0] * n_f
    groups: list[dict[int, int]] = [{} for _ in range(n_f)]
    first_rel = min((comp.release[j] for j in range(comp.n) if assign[j] >= 0), default=0)
    last_rel = max((comp.release[j] for j in range(comp.n) if assign[j] >= 0), default=0)
    windows = max(1.0, (last_rel - first_rel) / (5 * comp.dm))
    for j, f in enumerate(assign):
        if f >= 0:
            mj = comp.minutes[j]
            for k in range(comp.n_wc):
                work[f][k] += mj[k]
            count[f] += 1
            g = comp.group_of[j]
            groups[f][g] = groups[f].get(g, 0) + 1
    change = [sum(r.minutes for r in comp.rules_by_wc[k]) for k in range(comp.n_wc)]
    extra = [[0.0] * comp.n_wc for _ in range(n_f)]
    for f in range(n_f):
        if count[f]:
            batches = sum(min(float(c), windows) for c in groups[f].values())
            for k in range(comp.n_wc):
                extra[f][k] = change[k] * batches / count[f]
                work[f][k] += extra[f][k] * count[f]
    horizon_min = max(1, comp.horizon_end)
    neck = [0] * n_f
    rate = [1.0] * n_f
    free = [0.0] * n_f
    for f in range(n_f):
        ratios = [work[f][k] / max(1, comp.cums[f][k][comp.horizon]) for k in range(comp.n_wc)]
        neck[f] = max(range(comp.n_wc), key=ratios.__getitem__)
        rate[f] = max(1e-9, comp.cums[f][neck[f]][comp.horizon] / horizon_min)
        init = comp.initial_state(f)
        free[f] = float(comp.start_time(f, neck[f], init.pos[neck[f]]))
    order = sorted(
        (j for j in range(comp.n) if assign[j] >= 0),
        key=lambda j: (comp.release[j], comp.due[j], j),
    )
    for j in order:
        f = assign[j]
        rel = float(comp.release[j])
        mins = comp.minutes[j]
        est = max(free[f], rel) + (mins[neck[f]] + extra[f][neck[f]]) / rate[f]
        if est > comp.due[j] and units[j].alternatives:
            cands, _reason = candidate_factories(comp, j)
            for c in cands:
                if c == f:
                    continue
                e = max(free[c], rel) + (mins[neck[c]] + extra[c][neck[c]]) / rate[c]
                if e < est:
                    f, est = c, e
            assign[j] = f
        free[f] = est


# -- construction -------------------------------------------------------------


def best_construction(
    comp: Compiled,
    f: int,
    units: list[int],
    init: FrozenState,
) -> FactorySequence:
    """Best of several constructions, most promising first (fewer for large factories)."""
    build = Construction(comp, f, units, init)
    while not build.done:
        build.step()
    return build.plan


class Construction:
    """A factory's constructions: the first one at creation, one more per :meth:`step`;
    ``plan`` is always the best so far."""

    def __init__(self, comp: Compiled, f: int, units: list[int], init: FrozenState) -> None:
        self.comp = comp
        self.jobs = construction_jobs(comp, f, units, init)
        self.plan = FactorySequence(comp, f, self.jobs[0]() if self.jobs else [], init)
        self.next = 1
        self.size = max(0, len(self.jobs) - 1)

    @property
    def done(self) -> bool:
        return self.next >= len(self.jobs)

    def step(self) -> None:
        plan = self.plan
        cand = FactorySequence(self.comp, plan.f, self.jobs[self.next](), plan.init)
        self.next += 1
        if cand.cost < plan.cost:
            plan.adopt(cand)

    def finish(self) -> None:
        return


def construction_jobs(
    comp: Compiled, f: int, units: list[int], init: FrozenState
) -> list[Callable[[], list[CBatch]]]:
    """The constructions a factory tries, most promising first (fewer for large factories)."""
    if not units:
        return []
    dm = comp.dm
    betas = (1.0, 0.0) if comp.setup_wcs else (0.0,)
    # (window, lead) in days.  A factory that tries every construction keeps the
    # first of equal cost, so the order there favours starting early (small
    # windows); a large factory tries only the first few, those that do best
    # on overloaded lines.
    windows: tuple[tuple[float, float], ...] = (
        (1.0, 1.0),
        (2.0, 1.5),
        (0.5, 1.0),
        (3.0, 2.0),
        (0.0, 1.0),
        (5.0, 2.0),
        (5.0, 1.0),
        (7.0, 1.0),
        (4.0, 1.0),
    )
    gather_after = 0
    if len(units) * (2 * len(windows) + 2) > CONSTRUCTION_UNITS:
        windows = ((5.0, 1.0), (7.0, 1.0), (3.0, 2.0), (5.0, 2.0), (4.0, 1.0), (2.0, 1.5))
        gather_after = 1
    jobs: list[Callable[[], list[CBatch]]] = []
    cache: dict[tuple[float, float], list[CBatch]] = {}

    def listed(w_days: float, lead_days: float, beta: float) -> Callable[[], list[CBatch]]:
        def run() -> list[CBatch]:
            key = (w_days, lead_days)
            if key not in cache:
                cache[key] = window_batches(comp, f, units, int(w_days * dm), int(lead_days * dm))
            return list_schedule(comp, f, cache[key], init, beta)

        return run

    for bi, beta in enumerate(betas):
        for wi, (w_days, lead_days) in enumerate(windows):
            jobs.append(listed(w_days, lead_days, beta))
            if bi == 0 and wi == gather_after:
                jobs.append(lambda: gather_dispatch(comp, f, units, init))
    if len(units) <= 400:
        jobs.append(lambda: construct(comp, f, units, init))
    # the construction work is bounded by the factory's size
    return jobs[: max(1, CONSTRUCTION_UNITS // len(units))]


def gather_dispatch(comp: Compiled, f: int, units: list[int], init: FrozenState) -> list[CBatch]:
    """Whenever cutting is free: the released unit due first, with every released
    unit of its group (due order) up to the batch limits."""
    due = comp.due
    rel = comp.release
    mins = comp.minutes
    max_u = comp.max_units(f)
    max_cut = comp.max_cut(f)
    order = sorted(units, key=lambda j: (rel[j], j))
    heap: list[tuple[int, int]] = []
    by_group: dict[int, list[tuple[int, int]]] = {}
    taken: set[int] = set()
    pos = list(init.pos)
    prev = init.prev_group
    seq: list[CBatch] = []
    k = 0
    n = len(order)
    left = n
    while left:
        t = comp.start_time(f, 0, pos[0])
        while k < n and (rel[order[k]] <= t or not heap):
            j = order[k]
            item = (due[j], j)
            heapq.heappush(heap, item)
            heapq.heappush(by_group.setdefault(comp.group_of[j], []), item)
            t = max(t, rel[j])
            k += 1
        _, j0 = heapq.heappop(heap)
        if j0 in taken:
            continue
        g = comp.group_of[j0]
        batch = [j0]
        taken.add(j0)
        cut = mins[j0][0]
        gh = by_group[g]
        while gh and len(batch) < max_u:
            jx = gh[0][1]
            if jx not in taken:
                if max_cut is not None and cut + mins[jx][0] > max_cut:
                    break
                taken.add(jx)
                batch.append(jx)
                cut += mins[jx][0]
            heapq.heappop(gh)
        left -= len(batch)
        b = CBatch(comp, g, batch)
        comp.step(f, pos, prev, b)
        prev = g
        seq.append(b)
    return seq


def window_batches(
    comp: Compiled, f: int, units: list[int], window: int, lead: int
) -> list[CBatch]:
    """Per group, in due order: a batch takes the next units due within ``window``
    of its first unit and released at least ``lead`` before that unit's due date."""
    due = comp.due
    rel = comp.release
    mins = comp.minutes
    max_u = comp.max_units(f)
    max_cut = comp.max_cut(f)
    groups: dict[int, list[int]] = {}
    for j in sorted(units, key=lambda j: (due[j], rel[j], j)):
        groups.setdefault(comp.group_of[j], []).append(j)
    out: list[CBatch] = []
    for g, members in groups.items():
        open_: list[int] = list(members)
        while open_:
            first = open_[0]
            limit_due = due[first] + window
            limit_rel = max(rel[first], due[first] - lead)
            take = [first]
            cut = mins[first][0]
            rest: list[int] = []
            for j in open_[1:]:
                if (
                    len(take) < max_u
                    and due[j] <= limit_due
                    and rel[j] <= limit_rel
                    and (max_cut is None or cut + mins[j][0] <= max_cut)
                ):
                    take.append(j)
                    cut += mins[j][0]
                else:
                    rest.append(j)
                if due[j] > limit_due and len(take) < max_u:
                    rest.extend(open_[len(take) + len(rest) :])
                    break
            out.append(CBatch(comp, g, take))
            open_ = rest
    return out


def list_schedule(
    comp: Compiled,
    f: int,
    batches: list[CBatch],
    init: FrozenState,
    beta: float = 0.0,
    look: int = 12,
) -> list[CBatch]:
    """Earliest due date first among the batches released when cutting is free.

    With ``beta > 0`` the first ``look`` candidates in due order compete on
    due date + ``beta`` x the clock time their setups take on the lines.
    """
    order = sorted(range(len(batches)), key=lambda i: batches[i].rel)
    heap: list[tuple[int, int, int]] = []
    pos = list(init.pos)
    prev = init.prev_group
    seq: list[CBatch] = []
    k = 0
    n = len(order)
    conv = [0.0] * comp.n_wc
    for kk in comp.setup_wcs:
        caps = [c for c in comp.caps[f][kk][: comp.horizon] if c > 0]
        avg = sum(caps) / len(caps) if caps else float(comp.dm)
        conv[kk] = beta * comp.dm / max(1.0, avg)
    use_setup = beta > 0 and bool(comp.setup_wcs)
    while len(seq) < n:
        t = comp.start_time(f, 0, pos[0])
        while k < n and batches[order[k]].rel <= t:
            b = batches[order[k]]
            heapq.heappush(heap, (b.dues[0], b.g, order[k]))
            k += 1
        if not heap:
            b = batches[order[k]]
            heapq.heappush(heap, (b.dues[0], b.g, order[k]))
            k += 1
            continue
        if use_setup and len(heap) > 1:
            cands = [heapq.heappop(heap) for _ in range(min(look, len(heap)))]
            best_i = 0
            best_key = math.inf
            for ci, (d0, g, _bi) in enumerate(cands):
                key = float(d0)
                for kk in comp.setup_wcs:
                    key += conv[kk] * comp.setup(kk, prev, g)
                if key < best_key:
                    best_key = key
                    best_i = ci
            i = cands[best_i][2]
            for ci, item in enumerate(cands):
                if ci != best_i:
                    heapq.heappush(heap, item)
        else:
            _, _, i = heapq.heappop(heap)
        b = batches[i]
        comp.step(f, pos, prev, b)
        prev = b.g
        seq.append(b)
    return seq


def _bottleneck(comp: Compiled, f: int, units: list[int]) -> int:
    best, best_k = -1.0, 0
    for k in range(comp.n_wc):
        w = sum(comp.minutes[j][k] for j in units)
        c = comp.totals[f][k]
        r = w / c if c else (math.inf if w else 0.0)
        if r > best:
            best, best_k = r, k
    return best_k


def construct(
    comp: Compiled,
    f: int,
    units: list[int],
    init: FrozenState,
    *,
    k1: float = 2.0,
    k2: float = 0.5,
) -> list[CBatch]:
    """ATCS dispatching with release-aware group batches."""
    due = comp.due
    rel = comp.release
    w = comp.weight
    mins = comp.minutes
    max_u = comp.max_units(f)
    max_cut = comp.max_cut(f)
    groups: dict[int, list[int]] = {}
    for j in sorted(units, key=lambda j: (due[j], rel[j], j)):
        groups.setdefault(comp.group_of[j], []).append(j)
    kb = _bottleneck(comp, f, units)
    n_batches_est = sum(-(-len(v) // max_u) for v in groups.values()) or 1
    work_b = sum(mins[j][kb] for j in units)
    avg_cap = comp.totals[f][kb] / max(1, comp.ext_days)
    pbar = (work_b / n_batches_est) * comp.dm / max(1.0, avg_cap)
    scale = max(1.0, k1 * pbar)
    sbar = 0.0
    if comp.setup_wcs:
        vals = []
        gs = list(groups)
        for k in comp.setup_wcs:
            for ga in gs[:20]:
                for gb in gs[:20]:
                    if ga != gb:
                        vals.append(comp.setup(k, ga, gb))
        sbar = (sum(vals) / len(vals)) if vals else 0.0
    sscale = k2 * sbar if sbar > 0 else 0.0

    pos = list(init.pos)
    prev = init.prev_group
    seq: list[CBatch] = []
    step = comp.step
    exp = math.exp
    while groups:
        tfree = comp.start_time(f, 0, pos[0])
        best_val = -1.0
        best: tuple[int, list[int]] | None = None
        for g, rem in groups.items():
            cand = _candidate(rem, rel, mins, tfree, max_u, max_cut)
            b = CBatch(comp, g, cand)
            p2 = list(pos)
            c, su = step(f, p2, prev, b)
            occ = p2[kb] - pos[kb]
            urg = 0.0
            for j in cand:
                slack = due[j] - c
                urg += w[j] if slack <= 0 else w[j] * exp(-slack / scale)
            val = urg / max(1, occ)
            if sscale > 0 and su > 0:
                val *= exp(-su / sscale)
            if val > best_val or (val == best_val and best is not None and g < best[0]):
                best_val = val
                best = (g, cand)
        assert best is not None
        g, cand = best
        b = CBatch(comp, g, list(cand))
        step(f, pos, prev, b)
        prev = g
        seq.append(b)
        taken = set(cand)
        rem = [j for j in groups[g] if j not in taken]
        if rem:
            groups[g] = rem
        else:
            del groups[g]
    return seq


def _candidate(
    rem: list[int],
    rel: list[int],
    mins: list[tuple[int, ...]],
    tfree: int,
    max_u: int,
    max_cut: int | None,
) -> list[int]:
    out: list[int] = []
    cut = 0
    earliest = min(rel[j] for j in rem)
    limit = tfree if tfree >= earliest else earliest
    for j in rem:
        if rel[j] > limit:
            continue
        m = mins[j][0]
        if max_cut is not None and cut + m > max_cut and out:
            break
        out.append(j)
        cut += m
        if len(out) >= max_u:
            break
    return out


# -- cross-factory moves -----------------------------------------------------


class Rebalance:
    """Move late units to an alternative factory where they would be on time.

    One :meth:`step` tries one unit, latest (by weighted tardiness) first;
    the search is done when no unit is left or after ``max_work`` batches
    have been re-simulated (counted from the positions the trials start at,
    so the count does not depend on the clock).
    """

    def __init__(
        self,
        comp: Compiled,
        plans: list[FactorySequence],
        assign: list[int],
        moved: list[tuple[str, str, str]],
        max_work: int,
    ) -> None:
        self.comp = comp
        self.plans = plans
        self.assign = assign
        self.moved = moved
        late: list[tuple[float, int, int]] = []
        for plan in plans:
            for bi, b in enumerate(plan.seq):
                if not any(comp.problem.units[j].alternatives for j in b.units):
                    continue
                c = plan.completion_at(bi)
                for j in b.units:
                    if c > comp.due[j] and comp.problem.units[j].alternatives:
                        late.append((-comp.weight[j] * (c - comp.due[j]), j, plan.f))
        late.sort()
        self.late = late
        self.next = 0
        self.size = len(self.late)
        self.work = 0
        self.max_work = max_work

    @property
    def done(self) -> bool:
        return self.next >= len(self.late) or self.work >= self.max_work

    def step(self) -> None:
        comp, plans = self.comp, self.plans
        _, j, f_from = self.late[self.next]
        self.next += 1
        cands, _r = candidate_factories(comp, j)
        alts = [c for c in cands if c != f_from]
        if not alts:
            return
        src = plans[f_from]
        bi = next((i for i, b in enumerate(src.seq) if j in b.units), -1)
        if bi < 0 or src.completion_at(bi) <= comp.due[j]:
            return  # gone or on time where it is now
        old_b = src.seq[bi]
        rest = [u for u in old_b.units if u != j]
        win_src = [CBatch(comp, old_b.g, rest)] if rest else []
        self.work += len(src.seq) - bi
        src_cost = src.trial(bi, win_src, bi + 1)
        gain_src = src.cost - src_cost
        if gain_src <= 1e-9:
            return
        for f_to in alts:
            dst = plans[f_to]
            found = _insertion(comp, dst, j, gain_src)
            if found is None:
                continue
            i, window, jj = found
            self.work += len(dst.seq) - i
            src.apply(bi, win_src, bi + 1)
            dst.apply(i, window, jj)
            self.assign[j] = f_to
            self.moved.append(
                (comp.unit_ids[j], comp.factories[f_from].id, comp.factories[f_to].id)
            )
            return

    def finish(self) -> None:
        return


def _insertion(
    comp: Compiled, dst: FactorySequence, j: int, gain: float
) -> tuple[int, list[CBatch], int] | None:
    """A way to add unit ``j`` to ``dst``, on time there, costing less than ``gain``.

    Joining a batch of its group (latest first) is tried before a batch of its own.
    """
    g = comp.group_of[j]
    f = dst.f
    due_j = comp.due[j]
    max_u = comp.max_units(f)
    max_cut = comp.max_cut(f)
    n = len(dst.seq)
    # batches are completed in sequence order: find the first one ending after the due date
    last = comp.n_wc - 1
    limit = comp.pos_at_time(f, last, due_j)
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if dst.pre_pos[mid + 1][last] <= limit:
            lo = mid + 1
        else:
            hi = mid
    first_late = lo
    options: list[tuple[int, list[CBatch], int, int]] = []  # (i, window, j, index in window)
    joins = 0
    for i in range(first_late - 1, -1, -1):
        b = dst.seq[i]
        if b.g != g or len(b.units) >= max_u:
            continue
        if max_cut is not None and b.work[0] + comp.minutes[j][0] > max_cut:
            continue
        options.append((i, [CBatch(comp, g, [*b.units, j])], i + 1, 0))
        joins += 1
        if joins >= 3:
            break
    nb = CBatch(comp, g, [j])
    for p in {max(0, first_late - 1), first_late}:
        options.append((p, [nb], p, 0))
    for i, window, jj, idx in options:
        if dst.window_completion(i, window, idx) > due_j:
            continue
        if dst.accepts(i, window, jj, margin=gain - 1e-6):
            return i, window, jj
    return None


# -- local search -------------------------------------------------------------


class BatchSearch:
    """Iterated local search on one factory's batches, one move per :meth:`step`.

    The best plan seen is kept and written back by :meth:`finish`.
    """

    def __init__(self, comp: Compiled, plan: FactorySequence, rng: random.Random) -> None:
        self.plan = plan
        self.size = len(plan.seq)
        self.best_seq = list(plan.seq)
        self.best_cost = plan.cost
        self.done = self.size <= 1 and all(len(b.units) <= 1 for b in plan.seq)
        self._steps = improve_steps(comp, plan, rng, self)

    def step(self) -> None:
        next(self._steps)

    def finish(self) -> None:
        plan = self.plan
        if plan.seq != self.best_seq:  # same batch objects in the same order: nothing to redo
            plan.seq = self.best_seq
            plan.evaluate()


def improve_steps(
    comp: Compiled,
    plan: FactorySequence,
    rng: random.Random,
    keep: BatchSearch,
) -> Iterator[None]:
    """Iterated local search on one factory's batches (an endless generator of moves).

    Batch swaps and insertions, moves next to a batch with a cheap
    changeover, merges, transfers and splits; after ``stall_limit`` moves
    without improvement, a kick from the best plan.  The best plan is kept in
    ``keep``.
    """
    n0 = len(plan.seq)
    f = plan.f
    max_u = comp.max_units(f)
    max_cut = comp.max_cut(f)
    stall = 0
    stall_limit = max(200, 30 * n0)
    moves: list[Callable[[], bool]] = []

    # share of moves over any distance (the rest stay near the batch)
    far = 0.3 if max_u == 1 and not comp.setup_wcs else 0.1

    def cut_ok(units: list[int]) -> bool:
        if len(units) > max_u:
            return False
        if max_cut is None:
            return True
        return sum(comp.minutes[j][0] for j in units) <= max_cut or len(units) == 1

    def try_apply(i: int, window: list[CBatch], j: int) -> bool:
        if plan.accepts(i, window, j):
            before = plan.cost
            plan.apply(i, window, j)
            return plan.cost < before - 1e-9
        return False

    def swap() -> bool:
        n = len(plan.seq)
        if n < 2:
            return False
        i = rng.randrange(n - 1)
        if rng.random() < far:
            j = rng.randrange(i + 1, n)
        else:
            j = i + max(1, min(n - 1 - i, 1 + int(rng.expovariate(1 / 4.0))))
        s = plan.seq
        window = [s[j], *s[i + 1 : j], s[i]]
        return try_apply(i, window, j + 1)

    def insert() -> bool:
        n = len(plan.seq)
        if n < 2:
            return False
        i = rng.randrange(n)
        if rng.random() < far:
            j = rng.randrange(n)
        else:
            d = 1 + int(rng.expovariate(1 / 6.0))
            j = i - d if rng.random() < 0.6 else i + d
            j = max(0, min(n - 1, j))
        if j == i:
            return False
        s = plan.seq
        if j < i:
            window = [s[i], *s[j:i]]
            return try_apply(j, window, i + 1)
        window = [*s[i + 1 : j + 1], s[i]]
        return try_apply(i, window, j + 1)

    def same_group_pair() -> tuple[int, int] | None:
        n = len(plan.seq)
        s = plan.seq
        i = rng.randrange(n)
        g = s[i].g
        others = [k for k in range(max(0, i - 40), min(n, i + 41)) if k != i and s[k].g == g]
        if not others:
            return None
        k = rng.choice(others)
        return (i, k) if i < k else (k, i)

    def merge() -> bool:
        if len(plan.seq) < 2:
            return False
        pair = same_group_pair()
        if pair is None:
            return False
        a, b = pair
        s = plan.seq
        units = [*s[a].units, *s[b].units]
        if not cut_ok(units):
            return False
        nb = CBatch(comp, s[a].g, units)
        window = [nb, *s[a + 1 : b]] if rng.random() < 0.5 else [*s[a + 1 : b], nb]
        return try_apply(a, window, b + 1)

    def transfer() -> bool:
        if len(plan.seq) < 2:
            return False
        pair = same_group_pair()
        if pair is None:
            return False
        a, b = pair
        s = plan.seq
        ua, ub = list(s[a].units), list(s[b].units)
        g = s[a].g
        r = rng.random()
        if r < 0.4:
            # most urgent unit of the later batch moves to the earlier one
            moved_u = ub.pop(0)
            ua.append(moved_u)
        elif r < 0.7 and len(ua) > 1:
            # least urgent unit of the earlier batch moves to the later one
            moved_u = ua.pop()
            ub.append(moved_u)
        else:
            if not ua or not ub:
                return False
            x = ua.pop()
            y = ub.pop(0)
            ua.append(y)
            ub.append(x)
        if not ua and not ub:
            return False
        if (ua and not cut_ok(ua)) or (ub and not cut_ok(ub)):
            return False
        window: list[CBatch] = []
        if ua:
            window.append(CBatch(comp, g, ua))
        window.extend(s[a + 1 : b])
        if ub:
            window.append(CBatch(comp, g, ub))
        return try_apply(a, window, b + 1)

    def split() -> bool:
        n = len(plan.seq)
        i = rng.randrange(n)
        s = plan.seq
        b = s[i]
        if len(b.units) < 2:
            return False
        cut = rng.randrange(1, len(b.units))
        first = CBatch(comp, b.g, list(b.units[:cut]))
        second = CBatch(comp, b.g, list(b.units[cut:]))
        j = min(n, i + 1 + int(rng.expovariate(1 / 3.0)))
        window = [first, *s[i + 1 : j], second]
        return try_apply(i, window, j)

    def cluster() -> bool:
        # move a batch next to a nearby batch it changes over to most cheaply
        n = len(plan.seq)
        if n < 3:
            return False
        s = plan.seq
        i = rng.randrange(n)
        g = s[i].g
        lo, hi = max(0, i - 25), min(n, i + 26)
        best_j = -1
        best_su = -1
        for k in range(lo, hi):
            if k == i or k + 1 == i:
                continue
            su = 0
            for kk in comp.setup_wcs:
                su += comp.setup(kk, s[k].g, g)
            if best_j < 0 or su < best_su:
                best_j, best_su = k, su
        if best_j < 0:
            return False
        j = best_j
        if j < i:  # place right after j
            window = [s[j], s[i], *s[j + 1 : i]]
            return try_apply(j, window, i + 1)
        window = [*s[i + 1 : j + 1], s[i]]
        return try_apply(i, window, j + 1)

    multi = any(len(b.units) > 1 for b in plan.seq) or max_u > 1
    moves = [swap, insert, swap, insert]
    if comp.setup_wcs:
        moves += [cluster, cluster]
    if multi:
        moves += [merge, transfer, split, merge]

    while True:
        yield
        if not plan.seq:
            keep.done = True
            continue
        improved = moves[rng.randrange(len(moves))]()
        if improved:
            stall = 0
            if plan.cost < keep.best_cost - 1e-9:
                keep.best_cost = plan.cost
                keep.best_seq = list(plan.seq)
        else:
            stall += 1
        if stall >= stall_limit:
            # perturb from the best plan (iterated local search)
            if plan.cost > keep.best_cost + 1e-9:
                plan.seq = list(keep.best_seq)
            _perturb(plan, rng)
            plan.evaluate()
            stall = 0


def _perturb(plan: FactorySequence, rng: random.Random) -> None:
    s = plan.seq
    n = len(s)
    if n < 3:
        if n == 2:
            s[0], s[1] = s[1], s[0]
        return
    kicks = 1 + rng.randrange(3)
    for _ in range(kicks):
        i = rng.randrange(n - 1)
        length = min(n - i, 2 + rng.randrange(min(6, n - i - 1) or 1))
        seg = s[i : i + length]
        rng.shuffle(seg)
        s[i : i + length] = seg
