"""Compiled problem, flow-line simulation and plan output.

Everything the search touches is turned into integers and lists once; the
hot loop (:meth:`Compiled.step`) simulates one batch through the work centres
of a factory from a line state and returns its completion time.

Line positions are measured in *cumulative work minutes*: position ``x`` on a
work centre means that the first ``x`` minutes of the capacity from the horizon
start have been used.  Day ``d`` covers positions ``[cum[d], cum[d + 1])``.
Capacity is thereby never exceeded and holidays (capacity 0) take no work.
Calendars are extended past the horizon (repeating the horizon's calendar) so
that plans that overflow can still be ranked; such batches are reported as
unplanned in the result.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .model import (
    Batch,
    Factory,
    ProblemData,
    SetupRule,
    StageSlot,
    Unit,
    Unplanned,
    UnplannedReason,
)

SETUP_WEIGHT = 0.001
"""Objective weight of one setup minute, as a fraction of the mean unit weight."""


class RuleTable:
    """A :class:`SetupRule` with its pairs, initial setups and families in dicts.

    Gives the same minutes as :meth:`SetupRule.setup_minutes` (which scans its
    tuples and stays the reference the validator uses) in constant time.
    """

    __slots__ = ("attribute", "default", "family", "initial", "pairs", "within")

    def __init__(self, rule: SetupRule) -> None:
        self.attribute = rule.attribute
        self.default = rule.minutes
        self.within = rule.within_family_minutes
        self.family = dict(rule.families)
        self.initial: dict[str, int] = {}
        for v, m in rule.initial:
            self.initial.setdefault(v, m)
        self.pairs: dict[tuple[str, str], int] = {}
        for a, b, m in rule.pairs:
            self.pairs.setdefault((a, b), m)

    def minutes(self, previous: str | None, value: str) -> int:
        if previous == value:
            return 0
        if previous is None:
            return self.initial.get(value, self.default)
        m = self.pairs.get((previous, value))
        if m is not None:
            return m
        if self.within is not None and self.family:
            fa = self.family.get(previous)
            if fa is not None and fa == self.family.get(value):
                return self.within
        return self.default


class CBatch:
    """A batch under construction: units of one group at one factory."""

    __slots__ = ("dues", "g", "rel", "units", "wd", "work", "wp", "wsum")

    def __init__(self, comp: Compiled, g: int, units: list[int]) -> None:
        self.g = g
        self.set_units(comp, units)

    def set_units(self, comp: Compiled, units: list[int]) -> None:
        due = comp.due
        units.sort(key=due.__getitem__)
        self.units = units
        k_n = comp.n_wc
        work = [0] * k_n
        rel = 0
        mins = comp.minutes
        rels = comp.release
        w = comp.weight
        dues: list[int] = []
        wp = [0.0]
        wd = [0.0]
        acc_w = 0.0
        acc_wd = 0.0
        for j in units:
            mj = mins[j]
            for k in range(k_n):
                work[k] += mj[k]
            if rels[j] > rel:
                rel = rels[j]
            dj = due[j]
            dues.append(dj)
            acc_w += w[j]
            acc_wd += w[j] * dj
            wp.append(acc_w)
            wd.append(acc_wd)
        self.work = work
        self.rel = rel
        self.dues = dues
        self.wp = wp
        self.wd = wd
        self.wsum = acc_w

    def tardiness(self, completion: int) -> float:
        i = bisect_left(self.dues, completion)
        return completion * self.wp[i] - self.wd[i]


@dataclass(slots=True)
class FrozenState:
    pos: list[int]
    prev_group: int


class Compiled:
    """Integer form of a :class:`ProblemData`."""

    def __init__(self, problem: ProblemData, *, setup_weight: float | None = None) -> None:
        self.problem = problem
        self.dm = problem.day_minutes
        self.horizon = problem.horizon_days
        self.horizon_end = problem.horizon_days * problem.day_minutes
        self.wc = problem.work_centres
        self.n_wc = len(problem.work_centres)
        units = problem.units
        self.n = len(units)
        self.unit_ids = [u.id for u in units]
        self.due = [u.due for u in units]
        self.release = [u.release for u in units]
        self.weight = [float(u.weight) for u in units]
        self.minutes: list[tuple[int, ...]] = [u.minutes for u in units]
        mean_w = sum(self.weight) / self.n if self.n else 1.0
        if setup_weight is None:
            setup_weight = problem.setup_weight
        self.setup_weight = SETUP_WEIGHT * mean_w if setup_weight is None else setup_weight
        self.big = float(max(self.horizon_end, 1))

        # groups = (garment type, fabric)
        self.group_index: dict[tuple[str, str], int] = {}
        self.group_key: list[tuple[str, str]] = []
        self.group_of: list[int] = []
        for u in units:
            key = (u.garment_type, u.fabric)
            g = self.group_index.get(key)
            if g is None:
                g = len(self.group_key)
                self.group_index[key] = g
                self.group_key.append(key)
            self.group_of.append(g)
        for b in problem.frozen:
            self.group_id(b.garment_type, b.fabric)

        # factories and calendars (extended past the horizon)
        self.fac_index = {f.id: i for i, f in enumerate(problem.factories)}
        self.factories = problem.factories
        h = problem.horizon_days
        ext = h + max(28, h)
        self.ext_days = ext
        self.caps: list[list[list[int]]] = []
        self.cums: list[list[list[int]]] = []
        self.totals: list[list[int]] = []
        for f in problem.factories:
            by_wc = {c.work_centre: c.daily_minutes for c in f.calendars}
            fcaps: list[list[int]] = []
            fcums: list[list[int]] = []
            ftot: list[int] = []
            for wc in self.wc:
                base = list(by_wc.get(wc, ()))[:h]
                base += [0] * (h - len(base))
                caps = list(base)
                if h and sum(base) > 0:
                    while len(caps) < ext:
                        caps.append(base[len(caps) % h])
                else:
                    caps += [0] * (ext - len(caps))
                cum = [0] * (ext + 1)
                acc = 0
                for d, c in enumerate(caps):
                    acc += c
                    cum[d + 1] = acc
                fcaps.append(caps)
                fcums.append(cum)
                ftot.append(acc)
            self.caps.append(fcaps)
            self.cums.append(fcums)
            self.totals.append(ftot)

        # setup matrices per work centre over groups (rows built lazily)
        self.rules_by_wc: list[list[SetupRule]] = [[] for _ in self.wc]
        wc_pos = {w: k for k, w in enumerate(self.wc)}
        for r in problem.setups:
            k = wc_pos.get(r.work_centre)
            if k is not None:
                self.rules_by_wc[k].append(r)
        self.setup_wcs = [k for k in range(self.n_wc) if self.rules_by_wc[k]]
        self._rows: list[dict[int, list[int]]] = [{} for _ in self.wc]
        self._tables = [[RuleTable(r) for r in rules] for rules in self.rules_by_wc]
        self._rule_rows: list[dict[tuple[int, str | None], list[int]]] = [{} for _ in self.wc]
        self._row_list: list[list[list[int] | None]] = [[] for _ in self.wc]
        self._lanes: dict[int, list[tuple[int, list[int], list[int], int, bool]]] = {}

    # -- groups and setups -------------------------------------------------
    def group_id(self, garment_type: str, fabric: str) -> int:
        key = (garment_type, fabric)
        g = self.group_index.get(key)
        if g is None:
            g = len(self.group_key)
            self.group_index[key] = g
            self.group_key.append(key)
            for rows in self._rows:
                rows.clear()
        return g

    def _pair_setup(self, k: int, prev: int, g: int) -> int:
        total = 0
        gt, fab = self.group_key[g]
        pk = self.group_key[prev] if prev >= 0 else None
        for table in self._tables[k]:
            fabric = table.attribute == "fabric"
            value = fab if fabric else gt
            pv: str | None = None
            if pk is not None:
                pv = pk[1] if fabric else pk[0]
            total += table.minutes(pv, value)
        return total

    def setup_row(self, k: int, prev: int) -> list[int]:
        """Setup minutes at work centre ``k`` from group ``prev`` to every group.

        Built from one row per rule and previous value (many groups share a
        fabric or a garment type), so each rule is asked once per value pair.
        """
        row = self._rows[k].get(prev)
        if row is None:
            n_groups = len(self.group_key)
            pk = self.group_key[prev] if prev >= 0 else None
            built: list[int] | None = None
            for ri, table in enumerate(self._tables[k]):
                fabric = table.attribute == "fabric"
                pv: str | None = None
                if pk is not None:
                    pv = pk[1] if fabric else pk[0]
                key = (ri, pv)
                part = self._rule_rows[k].get(key)
                if part is None or len(part) != n_groups:
                    values = [gk[1] if fabric else gk[0] for gk in self.group_key]
                    cache: dict[str, int] = {}
                    part = []
                    for v in values:
                        m = cache.get(v)
                        if m is None:
                            m = table.minutes(pv, v)
                            cache[v] = m
                        part.append(m)
                    self._rule_rows[k][key] = part
                # rows are read, never written: one rule's row is shared as it is
                built = part if built is None else [a + b for a, b in zip(built, part, strict=True)]
            row = [0] * n_groups if built is None else built
            self._rows[k][prev] = row
        return row

    def setup(self, k: int, prev: int, g: int) -> int:
        if not self.rules_by_wc[k]:
            return 0
        rows = self._row_list[k]
        i = prev + 1
        row = rows[i] if i < len(rows) else None
        if row is None or g >= len(row):
            row = self._row(k, prev)
        return row[g]

    # -- simulation --------------------------------------------------------
    def initial_state(self, f: int) -> FrozenState:
        """Line positions after the frozen batches of factory ``f``."""
        pos = [0] * self.n_wc
        prev = -1
        fid = self.factories[f].id
        frozen = [b for b in self.problem.frozen if b.factory == fid]
        frozen.sort(key=lambda b: (b.sequence, b.start))
        used: dict[tuple[int, int], int] = {}
        for b in frozen:
            for k, st in enumerate(b.stages[: self.n_wc]):
                p = self.pos_at_time(f, k, st.end)
                if p > pos[k]:
                    pos[k] = p
                for day, m in st.allocations:
                    used[(k, day)] = used.get((k, day), 0) + m
            prev = self.group_id(b.garment_type, b.fabric)
        for (k, day), m in used.items():
            if 0 <= day < self.ext_days:
                floor = self.cums[f][k][day] + m
                if floor > pos[k]:
                    pos[k] = floor
        return FrozenState(pos=pos, prev_group=prev)

    def pos_at_time(self, f: int, k: int, t: int) -> int:
        """Earliest line position whose start instant is not before ``t``."""
        dm = self.dm
        d = t // dm
        if d >= self.ext_days:
            return self.totals[f][k] + (t - self.ext_days * dm)
        c = self.caps[f][k][d]
        cum = self.cums[f][k]
        if c == 0:
            return cum[d]
        return cum[d] + (-(-(t - d * dm) * c // dm))

    def pos_at_end(self, f: int, k: int, t: int) -> int:
        """Position reached when the line has worked until instant ``t``."""
        dm = self.dm
        d = t // dm
        if d >= self.ext_days:
            return self.totals[f][k] + (t - self.ext_days * dm)
        c = self.caps[f][k][d]
        cum = self.cums[f][k]
        return cum[d] + ((t - d * dm) * c // dm)

    def end_time(self, f: int, k: int, e: int) -> int:
        if e <= 0:
            return 0
        total = self.totals[f][k]
        if e > total:
            return self.ext_days * self.dm + (e - total)
        cum = self.cums[f][k]
        d = bisect_left(cum, e) - 1
        c = self.caps[f][k][d]
        return d * self.dm + (-(-(e - cum[d]) * self.dm // c))

    def start_time(self, f: int, k: int, s: int) -> int:
        total = self.totals[f][k]
        if s >= total:
            return self.ext_days * self.dm + (s - total)
        cum = self.cums[f][k]
        d = bisect_right(cum, s) - 1
        c = self.caps[f][k][d]
        return d * self.dm + (-(-(s - cum[d]) * self.dm // c))

    def _lanes_of(self, f: int) -> list[tuple[int, list[int], list[int], int, bool]]:
        """Per work centre of factory ``f``: (index, cumulative capacity, capacity per
        day, total, has setup rules) -- the data :meth:`step` walks, in one tuple."""
        lanes = self._lanes.get(f)
        if lanes is None:
            lanes = [
                (k, self.cums[f][k], self.caps[f][k], self.totals[f][k], bool(self.rules_by_wc[k]))
                for k in range(self.n_wc)
            ]
            self._lanes[f] = lanes
        return lanes

    def _row(self, k: int, prev: int) -> list[int]:
        """:meth:`setup_row` through a list indexed by ``prev + 1`` (no hashing)."""
        rows = self._row_list[k]
        i = prev + 1
        if i >= len(rows):
            rows.extend([None] * (i + 1 - len(rows)))
        row = rows[i]
        if row is None or len(row) != len(self.group_key):
            row = self.setup_row(k, prev)
            rows[i] = row
        return row

    def step(self, f: int, pos: list[int], prev: int, b: CBatch) -> tuple[int, int]:
        """Run batch ``b`` after ``prev`` from line state ``pos`` (mutated).

        Returns (completion instant, setup minutes).
        """
        dm = self.dm
        ext = self.ext_days
        extdm = ext * dm
        row_list = self._row_list
        i_prev = prev + 1
        g = b.g
        work = b.work
        t = b.rel
        setup_total = 0
        lanes = self._lanes.get(f) or self._lanes_of(f)
        for k, cum, caps, total, has_rules in lanes:
            d = t // dm
            if d >= ext:
                p = total + (t - extdm)
            else:
                c = caps[d]
                p = cum[d] if c == 0 else cum[d] + (-(-(t - d * dm) * c // dm))
            s = pos[k]
            if p > s:
                s = p
            if has_rules:
                rows = row_list[k]
                row = rows[i_prev] if i_prev < len(rows) else None
                if row is None or g >= len(row):
                    row = self._row(k, prev)
                su = row[g]
                setup_total += su
                e = s + su + work[k]
            else:
                e = s + work[k]
            pos[k] = e
            if e > 0:
                if e > total:
                    t = extdm + (e - total)
                else:
                    d = bisect_left(cum, e) - 1
                    t = d * dm + (-(-(e - cum[d]) * dm // caps[d]))
        return t, setup_total

    def advance(self, f: int, pos: list[int], prev: int, b: CBatch) -> float:
        """:meth:`step` followed by :meth:`batch_cost`, in one call: the cost of ``b``."""
        t, su = self.step(f, pos, prev, b)
        dues = b.dues
        i = bisect_left(dues, t)
        cost = t * b.wp[i] - b.wd[i] + self.setup_weight * su
        if t > self.horizon_end:
            cost += self.big * b.wsum
        return cost

    def batch_cost(self, b: CBatch, completion: int, setup: int) -> float:
        cost = b.tardiness(completion) + self.setup_weight * setup
        if completion > self.horizon_end:
            cost += self.big * b.wsum
        return cost

    def max_units(self, f: int) -> int:
        return max(1, self.factories[f].max_batch_units)

    def max_cut(self, f: int) -> int | None:
        return self.factories[f].max_batch_cut_minutes


def capable(fac: Factory, unit: Unit) -> bool:
    return unit.garment_type in fac.garment_types


def candidate_factories(comp: Compiled, j: int) -> tuple[list[int], UnplannedReason | None]:
    """Capable factories for unit ``j`` (routed one first) or the reason there is none."""
    u = comp.problem.units[j]
    if len(u.minutes) != comp.n_wc:
        return [], UnplannedReason(
            "minutes_mismatch", {"given": len(u.minutes), "expected": comp.n_wc}
        )
    if any(m < 0 for m in u.minutes):
        return [], UnplannedReason("negative_minutes")
    if u.release >= comp.horizon_end:
        return [], UnplannedReason("released_after_horizon")
    names = [u.factory] if u.factory is not None else [f.id for f in comp.factories]
    names += [a for a in u.alternatives if a not in names]
    out: list[int] = []
    for name in names:
        fi = comp.fac_index.get(name)
        if fi is None:
            continue
        fac = comp.factories[fi]
        if not capable(fac, u):
            continue
        cut = fac.max_batch_cut_minutes
        if cut is not None and u.minutes[0] > cut:
            continue
        out.append(fi)
    if not out:
        return [], UnplannedReason("no_capable_factory", {"garment": u.garment_type})
    return out, None


class FactorySequence:
    """Ordered batches of one factory with cached line states for fast re-evaluation."""

    __slots__ = ("comp", "cost", "f", "init", "pre_cost", "pre_pos", "pre_prev", "seq")

    def __init__(self, comp: Compiled, f: int, seq: list[CBatch], init: FrozenState) -> None:
        self.comp = comp
        self.f = f
        self.seq = seq
        self.init = init
        self.pre_pos: list[list[int]] = []
        self.pre_prev: list[int] = []
        self.pre_cost: list[float] = []
        self.cost = 0.0
        self.evaluate()

    def evaluate(self) -> float:
        comp = self.comp
        f = self.f
        pos = list(self.init.pos)
        prev = self.init.prev_group
        cost = 0.0
        pre_pos = []
        pre_prev = []
        pre_cost = []
        adv = comp.advance
        for b in self.seq:
            pre_pos.append(list(pos))
            pre_prev.append(prev)
            pre_cost.append(cost)
            cost += adv(f, pos, prev, b)
            prev = b.g
        pre_pos.append(pos)
        pre_prev.append(prev)
        pre_cost.append(cost)
        self.pre_pos = pre_pos
        self.pre_prev = pre_prev
        self.pre_cost = pre_cost
        self.cost = cost
        return cost

    def adopt(self, other: FactorySequence) -> None:
        """Take ``other``'s sequence and cached states (same factory and start)."""
        self.seq = other.seq
        self.pre_pos = other.pre_pos
        self.pre_prev = other.pre_prev
        self.pre_cost = other.pre_cost
        self.cost = other.cost

    def trial(self, i: int, window: list[CBatch], j: int, bound: float = float("inf")) -> float:
        """Cost if ``seq[i:j]`` is replaced by ``window`` (suffix ``seq[j:]`` kept).

        Stops early (returns ``inf``) once the partial cost exceeds ``bound``.
        """
        comp = self.comp
        f = self.f
        pos = list(self.pre_pos[i])
        prev = self.pre_prev[i]
        cost = self.pre_cost[i]
        adv = comp.advance
        for b in window:
            cost += adv(f, pos, prev, b)
            prev = b.g
            if cost > bound:
                return float("inf")
        seq = self.seq
        pre_pos = self.pre_pos
        pre_prev = self.pre_prev
        pre_cost = self.pre_cost
        n = len(seq)
        p = j
        while p < n:
            if prev == pre_prev[p] and pos == pre_pos[p]:
                return cost + (self.cost - pre_cost[p])
            b = seq[p]
            cost += adv(f, pos, prev, b)
            prev = b.g
            if cost > bound:
                return float("inf")
            p += 1
        return cost

    def accepts(self, i: int, window: list[CBatch], j: int, margin: float = 0.0) -> bool:
        """Whether replacing ``seq[i:j]`` by ``window`` gives a cost not above the
        current one plus ``margin``.

        The line simulation is monotone: from the same previous group, a state
        whose positions are all no later and whose cost so far is no higher can
        only end no worse (and vice versa), so most answers come before the end.
        """
        comp = self.comp
        f = self.f
        pos = list(self.pre_pos[i])
        prev = self.pre_prev[i]
        cost = self.pre_cost[i]
        adv = comp.advance
        limit = self.cost + margin + 1e-9
        for b in window:
            cost += adv(f, pos, prev, b)
            prev = b.g
            if cost > limit:
                return False
        seq = self.seq
        pre_pos = self.pre_pos
        pre_prev = self.pre_prev
        pre_cost = self.pre_cost
        n = len(seq)
        p = j
        k_range = range(len(pos))
        while p < n:
            if prev == pre_prev[p]:
                old = pre_pos[p]
                oc = pre_cost[p]
                if cost <= oc + margin + 1e-9 and all(pos[k] <= old[k] for k in k_range):
                    return True
                if cost > oc + margin + 1e-9 and all(pos[k] >= old[k] for k in k_range):
                    return False
            b = seq[p]
            cost += adv(f, pos, prev, b)
            prev = b.g
            if cost > limit:
                return False
            p += 1
        return cost <= limit

    def completion_at(self, i: int) -> int:
        """Completion instant of ``seq[i]``."""
        pos = list(self.pre_pos[i])
        t, _ = self.comp.step(self.f, pos, self.pre_prev[i], self.seq[i])
        return t

    def window_completion(self, i: int, window: list[CBatch], idx: int) -> int:
        """Completion of ``window[idx]`` if ``window`` were placed at position ``i``."""
        pos = list(self.pre_pos[i])
        prev = self.pre_prev[i]
        t = 0
        for b in window[: idx + 1]:
            t, _ = self.comp.step(self.f, pos, prev, b)
            prev = b.g
        return t

    def apply(self, i: int, window: list[CBatch], j: int) -> None:
        """Replace ``seq[i:j]`` by ``window`` and update the cached states from ``i`` on."""
        comp = self.comp
        f = self.f
        old_pos = self.pre_pos
        old_prev = self.pre_prev
        old_cost = self.pre_cost
        seq = self.seq
        seq[i:j] = window
        shift = len(window) - (j - i)
        end_window = i + len(window)
        pos = list(old_pos[i])
        prev = old_prev[i]
        cost = old_cost[i]
        new_pos = old_pos[:i]
        new_prev = old_prev[:i]
        new_cost = old_cost[:i]
        adv = comp.advance
        n = len(seq)
        p = i
        converged = False
        while p < n:
            if p >= end_window:
                op = p - shift
                if prev == old_prev[op] and pos == old_pos[op]:
                    delta = cost - old_cost[op]
                    new_pos.extend(old_pos[op:])
                    new_prev.extend(old_prev[op:])
                    new_cost.extend([c + delta for c in old_cost[op:]])
                    converged = True
                    break
            new_pos.append(list(pos))
            new_prev.append(prev)
            new_cost.append(cost)
            b = seq[p]
            cost += adv(f, pos, prev, b)
            prev = b.g
            p += 1
        if not converged:
            new_pos.append(pos)
            new_prev.append(prev)
            new_cost.append(cost)
        self.pre_pos = new_pos
        self.pre_prev = new_prev
        self.pre_cost = new_cost
        self.cost = new_cost[-1]


