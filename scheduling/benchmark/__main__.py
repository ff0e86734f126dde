"""Planning benchmark: ``python -m scheduling.benchmark [--quick | --full]``.

Prints one table.  Garment instances come from the seeded generator in
:mod:`scheduling.benchmark.generate`; every row of one instance is measured
in the same process on the same data.  Single-machine instances
(1||sum wjTj) are generated with the published OR-Library generator and
compared with exact optima computed here (the OR-Library files themselves
are not shipped; pass ``--orlib DIR`` holding wt40.txt/wtopt40.txt etc. to
compare with their published optima).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
from pathlib import Path
from typing import Any

from scheduling.benchmark.exact import engine_objective, plan_optimum, wt_optimum
from scheduling.benchmark.generate import single_machine_problem, wt_instance
from scheduling.benchmark.runner import Row, run_instance
from scheduling.engine import ProblemData, plan_violations, solve
from scheduling.engine.model import Factory, Unit, WorkCentreCalendar


def _in_child(spec: Row) -> list[Row]:
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(run_instance, (spec,))


def _ratio(a: float, b: float) -> str:
    if b == 0:
        return "  -  " if a == 0 else " inf "
    return f"{a / b:5.2f}"


def print_garment_table(results: list[tuple[Row, list[Row]]]) -> dict[str, Any]:
    head = (
        f"{'instance':30} {'method':9} {'time s':>7} {'peakMB':>7} {'w.tardiness':>13} "
        f"{'xbest':>5} {'ontime%':>7} {'xbest':>5} {'chgovr':>6} {'xbest':>5} {'xEDD':>5} "
        f"{'util':>5} {'xbest':>5} {'viol':>4}"
    )
    print(head)
    print("-" * len(head))
    summary: dict[str, Any] = {"wt_ratio_hi": [], "co_ratio_hi": [], "viol": 0}
    for spec, rows in results:
        name = (
            f"n{spec['n']}xf{spec['factories']} L{spec['load']:.2f} "
            f"fab{spec['fabrics']} {'tight' if spec['tight'] else 'loose'}"
        )
        base = [r for r in rows if r["method"] != "engine"]
        best_wt = min(r["wt"] for r in base)
        best_ot = max(r["on_time"] for r in base)
        best_co = min(r["changeovers"] for r in base)
        best_ut = max(r["util"] for r in base)
        edd_co = next(r["changeovers"] for r in base if r["method"] == "EDD")
        for r in rows:
            eng = r["method"] == "engine"
            print(
                f"{name:30} {r['method']:9} {r['runtime']:7.2f} {r['peak_mb']:7.0f} "
                f"{r['wt']:13.0f} {_ratio(r['wt'], best_wt) if eng else '':>5} "
                f"{r['on_time']:7.1f} {_ratio(r['on_time'], best_ot) if eng else '':>5} "
                f"{r['changeovers']:6d} {_ratio(r['changeovers'], best_co) if eng else '':>5} "
                f"{_ratio(r['changeovers'], edd_co) if eng else '':>5} "
                f"{r['util']:5.2f} {_ratio(r['util'], best_ut) if eng else '':>5} "
                f"{r['violations'] if eng else '':>4}"
            )
            name = ""
            if eng:
                summary["viol"] += r["violations"]
                if spec["load"] >= 0.9:
                    summary["wt_ratio_hi"].append((r["wt"], best_wt))
                    summary["co_ratio_hi"].append((r["changeovers"], edd_co))
    return summary


# -- exact comparisons ----------------------------------------------------------


def wt_small(n: int, seeds: int, time_limit: float) -> list[tuple[float, float]]:
    out = []
    tfs = (0.2, 0.4, 0.6, 0.8, 1.0)
    for tf in tfs:
        for rdd in tfs:
            for s in range(seeds):
                p, w, d = wt_instance(
                    n=n, tf=tf, rdd=rdd, seed=n * 1000 + round(tf * 100) * 7 + round(rdd * 10) + s
                )
                opt = wt_optimum(p, w, d)
                prob = single_machine_problem(p, w, d)
                res = solve(prob, seed=s, time_limit=time_limit)
                assert not plan_violations(prob, res)
                out.append((res.kpis.weighted_tardiness, float(opt)))
    return out


def small_garment_problem(seed: int, n: int = 8) -> ProblemData:
    import random

    rng = random.Random(seed)
    from scheduling.engine.model import SetupRule

    days = 6
    cap = 240
    cals = tuple(
        WorkCentreCalendar(work_centre=wc, daily_minutes=tuple(cap for _ in range(days)))
        for wc in ("cutting", "sewing")
    )
    fac = Factory(id="F", garment_types=("shirt", "jacket"), calendars=cals, max_batch_units=3)
    units = []
    for j in range(n):
        gt = rng.choice(("shirt", "jacket"))
        m = (rng.randint(5, 15), rng.randint(30, 120) if gt == "jacket" else rng.randint(20, 60))
        rel = rng.randrange(0, 2 * 1440)
        units.append(
            Unit(
                id=f"S{j}",
                garment_type=gt,
                fabric=rng.choice(("A", "B", "C")),
                minutes=m,
                release=rel,
                due=rel + rng.randint(1, 3) * 1440 - rng.randrange(600),
                weight=float(rng.randint(1, 5)),
                factory="F",
            )
        )
    return ProblemData(
        units=tuple(units),
        factories=(fac,),
        horizon_days=days,
        work_centres=("cutting", "sewing"),
        setups=(
            SetupRule(work_centre="cutting", attribute="fabric", minutes=40),
            SetupRule(work_centre="sewing", attribute="garment_type", minutes=30),
        ),
    )


def garment_small(count: int, time_limit: float) -> list[tuple[float, float]]:
    out = []
    for s in range(count):
        prob = small_garment_problem(s)
        opt = plan_optimum(prob)
        res = solve(prob, seed=s, time_limit=time_limit)
        assert not plan_violations(prob, res)
        assert not res.unplanned
        seqs = [list(b.unit_ids) for b in sorted(res.batches, key=lambda b: b.sequence)]
        out.append((engine_objective(prob, seqs), opt))
    return out


def _gaps(pairs: list[tuple[float, float]]) -> tuple[float, float, int, int]:
    gaps = [(e - o) / o for e, o in pairs if o > 0]
    zero = [(e, o) for e, o in pairs if o == 0]
    zero_hit = sum(1 for e, _ in zero if e == 0)
    mean = 100 * statistics.fmean(gaps) if gaps else 0.0
    mx = 100 * max(gaps) if gaps else 0.0
    return mean, mx, zero_hit, len(zero)


def orlib(directory: Path, n: int, time_limit: float, limit: int) -> list[tuple[float, float]]:
    data = [int(x) for x in (directory / f"wt{n}.txt").read_text().split()]
    opt_file = directory / f"wtopt{n}.txt"
    if not opt_file.exists():
        opt_file = directory / f"wtbest{n}a.txt"
    opts = [int(x) for x in opt_file.read_text().split()]
    out = []
    for i in range(min(limit, len(data) // (3 * n), len(opts))):
        chunk = data[3 * n * i : 3 * n * (i + 1)]
        p, w, d = chunk[:n], chunk[n : 2 * n], chunk[2 * n :]
        res = solve(single_machine_problem(p, w, d), seed=i, time_limit=time_limit)
        out.append((res.kpis.weighted_tardiness, float(opts[i])))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scheduling.benchmark")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="small grid, a few seconds each")
    mode.add_argument("--full", action="store_true", help="grid plus the 10k and 100k targets")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--orlib", type=Path, help="directory with OR-Library wt40/50/100 files")
    args = ap.parse_args(argv)
    full = bool(args.full)

    n_grid = 1000 if not full else 3000
    tl_grid = 1.5 if not full else 4.0
    specs: list[Row] = []
    for load in (0.7, 0.9, 1.05):
        for fabrics in (5, 20, 50):
            for tight in (True, False):
                specs.append(
                    {
                        "n": n_grid,
                        "factories": 2,
                        "fabrics": fabrics,
                        "load": load,
                        "tight": tight,
                        "seed": args.seed,
                        "time_limit": tl_grid,
                    }
                )
    specs.append(
        {
            "n": 10_000,
            "factories": 5,
            "fabrics": 20,
            "load": 0.9,
            "tight": True,
            "seed": args.seed,
            "time_limit": 9.5,
        }
    )
    if full:
        specs.append(
            {
                "n": 100_000,
                "factories": 20,
                "fabrics": 50,
                "load": 0.9,
                "tight": True,
                "seed": args.seed,
                "time_limit": 57.0,
                "validate": True,
            }
        )
    print("Garment instances (seeded generator; every method simulated on the same capacity model)")
    print(
        "time = wall seconds of the solve call; peakMB = peak RSS of the process measuring the "
        "instance (generation included); xbest = ratio to the best baseline; xEDD = ratio to EDD"
    )
    results = []
    for spec in specs:
        rows = _in_child(spec)
        results.append((spec, rows))
    summary = print_garment_table(results)
    print()

    wt_pairs = wt_small(10, 1, 0.3)
    wt15 = wt_small(15, 1, 0.5) if full else []
    g_pairs = garment_small(10 if not full else 20, 0.5)
    print("Gap to exact optimum on small instances")
    print(
        "  1||sum wjTj, n=10, generated with the OR-Library generator (TF, RDD in 0.2..1.0), "
        "optimum by subset DP:"
    )
    m, x, zh, zn = _gaps(wt_pairs)
    print(
        f"    {len(wt_pairs)} instances: mean gap {m:.2f}%  max gap {x:.2f}%  "
        f"(optimum 0 on {zn}, engine 0 on {zh} of those)"
    )
    if wt15:
        m15, x15, zh15, zn15 = _gaps(wt15)
        print(
            f"  1||sum wjTj, n=15, same generator and DP: {len(wt15)} instances: mean gap "
            f"{m15:.2f}%  max gap {x15:.2f}%  (optimum 0 on {zn15}, engine 0 on {zh15})"
        )
    print(
        "  one factory, cutting+sewing, 8 units, 3 fabrics, 2 garment types, setups, batch <= 3, "
        "optimum by enumeration of all batchings and sequences (objective = weighted tardiness "
        "+ 0.001 x mean weight x setup minutes):"
    )
    m2, x2, zh2, zn2 = _gaps(g_pairs)
    print(
        f"    {len(g_pairs)} instances: mean gap {m2:.2f}%  max gap {x2:.2f}%  "
        f"(optimum 0 on {zn2}, engine 0 on {zh2} of those)"
    )
    if args.orlib:
        for n in (40, 50, 100):
            if (args.orlib / f"wt{n}.txt").exists():
                pairs = orlib(args.orlib, n, 1.0 if n < 100 else 2.0, 125 if full else 25)
                m3, x3, zh3, zn3 = _gaps(pairs)
                print(
                    f"  OR-Library wt{n}: {len(pairs)} instances vs published optimum/best: "
                    f"mean gap {m3:.2f}%  max gap {x3:.2f}%  (zero optimum: {zh3}/{zn3} hit)"
                )
    print()
    hi_wt = summary["wt_ratio_hi"]
    hi_co = summary["co_ratio_hi"]
    wt_ratio = sum(a for a, _ in hi_wt) / max(1e-9, sum(b for _, b in hi_wt)) if hi_wt else 0.0
    worst_wt = max((_safe(a, b) for a, b in hi_wt), default=0.0)
    co_ratio = max((_safe(a, b) for a, b in hi_co), default=0.0)
    print("Targets")
    print(
        f"  load >= 0.9: weighted tardiness / best baseline: total {wt_ratio:.3f}, "
        f"worst instance {worst_wt:.3f} (target <= 0.5)"
    )
    print(f"  load >= 0.9: changeovers / EDD, worst instance {co_ratio:.3f} (target <= 0.5)")
    print(f"  mean gap to exact optimum: {m:.2f}% and {m2:.2f}% (target <= 2%)")
    for spec, rows in results:
        if spec["n"] >= 10_000:
            eng = rows[0]
            limit = 10.0 if spec["n"] <= 10_000 else 60.0
            mem = "" if spec["n"] <= 10_000 else f", peak {eng['peak_mb']:.0f} MB (target <= 2048)"
            print(
                f"  {spec['n']} units x {spec['factories']} factories: {eng['runtime']:.1f} s "
                f"(target <= {limit:.0f} s){mem}"
            )
    print(f"  plan violations found by the validator: {summary['viol']}")
    return 0


def _safe(a: float, b: float) -> float:
    if b == 0:
        return 0.0 if a == 0 else float("inf")
    return a / b


if __name__ == "__main__":
    sys.exit(main())
