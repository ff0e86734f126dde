"""A sequence in which no job of positive weight is late, when the search finds one.

One machine with sequence-dependent setups (1|s_ij|sum wjTj).  When the due
dates leave little room, the local search of :mod:`.sequencing` can settle
on a few minutes of lateness while an order with none exists: on instance 1
of our setup set the jobs of positive weight leave 57 minutes for all their
setups before the latest due date, the shortest chain of setups through them
is 44 (an assignment bound of 43), and eleven of twelve runs of 1,500 iterations
(seeds 1-12) stopped at 8 to 132.  There, a zero is a matter of chaining the setups, and
an exact search with a strong bound finds it at once.

The search builds the order **backwards**, from the last job to the first:
the last jobs are where the due dates bind, so the choices there are few
(two to eight candidates a step on that instance, against ten to twenty
forwards).  A partial order (a suffix) fixes for its first job ``f`` the
latest time it can start, ``L``; the jobs ``R`` still to place must fit
between the start of the machine and ``L``, so

    start + sum of p over R + (least setups of a path start -> R -> f) <= L

is necessary, and so is the same with each job of ``R`` by its own due date
in due-date order (without setups).  The least setups of that path are
bounded by the **assignment relaxation** (each of ``start`` and ``R`` gets
one successor in ``R`` and ``f``), the bound of the branch-and-bound
algorithms for the asymmetric travelling salesman.  A step removes one row
and one column from the assignment, so the child's optimum is one shortest
augmenting path (O(n^2)) away from the parent's, with the dual values kept.
With the bound of the root's dual values only, on that instance 300,000
nodes found nothing; with the bound re-optimised at each node, 239 nodes
found an order with no lateness.  Candidates are tried by reduced cost of
the setup they add, then latest due date first; a suffix already proven not
to fit before a start time is not tried again with an earlier one (a table
keyed by the set of jobs placed and its first job).

Jobs of zero weight cannot be late in any way that counts: they go after the
others, each after the one with the shortest setup to it.  The search stops
after ``budget`` nodes; it proves nothing when it finds nothing (a zero-weight
job between two others could in principle shorten a long setup).
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numba import types as nbtypes
from numba.typed import Dict

BIG = 1.0e12
"""Cost of an arc that does not exist (a job after itself, the start straight to the end)."""
LATEST = 1 << 62
"""The latest start of the (empty) suffix at the root: no limit."""


@njit(cache=True)
def _augment(c, u, v, row_of, col_of, rows, cols, r0):  # type: ignore[no-untyped-def]
    """One phase of the Hungarian method: match the free row ``r0`` along a shortest
    augmenting path in reduced costs (Dijkstra over the active columns), then update the
    dual values ``u``, ``v`` so that every reduced cost stays non-negative."""
    size = c.shape[0]
    dist = np.full(size, np.inf)
    prev = np.full(size, -1, np.int64)
    done = np.zeros(size, np.bool_)
    for k in range(size):
        if cols[k]:
            dist[k] = c[r0, k] - u[r0] - v[k]
            prev[k] = r0
    end = -1
    while True:
        best = np.inf
        kk = -1
        for k in range(size):
            if cols[k] and not done[k] and dist[k] < best:
                best = dist[k]
                kk = k
        if kk < 0:
            return False  # no free column: cannot happen with as many rows as columns
        done[kk] = True
        if col_of[kk] < 0:
            end = kk
            break
        r = col_of[kk]
        for k in range(size):
            if cols[k] and not done[k]:
                alt = best + c[r, k] - u[r] - v[k]
                if alt < dist[k]:
                    dist[k] = alt
                    prev[k] = r
    delta = dist[end]
    for k in range(size):
        if cols[k] and done[k] and k != end:
            r = col_of[k]
            u[r] += delta - dist[k]
            v[k] -= delta - dist[k]
    u[r0] += delta
    k = end
    while True:
        r = prev[k]
        nxt = row_of[r]
        row_of[r] = k
        col_of[k] = r
        if r == r0:
            break
        k = nxt
    return True


@njit(cache=True)
def _assignment_value(u, v, rows, cols):  # type: ignore[no-untyped-def]
    total = 0.0
    for k in range(u.shape[0]):
        if rows[k]:
            total += u[k]
        if cols[k]:
            total += v[k]
    return total


@njit(cache=True)
def _mix(x):  # type: ignore[no-untyped-def]
    """A 64-bit hash of ``x`` (splitmix64's finaliser): keys of the table of failed suffixes."""
    z = np.uint64(x) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return np.int64(z ^ (z >> np.uint64(31)))


@njit(cache=True)
def _candidates(c, u, v, d_pos, in_r, head, out):  # type: ignore[no-untyped-def]
    """The jobs still to place, as predecessors of ``head``: least reduced cost of the
    setup first, then latest due date.  Writes them to ``out``; returns how many."""
    m = in_r.shape[0]
    keys = np.empty(m, np.float64)
    idx = np.empty(m, np.int64)
    count = 0
    top = d_pos.max()
    span = float(top - d_pos.min() + 1)
    for a in range(m):
        if in_r[a]:
            rc = c[a, head] - u[a] - v[head]
            keys[count] = rc * span + (top - d_pos[a])
            idx[count] = a
            count += 1
    order = np.argsort(keys[:count], kind="mergesort")
    for q in range(count):
        out[q] = idx[order[q]]
    return count


@njit(cache=True)
def on_time_order(p, w, d, s, start, budget):  # type: ignore[no-untyped-def]
    """An order of all jobs in which no job of positive weight ends after its due date,
    or an empty array when none was found within ``budget`` nodes.  ``s`` is the setup
    matrix padded with the empty machine as job ``n`` (row ``n``: setups before the first
    job), flattened as in :mod:`.setup_descent`."""
    n = p.shape[0]
    n1 = n + 1
    none = np.empty(0, np.int64)
    m = 0
    for j in range(n):
        if w[j] > 0:
            m += 1
    pos = np.empty(m, np.int64)
    q = 0
    for j in range(n):
        if w[j] > 0:
            pos[q] = j
            q += 1
    chosen = np.empty(m + 1, np.int64)
    depth = 0
    if m > 0:
        size = m + 1  # rows: the jobs, then the start; columns: the jobs, then the end
        c = np.full((size, size), BIG)
        for b in range(m):
            c[m, b] = s[n * n1 + pos[b]]
            c[b, m] = 0.0
            for a in range(m):
                if a != b:
                    c[a, b] = s[pos[a] * n1 + pos[b]]
        d_pos = d[pos]
        edd = np.argsort(d_pos, kind="mergesort")
        levels = m + 1
        u = np.zeros((levels, size))
        v = np.zeros((levels, size))
        row_of = np.full((levels, size), -1, np.int64)
        col_of = np.full((levels, size), -1, np.int64)
        rows = np.ones((levels, size), np.bool_)
        cols = np.ones((levels, size), np.bool_)
        for r in range(size):
            _augment(c, u[0], v[0], row_of[0], col_of[0], rows[0], cols[0], r)
        head = np.empty(levels, np.int64)
        latest = np.empty(levels, np.int64)
        rest = np.empty(levels, np.int64)
        placed = np.zeros(levels, np.int64)
        cand = np.empty((levels, m), np.int64)
        n_cand = np.zeros(levels, np.int64)
        tried = np.zeros(levels, np.int64)
        in_r = np.ones(m, np.bool_)
        failed = Dict.empty(key_type=nbtypes.int64, value_type=nbtypes.int64)
        head[0] = m
        latest[0] = LATEST
        rest[0] = p[pos].sum()
        n_cand[0] = _candidates(c, u[0], v[0], d_pos, in_r, m, cand[0])
        nodes = 1
        found = False
        while not found:
            if tried[depth] >= n_cand[depth]:
                key = placed[depth] ^ _mix(n1 + head[depth])
                if failed.get(key, -LATEST) < latest[depth]:
                    failed[key] = latest[depth]
                if depth == 0:
                    return none
                depth -= 1
                in_r[chosen[depth]] = True
                continue
            a = cand[depth, tried[depth]]
            tried[depth] += 1
            j = pos[a]
            f = head[depth]
            end = d[j] if f == m else min(d[j], latest[depth] - s[j * n1 + pos[f]])
            begin = end - p[j]
            left = rest[depth] - p[j]
            if start + left > begin:
                continue
            in_r[a] = False
            ok = True
            t = start
            for e in edd:
                if in_r[e]:
                    t += p[pos[e]]
                    if t > min(d_pos[e], begin):
                        ok = False
                        break
            key = placed[depth] ^ _mix(pos[a] + 1) ^ _mix(n1 + a)
            if ok and failed.get(key, -LATEST) >= begin:
                ok = False
            k = depth + 1
            if ok:
                u[k] = u[depth]
                v[k] = v[depth]
                row_of[k] = row_of[depth]
                col_of[k] = col_of[depth]
                rows[k] = rows[depth]
                cols[k] = cols[depth]
                was = row_of[k, a]
                orphan = col_of[k, f]
                rows[k, a] = False
                cols[k, f] = False
                row_of[k, a] = -1
                col_of[k, f] = -1
                if was != f:
                    col_of[k, was] = -1
                    row_of[k, orphan] = -1
                    _augment(c, u[k], v[k], row_of[k], col_of[k], rows[k], cols[k], orphan)
                if start + left + _assignment_value(u[k], v[k], rows[k], cols[k]) > begin + 1e-6:
                    ok = False
            if not ok:
                in_r[a] = True
                continue
            chosen[depth] = a
            depth = k
            nodes += 1
            head[depth] = a
            latest[depth] = begin
            rest[depth] = left
            placed[depth] = placed[depth - 1] ^ _mix(pos[a] + 1)
            tried[depth] = 0
            if depth == m:
                found = True
                break
            n_cand[depth] = _candidates(c, u[depth], v[depth], d_pos, in_r, a, cand[depth])
            if nodes >= budget:
                return none
    out = np.empty(n, np.int64)
    for q in range(m):
        out[q] = pos[chosen[m - 1 - q]]
    # the jobs of zero weight last, each after the one with the shortest setup to it
    used = np.zeros(n, np.bool_)
    for q in range(m):
        used[out[q]] = True
    prev = out[m - 1] if m > 0 else n
    for q in range(m, n):
        best = -1
        for j in range(n):
            if not used[j] and (best < 0 or s[prev * n1 + j] < s[prev * n1 + best]):
                best = j
        out[q] = best
        used[best] = True
        prev = best
    return out


def warm() -> None:
    """Compile the search into Numba's cache (as :func:`.setup_descent.warm`)."""
    p = np.array([3, 1, 2], np.int64)
    w = np.array([1.0, 0.0, 2.0])
    d = np.array([9, 9, 4], np.int64)
    s = np.ones(16, np.int64)
    on_time_order(p, w, d, s, 0, 100)


if __name__ == "__main__":
    warm()
