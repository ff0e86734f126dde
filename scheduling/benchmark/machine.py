"""Single-machine sets through the engine: every instance, several seeds, independent scores.

Each run encodes the instance as engine data (one factory, one work centre
working the whole clock, batches of one; setups as pairs), calls
:func:`scheduling.engine.solve`, takes the job order from the plan's
batches and scores it with :mod:`scheduling.benchmark.evaluate`.  The
engine's own figure is only compared with that score.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from scheduling.benchmark.evaluate import (
    plan_order,
    sds_weighted_tardiness,
    total_weighted_tardiness,
)
from scheduling.benchmark.generate import sds_problem, single_machine_problem, wt_problem
from scheduling.benchmark.sds import SdsInstance, sds_format, sds_instance, sds_parse
from scheduling.engine import ProblemData, solve

# iterations of solve() that take about one second of CPU time on one core of this
# machine (``--calibrate``: process time, so a shared machine changes them less than
# the wall clock); the deterministic stand-in for the 1 s clock
ITERATIONS_PER_SECOND = {"wt20": 4000, "wt40": 2500, "wt50": 2000, "wt100": 450, "sds60": 1500}


@dataclass(frozen=True, slots=True)
class Run:
    set_name: str
    index: int
    seed: int
    budget: str  # "0.1s", "1s", "10s" or "<k> it"
    value: int  # independent score
    engine_value: float  # what the engine reported
    iterations: int
    runtime: float


def calibrate(set_name: str, iterations: int, samples: int = 5) -> int:
    """Iterations of ``solve()`` that take one CPU second, set-up included: timed at
    ``iterations`` and at twice as many on ``samples`` instances spread over the set."""
    size = 60 if set_name == "sds60" else 125
    indices = [k * size // samples for k in range(samples)]
    warm_up(set_name)
    spent = [0.0, 0.0]
    for i in indices:
        prob, _ids, _raw = instance(set_name, i)
        for r, k in enumerate((iterations, 2 * iterations)):
            c = time.process_time()
            solve(prob, seed=1, max_iterations=k)
            spent[r] += (time.process_time() - c) / len(indices)
    per_iteration = max(1e-9, (spent[1] - spent[0]) / iterations)
    fixed = max(0.0, spent[0] - iterations * per_iteration)
    return max(1, round((1.0 - fixed) / per_iteration))


def instance(set_name: str, index: int) -> tuple[ProblemData, list[str], object]:
    if set_name == "sds60":
        # written in Cicirello's format and read back, so the reader is what is measured
        inst = sds_parse(sds_format(sds_instance(index + 1)))
        prob = sds_problem(inst)
        return prob, [u.id for u in prob.units], inst
    p, w, d = wt_problem(int(set_name[2:]), index)
    prob = single_machine_problem(p, w, d)
    return prob, [u.id for u in prob.units], (p, w, d)


def orlib_instance(directory: Path, n: int, index: int) -> tuple[ProblemData, list[str], object]:
    data = [int(x) for x in (directory / f"wt{n}.txt").read_text().split()]
    chunk = data[3 * n * index : 3 * n * (index + 1)]
    p, w, d = chunk[:n], chunk[n : 2 * n], chunk[2 * n :]
    prob = single_machine_problem(p, w, d)
    return prob, [u.id for u in prob.units], (p, w, d)


def orlib_references(directory: Path, n: int) -> list[int]:
    """Published optima (``wtopt<n>.txt``) or best-knowns (``wtbest<n>a.txt``), one a line."""
    path = directory / f"wtopt{n}.txt"
    if not path.exists():
        path = directory / f"wtbest{n}a.txt"
    return [int(x) for x in path.read_text().split()]


def score(raw: object, order: list[int]) -> int:
    if isinstance(raw, tuple):
        p, w, d = raw
        return total_weighted_tardiness(p, w, d, order)

    assert isinstance(raw, SdsInstance)
    return sds_weighted_tardiness(raw, order)


_warmed: set[str] = set()


def warm_up(set_name: str) -> None:
    """Solve one instance of the set once, untimed, in this process: the first solve with
    setups loads the compiled search from Numba's cache (about 1 s) and would otherwise
    eat a timed run's budget."""
    if set_name not in _warmed:
        _warmed.add(set_name)
        solve(instance(set_name, 0)[0], seed=1, max_iterations=1)


