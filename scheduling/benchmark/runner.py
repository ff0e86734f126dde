"""One generated instance measured in its own process (engine and baselines)."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from typing import Any

from scheduling.benchmark.baselines import BASELINES
from scheduling.benchmark.generate import generate, load_profile
from scheduling.engine import Result, plan_violations, solve

Row = dict[str, Any]


def _figures(res: Result, runtime: float, cpu: float, peak_mb: float) -> Row:
    k = res.kpis
    util = k.utilisation
    bott = max(util.values()) if util else 0.0
    return {
        "runtime": runtime,
        "cpu": cpu,
        "peak_mb": peak_mb,
        "wt": k.weighted_tardiness,
        "on_time": k.on_time_pct,
        "changeovers": k.changeovers,
        "util": bott,
        "unplanned": k.unplanned_units,
    }


def _measure(fn: Callable[[], Result]) -> tuple[Result, float, float]:
    """The result, wall seconds and CPU seconds of this process."""
    t = time.perf_counter()
    c = time.process_time()
    res = fn()
    return res, time.perf_counter() - t, time.process_time() - c


def run_instance(spec: Row) -> list[Row]:
    """Engine and baselines on one generated instance (runs in a fresh process)."""
    problem = generate(
        n_units=spec["n"],
        n_factories=spec["factories"],
        n_fabrics=spec["fabrics"],
        load=spec["load"],
        tight=spec["tight"],
        seed=spec["seed"],
        surge=spec.get("surge"),
    )
    peak_load = load_profile(problem)
    rows: list[Row] = []
    res, rt, cpu = _measure(
        lambda: solve(problem, seed=spec["seed"], time_limit=spec["time_limit"])
    )
    # peak resident memory of this process (instance generation included)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bad = plan_violations(problem, res) if spec.get("validate", True) else []
    row = _figures(res, rt, cpu, rss)
    row.update(method="engine", violations=len(bad), iterations=res.iterations, load=peak_load)
    rows.append(row)
    for name, rule in BASELINES.items():
        r2, rt2, cpu2 = _measure(lambda rule=rule: rule(problem))
        row = _figures(r2, rt2, cpu2, rss)
        row.update(method=name, violations=0, iterations=0, load=peak_load)
        rows.append(row)
    return rows
