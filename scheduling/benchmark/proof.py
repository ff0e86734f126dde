"""Proofs that a reference value of 1||sum wjTj is optimal, or an order that beats it.

``wt_below(p, w, d, upper=U)`` answers one question exactly: is there an order
of the jobs whose total weighted tardiness is below ``U``?  It returns either a
proof that there is none (so a reference ``U`` that some order reaches is the
optimum) or such an order.  It follows the successive sublimation dynamic
programming of Tanaka, Fujikuma & Araki (2009), in the form that suffices to
close the instances of 40 and 50 jobs:

1. **Lagrangian relaxation over time.**  An order is a path through the
   states ``(t, j)`` = "job ``j`` completes at ``t``" from 0 to ``T = sum p``
   (no idle time is ever needed).  Relaxing "every job exactly once" with
   multipliers ``mu`` leaves a shortest path, in which a job may be missing or
   repeated, of value ``L(mu) <= optimum``.  Two constraints that some optimal
   order satisfies are kept in the path: a job never follows itself, and two
   adjacent jobs ``i, j`` are never in the order that the interchange of the
   two would make worse (ties: lower index first).  The multipliers are
   improved by subgradient steps (``iterations``; the step halves after
   ``patience`` steps without progress; each direction keeps half of the last,
   ``MOMENTUM``).  On instance 39 of our 40-job set, 400 plain steps halving
   after 8 stopped at 1629.8 against the reference 1645 and the sublimation
   gave up; 2,000 halving after 20 reach 1644.01, a proof by itself (18 s).
   With the momentum, instance 42 (reference 1257) goes from 1189.0 to 1237.9
   and instance 49 (reference 390) from 101.9 to 261.2.
2. **Pruning by the reference.**  A state whose best path through it (forward
   value + backward value + sum mu) is not below ``U`` cannot lie on an order
   below ``U``; it is removed.  If nothing is left, there is no such order.
3. **Sublimation.**  Otherwise up to ``per_stage`` of the jobs the best path
   misses or repeats join a set ``M`` whose members are tracked in the state,
   ``(t, j, members of M done)``, each at most once and all by ``T``.  A stage
   builds only the states whose projection (the members of the previous
   stage) survived that stage, prunes each by the backward value of that
   projection, then computes its own backward values and keeps the states
   whose best path is below ``U``: the network of each stage is the pruned
   network of the last, refined.  When no state reaches ``T`` below ``U``,
   there is no order below ``U``; when the best path does each job once, it
   is an order below ``U``.  Otherwise ``M`` grows and another stage runs, up
   to ``max_states`` states.

Each step only removes paths that no order below ``U`` needs, so "none" is a
proof, and an order is checked by the caller's own evaluator.  A run that
exceeds ``max_states`` or ``max_members`` proves nothing and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit
from numba import types as nbtypes
from numba.typed import Dict, List

INF = 1.0e18
EPS = 1.0e-4
"""Costs are integers; a path is "below ``U``" when its value is at most ``U - 1 + EPS``."""
MOMENTUM = 0.5
"""Share of the previous subgradient direction kept in the next one."""
JOB_BITS = 8
"""A state key is ``members << JOB_BITS | job``: at most 255 jobs."""


@dataclass(frozen=True)
class Bound:
    """What :func:`wt_below` established for ``upper``."""

    none_below: bool
    """True: no order has a total weighted tardiness below ``upper`` (a proof)."""
    order: tuple[int, ...]
    """An order below ``upper`` when one was found, else empty."""
    lagrangian: float
    """The best value of the relaxation of step 1 (a lower bound on the optimum)."""
    members: int
    """Size of the set ``M`` of step 3 when the search ended (0 if it was not needed)."""
    states: int
    """States of the last run of step 3."""
    gave_up: bool
    """True when a limit stopped the search before it could decide."""


@njit(cache=True, inline="always")
def _c(w, d, j, t):  # type: ignore[no-untyped-def]
    late = t - d[j]
    return w[j] * late if late > 0 else 0.0


@njit(cache=True, inline="always")
def _adjacent(w, d, p, i, j, t):  # type: ignore[no-untyped-def]
    """May ``j`` (completing at ``t``) directly follow ``i``?"""
    a = _c(w, d, i, t - p[j]) + _c(w, d, j, t)
    b = _c(w, d, j, t - p[i]) + _c(w, d, i, t)
    return a < b or (a == b and i < j)


TOP = 4
"""Candidates ranked per time step; beyond them a full scan (rarely needed)."""


@njit(cache=True, inline="always")
def _rank_top(values, top):  # type: ignore[no-untyped-def]
    """The ``TOP`` smallest of ``values`` (indices, increasing; -1 past the finite ones)."""
    top[:] = -1
    for i in range(values.shape[0]):
        v = values[i]
        if v >= INF:
            continue
        r = TOP
        while r > 0 and (top[r - 1] < 0 or values[top[r - 1]] > v):
            r -= 1
        if r < TOP:
            for q in range(TOP - 1, r, -1):
                top[q] = top[q - 1]
            top[r] = i


@njit(cache=True)
def _forward(p, w, d, mu, alive, f, pred):  # type: ignore[no-untyped-def]
    """Forward values: ``f[t, j]`` the least relaxed cost of a path ending with ``j`` at
    ``t``.  The best few predecessors at each time are ranked once, so the first of them
    that may precede ``j`` is the best, in about one test instead of ``n``."""
    n = p.shape[0]
    horizon = f.shape[0] - 1
    f[:, :] = INF
    pred[:, :] = -1
    ranked = np.full((horizon + 1, TOP), -1, dtype=np.int64)
    for t in range(1, horizon + 1):
        for j in range(n):
            if not alive[t, j]:
                continue
            s = t - p[j]
            if s < 0:
                continue
            cj = _c(w, d, j, t) - mu[j]
            if s == 0:
                f[t, j] = cj
                continue
            found = False
            for r in range(TOP):
                i = ranked[s, r]
                if i < 0:
                    found = True
                    break
                if i != j and _adjacent(w, d, p, i, j, t):
                    f[t, j] = f[s, i] + cj
                    pred[t, j] = i
                    found = True
                    break
            if found:
                continue
            best = INF
            for i in range(n):
                v = f[s, i]
                if i != j and v < best and _adjacent(w, d, p, i, j, t):
                    best = v
                    pred[t, j] = i
            if best < INF:
                f[t, j] = best + cj
        _rank_top(f[t], ranked[t])


@njit(cache=True)
def _backward(p, w, d, mu, alive, g):  # type: ignore[no-untyped-def]
    """Backward values: ``g[t, j]`` the least relaxed cost from ``j`` done at ``t`` to
    the end; the successors at each time are ranked once for all ``j``."""
    n = p.shape[0]
    horizon = g.shape[0] - 1
    g[:, :] = INF
    for j in range(n):
        g[horizon, j] = 0.0
    h = np.empty(n)
    top = np.empty(TOP, dtype=np.int64)
    for t in range(horizon - 1, 0, -1):
        for k in range(n):
            tk = t + p[k]
            h[k] = INF
            if tk <= horizon and alive[tk, k] and g[tk, k] < INF:
                h[k] = g[tk, k] + _c(w, d, k, tk) - mu[k]
        _rank_top(h, top)
        for j in range(n):
            if not alive[t, j]:
                continue
            found = False
            for r in range(TOP):
                k = top[r]
                if k < 0:
                    found = True
                    break
                if k != j and _adjacent(w, d, p, j, k, t + p[k]):
                    g[t, j] = h[k]
                    found = True
                    break
            if found:
                continue
            best = INF
            for k in range(n):
                if k != j and h[k] < best and _adjacent(w, d, p, j, k, t + p[k]):
                    best = h[k]
            g[t, j] = best


@njit(cache=True)
def _path_counts(p, f, pred, counts):  # type: ignore[no-untyped-def]
    n = p.shape[0]
    horizon = f.shape[0] - 1
    counts[:] = 0
    best = INF
    j = -1
    for k in range(n):
        if f[horizon, k] < best:
            best = f[horizon, k]
            j = k
    t = horizon
    while j >= 0:
        counts[j] += 1
        i = pred[t, j]
        t -= p[j]
        j = i
    return best


def _subgradient(
    p: np.ndarray, w: np.ndarray, d: np.ndarray, upper: int, iterations: int, patience: int
) -> tuple[float, np.ndarray, np.ndarray | None]:
    """Best relaxation value, its multipliers, and a path that does every job once
    (an order) if one turned up below ``upper``."""
    n = len(p)
    horizon = int(p.sum())
    alive = np.ones((horizon + 1, n), dtype=np.bool_)
    f = np.empty((horizon + 1, n))
    pred = np.empty((horizon + 1, n), dtype=np.int64)
    counts = np.zeros(n, dtype=np.int64)
    mu = np.zeros(n)
    best, best_mu = -INF, mu.copy()
    step, stall = 1.0, 0
    direction = np.zeros(n)
    for _ in range(iterations):
        _forward(p, w, d, mu, alive, f, pred)
        value = _path_counts(p, f, pred, counts) + mu.sum()
        if value > best + EPS:
            best, best_mu, stall = value, mu.copy(), 0
        else:
            stall += 1
            if stall >= patience:
                step, stall = step / 2, 0
        gap = 1 - counts
        if not gap.any():
            # every job once: an order whose cost is this lower bound, so an optimum
            return value, mu, _order(p, f, pred)
        if best > upper - 1 + EPS or step < 1e-5:
            break
        # half of the last direction kept: the multipliers zig-zag less
        direction = gap + MOMENTUM * direction
        mu = mu + step * max(upper - value, 1.0) / float((direction**2).sum()) * direction
    return best, best_mu, None


def _order(p: np.ndarray, f: np.ndarray, pred: np.ndarray) -> np.ndarray:
    horizon = f.shape[0] - 1
    j = int(np.argmin(f[horizon]))
    t, out = horizon, []
    while j >= 0:
        out.append(j)
        i = int(pred[t, j])
        t -= int(p[j])
        j = i
    return np.array(out[::-1], dtype=np.int64)


@njit(cache=True)
def _stage0(g, alive):  # type: ignore[no-untyped-def]
    """The network of step 2 as the survivors of a stage with no members."""
    horizon = g.shape[0] - 1
    n = g.shape[1]
    out = List()
    for t in range(horizon + 1):
        tab = Dict.empty(key_type=nbtypes.int64, value_type=nbtypes.float64)
        for j in range(n):
            if alive[t, j]:
                tab[j] = g[t, j]
        out.append(tab)
    return out


@njit(cache=True, inline="always")
def _after(members, b):  # type: ignore[no-untyped-def]
    """The members done after a job of member bit ``b`` (-1: not a member); -1 if that
    member is done already."""
    if b < 0:
        return members
    if (members >> b) & 1:
        return -1
    return members | (1 << b)


@njit(cache=True)
def _stage(p, w, d, mu, g0, bit, old_full, old, cut, max_states):  # type: ignore[no-untyped-def]
    """One stage of step 3 over ``(t, j, members done)``.

    ``old`` holds the states that survived the previous stage (fewer members), each with
    its backward value: a new state exists only if the one it projects to survived, and
    is pruned by that state's backward value (a relaxation of its own).  Returns the best
    value at ``T`` with every member done, the jobs of its path, the states made, the
    survivors of this stage with their backward values, and whether ``max_states`` was hit.
    """
    n = p.shape[0]
    horizon = len(old) - 1
    mask_job = (1 << JOB_BITS) - 1
    full = 0
    pm_total = 0
    for j in range(n):
        if bit[j] >= 0:
            full |= 1 << bit[j]
            pm_total += p[j]
    tables = List()
    for _ in range(horizon + 1):
        tables.append(Dict.empty(key_type=nbtypes.int64, value_type=nbtypes.int64))
    cap = 1 << 16
    vals = np.empty(cap)
    preds = np.empty(cap, dtype=np.int64)
    count = 0
    for j in range(n):
        t = p[j]
        m = (1 << bit[j]) if bit[j] >= 0 else 0
        okey = ((m & old_full) << JOB_BITS) | j
        if okey not in old[t]:
            continue
        v = _c(w, d, j, t) - mu[j]
        if v + old[t][okey] > cut:
            continue
        tables[t][(m << JOB_BITS) | j] = count
        vals[count] = v
        preds[count] = -1
        count += 1
    for t in range(1, horizon):
        for key, idx in tables[t].items():
            j = key & mask_job
            m = key >> JOB_BITS
            v = vals[idx]
            done = 0
            for k in range(n):
                if bit[k] >= 0 and (m >> bit[k]) & 1:
                    done += p[k]
            for k in range(n):
                if k == j:
                    continue
                tk = t + p[k]
                nm = _after(m, bit[k])
                if tk > horizon or nm < 0:
                    continue
                nd = done + p[k] if bit[k] >= 0 else done
                if pm_total - nd > horizon - tk:
                    continue
                nv = v + _c(w, d, k, tk) - mu[k]
                # the bound of step 2 first (an array), the previous stage's after
                if nv + g0[tk, k] > cut or not _adjacent(w, d, p, j, k, tk):
                    continue
                okey = ((nm & old_full) << JOB_BITS) | k
                if okey not in old[tk]:
                    continue
                if nv + old[tk][okey] > cut:
                    continue
                nkey = (nm << JOB_BITS) | k
                tab = tables[tk]
                if nkey in tab:
                    at = tab[nkey]
                    if nv < vals[at]:
                        vals[at] = nv
                        preds[at] = idx
                    continue
                if count >= max_states:
                    return INF, np.empty(0, dtype=np.int64), count, old, True
                if count == cap:
                    cap *= 2
                    vals = np.concatenate((vals, np.empty(cap - count)))
                    preds = np.concatenate((preds, np.empty(cap - count, dtype=np.int64)))
                tab[nkey] = count
                vals[count] = nv
                preds[count] = idx
                count += 1
    back = np.full(count, INF)
    for key, idx in tables[horizon].items():
        if (key >> JOB_BITS) == full:
            back[idx] = 0.0
    for t in range(horizon - 1, 0, -1):
        for key, idx in tables[t].items():
            j = key & mask_job
            m = key >> JOB_BITS
            best = INF
            for k in range(n):
                if k == j:
                    continue
                tk = t + p[k]
                nm = _after(m, bit[k])
                if tk > horizon or nm < 0 or not _adjacent(w, d, p, j, k, tk):
                    continue
                nkey = (nm << JOB_BITS) | k
                if nkey not in tables[tk]:
                    continue
                gv = back[tables[tk][nkey]]
                if gv >= INF:
                    continue
                gv += _c(w, d, k, tk) - mu[k]
                if gv < best:
                    best = gv
            back[idx] = best
    survivors = List()
    for t in range(horizon + 1):
        tab = Dict.empty(key_type=nbtypes.int64, value_type=nbtypes.float64)
        for key, idx in tables[t].items():
            if vals[idx] + back[idx] <= cut:
                tab[key] = back[idx]
        survivors.append(tab)
    best = INF
    arg = -1
    for key, idx in tables[horizon].items():
        if (key >> JOB_BITS) == full and vals[idx] < best:
            best = vals[idx]
            arg = idx
    path = []
    while arg >= 0:
        path.append(arg)
        arg = preds[arg]
    jobs = np.empty(len(path), dtype=np.int64)
    # the job of a state is recovered from its table entry
    where = np.empty(count, dtype=np.int64)
    for t in range(horizon + 1):
        for key, idx in tables[t].items():
            where[idx] = key & mask_job
    for i in range(len(path)):
        jobs[i] = where[path[len(path) - 1 - i]]
    return best, jobs, count, survivors, False


def wt_below(
    p: list[int],
    w: list[int],
    d: list[int],
    *,
    upper: int,
    iterations: int = 3000,
    patience: int = 30,
    max_states: int = 1 << 24,
    max_members: int = 40,
    per_stage: int = 3,
) -> Bound:
    """Is there an order of total weighted tardiness below ``upper``?  See the module."""
    if len(p) >= 1 << JOB_BITS:
        raise ValueError(f"at most {(1 << JOB_BITS) - 1} jobs")
    pa = np.asarray(p, dtype=np.int64)
    wa = np.asarray(w, dtype=np.float64)
    da = np.asarray(d, dtype=np.int64)
    n = len(pa)
    lagrangian, mu, order = _subgradient(pa, wa, da, upper, iterations, patience)
    if order is not None:
        if lagrangian > upper - 1 + EPS:
            return Bound(True, (), lagrangian, 0, 0, False)
        return Bound(False, tuple(int(j) for j in order), lagrangian, 0, 0, False)
    cut = upper - 1 + EPS - mu.sum()
    if lagrangian > upper - 1 + EPS:
        return Bound(True, (), lagrangian, 0, 0, False)
    horizon = int(pa.sum())
    alive = np.ones((horizon + 1, n), dtype=np.bool_)
    f = np.empty((horizon + 1, n))
    g = np.empty((horizon + 1, n))
    pred = np.empty((horizon + 1, n), dtype=np.int64)
    _forward(pa, wa, da, mu, alive, f, pred)
    _backward(pa, wa, da, mu, alive, g)
    alive = f + g <= cut
    if not alive.any():
        return Bound(True, (), lagrangian, 0, 0, False)
    counts = np.zeros(n, dtype=np.int64)
    _path_counts(pa, f, pred, counts)
    bit = np.full(n, -1, dtype=np.int64)
    members = 0
    network = _stage0(g, alive)
    while True:
        old_full = (1 << members) - 1
        added = 0
        for j in np.flatnonzero(counts != 1):
            if bit[j] < 0 and members < max_members and added < per_stage:
                bit[j] = members
                members += 1
                added += 1
        best, path, states, network, overflow = _stage(
            pa, wa, da, mu, g, bit, old_full, network, cut, max_states
        )
        if overflow:
            return Bound(False, (), lagrangian, members, states, True)
        if best >= INF:
            return Bound(True, (), lagrangian, members, states, False)
        counts = np.bincount(path, minlength=n)
        if (counts == 1).all():
            return Bound(False, tuple(int(j) for j in path), lagrangian, members, states, False)
        if all(bit[j] >= 0 for j in np.flatnonzero(counts != 1)):
            return Bound(False, (), lagrangian, members, states, True)


def warm() -> None:
    """Compile every kernel into Numba's cache (``make test`` runs this first): one step
    of the relaxation leaves the question open, so the sublimation runs too."""
    p, w, d = [1, 2, 3, 4, 5, 6], [1, 1, 2, 3, 1, 2], [21, 21, 9, 1, 2, 3]
    if wt_below(p, w, d, upper=99, iterations=1).members == 0:
        raise AssertionError("the sublimation did not run: not compiled")


if __name__ == "__main__":
    warm()