def run_one(job: tuple[str, int, int, str, str | None]) -> Run:
    """(set, index, seed, budget, orlib dir) -> one measured run."""
    set_name, index, seed, budget, orlib_dir = job
    if orlib_dir is None:
        warm_up(set_name)
    if orlib_dir is not None:
        prob, ids, raw = orlib_instance(
            Path(orlib_dir), int(set_name.removeprefix("orlibwt")), index
        )
    else:
        prob, ids, raw = instance(set_name, index)
    if budget.endswith(" it"):
        res = solve(prob, seed=seed, max_iterations=int(budget[:-3]))
    else:
        res = solve(prob, seed=seed, time_limit=float(budget[:-1]))
    value = score(raw, plan_order(res, ids))
    return Run(
        set_name=set_name,
        index=index,
        seed=seed,
        budget=budget,
        value=value,
        engine_value=res.kpis.weighted_tardiness,
        iterations=res.iterations,
        runtime=res.runtime,
    )


@dataclass(frozen=True, slots=True)
class Figures:
    hits: int
    zero_refs: int
    zero_missed: int
    beats: int  # runs below the reference: the reference needs more long runs
    mean_gap: float  # percent, every instance; a miss where the reference is 0 counts 100 %
    max_gap: float
    disagreements: int  # engine objective != independent score
    mean_iterations: float
    max_runtime: float


def figures(runs: list[Run], refs: list[int | None]) -> Figures:
    gaps: list[float] = []
    hits = zero = zero_missed = disagree = beats = 0
    for r in runs:
        ref = refs[r.index]
        assert ref is not None
        if r.value < ref:
            beats += 1  # counted as a hit with a negative gap, and shown apart
        if r.value <= ref:
            hits += 1
        if ref == 0:
            zero += 1
            if r.value > 0:
                zero_missed += 1
            gaps.append(0.0 if r.value == 0 else 100.0)
        else:
            gaps.append(100.0 * (r.value - ref) / ref)
        if abs(r.engine_value - r.value) > 1e-6:
            disagree += 1
    return Figures(
        hits=hits,
        beats=beats,
        zero_refs=zero,
        zero_missed=zero_missed,
        mean_gap=statistics.fmean(gaps) if gaps else 0.0,
        max_gap=max(gaps, default=0.0),
        disagreements=disagree,
        mean_iterations=statistics.fmean(r.iterations for r in runs) if runs else 0.0,
        max_runtime=max((r.runtime for r in runs), default=0.0),
    )


def below_reference(runs: list[Run], refs: list[int | None]) -> list[str]:
    """One line for each run that ended below its instance's reference (its value is worth
    recording: the reference needs more long runs there)."""
    out = []
    for r in sorted(runs, key=lambda r: (r.index, r.seed)):
        ref = refs[r.index]
        if ref is not None and r.value < ref:
            out.append(
                f"  below the reference: {r.set_name} instance {r.index}, seed {r.seed}, "
                f"{r.budget}: {r.value} < {ref}"
            )
    return out


def median_figures(per_seed: list[Figures]) -> Figures:
    """Each figure the median over the seeds."""

    def med(values: list[float]) -> float:
        return float(statistics.median(values))

    return Figures(
        hits=round(med([f.hits for f in per_seed])),
        beats=sum(f.beats for f in per_seed),
        zero_refs=per_seed[0].zero_refs,
        zero_missed=round(med([f.zero_missed for f in per_seed])),
        mean_gap=med([f.mean_gap for f in per_seed]),
        max_gap=med([f.max_gap for f in per_seed]),
        disagreements=sum(f.disagreements for f in per_seed),
        mean_iterations=med([f.mean_iterations for f in per_seed]),
        max_runtime=max(f.max_runtime for f in per_seed),
    )
