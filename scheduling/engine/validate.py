"""Independent check of a plan against its problem.

Written separately from the solver (it only reads the public dataclasses) so
that tests and callers can verify a plan without trusting the code that made
it.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from .model import Batch, ProblemData, Result, SetupRule


def plan_violations(problem: ProblemData, plan: Result) -> list[str]:
    """Every broken rule of ``plan``, as readable messages (empty list: valid)."""
    out: list[str] = []
    units = {u.id: u for u in problem.units}
    factories = {f.id: f for f in problem.factories}
    dm = problem.day_minutes
    horizon_end = problem.horizon_days * dm
    wcs = problem.work_centres
    caps: dict[tuple[str, str], tuple[int, ...]] = {}
    for f in problem.factories:
        for cal in f.calendars:
            caps[(f.id, cal.work_centre)] = cal.daily_minutes

    def cap(fid: str, wc: str, day: int) -> int:
        c = caps.get((fid, wc), ())
        return c[day] if 0 <= day < len(c) and day < problem.horizon_days else 0

    # frozen batches unchanged
    plan_by_id: dict[str, Batch] = {}
    for b in plan.batches:
        if b.id in plan_by_id:
            out.append(f"batch id {b.id} used twice")
        plan_by_id[b.id] = b
    for fb in problem.frozen:
        got = plan_by_id.get(fb.id)
        if got is None:
            out.append(f"frozen batch {fb.id} missing from the plan")
        elif got != fb:
            out.append(f"frozen batch {fb.id} was changed")

    # each unit exactly once
    seen: dict[str, str] = {}
    for b in plan.batches:
        for uid in b.unit_ids:
            if uid in seen:
                out.append(f"unit {uid} in batch {b.id} and in {seen[uid]}")
            seen[uid] = b.id
    for un in plan.unplanned:
        if un.unit_id in seen:
            out.append(f"unit {un.unit_id} both planned ({seen[un.unit_id]}) and unplanned")
        if not un.reason:
            out.append(f"unit {un.unit_id} unplanned without a reason")
        seen[un.unit_id] = "unplanned"
    for uid in units:
        if uid not in seen:
            out.append(f"unit {uid} neither planned nor reported unplanned")
    frozen_members = {uid for b in problem.frozen for uid in b.unit_ids}
    for uid in seen:
        if uid not in units and uid not in frozen_members:
            out.append(f"plan mentions unknown unit {uid}")

    frozen_ids = {b.id for b in problem.frozen}
    usage: dict[tuple[str, str, int], int] = defaultdict(int)
    intervals: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
    by_factory: dict[str, list[Batch]] = defaultdict(list)
    for b in plan.batches:
        by_factory[b.factory].append(b)
        fac = factories.get(b.factory)
        if fac is None:
            out.append(f"batch {b.id}: unknown factory {b.factory}")
            continue
        members = [units[u] for u in b.unit_ids if u in units]
        if not b.unit_ids:
            out.append(f"batch {b.id} is empty")
        check_unit = b.id not in frozen_ids
        if check_unit:
            if b.garment_type not in fac.garment_types:
                out.append(f"batch {b.id}: factory {fac.id} cannot make {b.garment_type}")
            if len(b.unit_ids) > fac.max_batch_units:
                out.append(f"batch {b.id}: {len(b.unit_ids)} units > limit {fac.max_batch_units}")
            for u in members:
                if u.garment_type != b.garment_type or u.fabric != b.fabric:
                    out.append(f"batch {b.id}: unit {u.id} has another garment type or fabric")
            if fac.max_batch_cut_minutes is not None and len(members) > 1:
                cut = sum(u.minutes[0] for u in members)
                if cut > fac.max_batch_cut_minutes:
                    out.append(
                        f"batch {b.id}: cutting {cut} min > limit {fac.max_batch_cut_minutes}"
                    )
        if len(b.stages) != len(wcs):
            out.append(f"batch {b.id}: {len(b.stages)} stages for {len(wcs)} work centres")
            continue
        prev_end = max((u.release for u in members), default=0) if check_unit else 0
        for k, st in enumerate(b.stages):
            if st.work_centre != wcs[k]:
                out.append(f"batch {b.id}: stage {k} is {st.work_centre}, expected {wcs[k]}")
            if st.start > st.end:
                out.append(f"batch {b.id} {st.work_centre}: start after end")
            if st.start < prev_end:
                out.append(
                    f"batch {b.id} {st.work_centre}: starts at {st.start} before "
                    f"{prev_end} (release or previous work centre)"
                )
            prev_end = st.end
            if check_unit:
                need = sum(u.minutes[k] for u in members)
                if st.work_minutes != need:
                    out.append(f"batch {b.id} {st.work_centre}: work {st.work_minutes} != {need}")
            total = 0
            for day, m in st.allocations:
                total += m
                if m <= 0:
                    out.append(f"batch {b.id} {st.work_centre}: empty allocation on day {day}")
                if day < 0 or day >= problem.horizon_days:
                    out.append(f"batch {b.id} {st.work_centre}: day {day} outside the horizon")
                elif cap(b.factory, st.work_centre, day) == 0:
                    out.append(f"batch {b.id} {st.work_centre}: work on closed day {day}")
                # clock instants are rounded up to whole minutes, so a day may end
                # exactly at the reported start (or begin at the reported end)
                if not (day * dm <= st.end and (day + 1) * dm >= st.start):
                    out.append(
                        f"batch {b.id} {st.work_centre}: day {day} outside [{st.start}, {st.end})"
                    )
                usage[(b.factory, st.work_centre, day)] += m
            if total != st.setup_minutes + st.work_minutes:
                out.append(
                    f"batch {b.id} {st.work_centre}: allocated {total} != setup "
                    f"{st.setup_minutes} + work {st.work_minutes}"
                )
            if total > 0:
                intervals[(b.factory, st.work_centre)].append((st.start, st.end, b.id))
            if st.end > horizon_end:
                out.append(f"batch {b.id} {st.work_centre}: ends after the horizon")

    for (fid, wc, day), m in usage.items():
        c = cap(fid, wc, day)
        if m > c:
            out.append(f"factory {fid} {wc} day {day}: {m} min used > capacity {c}")
    for (fid, wc), ivs in intervals.items():
        ivs.sort()
        for (_s1, e1, b1), (s2, _e2, b2) in pairwise(ivs):
            if s2 < e1:
                out.append(f"factory {fid} {wc}: batches {b1} and {b2} overlap")

    # setups follow the sequence
    rules_by_wc: dict[str, list[SetupRule]] = defaultdict(list)
    for r in problem.setups:
        rules_by_wc[r.work_centre].append(r)
    for fid, bs in by_factory.items():
        bs.sort(key=lambda b: b.sequence)
        seqs = [b.sequence for b in bs]
        if len(set(seqs)) != len(seqs):
            out.append(f"factory {fid}: repeated sequence numbers")
        prev: Batch | None = None
        for b in bs:
            if b.id not in frozen_ids:
                for st in b.stages:
                    expected = 0
                    for r in rules_by_wc.get(st.work_centre, []):
                        pv = None
                        if prev is not None:
                            pv = prev.fabric if r.attribute == "fabric" else prev.garment_type
                        v = b.fabric if r.attribute == "fabric" else b.garment_type
                        expected += r.setup_minutes(pv, v)
                    if st.setup_minutes != expected:
                        out.append(
                            f"batch {b.id} {st.work_centre}: setup {st.setup_minutes} min, "
                            f"expected {expected}"
                        )
            prev = b

    # unit results agree with batches
    ends = {b.id: b.end for b in plan.batches}
    for res in plan.units:
        unit = units.get(res.unit_id)
        if unit is None:
            continue
        end = ends.get(res.batch_id)
        if end is None:
            out.append(f"unit {res.unit_id}: result names unknown batch {res.batch_id}")
            continue
        if res.completion != end:
            out.append(f"unit {res.unit_id}: completion {res.completion} != batch end {end}")
        if res.lateness != res.completion - unit.due:
            out.append(f"unit {res.unit_id}: lateness {res.lateness} wrong")
    planned_ids = {r.unit_id for r in plan.units}
    for uid, where in seen.items():
        if where != "unplanned" and uid in units and uid not in planned_ids:
            out.append(f"unit {uid}: planned but has no result")
    return out
