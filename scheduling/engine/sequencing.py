"""Single-machine sequencing core: iterated (enhanced) dynasearch.

The problem is one machine, jobs available at ``start``, processing times
``p``, weights ``w``, due dates ``d`` and optionally sequence-dependent setup
times ``s[i][j]`` (with ``s0[j]`` before the first job); the objective is
total weighted tardiness plus ``setup_weight`` x total setup time
(1||sum wjTj and 1|s_ij|sum wjTj).

The search follows the published state of the art:

* **Dynasearch** (Congram, Potts & van de Velde, "An iterated dynasearch
  algorithm for the single-machine total weighted tardiness scheduling
  problem", INFORMS J. Computing 14(1), 2002): a compound move is a set of
  independent swaps on disjoint intervals of the sequence; the best compound
  move is found exactly by dynamic programming over the positions.
* **Enhanced dynasearch** (Grosso, Della Croce & Tadei, "An enhanced
  dynasearch neighborhood for the single-machine total weighted tardiness
  scheduling problem", Operations Research Letters 32(1), 2004): the compound
  move also contains forward and backward insertions (extract and reinsert),
  each local to its interval.
* **Block moves** with setups: a block of two or three consecutive jobs moved
  forward or backward as a whole (or-opt), so that jobs which follow each
  other with short setups travel together; the kick then moves short blocks
  rather than swapping jobs.  On eight instances of our 1|s_ij|sum wjTj
  set, 500 iterations with them ended 2.4 % below the earlier references on
  average, against 2.9 % above without them, at twice the time an iteration.
* **Iterated local search**: from each local optimum a kick of a few random
  swaps of controlled length, accepted when not worse than the current
  solution (or within a small threshold), with restarts from alternative
  constructions -- the apparent tardiness cost rule (ATC, Vepsalainen &
  Morton 1987; ATCS with setups, Lee, Bhaskaran & Pinedo 1997) for several
  look-ahead values k (with setups a grid of nine (k1, k2) around the
  published estimates: on our 60 setup instances at 120 iterations, seed 1,
  5.96 % above the references against 6.03 % with five k and k2 = 0.5, so
  no measurable change), earliest due date (EDD) and the weighted modified
  due date rule (WMDD, Kanet & Li 2004).

Exact neighbourhood evaluation
------------------------------
Every move (swap of positions ``i < j``, forward insertion of ``i`` after
``j``, backward insertion of ``j`` before ``i``) changes the completion times
of the jobs strictly inside its interval by one common shift ``delta1`` and
those after it by one common shift ``delta2`` (``delta2`` is 0 without
setups, since the sum of processing times does not change).  With the prefix
table ``Q[delta][k] = sum over positions m < k of w_m (max(0, C_m + delta -
d_m) - T_m)`` -- one row per shift value that occurs, O(n) each -- the effect
on the inner and outer jobs is two differences of table entries, so each move
is evaluated exactly in O(1) and a whole move class in O(n) per start
position (O(n^2 + n x shifts) for the neighbourhood).  The tables and the
move values are computed with NumPy because the profile asked for it: the
whole neighbourhood at n = 100 took 10.6 ms of CPU in plain Python (lists,
one loop per table row and per pair) against 0.7 ms vectorised, and the
neighbourhood is where the search spends its time.

A block move shifts three ranges (the jobs passed over, the block, the jobs
after it); the first and the last use the tables, the block's two or three
jobs are scored directly because their shift is long.

Without setups the moves of a compound move do not interact and the dynamic
programme is exact.  With setups a move shifts the jobs after it, so the
compound move found by the programme is re-evaluated on the whole sequence
and kept only when it beats the best single move (which is exact).

With setups the iterations are those of **iterated greedy** (Ruiz &
Stutzle's destruction and construction, applied to this problem by Ying,
Lin & Huang 2009): take 6 to 10 random jobs out of the current sequence,
put each back in turn where it costs least, descend by best improvement
over swaps and block moves of one to three jobs, and accept as above.  That
descent is compiled (:mod:`scheduling.engine.setup_descent`, Numba): a scan
of the neighbourhood of 60 jobs takes 0.18 ms there against 1.4 ms in
NumPy (an iteration 0.65 ms).  On the 60 instances of our 1|s_ij|sum wjTj set at 1 s each (median
of 3 seeds) the mean gap to the references of the time fell from 4.1 % with
the compiled descent and the block kick to 1.5 % with iterated greedy
(about 1,000 iterations a second against 450); long runs of iterated greedy
then lowered 19 of those references, and against them it is 4.1 % at 1 s and
1.3 % at 10 s, most of it on the few instances whose tardiness is small.
Tried at equal time and not kept: removing 4-8 or 8-14 jobs, a contiguous
segment, or tardy jobs first; a temperature acceptance.  Later, on the seven
instances with small tardiness, 12 seeds at 1 s (their share of the
60-instance mean gap 2.36 points against the references of the time): a
descent of the partial sequence before the jobs go back (Dubois-Lacoste,
Pagnozzi & Stutzle 2017; better per iteration, 1.94 -> 1.26 at 1,500
iterations with 6 seeds, but 3.5 times slower an iteration: 2.70 at 1 s),
half the jobs removed chosen by the setup time they add (3.12), blocks of at
most two jobs (3.77) or four (2.71), and the total setup weighted into the
objective for the first 400 iterations (4.50 at 0.2 mean weights a minute).
On instance 1 of that set (reference 30 then, 0 now: the jobs of positive
weight fill all but 57 minutes before the latest due date, so the order must chain setups of
0-2 minutes and end on the latest-due jobs; the runs stop at 100-170, and
every single step from such an order towards the best one costs 600-900),
none of these did better: a start from an assignment-and-patching path
(least total setup), whole segments taken out and put back as blocks
(10,000 iterations: 110-130 against 78-110 and one 30), re-sequencing 8-20
consecutive jobs by assignment and patching, a constant-temperature
acceptance (Ruiz & Stutzle), and insertion ties broken by the setup added.

What that instance lacked was a shorter chain of setups.  With every due date
lifted and only the total setup scored, the search above ends at 58-59
minutes for its 57 jobs of positive weight where the shortest chain is 44
(an assignment bound of 43; 44 proven optimal by OR-Tools' CP-SAT, outside
the project), and the latest due date leaves 57 minutes for setups and
lateness together.
Swaps and moves of one to three jobs cannot shorten a chain of near-zero
setups much: that takes moving a whole run of jobs, the or-3opt move of the
asymmetric travelling salesman.  So after each construction and descent the
search exchanges two adjacent segments of any length (``A B C D`` becomes
``A C B D``) wherever that shortens the total setup and lowers the objective,
best move first, then descends again if anything moved
(:func:`scheduling.engine.setup_descent.exchange`; all O(n^3) exchanges are
screened on their six arcs, and only the setup-shortening ones are scored).
On the 60 instances at 1 s, 3 seeds, without and with it one after the
other (against the references of the time): mean gap 7.73 % -> 4.50 %, with
half the iterations (median 2,347 -> 1,228 a run); instance 1 went from
102-163 to 30-112 at 1 s and reached 0 at 10 s, below its reference of 30
(six runs of 10,000 iterations then lowered it and four others).
On the 15 instances with a gap at 1 s, their share of the 60-mean with 3
seeds is 4.44 points with the exchange as kept, 4.47 allowing exchanges that
keep the setup equal, 5.41 allowing up to 5 minutes more, 6.61 and 8.38
exchanging only after constructions within 20 % or 2 % of the current cost;
with 6 seeds 5.53 as kept, 7.28 and 7.94 exchanging after one construction
in two or in five, 7.01 exchanging again after the second descent.  A few
instances do worse with it (indices 27, 34, 36 and 48 of the set at 1 s).

Seeds of the same instance then still ended far apart at 1 s (instance 36:
3,089, 4,338 or 4,771; instance 26: 2,132 to 3,474), and 2 s did no better
than 1 s on the eight hardest: the search settles in one basin.  Two changes
followed.  Ties in tardiness go to the shorter total setup (the compiled
search adds to the setup weight less than one minute of the lightest job's
lateness over the longest total setup there can be, so it never trades
tardiness for setups; the cost reported is the objective alone), and after
``REBUILD_RESTART`` iterations without a new best the search restarts from
the next starting sequence and, once each has been used, from the best.
On the eight hardest instances (indices 1, 25-29, 34, 36), 6 seeds at 1 s,
their share of the 60-instance mean gap: 3.82 points before, 3.28 with the
tie-break, 2.56 with restarts after 100 iterations as well (2.93 after 60,
2.69 after 150, 3.27 after 400).  Tried with them and not kept: a random
exchange of two segments instead of the destruction in 10 % or 30 % of the
iterations (3.27, 3.26), the setups weighted at 0.05 or 0.5 a minute all
along with the best kept on tardiness alone (3.88, 3.14), and every second
restart with the setups weighted at 0.2 or 2 mean job weights a minute
(2.86, 3.15), and an acceptance threshold of 0.5 %, 1 %, 2 % or 5 % instead
of 0.2 % (at 1,000 iterations: 2.89, 2.45, 2.90, 2.62 against 2.97; with 12
seeds 2.82 for 1 % against 2.80).  Once the starting sequences are used up,
a restart goes back to the best: at 5,000 iterations and 8 seeds instance 1
ended at 0 twice (0, 0, 8, 20, 20, 20, 30, 70) against never with half the
best's jobs taken out at a restart (20-122) or without restarts (8-90); on
seven other hard ones (25-29, 34, 36, 48), 6 seeds, the share of the 60-mean
was 0.44 points, against 0.37 with half taken out and 0.81 without restarts.

At 1,500 iterations most of a run went to the starting sequences (eleven of them, each
kept for at least 100 iterations), and on instance 1 nine of them settled at 137-167
against 78 for the best start; the restarts from the best, which reach 0 there, began
only after about 1,100 iterations.  So a restart's phase that after ``RACE[0]``
iterations is still more than ``RACE[1]`` above the best is cut short.  On all 60
instances at 1,500 iterations, seeds 1-3, the mean gap fell from 3.18 % (per seed 3.42,
2.78, 3.34) to 1.98 % (1.00, 2.41, 2.54); on the eight hardest, 12 seeds, their share of
the 60-instance mean from 2.75 points to 2.41 (instance 1 at 0 in one seed of 12), with
a margin of 0.5 2.38, 1.0 2.56, 0.15 2.34 (6 seeds), a check after 10 iterations 2.58,
two checks (after 10 and 25, or 25 and 50) 2.50 and 2.57, and restarts after 60 or 150
iterations with the check 2.66 and 2.51.  Recombining the best with an earlier restart's
local optimum (its jobs whose predecessor differs taken out and put back) changed
nothing measurable on instance 1.

That left instance 1 to the seeds: at 1,500 iterations it still ended at 8-132 in eleven
runs of twelve.  There the jobs of positive weight leave 57 minutes for their setups and the
shortest chain through them takes 44, so an order with no lateness is a matter of chaining
setups, which an exact search does better than moves.  So with setups the search first
looks for an order in which no job of positive weight is late (:mod:`.on_time`: built
backwards, bounded by the assignment relaxation re-optimised at each node, at most
``ON_TIME_WORK / n^2`` nodes) and, when it finds one, starts from it.  On the 60 instances
with 416 nodes it found one on 18 of the 25 whose reference is 0 (instance 1 in 4.9 ms);
the other seven are found by the local search anyway, and there the search spends 5-21 ms
before giving up; on the 35 others it stops at the root (0.1 ms) except on two (2.2 and
8.2 ms); 90 ms for all 60.  At 1,500 iterations, seeds 1-3, the mean gap went from 1.98 %
to 0.87 % (per seed 1.00, 0.74, 0.88; the median of the three seeds per instance 0.67 %),
instance 1 at 0 in every seed.

Deterministic for a seed when stopped on ``max_iterations``; one iteration
is one kick (with setups, one destruction and construction) followed by a
full descent.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BLOCK_SIZES = (2, 3)
"""With setups, blocks of these many jobs are moved as a whole (or-opt moves)."""
FloatArray = npt.NDArray[np.float64]
REBUILD_JOBS = (6, 10)
"""With setups, each iteration takes out and puts back between these many jobs."""
REBUILD_RESTART = 100
"""With setups, the search restarts after this many iterations (or ``n``, if more)
without a new best: from the next starting sequence, then from the best one."""
RACE = (25, 0.3)
"""With setups, a restart's phase that after this many iterations has not come within
this fraction of the best cost is cut short: the search restarts at once."""
ON_TIME_WORK = 1_500_000
"""With setups, the search for an order with no late job (:mod:`.on_time`) visits at most
this many divided by n^2 nodes (a node costs O(n^2)): 416 nodes at n = 60, at most 21 ms
on our setup set."""
ON_TIME_MAX_JOBS = 200
"""...and runs only up to this many jobs (its first assignment costs O(n^3))."""


@dataclass(frozen=True, slots=True)
class SequencingProblem:
    """One machine, jobs ``0 .. n-1``.

    ``setups[i][j]`` is the setup time when job ``j`` follows job ``i``;
    ``initial_setups[j]`` the one when ``j`` is first.  Both ``None``: no
    setups.  Times are integers (minutes); the machine starts at ``start``.
    """

    p: tuple[int, ...]
    w: tuple[float, ...]
    d: tuple[int, ...]
    setups: tuple[tuple[int, ...], ...] | None = None
    initial_setups: tuple[int, ...] | None = None
    setup_weight: float = 0.0
    start: int = 0

    @property
    def n(self) -> int:
        return len(self.p)


@dataclass(frozen=True, slots=True)
class SequencingResult:
    order: tuple[int, ...]
    cost: float
    iterations: int
    runtime: float


def sequence_cost(problem: SequencingProblem, order: Sequence[int]) -> float:
    """Objective of ``order`` (plain Python, the reference for the fast paths)."""
    t = problem.start
    cost = 0.0
    prev = -1
    s = problem.setups
    s0 = problem.initial_setups
    setup_total = 0
    for j in order:
        su = 0
        if s is not None:
            su = (s0[j] if s0 is not None else 0) if prev < 0 else s[prev][j]
        setup_total += su
        t += su + problem.p[j]
        if t > problem.d[j]:
            cost += problem.w[j] * (t - problem.d[j])
        prev = j
    return cost + problem.setup_weight * setup_total


# -- constructions ---------------------------------------------------------------


def edd_order(problem: SequencingProblem) -> list[int]:
    """Earliest due date first (ties: shorter job, then index)."""
    return sorted(range(problem.n), key=lambda j: (problem.d[j], problem.p[j], j))


@dataclass(frozen=True, slots=True)
class JobArrays:
    """A problem's jobs as arrays, read once for all its constructions (converting the
    setup matrix from tuples took longer than a whole dispatch rule)."""

    p: IntArray
    w: FloatArray
    d: IntArray
    setup_rows: IntArray
    """Setups by row ``prev + 1``: row 0 before the first job, row ``i + 1`` after job
    ``i`` (all zero without setups)."""
    mean_setup: float

    @classmethod
    def of(cls, problem: SequencingProblem) -> JobArrays:
        n = problem.n
        rows = np.zeros((n + 1, n), dtype=np.int64)
        mean = 0.0
        if problem.setups is not None:
            matrix = np.array(problem.setups, dtype=np.int64).reshape(n, n)
            rows[1:] = matrix
            if problem.initial_setups is not None:
                rows[0] = np.array(problem.initial_setups, dtype=np.int64)
            if n >= 2:
                mean = int(matrix.sum() - np.trace(matrix)) / (n * (n - 1))
        return cls(
            p=np.array(problem.p, dtype=np.int64).reshape(n),
            w=np.array(problem.w, dtype=np.float64).reshape(n),
            d=np.array(problem.d, dtype=np.int64).reshape(n),
            setup_rows=rows,
            mean_setup=mean,
        )


def _dispatch(
    problem: SequencingProblem, jobs: JobArrays, priority: Callable[[int, int], FloatArray]
) -> list[int]:
    """Pick, at each step, the unscheduled job of highest priority (ties: the lowest
    index). ``priority(t, prev)`` gives every job's priority at time ``t`` after job
    ``prev`` (-1: none) as one array: a step costs a few array operations rather than
    one Python call per job (the 11 starts of a 60-job problem took 25 ms one call per
    job, against a budget of 0.1 s)."""
    done = np.zeros(problem.n, dtype=bool)
    t = problem.start
    prev = -1
    out: list[int] = []
    for _ in range(problem.n):
        values = priority(t, prev)
        values[done] = -np.inf
        best = int(values.argmax())  # the first of equal maxima
        done[best] = True
        t += int(jobs.setup_rows[prev + 1, best]) + int(jobs.p[best])
        out.append(best)
        prev = best
    return out


def atc_order(
    problem: SequencingProblem, k: float, k2: float = 0.5, *, jobs: JobArrays | None = None
) -> list[int]:
    """Apparent tardiness cost (ATCS when there are setups) with look-ahead ``k``.

    Priority ``w_j / p_j * exp(-max(0, d_j - p_j - t) / (k * p_bar))``, times
    ``exp(-s_lj / (k2 * s_bar))`` with setups (Lee, Bhaskaran & Pinedo 1997).
    """
    n = problem.n
    if n == 0:
        return []
    jobs = jobs or JobArrays.of(problem)
    ratio = jobs.w / np.maximum(1, jobs.p)
    slack0 = jobs.d - jobs.p
    pbar = max(1.0, sum(problem.p) / n)
    scale = max(1e-9, k * pbar)
    sscale = k2 * jobs.mean_setup
    setup_factor = None
    if problem.setups is not None and sscale > 0:
        setup_factor = np.exp(-jobs.setup_rows / sscale)

    def priority(t: int, prev: int) -> FloatArray:
        val: FloatArray = ratio * np.exp(-np.maximum(0, slack0 - t) / scale)
        if setup_factor is not None:
            val = val * setup_factor[prev + 1]
        return val

    return _dispatch(problem, jobs, priority)


def wmdd_order(problem: SequencingProblem, *, jobs: JobArrays | None = None) -> list[int]:
    """Weighted modified due date (Kanet & Li 2004): least ``max(p_j, d_j - t) / w_j``."""
    jobs = jobs or JobArrays.of(problem)
    w = np.maximum(jobs.w, 1e-9)

    def priority(t: int, _prev: int) -> FloatArray:
        return -np.maximum(jobs.p, jobs.d - t) / w

    return _dispatch(problem, jobs, priority)


def atcs_grid(
    problem: SequencingProblem, *, jobs: JobArrays | None = None
) -> list[tuple[float, float]]:
    """Look-ahead values ``(k1, k2)`` for ATCS: Lee, Bhaskaran & Pinedo's estimates
    from the instance (``k1`` from the due-date range ``R``, ``k2 = tau / (2 sqrt(eta))``
    from the due-date tightness ``tau`` and the setup severity ``eta``), ``k1`` scaled
    by 0.1, 0.5 and 1 and ``k2`` by 0.5, 1 and 2."""
    n = problem.n
    p, d = problem.p, problem.d
    pbar = max(1.0, sum(p) / max(1, n))
    sbar = (jobs or JobArrays.of(problem)).mean_setup
    c_max = sum(p) + n * sbar
    tau = 1.0 - sum(d) / max(1, n) / max(1.0, c_max)
    r = (max(d, default=0) - min(d, default=0)) / max(1.0, c_max)
    eta = sbar / pbar
    k1 = 4.5 + r if r <= 0.5 else 6.0 - 2.0 * r
    k2 = max(0.05, tau / (2.0 * math.sqrt(eta))) if eta > 0 else 1.0
    return [(k1 * f1, k2 * f2) for f1 in (0.1, 0.5, 1.0) for f2 in (0.5, 1.0, 2.0)]


def constructions(problem: SequencingProblem, *, jobs: JobArrays | None = None) -> list[list[int]]:
    """The starting sequences, best first (``jobs``: the problem's arrays, when read)."""
    jobs = jobs or JobArrays.of(problem)
    if problem.setups is None:
        orders = [atc_order(problem, k, jobs=jobs) for k in (0.5, 1.0, 2.0, 3.0, 5.0)]
    else:
        grid = atcs_grid(problem, jobs=jobs)
        orders = [atc_order(problem, k1, k2, jobs=jobs) for k1, k2 in grid]
    orders += [edd_order(problem), wmdd_order(problem, jobs=jobs)]
    seen: set[tuple[int, ...]] = set()
    unique: list[list[int]] = []
    for o in orders:
        key = tuple(o)
        if key not in seen:
            seen.add(key)
            unique.append(o)
    unique.sort(key=lambda o: sequence_cost(problem, o))
    return unique


# -- the search ------------------------------------------------------------------


def compiled_search() -> ModuleType:
    """The compiled search with setups (:mod:`.setup_descent`), imported when a problem
    first needs it: importing Numba takes about 0.7 s, which every process that
    imports the engine (web workers, the task worker, commands) would otherwise pay,
    and only single machines with setups use it."""
    from . import setup_descent

    return setup_descent


def on_time_search() -> ModuleType:
    """The search for an order with no late job (:mod:`.on_time`), compiled and imported
    when first needed, as :func:`compiled_search`."""
    from . import on_time

    return on_time


class Dynasearch:
    """Iterated dynasearch on one :class:`SequencingProblem`, one iteration per :meth:`step`.

    The state is explicit so that a caller can interleave several searches
    and stop on the clock or on an iteration count.
    """

    def __init__(self, problem: SequencingProblem, *, seed: int) -> None:
        self.problem = problem
        self.rng = random.Random(seed)
        n = problem.n
        self.n = n
        jobs = JobArrays.of(problem)
        self.p, self.w, self.d = jobs.p, jobs.w, jobs.d
        # setup matrix padded with a virtual job n (the empty machine before and after)
        s = np.zeros((n + 1, n + 1), dtype=np.int64)
        s[:n, :n] = jobs.setup_rows[1:]
        s[n, :n] = jobs.setup_rows[0]
        self.has_setups = problem.setups is not None
        # with setups, the compiled search when its shift table is small enough
        self.kernel: ModuleType | None = None
        self.bound = -1
        if self.has_setups:
            kernel = compiled_search()
            self.bound = kernel.shift_bound(self.p, s, n)
            if self.bound >= 0:
                self.kernel = kernel
        self.s = s
        self.lam = float(problem.setup_weight)
        # the compiled search breaks ties on the total setup: each minute of it costs
        # less than one minute of lateness of the lightest job over the longest total
        # setup there can be, so the order of different objectives stays the same
        light = min((x for x in problem.w if x > 0), default=1.0)
        self.tie = light / (1.0 + n * float(s.max())) if self.kernel is not None else 0.0
        self.sf = s.ravel()
        big_i, big_j = np.triu_indices(n, 1)
        self.I: IntArray = big_i.astype(np.int64)
        self.J: IntArray = big_j.astype(np.int64)
        self.adjacent = self.J == self.I + 1
        self.starts = constructions(problem, jobs=jobs)
        if self.kernel is not None and n <= ON_TIME_MAX_JOBS:
            self._start_on_time()
        self.restart_no = 1
        first = self.starts[0] if self.starts else []
        self.current = np.array(first, dtype=np.int64)
        self.current_cost = self.cost(self.current)
        self.descend()
        self.best = self.current.copy()
        self.best_cost = self.cost(self.best)
        self.best_search_cost = self.current_cost
        """The best's cost as the search compares costs (with the tie-break on setups)."""
        self.iterations = 0
        self.stall = 0
        self.restart_after = max(50, 4 * n)
        self.rebuild_restart_after = max(REBUILD_RESTART, n)
        self.phase_iterations = 0
        self.phase_best = math.inf
        """Iterations since the last restart, and the best cost reached in them."""
        self.max_len = max(2, min(n - 1, n // 4))
        self.kick_min = 2
        self.kick_span = 4
        self.threshold = 0.002

    def _start_on_time(self) -> None:
        """Put first among the starting sequences an order with no late job of positive
        weight, when the backward search of :mod:`.on_time` finds one in its budget."""
        budget = max(50, ON_TIME_WORK // max(1, self.n * self.n))
        found = on_time_search().on_time_order(
            self.p, self.w, self.d, self.sf, self.problem.start, budget
        )
        if len(found) == self.n:
            order = [int(x) for x in found]
            self.starts.insert(0, order)
            self.starts.sort(key=lambda o: sequence_cost(self.problem, o))

    # -- evaluation ---------------------------------------------------------
    def completions(self, order: IntArray) -> IntArray:
        prev = np.empty_like(order)
        prev[0] = self.n
        prev[1:] = order[:-1]
        step = self.p[order] + self.s[prev, order]
        out: IntArray = self.problem.start + np.cumsum(step)
        return out

    def cost(self, order: IntArray) -> float:
        if len(order) == 0:
            return 0.0
        c = self.completions(order)
        late = np.maximum(0, c - self.d[order])
        total = float(np.dot(self.w[order], late))
        if self.has_setups:
            prev = np.empty_like(order)
            prev[0] = self.n
            prev[1:] = order[:-1]
            total += self.lam * float(self.s[prev, order].sum())
        return total

    def moves(self, order: IntArray) -> tuple[FloatArray, ...]:
        """Exact cost change of every swap, forward and backward insertion (and,
        with setups, every forward and backward move of a block of two or three jobs).

        Vectors over the pairs ``(self.I[k], self.J[k])``, ``i < j``; ``inf``
        where the move does not exist (swaps and backward insertions need
        ``j >= i + 2``: for neighbours they equal the forward insertion).
        """
        n = self.n
        n1 = n + 1
        big_i, big_j = self.I, self.J
        pp = self.p[order].astype(np.float64)
        ww = self.w[order]
        dd = self.d[order].astype(np.float64)
        prev = np.empty(n, dtype=np.int64)
        prev[0] = n
        prev[1:] = order[:-1]
        nxt = np.empty(n, dtype=np.int64)
        nxt[-1] = n
        nxt[:-1] = order[1:]
        s_in = self.sf[prev * n1 + order] if self.has_setups else np.zeros(n)
        c = self.problem.start + np.cumsum(pp + s_in)
        t = np.maximum(0.0, c - dd)
        wt = ww * t
        c_before = c - pp - s_in  # completion of the previous position
        pa = pp[big_i]
        pb = pp[big_j]
        cbi = c_before[big_i]
        cj = c[big_j]
        if self.has_setups:
            sf = self.sf
            a = order[big_i]
            b = order[big_j]
            pi_ = prev[big_i] * n1
            ni = nxt[big_i]
            pj = prev[big_j] * n1
            nj = nxt[big_j]
            s_pi_a = s_in[big_i]
            s_a_ni = sf[a * n1 + ni]
            s_pj_b = s_in[big_j]
            s_b_nj = sf[b * n1 + nj]
            s_pi_b = sf[pi_ + b]
            s_b_ni = sf[b * n1 + ni]
            s_pj_a = sf[pj + a]
            s_a_nj = sf[a * n1 + nj]
            s_b_a = sf[b * n1 + a]
            s_pi_ni = sf[pi_ + ni]
            s_pj_nj = sf[pj + nj]
            sw1 = s_pi_b + pb + s_b_ni - s_pi_a - pa - s_a_ni
            cb = cbi + s_pi_b + pb
            ca = cj - pb - s_pj_b + sw1 + s_pj_a + pa
            sw2 = sw1 + s_pj_a + pa + s_a_nj - s_pj_b - pb - s_b_nj
            f1 = s_pi_ni - s_pi_a - pa - s_a_ni
            fa = cj + f1 + s_b_a + pa
            f2 = f1 + s_b_a + pa + s_a_nj - s_b_nj
            b1 = s_pi_b + pb + s_b_a - s_pi_a
            b2 = b1 + s_pj_nj - s_pj_b - pb - s_b_nj
            shifts = [sw1, sw2, f1, f2, b1, b2]
            # block moves (or-opt): the two or three jobs from i forward to end at j,
            # or those ending at j back to start at i.  Three shifts each: the jobs
            # passed over, the block, and everything after j.
            blocks = []
            last = n - 1
            for size in BLOCK_SIZES:
                ok = big_j - big_i >= size
                # forward: block = positions i .. i+L-1, middle = i+L .. j
                ze = np.minimum(big_i + size - 1, last)
                mi = np.minimum(big_i + size, last)
                z = order[ze]
                m = order[mi]
                bspan = c[ze] - cbi
                d1 = sf[pi_ + m] - s_in[mi] - bspan
                db = cj + d1 + sf[b * n1 + a] - s_pi_a - cbi
                d2 = c[ze] + db - cj + sf[z * n1 + nj] - s_b_nj
                blocks.append((size, 0, ok, mi, ze, d1, db, d2))
                # backward: block = positions j-L+1 .. j, middle = i .. j-L
                bs = np.maximum(big_j - size + 1, 0)
                me = np.maximum(big_j - size, 0)
                a2 = order[bs]
                e2 = order[me]
                db2 = cbi + sf[pi_ + a2] - c[me] - s_in[bs]
                d1b = cj + db2 + sf[b * n1 + order[big_i]] - s_pi_a - cbi
                d2b = c[me] + d1b + sf[e2 * n1 + nj] - cj - s_b_nj
                blocks.append((size, 1, ok, bs, me, d1b, db2, d2b))
                shifts += [d1, d2, d1b, d2b]
        else:
            sw1 = pb - pa
            cb = cbi + pb
            ca = cj
            f1 = -pa
            fa = cj
            b1 = pb
            shifts = [sw1, f1, b1]
            blocks = []
        lo = min(float(x.min()) for x in shifts)
        hi = max(float(x.max()) for x in shifts)
        span = int(hi - lo) + 1
        if span * n1 <= 4_000_000:
            values = np.arange(lo, hi + 1.0)

            def row(x: FloatArray) -> IntArray:
                return (x - lo).astype(np.int64) * n1
        else:
            values = np.unique(np.concatenate(shifts))

            def row(x: FloatArray) -> IntArray:
                return np.searchsorted(values, x).astype(np.int64) * n1

        h = ww[None, :] * (np.maximum(0.0, c[None, :] + values[:, None] - dd[None, :]) - t[None, :])
        q = np.zeros((len(values), n1), dtype=np.float64)
        np.cumsum(h, axis=1, out=q[:, 1:])
        qf = q.ravel()
        ip1 = big_i + 1
        jp1 = big_j + 1
        wa = ww[big_i]
        wb = ww[big_j]
        da = dd[big_i]
        db = dd[big_j]
        wti = wt[big_i]
        wtj = wt[big_j]

        r1 = row(sw1)
        swap = (
            wb * np.maximum(0.0, cb - db)
            + wa * np.maximum(0.0, ca - da)
            - wti
            - wtj
            + qf[r1 + big_j]
            - qf[r1 + ip1]
        )
        r1 = row(f1)
        fwd = wa * np.maximum(0.0, fa - da) - wti + qf[r1 + jp1] - qf[r1 + ip1]
        r1 = row(b1)
        bwd = wb * np.maximum(0.0, cb - db) - wtj + qf[r1 + big_j] - qf[r1 + big_i]
        if self.has_setups:
            lam = self.lam
            for vec, d2 in ((swap, sw2), (fwd, f2), (bwd, b2)):
                r2 = row(d2)
                vec += qf[r2 + n] - qf[r2 + jp1] + lam * d2
        swap[self.adjacent] = np.inf
        bwd[self.adjacent] = np.inf
        extra: list[FloatArray] = []
        lam = self.lam
        last = n - 1
        for size, back, ok, x1, x2, d1, db, d2 in blocks:
            r1 = row(d1)
            r2 = row(d2)
            if not back:
                # middle = x1 .. j (shift d1), block = i .. x2 (shift db)
                val = qf[r1 + jp1] - qf[r1 + x1]
                first = big_i
            else:
                # block = x1 .. j (shift db), middle = i .. x2 (shift d1)
                val = qf[r1 + x2 + 1] - qf[r1 + big_i]
                first = x1
            for r in range(size):  # the block's jobs directly: their shift is long
                x = np.minimum(first + r, last)
                val += ww[x] * np.maximum(0.0, c[x] + db - dd[x]) - wt[x]
            val += qf[r2 + n] - qf[r2 + jp1] + lam * d2
            val[~ok] = np.inf
            extra.append(val)
        return (swap, fwd, bwd, *extra)

    @staticmethod
    def apply_move(order: list[int], kind: int, i: int, j: int) -> None:
        """Kinds: 0 swap, 1 forward insertion, 2 backward insertion, then per block
        size (``BLOCK_SIZES``) a forward and a backward block move."""
        if kind == 0:
            order[i], order[j] = order[j], order[i]
        elif kind == 1:
            a = order.pop(i)
            order.insert(j, a)
        elif kind == 2:
            b = order.pop(j)
            order.insert(i, b)
        else:
            size = BLOCK_SIZES[(kind - 3) // 2]
            if (kind - 3) % 2 == 0:
                block = order[i : i + size]
                del order[i : i + size]
                order[j - size + 1 : j - size + 1] = block
            else:
                block = order[j - size + 1 : j + 1]
                del order[j - size + 1 : j + 1]
                order[i:i] = block

    def best_compound(
        self, *classes: FloatArray
    ) -> tuple[float, list[tuple[int, int, int]], tuple[float, int, int, int]]:
        """Dynamic programme over improving moves on disjoint intervals.

        Returns the compound gain, its moves and the best single move.
        """
        cands: list[tuple[int, int, float, int]] = []  # (j, i, delta, kind)
        single = (0.0, -1, -1, -1)
        for kind, vec in enumerate(classes):
            (where,) = np.nonzero(vec < -1e-9)
            if len(where) == 0:
                continue
            vals = vec[where]
            ii = self.I[where]
            jj = self.J[where]
            k = int(np.argmin(vals))
            if float(vals[k]) < single[0]:
                single = (float(vals[k]), kind, int(ii[k]), int(jj[k]))
            for a, b, v in zip(ii.tolist(), jj.tolist(), vals.tolist(), strict=True):
                cands.append((b, a, v, kind))
        if not cands:
            return 0.0, [], single
        cands.sort()
        n = self.n
        f = [0.0] * (n + 1)  # f[m]: best total over positions < m
        choice: list[tuple[int, int, int] | None] = [None] * (n + 1)
        ci = 0
        nc = len(cands)
        for m in range(1, n + 1):
            f[m] = f[m - 1]
            choice[m] = None
            # moves whose interval ends at position m - 1
            while ci < nc and cands[ci][0] == m - 1:
                j, i, v, kind = cands[ci]
                val = f[i] + v
                if val < f[m] - 1e-9:
                    f[m] = val
                    choice[m] = (kind, i, j)
                ci += 1
        moves: list[tuple[int, int, int]] = []
        m = n
        while m > 0:
            ch = choice[m]
            if ch is None:
                m -= 1
            else:
                moves.append(ch)
                m = ch[1]
        return f[n], moves, single

    def descend(self) -> None:
        """Dynasearch descent from ``self.current`` to a local optimum."""
        if self.n < 2:
            return
        if self.kernel is not None:
            order = self.current.copy()
            self.current_cost = float(self.kernel.descend(order, *self.kernel_data()))
            self.current = order
            return
        order = self.current
        cost = self.current_cost
        while True:
            _gain, moves, single = self.best_compound(*self.moves(order))
            if not moves:
                break
            new = order.tolist()
            for kind, i, j in moves:  # right to left keeps positions valid
                self.apply_move(new, kind, i, j)
            arr = np.array(new, dtype=np.int64)
            new_cost = self.cost(arr)
            if self.has_setups and new_cost > cost + single[0] + 1e-9:
                new = order.tolist()
                self.apply_move(new, single[1], single[2], single[3])
                arr = np.array(new, dtype=np.int64)
                new_cost = self.cost(arr)
            if new_cost >= cost - 1e-9:
                break
            order = arr
            cost = new_cost
        self.current = order
        self.current_cost = cost

    def kick(self, order: IntArray, strength: int) -> IntArray:
        """``strength`` random swaps of positions at most ``max_len`` apart; with
        setups, random moves of a short block (one to three jobs) instead, which
        change three setups where a swap changes four."""
        out = order.tolist()
        n = self.n
        rng = self.rng
        blocks = self.has_setups
        for _ in range(strength):
            length = 1 + rng.randrange(self.max_len)
            i = rng.randrange(max(1, n - length))
            j = min(n - 1, i + length)
            if blocks:
                size = 1 + rng.randrange(min(3, j - i))
                if rng.random() < 0.5:  # the block at i moves forward to end at j
                    block = out[i : i + size]
                    del out[i : i + size]
                    out[j - size + 1 : j - size + 1] = block
                else:  # the block ending at j moves back to start at i
                    block = out[j - size + 1 : j + 1]
                    del out[j - size + 1 : j + 1]
                    out[i:i] = block
            else:
                out[i], out[j] = out[j], out[i]
        return np.array(out, dtype=np.int64)

    def step(self) -> None:
        """One iteration: kick (or restart), descent, acceptance."""
        self.iterations += 1
        if self.n < 2:
            return
        rng = self.rng
        if self.kernel is not None:
            self.rebuild_step(self.kernel)
            return
        if self.stall >= self.restart_after:
            self.stall = 0
            if self.restart_no < len(self.starts):
                start = np.array(self.starts[self.restart_no], dtype=np.int64)
                self.restart_no += 1
            else:
                start = self.kick(self.best, max(3, self.n // 8))
            self.current = start
            self.current_cost = self.cost(start)
            self.descend()
        else:
            keep, keep_cost = self.current, self.current_cost
            self.current = self.kick(keep, self.kick_min + rng.randrange(self.kick_span))
            self.current_cost = self.cost(self.current)
            self.descend()
            # accept equal or slightly worse local optima (a plateau walk)
            limit = keep_cost + 1e-9 + self.threshold * keep_cost * rng.random()
            if self.current_cost > limit:
                self.current, self.current_cost = keep, keep_cost
        if self.current_cost < self.best_cost - 1e-9:
            self.best = self.current.copy()
            self.best_cost = self.best_search_cost = self.current_cost
            self.stall = 0
        else:
            self.stall += 1

    def kernel_data(self) -> tuple[IntArray, FloatArray, IntArray, IntArray, int, float, int]:
        """The problem as the compiled search takes it, after the sequence (the setup
        weight with the tie-break added)."""
        return self.p, self.w, self.d, self.sf, self.problem.start, self.lam + self.tie, self.bound

    def rebuild_step(self, kernel: ModuleType) -> None:
        """With setups, one iteration of iterated greedy: take ``REBUILD_JOBS`` random
        jobs out of the current sequence, put each back where it costs least, descend
        (exchanging segments that shorten the setups, and descending again),
        and accept when not worse than the current cost (within the threshold).
        After ``rebuild_restart_after`` iterations without a new best, restart instead:
        from the next starting sequence or, once each has been used, from the best; and
        sooner when the phase since the last restart is still far from the best (``RACE``)."""
        rng = self.rng
        keep_cost = self.current_cost
        low, high = REBUILD_JOBS
        k = min(self.n, low + rng.randrange(high - low + 1))
        restart = self.stall >= self.rebuild_restart_after
        if restart:
            self.stall = 0
            self.phase_iterations = 0
            self.phase_best = math.inf
            if self.restart_no < len(self.starts):
                cand = np.array(self.starts[self.restart_no], dtype=np.int64)
                self.restart_no += 1
            else:  # back to the best, with the usual destruction
                cand = self.best.copy()
        else:
            cand = self.current.copy()
        removed = np.array(rng.sample(range(self.n), k), dtype=np.int64)
        cost = float(kernel.rebuild(cand, removed, *self.kernel_data()))
        if restart or cost <= keep_cost + 1e-9 + self.threshold * keep_cost * rng.random():
            self.current, self.current_cost = cand, cost
        if self.current_cost < self.best_search_cost - 1e-9:
            self.best = self.current.copy()
            self.best_search_cost = self.current_cost
            self.best_cost = self.cost(self.best)
            self.stall = 0
        else:
            self.stall += 1
        self.phase_iterations += 1
        self.phase_best = min(self.phase_best, self.current_cost)
        at, margin = RACE
        if self.phase_iterations == at and self.phase_best > self.best_search_cost * (1 + margin):
            self.stall = self.rebuild_restart_after  # a poor start: the next one at once

    def result(self, runtime: float) -> SequencingResult:
        return SequencingResult(
            order=tuple(int(x) for x in self.best),
            cost=self.best_cost,
            iterations=self.iterations,
            runtime=runtime,
        )


def sequence(
    problem: SequencingProblem,
    *,
    seed: int = 0,
    time_limit: float = 1.0,
    max_iterations: int | None = None,
) -> SequencingResult:
    """Best sequence found within ``time_limit`` seconds (or ``max_iterations`` iterations)."""
    t0 = time.perf_counter()
    deadline = t0 + time_limit
    search = Dynasearch(problem, seed=seed)
    while True:
        if max_iterations is not None and search.iterations >= max_iterations:
            break
        if max_iterations is None and time.perf_counter() >= deadline:
            break
        search.step()
    return search.result(time.perf_counter() - t0)
