"""Planning benchmark: ``python -m scheduling.benchmark`` (``make bench-schedule``).

Prints one table in three parts.

1. **Single machine** (1||sum wjTj and 1|s_ij|sum wjTj) through the engine's
   ``solve()``: our sets from the published generators (125 instances each of
   n = 20, 40, 50, 100 from the Potts & Van Wassenhove generator; 60
   instances of 60 jobs in Cicirello's setup format), every instance by
   default, each figure the median over ``--seeds`` seeds, under the clock
   (0.1 s and 1 s; 10 s with ``--long``) and under an iteration budget
   worth about 1 s (deterministic).  The plan's job order is re-scored by
   :mod:`scheduling.benchmark.evaluate`; the reference is the proven optimum
   (n = 20, and where :mod:`scheduling.benchmark.proof` showed that no order is
   below it) or the best of the long runs in ``best_known.json``.  Gaps are
   averaged over every instance; an instance whose reference is 0 counts as
   a hit or as a 100 % miss, and those misses are also counted apart.  A
   run below its reference counts as a hit with a negative gap and is shown
   in the ``<ref`` column (all seeds): the long runs should then be extended.
   ``--orlib DIR`` reads the published OR-Library files (``wt40.txt`` ...
   with ``wtopt40.txt`` or ``wtbest100a.txt``) and measures the same figures.
2. **Network targets**: generated garment instances on which the best
   baseline is late (a surge of orders takes the sewing lines above
   capacity for several days, lead times of 3-6 days, many fabrics); the
   engine beside FIFO, EDD and group-by-fabric + EDD, each in its own
   process (peak memory), plans checked by the validator.
3. **Targets**: each "Must show" figure with its threshold.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scheduling.benchmark.bestknown import load as load_references
from scheduling.benchmark.machine import (
    ITERATIONS_PER_SECOND,
    Figures,
    Run,
    below_reference,
    calibrate,
    figures,
    median_figures,
    orlib_references,
    run_one,
)
from scheduling.benchmark.runner import Row, run_instance

SETS = ("wt20", "wt40", "wt50", "wt100", "sds60")
NETWORK = (
    {
        "n": 10_000,
        "factories": 5,
        "fabrics": 200,
        "load": 0.85,
        "tight": True,
        "surge": (6, 11, 2.0),
        "seed": 1,
        "time_limit": 5.0,
    },
    {
        "n": 100_000,
        "factories": 20,
        "fabrics": 500,
        "load": 0.85,
        "tight": True,
        "surge": (6, 11, 2.0),
        "seed": 1,
        "time_limit": 30.0,
    },
)


def _pool_map(jobs: list[Any], fn: Any, processes: int) -> list[Any]:
    if processes <= 1:
        return [fn(j) for j in jobs]
    with mp.get_context("spawn").Pool(processes) as pool:
        return list(pool.imap(fn, jobs, chunksize=1))


def _reference_label(set_name: str, refs: dict[str, Any]) -> str:
    how = [h for h in refs.get("how", []) if h]
    if not how:
        return "-"
    proven = sum(h.startswith("optimum") for h in how)
    if proven == len(how):
        return "optimum"
    if proven:
        return f"optimum {proven}, runs {len(how) - proven}"
    # the longest runs recorded (the references are the best of all of them)
    lengths = [int(k) for k in re.findall(r"x (\d+) iterations", " ".join(refs.get("runs", {})))]
    return f"best runs <={max(lengths)} it" if lengths else "best of long runs"


def single_machine(
    sets: Iterable[str],
    budgets: list[str],
    seeds: int,
    processes: int,
    first: int,
    count: int | None,
    orlib: Path | None,
) -> dict[tuple[str, str], Figures]:
    data = load_references()
    out: dict[tuple[str, str], Figures] = {}
    head = (
        f"{'set':8} {'n':>3} {'reference':22} {'budget':>8} {'hits':>9} {'ref=0 missed':>12} "
        f"{'mean gap%':>9} {'max gap%':>8} {'iter':>7} {'max s':>6} {'eval!=':>6} {'<ref':>4}"
    )
    print(head)
    print("-" * len(head))
    for set_name in sets:
        if orlib is not None:
            n = int(set_name.removeprefix("orlibwt"))
            references: list[int | None] = list(orlib_references(orlib, n))
            label = "published"
        else:
            entry = data.get(set_name)
            if entry is None:
                print(f"{set_name:8} no references: python -m scheduling.benchmark.bestknown")
                continue
            references = entry["values"]
            label = _reference_label(set_name, entry)
        last = len(references) if count is None else min(len(references), first + count)
        indices = [i for i in range(first, last) if references[i] is not None]
        n_jobs = 60 if set_name == "sds60" else int(set_name.removeprefix("orlib")[2:])
        for budget in budgets:
            if budget == "it":
                key = set_name.removeprefix("orlib")
                per_s = ITERATIONS_PER_SECOND.get(key) or ITERATIONS_PER_SECOND["wt100"]
                budget_s = f"{per_s} it"
            else:
                budget_s = f"{budget}s"
            jobs = [
                (set_name, i, seed, budget_s, str(orlib) if orlib else None)
                for seed in range(1, seeds + 1)
                for i in indices
            ]
            runs: list[Run] = _pool_map(jobs, run_one, processes)
            per_seed = [
                figures([r for r in runs if r.seed == seed], references)
                for seed in range(1, seeds + 1)
            ]
            fig = median_figures(per_seed)
            out[(set_name, budget)] = fig
            print(
                f"{set_name:8} {n_jobs:3d} {label[:22]:22} {budget_s:>8} "
                f"{fig.hits:4d}/{len(indices):<4d} {fig.zero_missed:5d} of {fig.zero_refs:<4d} "
                f"{fig.mean_gap:9.4f} {fig.max_gap:8.3f} {fig.mean_iterations:7.0f} "
                f"{fig.max_runtime:6.2f} {fig.disagreements:6d} {fig.beats:4d}",
                flush=True,
            )
            for line in below_reference(runs, references):
                print(line, flush=True)
    return out


def _ratio(a: float, b: float) -> str:
    if b == 0:
        return "  -  " if a == 0 else " inf "
    return f"{a / b:5.2f}"


def network(specs: Iterable[dict[str, Any]]) -> list[tuple[dict[str, Any], list[Row]]]:
    head = (
        f"{'instance':34} {'method':9} {'wall s':>7} {'cpu s':>6} {'peakMB':>7} "
        f"{'w.tardiness':>13} {'xbest':>5} {'ontime%':>7} {'chgovr':>6} {'xEDD':>5} "
        f"{'iter':>7} {'viol':>4}"
    )
    print(head)
    print("-" * len(head))
    results = []
    for spec in specs:
        with mp.get_context("spawn").Pool(1) as pool:
            rows: list[Row] = pool.apply(run_instance, (spec,))
        results.append((spec, rows))
        base = [r for r in rows if r["method"] != "engine"]
        best_wt = min(r["wt"] for r in base)
        edd_co = next(r["changeovers"] for r in base if r["method"] == "EDD")
        name = (
            f"{spec['n']} x {spec['factories']} fab{spec['fabrics']} "
            f"peak load {rows[0]['load']:.2f}"
        )
        for r in rows:
            eng = r["method"] == "engine"
            print(
                f"{name:34} {r['method']:9} {r['runtime']:7.2f} {r['cpu']:6.2f} "
                f"{r['peak_mb'] if eng else 0:7.0f} {r['wt']:13.0f} "
                f"{_ratio(r['wt'], best_wt) if eng else '':>5} {r['on_time']:7.1f} "
                f"{r['changeovers']:6d} {_ratio(r['changeovers'], edd_co) if eng else '':>5} "
                f"{r['iterations'] if eng else '':>7} {r['violations'] if eng else '':>4}",
                flush=True,
            )
            name = ""
    return results


def targets(
    machine: dict[tuple[str, str], Figures],
    net: list[tuple[dict[str, Any], list[Row]]],
    counts: dict[str, int],
) -> None:
    print()
    print("Targets (1 s budget and its deterministic iteration equivalent)")

    def line(text: str, ok: bool) -> None:
        print(f"  [{'ok' if ok else 'MISSED'}] {text}")

    for budget in ("1", "it"):
        what = "1 s" if budget == "1" else "iteration budget"
        fig = machine.get(("wt20", budget))
        if fig is not None:
            line(
                f"n = 20, {what}: {fig.hits}/{counts['wt20']} optima hit",
                fig.hits == counts["wt20"],
            )
        for s in ("wt40", "wt50"):
            fig = machine.get((s, budget))
            if fig is not None:
                need = counts[s] - max(1, counts[s] // 125)
                line(
                    f"n = {s[2:]}, {what}: {fig.hits}/{counts[s]} matched (>= {need}), "
                    f"mean gap {fig.mean_gap:.4f} % (<= 0.01 %)",
                    fig.hits >= need and fig.mean_gap <= 0.01,
                )
        fig = machine.get(("wt100", budget))
        if fig is not None:
            line(
                f"n = 100, {what}: mean gap {fig.mean_gap:.4f} % (<= 0.05 %)",
                fig.mean_gap <= 0.05,
            )
        fig = machine.get(("sds60", budget))
        if fig is not None:
            line(
                f"setups (60 jobs), {what}: mean gap {fig.mean_gap:.3f} % (<= 1 %), "
                f"evaluator disagreements {fig.disagreements}",
                fig.mean_gap <= 1.0 and fig.disagreements == 0,
            )
    for spec, rows in net:
        eng = rows[0]
        base = rows[1:]
        best_wt = min(r["wt"] for r in base)
        edd_co = next(r["changeovers"] for r in base if r["method"] == "EDD")
        limit = spec["time_limit"]
        wt_ratio = eng["wt"] / best_wt if best_wt else 0.0
        co_ratio = eng["changeovers"] / edd_co if edd_co else 0.0
        line(
            f"{spec['n']} x {spec['factories']}: {eng['runtime']:.1f} s wall, "
            f"{eng['cpu']:.1f} s cpu (<= {limit:.0f} s), peak {eng['peak_mb']:.0f} MB "
            f"(<= 1024), w.tardiness {wt_ratio:.3f} x best baseline (<= 0.5), "
            f"changeovers {co_ratio:.3f} x EDD (<= 0.5), violations {eng['violations']}",
            eng["runtime"] <= limit
            and eng["peak_mb"] <= 1024
            and wt_ratio <= 0.5
            and co_ratio <= 0.5
            and eng["violations"] == 0
            and best_wt > 0,
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scheduling.benchmark")
    ap.add_argument("--sets", default=",".join(SETS), help=f"comma list of {', '.join(SETS)}")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument(
        "--budgets", default="0.1,1,it", help="seconds, and 'it' for the iteration budget"
    )
    ap.add_argument("--long", action="store_true", help="add the 10 s budget")
    ap.add_argument("--jobs", type=int, default=1, help="processes (each run on one core)")
    ap.add_argument("--first", type=int, default=0, help="first instance (partial runs)")
    ap.add_argument("--count", type=int, help="instances from --first (default: all)")
    ap.add_argument("--no-network", action="store_true")
    ap.add_argument("--network-only", action="store_true")
    ap.add_argument("--orlib", type=Path, help="directory with the OR-Library wt files")
    ap.add_argument(
        "--calibrate",
        action="store_true",
        help="measure iterations per CPU second of each set (for ITERATIONS_PER_SECOND)",
    )
    args = ap.parse_args(argv)
    if args.calibrate:
        for s in [s for s in args.sets.split(",") if s]:
            rate = calibrate(s, ITERATIONS_PER_SECOND[s])
            print(f"{s:8} {rate:8d} iterations take one CPU second", flush=True)
        return 0

    budgets = [b for b in args.budgets.split(",") if b]
    if args.long:
        budgets.insert(budgets.index("1") + 1 if "1" in budgets else len(budgets), "10")
    load = os.getloadavg()[0]
    print(
        f"Load average at start {load:.2f} on {os.cpu_count()} cores; timed figures are "
        "wall-clock and suffer when the machine is shared (the iteration rows do not)."
    )
    machine: dict[tuple[str, str], Figures] = {}
    counts: dict[str, int] = {}
    if not args.network_only:
        sets = [s for s in args.sets.split(",") if s]
        if args.orlib is not None:
            sets = [f"orlib{s}" for s in ("wt40", "wt50", "wt100")]
            sets = [s for s in sets if (args.orlib / f"{s[5:]}.txt").exists()]
        print()
        print(
            "Single machine through solve(): the plan's order re-scored independently; "
            f"median of {args.seeds} seeds"
        )
        machine = single_machine(
            sets, budgets, args.seeds, args.jobs, args.first, args.count, args.orlib
        )
        refs = load_references()
        for s in sets:
            vals = refs.get(s, {}).get("values", [])
            last = len(vals) if args.count is None else min(len(vals), args.first + args.count)
            counts[s] = sum(1 for v in vals[args.first : last] if v is not None)
    net: list[tuple[dict[str, Any], list[Row]]] = []
    if not args.no_network:
        print()
        print(
            "Network targets: engine vs dispatching rules on the same capacity model "
            "(xbest: ratio to the best baseline, xEDD: changeovers over EDD's)"
        )
        net = network(NETWORK)
    targets(machine, net, counts)
    if not args.network_only and args.orlib is None:
        print()
        references(sets, args.first, args.count)
    one, five, fifteen = os.getloadavg()
    print()
    print(f"Load average at the end {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores")
    return 0


def references(sets: Iterable[str], first: int, count: int | None) -> None:
    """How each set's reference values were obtained (``best_known.json``)."""
    print("References (best_known.json; a value is the best of every run recorded for it)")
    data = load_references()
    for name in sets:
        how = data.get(name, {}).get("how", [])
        last = len(how) if count is None else min(len(how), first + count)
        tally: dict[str, int] = {}
        for h in how[first:last]:
            for part in re.split("; (?:matched|found) by ", h or "none"):
                tally[part] = tally.get(part, 0) + 1
        for text, k in sorted(tally.items(), key=lambda kv: -kv[1]):
            print(f"  {name:6} value found on {k:4d} instances by {text}")
        for text, where in data.get(name, {}).get("runs", {}).items():
            inside = [i for i in where if first <= i < last]
            if inside:
                print(f"  {name:6} run on {len(inside):4d} instances: {text}")


if __name__ == "__main__":
    sys.exit(main())
