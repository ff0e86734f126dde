"""Result assembly and key figures of a plan."""

from __future__ import annotations

from collections.abc import Sequence

from .core import CBatch, Compiled, FactorySequence, build_batches, candidate_factories
from .model import KPIs, ProblemData, Result, UnitResult, Unplanned, UnplannedReason


def assemble_result(
    comp: Compiled,
    plans: list[FactorySequence],
    unplanned: list[Unplanned],
    frozen_units: set[int],
    *,
    seed: int,
    runtime: float,
    iterations: int,
    moved: list[tuple[str, str, str]],
) -> Result:
    problem = comp.problem
    batches, done, beyond = build_batches(comp, plans)
    unplanned = [*unplanned, *beyond]
    results: list[UnitResult] = []
    for j, bid, c in done:
        late = c - comp.due[j]
        f = bid.rsplit("-B", 1)[0]
        results.append(
            UnitResult(
                unit_id=comp.unit_ids[j],
                factory=f,
                batch_id=bid,
                completion=c,
                lateness=late,
                weighted_tardiness=comp.weight[j] * late if late > 0 else 0.0,
            )
        )
    if frozen_units:
        where = {uid: b for b in problem.frozen for uid in b.unit_ids}
        for j in sorted(frozen_units):
            b = where[comp.unit_ids[j]]
            c = b.end
            late = c - comp.due[j]
            results.append(
                UnitResult(
                    unit_id=comp.unit_ids[j],
                    factory=b.factory,
                    batch_id=b.id,
                    completion=c,
                    lateness=late,
                    weighted_tardiness=comp.weight[j] * late if late > 0 else 0.0,
                )
            )
    order = {uid: i for i, uid in enumerate(comp.unit_ids)}
    results.sort(key=lambda r: order.get(r.unit_id, 0))
    unplanned.sort(key=lambda r: order.get(r.unit_id, 0))
    batches.sort(key=lambda b: (b.factory, b.sequence))
    kpis = compute_kpis(problem, batches, results, unplanned)
    return Result(
        batches=tuple(batches),
        units=tuple(results),
        unplanned=tuple(unplanned),
        kpis=kpis,
        seed=seed,
        runtime=runtime,
        iterations=iterations,
        moved_units=tuple(moved),
    )


def compute_kpis(
    problem: ProblemData,
    batches: Sequence[object],
    units: Sequence[UnitResult],
    unplanned: Sequence[Unplanned],
) -> KPIs:
    from .model import Batch

    wt = 0.0
    on_time = 0
    max_late = 0
    tardy = 0
    for r in units:
        wt += r.weighted_tardiness
        if r.lateness <= 0:
            on_time += 1
        else:
            tardy += 1
        if r.lateness > max_late:
            max_late = r.lateness
    changeovers = 0
    setup_minutes = 0
    makespan = 0
    used = {wc: 0 for wc in problem.work_centres}
    last_day = -1
    for b in batches:
        assert isinstance(b, Batch)
        for st in b.stages:
            if st.setup_minutes > 0:
                changeovers += 1
                setup_minutes += st.setup_minutes
            used[st.work_centre] = used.get(st.work_centre, 0) + sum(m for _, m in st.allocations)
            for d, _ in st.allocations:
                if d > last_day:
                    last_day = d
        if b.end > makespan:
            makespan = b.end
    util: dict[str, float] = {}
    for wc in problem.work_centres:
        avail = 0
        for fac in problem.factories:
            for cal in fac.calendars:
                if cal.work_centre == wc:
                    avail += sum(cal.daily_minutes[: last_day + 1])
        util[wc] = round(used[wc] / avail, 4) if avail else 0.0
    n = len(units)
    return KPIs(
        weighted_tardiness=wt,
        on_time_pct=100.0 * on_time / n if n else 100.0,
        max_lateness=max_late,
        tardy_units=tardy,
        changeovers=changeovers,
        setup_minutes=setup_minutes,
        utilisation=util,
        makespan=makespan,
        batches=len(batches),
        planned_units=n,
        unplanned_units=len(unplanned),
    )


def evaluate_plan(
    problem: ProblemData,
    sequences: dict[str, list[list[str]]],
    *,
    runtime: float = 0.0,
) -> Result:
    """Simulate a given batching: per factory, batches (lists of unit ids) in order.

    Each batch must hold units of one garment type and fabric.  Units not
    listed are reported unplanned.  This is how fixed dispatching rules are
    measured with exactly the engine's capacity model.
    """
    comp = Compiled(problem)
    idx = {uid: j for j, uid in enumerate(comp.unit_ids)}
    plans: list[FactorySequence] = []
    seen: set[int] = set()
    frozen_ids = {uid for b in problem.frozen for uid in b.unit_ids}
    for f, fac in enumerate(problem.factories):
        seq: list[CBatch] = []
        for ids in sequences.get(fac.id, []):
            js = [idx[u] for u in ids]
            seen.update(js)
            seq.append(CBatch(comp, comp.group_of[js[0]], js))
        plans.append(FactorySequence(comp, f, seq, comp.initial_state(f)))
    unplanned: list[Unplanned] = []
    frozen_units: set[int] = set()
    for j, uid in enumerate(comp.unit_ids):
        if uid in frozen_ids:
            frozen_units.add(j)
        elif j not in seen:
            _c, reason = candidate_factories(comp, j)
            unplanned.append((reason or UnplannedReason("not_in_plan")).of(uid))
    return assemble_result(
        comp,
        plans,
        unplanned,
        frozen_units,
        seed=0,
        runtime=runtime,
        iterations=0,
        moved=[],
    )
