"""Cutting benchmark: ``python -m shop.patterns.benchmark`` (``make bench-cut``).

Batches of 1, 10 and 40 shirts and of 10 trousers, each garment a different customer:
bodies from :func:`shop.tailoring.estimate.estimate_measurements` for seeded heights and
weights of men and women, styles drawn from the demo catalogue's choices, finished
dimensions from the fit (:mod:`shop.tailoring.fit`). For each batch, in the same process on
the same pieces, it prints the metres and utilisation of

* the consumption estimate (:mod:`shop.tailoring.consumption`, summed over the garments:
  what stock is reserved today),
* the baseline (every piece's bounding box in a row, in order, row after row),
* the nested marker (skyline bottom-left + local search),

with the nested metres as a ratio of each. Planned metres everywhere use the same
shrinkage (3 %) and end allowance (10 cm per lay). Unlike this module, the rest of
:mod:`shop.patterns` imports nothing of Django.
"""

from __future__ import annotations

import argparse
import random
import time
from decimal import Decimal
from typing import Any

from shop.patterns.cutplan import CutPlan, baseline_marker, cut_plan_make, fabric_spec
from shop.patterns.nesting import marker_overlaps
from shop.patterns.spec import STYLES
from shop.tailoring.consumption import fabric_consumption_m
from shop.tailoring.estimate import estimate_measurements
from shop.tailoring.fit import finished_dimensions

FABRIC_WIDTH_CM = Decimal(150)
FITS = ("slim", "regular", "relaxed")


def sample_snapshot(rng: random.Random, garment: str) -> dict[str, Any]:
    """A plausible customer's spec snapshot (the fields drafting reads)."""
    sex = rng.choice(("male", "male", "female"))
    height = Decimal(rng.randrange(150, 196) if sex == "male" else rng.randrange(148, 182))
    bmi = Decimal(str(round(rng.uniform(18.5, 32.0), 1)))
    weight = (bmi * (height / 100) ** 2).quantize(Decimal("0.1"))
    weight = min(max(weight, Decimal(35)), Decimal(200))
    body = estimate_measurements(sex=sex, height=height, weight=weight, garment_type=garment)
    fit = rng.choice(FITS)
    finished = finished_dimensions(garment_type=garment, fit=fit, body=body)
    options = {
        option: {"choice": rng.choice(choices)} for option, choices in STYLES[garment].items()
    }
    return {
        "garment_type": garment,
        "fit": fit,
        "sex": sex,
        "options": options,
        "measurements_cm": {k: str(v) for k, v in body.items()},
        "finished_cm": {k: str(v) for k, v in finished.items()},
    }


def estimate_metres(snapshot: dict[str, Any], width_cm: Decimal) -> Decimal:
    options = snapshot["options"]
    return fabric_consumption_m(
        garment_type=snapshot["garment_type"],
        finished={k: Decimal(v) for k, v in snapshot["finished_cm"].items()},
        fabric_width_cm=width_cm,
        french_cuffs=options.get("cuff", {}).get("choice") == "french",
        turn_ups=options.get("turn_ups", {}).get("choice") == "yes",
        double_breasted=options.get("buttons", {}).get("choice") == "double-breasted",
    )


def _planned(plan: CutPlan, length_mm: float) -> Decimal:
    mm = length_mm * (1 + plan.fabric.shrinkage_percent / 100) + plan.fabric.end_allowance_mm
    return (Decimal(mm) / 1000).quantize(Decimal("0.01"))


def run_batch(garment: str, count: int, seed: int, iterations: int | None) -> dict[str, Any]:
    rng = random.Random(f"{garment}-{count}-{seed}")
    snapshots = [sample_snapshot(rng, garment) for _ in range(count)]
    estimate = sum((estimate_metres(s, FABRIC_WIDTH_CM) for s in snapshots), Decimal(0))
    fabric = fabric_spec(code="BENCH", width_cm=FABRIC_WIDTH_CM)
    started = time.perf_counter()
    plan = cut_plan_make(
        units=[(f"U-{i + 1:03d}", s) for i, s in enumerate(snapshots)],
        fabric=fabric,
        seed=seed,
        iterations=iterations,
    )
    seconds = time.perf_counter() - started
    base = baseline_marker(plan)
    return {
        "batch": f"{count} {garment}",
        "pieces": len(plan.marker.placements),
        "estimate_m": estimate,
        "baseline_m": _planned(plan, base.length),
        "baseline_util": base.utilisation,
        "nested_m": plan.planned_metres,
        "nested_util": plan.utilisation,
        "seconds": seconds,
        "overlaps": len(marker_overlaps(plan.marker)),
        "evaluations": plan.marker.evaluations,
    }


BATCHES = (("shirt", 1), ("shirt", 10), ("shirt", 40), ("trousers", 10))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--iterations", type=int, default=None, help="local search moves")
    args = parser.parse_args(argv)
    head = (
        f"{'batch':12} {'pieces':>6} {'estimate m':>10} {'baseline m':>10} {'util':>5} "
        f"{'nested m':>9} {'util':>5} {'/estimate':>9} {'/baseline':>9} {'evals':>5} "
        f"{'time s':>6} {'overlap':>7}"
    )
    print(f"Fabric {FABRIC_WIDTH_CM} cm wide (147 cm usable), solid; seed {args.seed}")
    print(head)
    print("-" * len(head))
    worst = 0
    for garment, count in BATCHES:
        r = run_batch(garment, count, args.seed, args.iterations)
        print(
            f"{r['batch']:12} {r['pieces']:6d} {r['estimate_m']:10.2f} {r['baseline_m']:10.2f} "
            f"{r['baseline_util']:5.1%} {r['nested_m']:9.2f} {r['nested_util']:5.1%} "
            f"{float(r['nested_m'] / r['estimate_m']):9.2f} "
            f"{float(r['nested_m'] / r['baseline_m']):9.2f} {r['evaluations']:5d} "
            f"{r['seconds']:6.1f} {r['overlaps']:7d}"
        )
        worst = max(worst, r["overlaps"])
    return 1 if worst else 0


if __name__ == "__main__":
    raise SystemExit(main())