def build_batches(
    comp: Compiled, plans: list[FactorySequence]
) -> tuple[list[Batch], list[tuple[int, str, int]], list[Unplanned]]:
    """Output batches, (unit, batch id, completion) per planned unit, and unplanned units."""
    out: list[Batch] = list(comp.problem.frozen)
    done: list[tuple[int, str, int]] = []
    unplanned: list[Unplanned] = []
    dm = comp.dm
    h = comp.horizon
    for plan in plans:
        f = plan.f
        fid = comp.factories[f].id
        pos = list(plan.init.pos)
        prev = plan.init.prev_group
        seq_no = 1 + max((b.sequence for b in comp.problem.frozen if b.factory == fid), default=-1)
        beyond = False
        for b in plan.seq:
            stages: list[StageSlot] = []
            t = b.rel
            for k in range(comp.n_wc):
                p = comp.pos_at_time(f, k, t)
                s = max(pos[k], p)
                su = comp.setup(k, prev, b.g)
                e = s + su + b.work[k]
                pos[k] = e
                if e > s:
                    start = comp.start_time(f, k, s)
                    end = comp.end_time(f, k, e)
                    allocs = _allocations(comp.cums[f][k], s, e)
                else:
                    end = max(t, comp.end_time(f, k, e))
                    start = end
                    allocs = []
                if allocs and allocs[-1][0] >= h:
                    beyond = True
                if end > comp.horizon_end:
                    beyond = True
                stages.append(
                    StageSlot(
                        work_centre=comp.wc[k],
                        start=start,
                        end=end,
                        setup_minutes=su,
                        work_minutes=b.work[k],
                        allocations=tuple(allocs),
                    )
                )
                t = end
            prev = b.g
            if beyond:
                why = UnplannedReason(
                    "beyond_horizon", {"factory": fid, "days": h, "minutes": h * dm}
                )
                unplanned.extend(why.of(comp.unit_ids[j]) for j in b.units)
                continue
            gt, fab = comp.group_key[b.g]
            bid = f"{fid}-B{seq_no:05d}"
            out.append(
                Batch(
                    id=bid,
                    factory=fid,
                    garment_type=gt,
                    fabric=fab,
                    unit_ids=tuple(comp.unit_ids[j] for j in b.units),
                    sequence=seq_no,
                    stages=tuple(stages),
                )
            )
            seq_no += 1
            for j in b.units:
                done.append((j, bid, t))
    return out, done, unplanned


def _allocations(cum: list[int], s: int, e: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    d = bisect_right(cum, s) - 1
    n = len(cum) - 1
    while s < e and d < n:
        hi = cum[d + 1]
        if hi > s:
            take = min(hi, e) - s
            out.append((d, take))
            s += take
        d += 1
    if s < e:
        out.append((n, e - s))
    return out
