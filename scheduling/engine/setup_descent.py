"""Local search for one machine with sequence-dependent setups, compiled.

The descent of :class:`scheduling.engine.sequencing.Dynasearch` when there
are setups: best improvement over swaps and moves of a block of one, two or
three consecutive jobs forward or backward (insertion and or-opt), repeated
until no move improves.  Each move is evaluated exactly in O(1) with the
shift tables described in :mod:`scheduling.engine.sequencing`: a move
shifts the jobs it passes over by one common value and the jobs after it by
another, so the change of their weighted tardiness is a difference of two
prefix sums in the row of that shift.

The NumPy version of this neighbourhood spent most of its time in small
array operations (60 jobs, about 12,000 moves: 1.4 ms a scan and as much
again to pick the move); the loops below are compiled by Numba and scan the
same moves in 0.18 ms.  The table is laid out by position and shift, so that
the shifts of one position are filled in two branch-free runs (before and
after the shift that makes the job late), which the compiler vectorises:
laid out by shift, with a test per entry, filling it took 0.14 ms of a
0.30 ms scan.  A first pass finds the range of shifts that occur
so that the table holds only those shifts: a table over every possible shift
filled when first read, or refreshed only from the first position a move
changed, was twice as slow (the test in the inner loop costs more than the
rows it saves).  Restricting the moves to jobs at most 10 or 20 positions
apart made the search worse at equal time.

Iterated greedy's construction (:func:`rebuild`) is here too: each job taken
out goes back at the position that costs least, every position tried; after
its descent, :func:`exchange` swaps adjacent segments of any length where that
shortens the setups (a scan of 60 jobs that finds nothing takes about 0.17 ms).
"""

from __future__ import annotations

import numpy as np
from numba import njit

MAX_BLOCK = 3
"""Blocks of one to ``MAX_BLOCK`` consecutive jobs are moved as a whole."""
TABLE_LIMIT = 4_000_000
"""Largest shift table (shifts x positions); beyond it the NumPy search is used."""


@njit(cache=True)
def _state(order, p, s, n1, start):  # type: ignore[no-untyped-def]
    n = order.shape[0]
    c = np.empty(n, np.int64)
    s_in = np.empty(n, np.int64)
    t = start
    prev = n1 - 1
    for k in range(n):
        x = order[k]
        s_in[k] = s[prev * n1 + x]
        t += s_in[k] + p[x]
        c[k] = t
        prev = x
    return c, s_in


@njit(cache=True)
def sequence_cost_fast(order, p, w, d, s, start, lam):  # type: ignore[no-untyped-def]
    """Weighted tardiness plus ``lam`` x total setup of ``order``."""
    n1 = p.shape[0] + 1
    c, s_in = _state(order, p, s, n1, start)
    total = 0.0
    setup = 0
    for k in range(order.shape[0]):
        x = order[k]
        if c[k] > d[x]:
            total += w[x] * (c[k] - d[x])
        setup += s_in[k]
    return total + lam * setup


@njit(cache=True)
def _span(x, lo, hi):  # type: ignore[no-untyped-def]
    if x < lo:
        lo = x
    if x > hi:
        hi = x
    return lo, hi


@njit(cache=True, inline="always")
def _seg(q, lo, delta, a, b):  # type: ignore[no-untyped-def]
    """Change of the weighted tardiness of positions ``a .. b-1`` shifted by ``delta``:
    two entries of the row of ``delta`` in the shift table."""
    return q[b, delta - lo] - q[a, delta - lo]


@njit(cache=True, inline="always")
def _swap(order, c, s_in, pp, s, n1, i, j, t0, prev, nx, s_nx):  # type: ignore[no-untyped-def]
    """Swap of positions ``i`` and ``j`` (``j >= i + 2``): the new completions of the two
    jobs, the shift of the jobs between them and that of the jobs after ``j``."""
    a = order[i]
    b = order[j]
    cb = t0 + s[prev * n1 + b] + pp[j]
    d1 = cb + s[b * n1 + order[i + 1]] - c[i] - s_in[i + 1]
    ca = c[j - 1] + d1 + s[order[j - 1] * n1 + a] + pp[i]
    d2 = ca + s[a * n1 + nx] - c[j] - s_nx
    return cb, ca, d1, d2


