"""Benchmark parts that must be right for its figures to mean anything."""

from __future__ import annotations

import random

from scheduling.benchmark.evaluate import total_weighted_tardiness
from scheduling.benchmark.exact import wt_optimum, wt_optimum_layers
from scheduling.benchmark.generate import generate, load_profile, wt_set
from scheduling.benchmark.sds import sds_parse

PUBLISHED_STYLE = """Problem Instance: 9
Problem Size: 3
Begin Generator Parameters
Tau: 0.3
R: 0.25
Eta: 0.25
End Generator Parameters
Begin Problem Specification
Process Times:
81
71
97
Weights:
4
0
9
Duedates:
100
90
120
Setup Times:
-1\t0\t43
-1\t1\t7
-1\t2\t50
0\t1\t41
0\t2\t16
1\t0\t34
1\t2\t11
2\t0\t1
2\t1\t43
End Problem Specification
"""


def test_reads_cicirellos_format() -> None:
    inst = sds_parse(PUBLISHED_STYLE)
    assert inst.number == 9 and inst.n == 3
    assert inst.p == (81, 71, 97) and inst.w == (4, 0, 9) and inst.d == (100, 90, 120)
    assert inst.initial == (43, 7, 50)
    assert inst.setups[0][2] == 16 and inst.setups[2][1] == 43 and inst.setups[1][1] == 0


def test_vectorised_dynamic_programme_agrees_with_the_plain_one() -> None:
    rng = random.Random(8)
    for _ in range(5):
        n = rng.randint(3, 11)
        p = [rng.randint(1, 100) for _ in range(n)]
        w = [rng.randint(1, 10) for _ in range(n)]
        d = [rng.randint(0, sum(p)) for _ in range(n)]
        assert wt_optimum_layers(p, w, d) == wt_optimum(p, w, d)


def test_independent_evaluator_counts_tardiness_from_scratch() -> None:
    # jobs (p, w, d): (3, 2, 2), (2, 1, 6), (4, 5, 5): order 0, 2, 1 ends at 3, 7, 9
    assert total_weighted_tardiness([3, 2, 4], [2, 1, 5], [2, 6, 5], [0, 2, 1]) == 2 + 10 + 3


def test_sets_follow_the_published_design() -> None:
    rows = wt_set(40)
    assert len(rows) == 125
    assert len({(tf, rdd) for _, tf, rdd, _ in rows}) == 25
    assert len({seed for seed, *_ in rows}) == 125


def test_network_instances_overload_the_lines_for_part_of_the_horizon() -> None:
    problem = generate(
        n_units=1500, n_factories=2, n_fabrics=60, load=0.85, tight=True, seed=3, surge=(6, 11, 2.0)
    )
    calm = generate(n_units=1500, n_factories=2, n_fabrics=60, load=0.85, tight=True, seed=3)
    assert load_profile(problem) >= 1.0
    assert load_profile(calm) < load_profile(problem)


def test_stored_references_are_regenerated_from_the_seeds() -> None:
    from scheduling.benchmark.bestknown import load
    from scheduling.benchmark.generate import wt_problem

    data = load()
    values = data["wt20"]["values"]
    assert len(values) == 125
    for index in (0,):
        p, w, d = wt_problem(20, index)
        assert values[index] == wt_optimum_layers(p, w, d)
        assert data["wt20"]["how"][index].startswith("optimum")
