"""Small instance builders shared by the engine tests."""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import pairwise

from scheduling.engine import (
    Factory,
    ProblemData,
    SetupRule,
    Unit,
    WorkCentreCalendar,
    working_calendar,
)
from scheduling.engine.sequencing import SequencingProblem

WCS = ("cutting", "sewing", "finishing", "qc", "packing")
DAY = 1440


def garment_problem(
    *,
    seed: int,
    n_units: int = 30,
    n_factories: int = 2,
    n_fabrics: int = 4,
    days: int = 14,
    batch_limit: int = 4,
    holidays: tuple[int, ...] = (3,),
    capacity: int = 600,
) -> ProblemData:
    rng = random.Random(seed)
    fabrics = [f"F{i}" for i in range(n_fabrics)]
    types = ("shirt", "trousers", "jacket")
    factories = []
    for i in range(n_factories):
        cals = tuple(
            working_calendar(
                wc,
                days=days,
                minutes_per_day=capacity * (3 if wc == "sewing" else 1),
                weekdays_off=(6,),
                holidays=holidays,
            )
            for wc in WCS
        )
        made = types if i == 0 else ("shirt", "trousers")
        factories.append(
            Factory(
                id=f"FAC{i}",
                garment_types=made,
                calendars=cals,
                max_batch_units=batch_limit,
                max_batch_cut_minutes=batch_limit * 12,
            )
        )
    units = []
    for j in range(n_units):
        gt = rng.choice(types)
        capable = [f.id for f in factories if gt in f.garment_types]
        fac = rng.choice(capable)
        alts = tuple(c for c in capable if c != fac)
        rel = rng.randrange(0, days // 2) * DAY + rng.randrange(DAY)
        units.append(
            Unit(
                id=f"U{j:03d}",
                garment_type=gt,
                fabric=rng.choice(fabrics),
                minutes=(
                    rng.randint(4, 10),
                    rng.randint(20, 90),
                    rng.randint(5, 15),
                    rng.randint(2, 6),
                    rng.randint(2, 4),
                ),
                release=rel,
                due=rel + rng.randint(1, 5) * DAY,
                weight=float(rng.randint(1, 5)),
                factory=fac,
                alternatives=alts,
            )
        )
    return ProblemData(
        units=tuple(units),
        factories=tuple(factories),
        horizon_days=days,
        work_centres=WCS,
        setups=(
            SetupRule(
                work_centre="cutting",
                attribute="fabric",
                minutes=25,
                within_family_minutes=10,
                families=tuple((f, f"fam{i % 2}") for i, f in enumerate(fabrics)),
            ),
            SetupRule(work_centre="sewing", attribute="garment_type", minutes=30),
        ),
    )


def single_machine(p: list[int], w: list[int], d: list[int]) -> ProblemData:
    days = sum(p) // DAY + 2
    cal = WorkCentreCalendar(work_centre="m", daily_minutes=tuple([DAY] * days))
    fac = Factory(id="M", garment_types=("job",), calendars=(cal,), max_batch_units=1)
    units = tuple(
        Unit(
            id=f"J{j}",
            garment_type="job",
            fabric="-",
            minutes=(p[j],),
            due=d[j],
            weight=float(w[j]),
            factory="M",
        )
        for j in range(len(p))
    )
    return ProblemData(units=units, factories=(fac,), horizon_days=days, work_centres=("m",))


def total_setup(problem: SequencingProblem, order: Sequence[int]) -> int:
    """The setup minutes of ``order`` on a single machine with setups."""
    assert problem.setups is not None and problem.initial_setups is not None
    total = problem.initial_setups[order[0]]
    return total + sum(problem.setups[a][b] for a, b in pairwise(order))