@njit(cache=True, inline="always")
def _forward(order, c, s_in, pp, s, n1, i, j, size, t0, prev, nx, s_nx):  # type: ignore[no-untyped-def]
    """The block ``i .. i+size-1`` moved to end at ``j``: ``base + c[k]`` is the new
    completion of its job at ``k``; the jobs ``i+size .. j`` shift by ``d1``, those after
    ``j`` by ``d2``."""
    d1 = t0 + s[prev * n1 + order[i + size]] - c[i + size - 1] - s_in[i + size]
    base = c[j] + d1 + s[order[j] * n1 + order[i]] + pp[i] - c[i]
    d2 = base + c[i + size - 1] + s[order[i + size - 1] * n1 + nx] - c[j] - s_nx
    return base, d1, d2


@njit(cache=True, inline="always")
def _backward(order, c, s_in, pp, s, n1, i, j, size, t0, prev, nx, s_nx):  # type: ignore[no-untyped-def]
    """The block ``f .. j`` (``f = j-size+1``) moved to start at ``i``: ``base + c[k]`` is
    the new completion of its job at ``k``; the jobs ``i .. f-1`` shift by ``d1``, those
    after ``j`` by ``d2``."""
    f = j - size + 1
    base = t0 + s[prev * n1 + order[f]] + pp[f] - c[f]
    d1 = base + c[j] + s[order[j] * n1 + order[i]] - t0 - s_in[i]
    d2 = c[f - 1] + d1 + s[order[f - 1] * n1 + nx] - c[j] - s_nx
    return base, d1, d2


