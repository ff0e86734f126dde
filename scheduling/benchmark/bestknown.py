"""Reference values for the single-machine sets: ``python -m scheduling.benchmark.bestknown``.

* ``wt20``: proven optima (dynamic programme over job subsets).
* ``--prove`` (``wt40``, ``wt50``, ``wt100``): asks :mod:`scheduling.benchmark.proof`
  whether any order is below each stored value.  "None" makes the value a proven
  optimum (its ``how`` then starts with ``optimum``); an order below it replaces
  the value (re-scored) and is asked about in turn; a search that reaches its
  limits leaves the value as it was.  Every instance asked about is recorded;
  values already proven are not asked about again.
* ``wt40``, ``wt50``, ``wt100`` and ``sds60``: the best of ``--runs``
  independent runs of the sequencing core (seeds ``--seed-base``, +1, ...), each
  stopped on ``--iterations`` (deterministic) or ``--seconds``, every value
  re-scored by :mod:`scheduling.benchmark.evaluate`.

Values are merged into ``best_known.json`` beside this file: a value is
replaced only by a better one, each value records the runs that found it
(``how``) and each set the instances every kind of run was made on
(``runs``), whether it improved them or not.
The instances are regenerated from the seeds in :mod:`generate` and
:mod:`sds`, so anyone can rerun or extend the long runs.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import multiprocessing as mp
import sys
from pathlib import Path
from typing import Any

from scheduling.benchmark.evaluate import sds_weighted_tardiness, total_weighted_tardiness
from scheduling.benchmark.exact import wt_optimum_layers
from scheduling.benchmark.generate import wt_problem
from scheduling.benchmark.proof import wt_below
from scheduling.benchmark.sds import sds_instance, sds_set
from scheduling.engine.sequencing import SequencingProblem, sequence

DATA = Path(__file__).with_name("best_known.json")
PROVEN = "optimum: no order below it (scheduling.benchmark.proof)"
ZERO = "optimum: 0, the least there is"
ASKED = "asked for an order below the value (scheduling.benchmark.proof)"


def load(path: Path = DATA) -> dict[str, Any]:
    if path.exists():
        data: dict[str, Any] = json.loads(path.read_text())
        return data
    return {}


def set_size(name: str) -> int:
    return len(sds_set()) if name == "sds60" else 125


def machine(name: str, index: int) -> tuple[SequencingProblem, Any]:
    if name == "sds60":
        inst = sds_instance(index + 1)
        return (
            SequencingProblem(
                p=inst.p,
                w=tuple(float(x) for x in inst.w),
                d=inst.d,
                setups=inst.setups,
                initial_setups=inst.initial,
            ),
            inst,
        )
    n = int(name[2:])
    p, w, d = wt_problem(n, index)
    return SequencingProblem(p=tuple(p), w=tuple(float(x) for x in w), d=tuple(d)), (p, w, d)


def rescore(name: str, raw: Any, order: tuple[int, ...]) -> int:
    if name == "sds60":
        return sds_weighted_tardiness(raw, order)
    p, w, d = raw
    return total_weighted_tardiness(p, w, d, order)


def long_runs(job: tuple[str, int, int, int | None, float | None, int]) -> tuple[int, int]:
    name, index, runs, iterations, seconds, seed_base = job
    prob, raw = machine(name, index)
    best = -1
    for r in range(runs):
        res = sequence(
            prob, seed=seed_base + r, time_limit=seconds or 0.0, max_iterations=iterations
        )
        value = rescore(name, raw, res.order)
        if best < 0 or value < best:
            best = value
    return index, best


def optimum(job: tuple[str, int]) -> tuple[int, int]:
    name, index = job
    p, w, d = wt_problem(int(name[2:]), index)
    return index, wt_optimum_layers(p, w, d)


def prove(job: tuple[str, int, int, int]) -> tuple[int, int, str]:
    """``(index, value, outcome)``: ``proven`` (no order below ``value``), ``improved``
    (``value`` is an order's, below the stored one, and proven) or ``open``."""
    name, index, stored, max_states = job
    p, w, d = wt_problem(int(name[2:]), index)
    value = stored
    while value > 0:
        bound = wt_below(p, w, d, upper=value, max_states=max_states)
        if bound.none_below:
            break
        if not bound.order:
            return index, value, "open" if value == stored else "improved, open"
        found = total_weighted_tardiness(p, w, d, bound.order)
        if found >= value:
            raise AssertionError(f"{name} {index}: an order of {found} is not below {value}")
        value = found
    return index, value, "proven" if value == stored else "improved"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scheduling.benchmark.bestknown")
    ap.add_argument("sets", nargs="+", help="wt20 wt40 wt50 wt100 sds60")
    ap.add_argument("--runs", type=int, default=10)
    budget = ap.add_mutually_exclusive_group()
    budget.add_argument("--iterations", type=int)
    budget.add_argument("--seconds", type=float)
    ap.add_argument("--seed-base", type=int, default=1001, help="seed of the first run")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--first", type=int, default=0, help="first instance index")
    ap.add_argument("--count", type=int, help="instances from --first (default: all)")
    ap.add_argument(
        "--prove", action="store_true", help="prove the stored values optimal (wt40/50/100)"
    )
    ap.add_argument("--max-states", type=int, default=1 << 24, help="limit of one proof (--prove)")
    args = ap.parse_args(argv)
    data = load()
    for name in args.sets:
        total = set_size(name)
        last = total if args.count is None else min(total, args.first + args.count)
        indices = range(args.first, last)
        entry = data.setdefault(name, {"values": [None] * total, "how": [None] * total})
        if name == "sds60":
            entry["instances"] = "scheduling.benchmark.sds.sds_set(): (number, tau, R, eta, seed)"
        else:
            entry["instances"] = (
                f"scheduling.benchmark.generate.wt_set({name[2:]}): seed n * 100000 + index"
            )
        if args.prove:
            if name not in ("wt40", "wt50", "wt100"):
                ap.error("--prove is for wt40, wt50 and wt100")
            asked = [
                (name, i, entry["values"][i], args.max_states)
                for i in indices
                if entry["values"][i] is not None
                and not (entry["how"][i] or "").startswith("optimum")
            ]
            with mp.get_context("spawn").Pool(args.jobs) as pool:
                _merge_proofs(name, pool.imap_unordered(prove, asked), DATA)
            continue
        if name == "wt20":
            jobs_e = [(name, i) for i in indices]
            how = "optimum: dynamic programme over job subsets"
            with mp.get_context("spawn").Pool(args.jobs) as pool:
                found = pool.imap_unordered(optimum, jobs_e)
                _merge(entry, found, how, DATA, data, exact=True)
            continue
        if args.iterations is None and args.seconds is None:
            ap.error("--iterations or --seconds for the long runs")
        what = f"{args.iterations} iterations" if args.iterations else f"{args.seconds} s"
        seeds = f"{args.seed_base}..{args.seed_base + args.runs - 1}"
        how = f"best of {args.runs} runs x {what} (seeds {seeds})"
        jobs = [
            (name, i, args.runs, args.iterations, args.seconds, args.seed_base) for i in indices
        ]
        with mp.get_context("spawn").Pool(args.jobs) as pool:
            _merge(entry, pool.imap_unordered(long_runs, jobs), how, DATA, data, exact=False)
    return 0


def _merge_proofs(name: str, found: Any, path: Path) -> None:
    """Record each outcome of :func:`prove` as it comes (the file shared as in
    :func:`_merge`)."""
    for index, value, outcome in found:
        with path.with_suffix(".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            fresh = load(path)
            current = fresh[name]
            runs = current.setdefault("runs", {})
            runs[ASKED] = sorted({*runs.get(ASKED, []), index})
            old = current["values"][index]
            old_how = current["how"][index] or ""
            if value < old:
                current["values"][index] = value
                old_how = "an order found by scheduling.benchmark.proof"
            if outcome in ("proven", "improved") and not old_how.startswith("optimum"):
                label = ZERO if value == 0 else PROVEN
                current["how"][index] = f"{label}; found by {old_how}"
            elif value < old:
                current["how"][index] = old_how
            path.write_text(json.dumps(fresh, indent=1, sort_keys=True) + "\n")
        print(f"{index:4d} {value} {outcome}", flush=True)


def _merge(
    entry: dict[str, Any],
    found: Any,
    how: str,
    path: Path,
    data: dict[str, Any],
    *,
    exact: bool,
) -> None:
    """Write each value as it comes, re-reading the file under a lock so that
    several runs (other sets, other instances) can share it."""
    name = next(k for k, v in data.items() if v is entry)
    for index, value in found:
        with path.with_suffix(".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            fresh = load(path)
            current = fresh.setdefault(name, entry)
            current.setdefault("instances", entry.get("instances"))
            runs = current.setdefault("runs", {})
            runs[how] = sorted({*runs.get(how, []), index})
            old = current["values"][index]
            old_how = current["how"][index] or ""
            if old is None or value < old or exact:
                current["values"][index] = value
                current["how"][index] = how
            elif value == old and how not in old_how and "optimum" not in old_how:
                current["how"][index] = f"{old_how}; matched by {how}"
            path.write_text(json.dumps(fresh, indent=1, sort_keys=True) + "\n")
        print(f"{index:4d} {value}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
