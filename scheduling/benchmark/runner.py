"""One generated instance measured in its own process (engine and baselines)."""

from __future__ import annotations

import resource
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from scheduling.benchmark.baselines import BASELINES
from scheduling.benchmark.generate import generate
from scheduling.engine import Result, plan_violations, solve

Row = dict[str, Any]


def _figures(res: Result, runtime: float, peak_mb: float) -> Row:
    k = res.kpis
    util = k.utilisation
    bott = max(util.values()) if util else 0.0
    return {
        "runtime": runtime,
        "peak_mb": peak_mb,
        "wt": k.weighted_tardiness,
        "on_time": k.on_time_pct,
        "changeovers": k.changeovers,
        "util": bott,
        "unplanned": k.unplanned_units,
    }


def _measure(fn: Callable[[], Result], trace: bool) -> tuple[Result, float, float]:
    if trace:
        tracemalloc.start()
    t = time.perf_counter()
    res = fn()
    rt = time.perf_counter() - t
    peak = 0.0
    if trace:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return res, rt, peak


def run_instance(spec: Row) -> list[Row]:
    """Engine and baselines on one generated instance (runs in a fresh process)."""
    problem = generate(
        n_units=spec["n"],
        n_factories=spec["factories"],
        n_fabrics=spec["fabrics"],
        load=spec["load"],
        tight=spec["tight"],
        seed=spec["seed"],
    )
    rows: list[Row] = []
    res, rt, _ = _measure(
        lambda: solve(problem, seed=spec["seed"], time_limit=spec["time_limit"]), False
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bad = plan_violations(problem, res) if spec.get("validate", True) else []
    row = _figures(res, rt, rss)
    row.update(method="engine", violations=len(bad), iterations=res.iterations)
    rows.append(row)
    for name, rule in BASELINES.items():
        r2, rt2, _ = _measure(lambda rule=rule: rule(problem), False)
        row = _figures(r2, rt2, rss)
        row.update(method=name, violations=0, iterations=0)
        rows.append(row)
    return rows