@njit(cache=True)
def _scan(order, p, w, d, s, start, lam, q):  # type: ignore[no-untyped-def]
    """The best move: (delta, kind, i, j, size); kind 0 swap, 1 block forward, 2 block
    backward, -1 when none improves.  ``q``: room for the shift table, one row per
    position and one more, ``2 x shift_bound() + 1`` columns (the shifts)."""
    n = order.shape[0]
    n1 = n + 1
    virt = n  # the empty machine before the first job and after the last
    c, s_in = _state(order, p, s, n1, start)
    ww = np.empty(n, np.float64)
    dd = np.empty(n, np.int64)
    pp = np.empty(n, np.int64)
    t = np.empty(n, np.int64)
    for k in range(n):
        x = order[k]
        ww[k] = w[x]
        dd[k] = d[x]
        pp[k] = p[x]
        t[k] = c[k] - dd[k] if c[k] > dd[k] else 0
    # pass 1: the shifts that occur, for the table's rows
    lo = 0
    hi = 0
    for i in range(n - 1):
        t0 = c[i - 1] if i > 0 else start
        prev = order[i - 1] if i > 0 else virt
        for j in range(i + 1, n):
            nx = order[j + 1] if j + 1 < n else virt
            s_nx = s_in[j + 1] if j + 1 < n else 0
            if j >= i + 2:
                _cb, _ca, d1, d2 = _swap(order, c, s_in, pp, s, n1, i, j, t0, prev, nx, s_nx)
                lo, hi = _span(d1, lo, hi)
                lo, hi = _span(d2, lo, hi)
            for size in range(1, MAX_BLOCK + 1):
                if j - i < size:
                    break
                _b, d1, d2 = _forward(order, c, s_in, pp, s, n1, i, j, size, t0, prev, nx, s_nx)
                lo, hi = _span(d1, lo, hi)
                lo, hi = _span(d2, lo, hi)
                _b, d1, d2 = _backward(order, c, s_in, pp, s, n1, i, j, size, t0, prev, nx, s_nx)
                lo, hi = _span(d1, lo, hi)
                lo, hi = _span(d2, lo, hi)
    rows = hi - lo + 1
    if rows > q.shape[1]:
        raise ValueError("a shift beyond the bound of shift_bound()")
    # the table by position (rows) and shift (columns): the shifts of one position are
    # filled in two branch-free runs, before and after the shift that makes it late
    for r in range(rows):
        q[0, r] = 0.0
    for m in range(n):
        wm = ww[m]
        base = c[m] + lo - dd[m]  # lateness at the smallest shift
        wt = wm * t[m]
        late_from = min(max(-base + 1, 0), rows)
        for r in range(late_from):
            q[m + 1, r] = q[m, r] - wt
        for r in range(late_from, rows):
            q[m + 1, r] = q[m, r] + wm * (base + r) - wt
    best = -1e-9
    bk = -1
    bi = -1
    bj = -1
    bs = 0
    for i in range(n - 1):
        t0 = c[i - 1] if i > 0 else start
        prev = order[i - 1] if i > 0 else virt
        for j in range(i + 1, n):
            nx = order[j + 1] if j + 1 < n else virt
            s_nx = s_in[j + 1] if j + 1 < n else 0
            if j >= i + 2:  # swap i and j; the jobs between move by d1, those after j by d2
                cb, ca, d1, d2 = _swap(order, c, s_in, pp, s, n1, i, j, t0, prev, nx, s_nx)
                v = lam * d2 - ww[i] * t[i] - ww[j] * t[j]
                v += ww[j] * max(cb - dd[j], 0) + ww[i] * max(ca - dd[i], 0)
                v += _seg(q, lo, d1, i + 1, j)
                v += _seg(q, lo, d2, j + 1, n)
                if v < best:
                    best, bk, bi, bj, bs = v, 0, i, j, 0
            for size in range(1, MAX_BLOCK + 1):
                if j - i < size:
                    break
                # forward: block i .. i+size-1 moves to end at j; the jobs i+size .. j
                # move up by d1, everything after j by d2
                base, d1, d2 = _forward(order, c, s_in, pp, s, n1, i, j, size, t0, prev, nx, s_nx)
                v = lam * d2
                for k in range(i, i + size):
                    v += ww[k] * (max(base + c[k] - dd[k], 0) - t[k])
                v += _seg(q, lo, d1, i + size, j + 1)
                v += _seg(q, lo, d2, j + 1, n)
                if v < best:
                    best, bk, bi, bj, bs = v, 1, i, j, size
                # backward: block f .. j moves to start at i; the jobs i .. f-1 move down
                f = j - size + 1
                base, d1, d2 = _backward(order, c, s_in, pp, s, n1, i, j, size, t0, prev, nx, s_nx)
                v = lam * d2
                for k in range(f, j + 1):
                    v += ww[k] * (max(base + c[k] - dd[k], 0) - t[k])
                v += _seg(q, lo, d1, i, f)
                v += _seg(q, lo, d2, j + 1, n)
                if v < best:
                    best, bk, bi, bj, bs = v, 2, i, j, size
    return best, bk, bi, bj, bs


def shift_bound(p: np.ndarray, s: np.ndarray, n: int) -> int:
    """Largest shift a move causes, or -1 when a table that long would be too large (the
    caller then searches without this module).

    A swap shifts the jobs between by the difference of two jobs' times and their
    four setups, at most ``2 s + p``; a block of ``MAX_BLOCK`` jobs shifts the jobs it
    passes over by its own length with its setups and the two setups changed at its
    ends, at most ``MAX_BLOCK (p + s) + 2 s``; the jobs after a move shift by the
    change of the setups alone, at most ``4 s``.
    """
    if n == 0:
        return -1
    pm = int(np.abs(p).max())
    sm = int(np.abs(s).max())
    bound = MAX_BLOCK * (pm + sm) + 4 * sm + pm
    return bound if (2 * bound + 1) * (n + 1) <= TABLE_LIMIT else -1


