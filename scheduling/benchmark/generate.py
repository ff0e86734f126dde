"""Seeded instance generators for the planning benchmark and tests."""

from __future__ import annotations

import random

from scheduling.benchmark.sds import SdsInstance
from scheduling.engine.model import (
    DAY_MINUTES,
    DEFAULT_WORK_CENTRES,
    Factory,
    ProblemData,
    SetupRule,
    Unit,
    WorkCentreCalendar,
)

# minutes per garment at cutting, sewing, finishing, qc, packing
GARMENTS: dict[str, tuple[tuple[int, ...], float]] = {
    "shirt": ((6, 40, 10, 4, 3), 0.5),
    "trousers": ((5, 35, 8, 4, 3), 0.3),
    "jacket": ((12, 120, 25, 8, 5), 0.2),
}
CUT_SETUP = 20  # new fabric on the cutting table
CUT_SETUP_FAMILY = 8  # another fabric of the same family
SEW_SETUP = 30  # another garment type on the sewing line


def generate(
    *,
    n_units: int,
    n_factories: int,
    n_fabrics: int,
    load: float,
    tight: bool,
    seed: int,
    release_days: int = 20,
    batch_limit: int = 24,
    alternatives: bool = True,
    surge: tuple[int, int, float] | None = None,
) -> ProblemData:
    """Garment orders arriving over ``release_days`` days at ``n_factories`` factories.

    Capacity is set per factory from the work routed to it so that the
    sewing line (the bottleneck) runs at ``load`` of its capacity over the
    release window (cutting at 0.6 of that before setups, leaving room for
    fabric changeovers; the other work centres lighter).  Due dates are
    release + a lead time of 3-6 working days (tight) or 6-12 (loose).  Six
    working days a week, one holiday per factory.

    ``surge = (first_day, last_day, factor)``: orders arrive ``factor`` times
    as often on those release days, so the lines run above ``load`` there
    (see :func:`load_profile`) and below it elsewhere.
    """
    rng = random.Random(seed)
    types = list(GARMENTS)
    type_weights = [GARMENTS[t][1] for t in types]
    fabrics = [f"F{i:03d}" for i in range(n_fabrics)]
    n_families = max(1, n_fabrics // 5)
    family = {fab: f"fam{i % n_families}" for i, fab in enumerate(fabrics)}
    horizon = release_days + 24
    dm = DAY_MINUTES

    fac_types: list[tuple[str, ...]] = []
    for i in range(n_factories):
        if i == 0 or n_factories == 1:
            fac_types.append(tuple(types))
        else:
            fac_types.append(tuple(sorted(rng.sample(types, 2))))
    fac_ids = [f"FAC{i:02d}" for i in range(n_factories)]

    def working(day: int, holiday: int) -> bool:
        return day % 7 != 6 and day != holiday

    holidays = [rng.randrange(3, release_days) for _ in range(n_factories)]
    work_days_window = [
        sum(1 for d in range(release_days) if working(d, holidays[i])) for i in range(n_factories)
    ]

    day_weights = [1.0] * release_days
    if surge is not None:
        for d in range(surge[0], min(release_days, surge[1] + 1)):
            day_weights[d] = surge[2]
    units: list[Unit] = []
    routed_work = [[0] * len(DEFAULT_WORK_CENTRES) for _ in range(n_factories)]
    for n in range(n_units):
        gt = rng.choices(types, type_weights)[0]
        base = GARMENTS[gt][0]
        mins = tuple(max(1, round(m * rng.uniform(0.8, 1.2))) for m in base)
        fab = fabrics[min(n_fabrics - 1, int(rng.paretovariate(1.2)) - 1)]
        if rng.random() < 0.6:
            fab = rng.choice(fabrics)
        capable = [i for i in range(n_factories) if gt in fac_types[i]]
        f = rng.choice(capable)
        alts: tuple[str, ...] = ()
        if alternatives and len(capable) > 1 and rng.random() < 0.5:
            others = [c for c in capable if c != f]
            alts = tuple(fac_ids[c] for c in rng.sample(others, min(2, len(others))))
        for k, m in enumerate(mins):
            routed_work[f][k] += m
        rel_day = rng.choices(range(release_days), day_weights)[0]
        release = rel_day * dm + rng.randrange(8 * 60, 18 * 60)
        lead = rng.randint(3, 6) if tight else rng.randint(6, 12)
        due_day = rel_day + lead + lead // 6  # about one rest day a week
        units.append(
            Unit(
                id=f"U{n:06d}",
                garment_type=gt,
                fabric=fab,
                minutes=mins,
                due=(due_day + 1) * dm,
                release=release,
                weight=float(rng.choice((1, 1, 1, 2, 2, 3, 5))),
                factory=fac_ids[f],
                alternatives=alts,
            )
        )

    load_by_wc = (load * 0.6, load, load * 0.8, load * 0.7, load * 0.6)
    factories: list[Factory] = []
    for i in range(n_factories):
        cals = []
        for k, wc in enumerate(DEFAULT_WORK_CENTRES):
            per_day = routed_work[i][k] / (load_by_wc[k] * max(1, work_days_window[i]))
            per_day_i = max(60, round(per_day))
            caps = tuple(per_day_i if working(d, holidays[i]) else 0 for d in range(horizon))
            cals.append(WorkCentreCalendar(work_centre=wc, daily_minutes=caps))
        factories.append(
            Factory(
                id=fac_ids[i],
                garment_types=fac_types[i],
                calendars=tuple(cals),
                max_batch_units=batch_limit,
                max_batch_cut_minutes=batch_limit * 10,
            )
        )
    setups = (
        SetupRule(
            work_centre="cutting",
            attribute="fabric",
            minutes=CUT_SETUP,
            within_family_minutes=CUT_SETUP_FAMILY,
            families=tuple(sorted(family.items())),
        ),
        SetupRule(work_centre="sewing", attribute="garment_type", minutes=SEW_SETUP),
    )
    return ProblemData(
        units=tuple(units),
        factories=tuple(factories),
        horizon_days=horizon,
        setups=setups,
    )


def wt_instance(
    *, n: int, tf: float, rdd: float, seed: int
) -> tuple[list[int], list[int], list[int]]:
    """1||sum wjTj instance from the published generator (processing, weights, due dates).

    p ~ U[1, 100], w ~ U[1, 10], d ~ U[P(1 - TF - RDD/2), P(1 - TF + RDD/2)].
    """
    rng = random.Random(seed)
    p = [rng.randint(1, 100) for _ in range(n)]
    w = [rng.randint(1, 10) for _ in range(n)]
    total = sum(p)
    lo = max(0, round(total * (1 - tf - rdd / 2)))
    hi = max(lo, round(total * (1 - tf + rdd / 2)))
    d = [rng.randint(lo, hi) for _ in range(n)]
    return p, w, d


def single_machine_problem(p: list[int], w: list[int], d: list[int]) -> ProblemData:
    """The 1||sum wjTj case as engine data: one factory, one work centre, batches of one."""
    dm = DAY_MINUTES
    days = sum(p) // dm + 2
    cal = WorkCentreCalendar(work_centre="machine", daily_minutes=tuple([dm] * days))
    fac = Factory(id="M", garment_types=("job",), calendars=(cal,), max_batch_units=1)
    units = tuple(
        Unit(
            id=f"J{j:03d}",
            garment_type="job",
            fabric="-",
            minutes=(p[j],),
            due=d[j],
            weight=float(w[j]),
            factory="M",
        )
        for j in range(len(p))
    )
    return ProblemData(
        units=units,
        factories=(fac,),
        horizon_days=days,
        work_centres=("machine",),
        setup_weight=0.0,
    )


TF_RDD = (0.2, 0.4, 0.6, 0.8, 1.0)
WT_SIZES = (20, 40, 50, 100)


def wt_set(n: int) -> list[tuple[int, float, float, int]]:
    """The 125 instances of one size: (seed, TF, RDD, index), five per (TF, RDD) pair,
    in the OR-Library's order (TF outer, RDD inner).  Seeds are ``n * 100_000 + index``."""
    out = []
    for a, tf in enumerate(TF_RDD):
        for b, rdd in enumerate(TF_RDD):
            for rep in range(5):
                index = 25 * a + 5 * b + rep
                out.append((n * 100_000 + index, tf, rdd, index))
    return out


def wt_problem(n: int, index: int) -> tuple[list[int], list[int], list[int]]:
    seed, tf, rdd, _ = wt_set(n)[index]
    return wt_instance(n=n, tf=tf, rdd=rdd, seed=seed)


def sds_problem(inst: SdsInstance) -> ProblemData:
    """A 1|s_ij|sum wjTj instance as engine data, exactly: one job per fabric, every
    setup as a pair (the first job's as an initial setup), weighted tardiness alone."""
    dm = DAY_MINUTES
    n = inst.n
    worst = sum(max(row) for row in inst.setups) + max(inst.initial)
    days = (sum(inst.p) + worst) // dm + 2
    cal = WorkCentreCalendar(work_centre="machine", daily_minutes=tuple([dm] * days))
    fac = Factory(id="M", garment_types=("job",), calendars=(cal,), max_batch_units=1)
    units = tuple(
        Unit(
            id=f"J{j:03d}",
            garment_type="job",
            fabric=f"J{j:03d}",
            minutes=(inst.p[j],),
            due=inst.d[j],
            weight=float(inst.w[j]),
            factory="M",
        )
        for j in range(n)
    )
    rule = SetupRule(
        work_centre="machine",
        attribute="fabric",
        minutes=0,
        pairs=tuple(
            (f"J{i:03d}", f"J{j:03d}", inst.setups[i][j])
            for i in range(n)
            for j in range(n)
            if i != j
        ),
        initial=tuple((f"J{j:03d}", inst.initial[j]) for j in range(n)),
    )
    return ProblemData(
        units=units,
        factories=(fac,),
        horizon_days=days,
        work_centres=("machine",),
        setups=(rule,),
        setup_weight=0.0,
    )


def load_profile(problem: ProblemData, *, work_centre: str = "sewing", window: int = 5) -> float:
    """Highest load over ``window`` consecutive days: work released in the window
    at ``work_centre`` over that work centre's capacity in the window (all factories)."""
    dm = problem.day_minutes
    k = problem.work_centres.index(work_centre)
    days = problem.horizon_days
    work = [0] * days
    for u in problem.units:
        d = min(days - 1, u.release // dm)
        work[d] += u.minutes[k]
    cap = [0] * days
    for f in problem.factories:
        for c in f.calendars:
            if c.work_centre == work_centre:
                for d, m in enumerate(c.daily_minutes[:days]):
                    cap[d] += m
    best = 0.0
    for d in range(days - window + 1):
        w = sum(work[d : d + window])
        c = sum(cap[d : d + window])
        if c and w / c > best:
            best = w / c
    return best