@njit(cache=True)
def _apply(order, kind, i, j, size):  # type: ignore[no-untyped-def]
    if kind == 0:
        x = order[i]
        order[i] = order[j]
        order[j] = x
    elif kind == 1:  # block i .. i+size-1 to end at j
        block = order[i : i + size].copy()
        order[i : j - size + 1] = order[i + size : j + 1].copy()
        order[j - size + 1 : j + 1] = block
    else:  # block j-size+1 .. j to start at i
        block = order[j - size + 1 : j + 1].copy()
        order[i + size : j + 1] = order[i : j - size + 1].copy()
        order[i : i + size] = block


@njit(cache=True)
def descend(order, p, w, d, s, start, lam, bound):  # type: ignore[no-untyped-def]
    """Best-improvement descent of ``order`` in place; returns its cost."""
    n = order.shape[0]
    q = np.empty((n + 1, 2 * bound + 1 if bound >= 0 else 0), np.float64)
    if n >= 2:
        while True:
            _gain, kind, i, j, size = _scan(order, p, w, d, s, start, lam, q)
            if kind < 0:
                break
            _apply(order, kind, i, j, size)
    return sequence_cost_fast(order, p, w, d, s, start, lam)


@njit(cache=True)
def _insert_cost(seq, m, x, k, p, w, d, s, n1, start):  # type: ignore[no-untyped-def]
    """Weighted tardiness of ``seq[:m]`` with job ``x`` inserted before position ``k``."""
    t = start
    prev = n1 - 1
    total = 0.0
    for pos in range(m + 1):
        if pos == k:
            y = x
        elif pos < k:
            y = seq[pos]
        else:
            y = seq[pos - 1]
        t += s[prev * n1 + y] + p[y]
        if t > d[y]:
            total += w[y] * (t - d[y])
        prev = y
    return total


@njit(cache=True, inline="always")
def _walk(order, lo, hi, t, prev, total, limit, p, w, d, s, n1):  # type: ignore[no-untyped-def]
    """Run the jobs at positions ``lo .. hi-1`` after ``prev`` finishing at ``t``, adding
    their weighted tardiness to ``total``; the last value says it reached ``limit``."""
    for q in range(lo, hi):
        x = order[q]
        t += s[prev * n1 + x] + p[x]
        if t > d[x]:
            total += w[x] * (t - d[x])
            if total >= limit:
                return t, prev, total, True
        prev = x
    return t, prev, total, False


@njit(cache=True)
def _exchanged_cost(order, c, pre, n1, start, i, j, k, p, w, d, s, limit):  # type: ignore[no-untyped-def]
    """Weighted tardiness of ``order`` with its segments ``[i, j)`` and ``[j, k)``
    exchanged, given the completion times ``c`` and tardiness prefix ``pre`` of
    ``order``; stops as soon as the sum reaches ``limit`` (and returns it)."""
    n = order.shape[0]
    v = n1 - 1
    prev = order[i - 1] if i > 0 else v
    t = c[i - 1] if i > 0 else start
    total = pre[i]
    if total >= limit:
        return total
    t, prev, total, over = _walk(order, j, k, t, prev, total, limit, p, w, d, s, n1)
    if over:
        return total
    t, prev, total, over = _walk(order, i, j, t, prev, total, limit, p, w, d, s, n1)
    if over:
        return total
    if k == n:
        return total
    # the job after the segments now follows the last job of [i, j)
    shift = t + s[prev * n1 + order[k]] - c[k - 1] - s[order[k - 1] * n1 + order[k]]
    for q in range(k, n):
        x = order[q]
        tq = c[q] + shift
        if tq > d[x]:
            total += w[x] * (tq - d[x])
            if total >= limit:
                return total
    return total


@njit(cache=True)
def exchange(order, p, w, d, s, start, lam):  # type: ignore[no-untyped-def]
    """Exchange two adjacent segments of any length (``A B C D`` becomes ``A C B D``, the
    or-3opt move of the asymmetric travelling salesman) where that shortens the total
    setup, by best improvement until no such move lowers the objective; in place.
    Returns whether ``order`` changed.  The setup change of each of the O(n^3) moves
    is three arcs out and three in; only the moves that shorten it are scored exactly,
    and a score stops once it cannot beat the best move found."""
    n = order.shape[0]
    n1 = n + 1
    v = n1 - 1
    pre = np.empty(n + 1, np.float64)
    moved = False
    while n >= 3:
        c, s_in = _state(order, p, s, n1, start)
        floor = lam * s_in.sum()  # no exchange saves more than all the setups
        pre[0] = 0.0
        for q in range(n):
            x = order[q]
            pre[q + 1] = pre[q] + (w[x] * (c[q] - d[x]) if c[q] > d[x] else 0.0)
        base = pre[n]
        best = base - 1e-9
        bi = -1
        bj = -1
        bk = -1
        for i in range(n - 1):
            if pre[i] - floor >= best:
                break  # the jobs before i already cost as much as the best move
            pi = order[i - 1] if i > 0 else v
            bf = order[i]
            a_in = s[pi * n1 + bf]
            for j in range(i + 1, n):
                bl = order[j - 1]
                cf = order[j]
                opened = s[pi * n1 + cf] - a_in - s[bl * n1 + cf]
                for k in range(j + 1, n + 1):
                    cl = order[k - 1]
                    nk = order[k] if k < n else v
                    delta = opened + s[cl * n1 + bf] + s[bl * n1 + nk] - s[cl * n1 + nk]
                    if delta >= 0:
                        continue
                    limit = best - lam * delta
                    total = _exchanged_cost(order, c, pre, n1, start, i, j, k, p, w, d, s, limit)
                    if total < limit:
                        best = total + lam * delta
                        bi = i
                        bj = j
                        bk = k
        if bi < 0:
            break
        order[bi:bk] = np.concatenate((order[bj:bk], order[bi:bj]))
        moved = True
    return moved


@njit(cache=True)
def rebuild(order, removed, p, w, d, s, start, lam, bound):  # type: ignore[no-untyped-def]
    """Take the jobs ``removed`` out of ``order``, put each back in turn where it costs
    least (iterated greedy's destruction and construction), then descend, exchange
    segments that shorten the setups (:func:`exchange`) and, if any moved, descend
    again; in place.  Returns the cost."""
    n = order.shape[0]
    n1 = n + 1
    out = np.empty(n, np.int64)
    m = 0
    for k in range(n):
        x = order[k]
        gone = False
        for r in range(removed.shape[0]):
            if removed[r] == x:
                gone = True
                break
        if not gone:
            out[m] = x
            m += 1
    for r in range(removed.shape[0]):
        x = removed[r]
        best = np.inf
        where = 0
        for k in range(m + 1):
            v = _insert_cost(out, m, x, k, p, w, d, s, n1, start)
            if lam != 0.0:
                prev = out[k - 1] if k > 0 else n1 - 1
                nxt = out[k] if k < m else n1 - 1
                v += lam * (s[prev * n1 + x] + s[x * n1 + nxt] - s[prev * n1 + nxt])
            if v < best:
                best = v
                where = k
        for k in range(m, where, -1):
            out[k] = out[k - 1]
        out[where] = x
        m += 1
    order[:] = out
    cost = descend(order, p, w, d, s, start, lam, bound)
    if exchange(order, p, w, d, s, start, lam):
        cost = descend(order, p, w, d, s, start, lam, bound)
    return cost


def warm() -> None:
    """Compile every function here into Numba's cache (``make test`` and ``make
    bench-schedule`` run it first, so that no test or timed run waits about eight seconds
    for the compiler; elsewhere the first problem with setups compiles them)."""
    n = 4
    p = np.array([3, 1, 2, 2], np.int64)
    w = np.array([1.0, 2.0, 1.0, 3.0])
    d = np.array([2, 3, 4, 5], np.int64)
    s = np.ones((n + 1) * (n + 1), np.int64)
    order = np.arange(n, dtype=np.int64)
    rebuild(order, np.array([1], np.int64), p, w, d, s, 0, 0.5, shift_bound(p, s, n))


if __name__ == "__main__":
    warm()
