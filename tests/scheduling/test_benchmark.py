"""Benchmark parts that must be right for its figures to mean anything."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from scheduling.benchmark.evaluate import total_weighted_tardiness
from scheduling.benchmark.exact import wt_optimum, wt_optimum_layers
from scheduling.benchmark.generate import generate, load_profile, wt_set
from scheduling.benchmark.machine import Run, below_reference
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


def test_orlib_files_are_read_in_their_published_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scheduling.benchmark.__main__ import main
    from scheduling.benchmark.generate import wt_instance
    from scheduling.benchmark.machine import ITERATIONS_PER_SECOND, orlib_instance, run_one

    numbers: list[int] = []
    for seed in (1, 2):
        p, w, d = wt_instance(n=40, tf=0.6, rdd=0.4, seed=seed)
        numbers += p + w + d
    # whitespace-separated, several values a line, as in wt40.txt
    (tmp_path / "wt40.txt").write_text(
        "\n".join(" ".join(map(str, numbers[i : i + 20])) for i in range(0, len(numbers), 20))
    )
    prob, _ids, raw = orlib_instance(tmp_path, 40, 1)
    assert raw == wt_instance(n=40, tf=0.6, rdd=0.4, seed=2)
    assert len(prob.units) == 40
    budget = f"{ITERATIONS_PER_SECOND['wt40']} it"
    found = [run_one(("orlibwt40", i, 1, budget, str(tmp_path))).value for i in (0, 1)]
    assert found[1] > 0
    (tmp_path / "wtopt40.txt").write_text(f"{found[0]}\n{found[1] - 1}\n")
    main(["--orlib", str(tmp_path), "--seeds", "1", "--budgets", "it", "--no-network"])
    out = capsys.readouterr().out
    assert "orlibwt40" in out
    assert " 1/2 " in out  # the second reference is one below what the run finds: a miss


def test_long_runs_record_every_instance_they_covered_and_only_better_values(
    tmp_path: Path,
) -> None:
    from scheduling.benchmark.bestknown import _merge, load

    path = tmp_path / "best_known.json"
    entry = {"values": [10, 0, None], "how": ["best of 1 runs x 5 s", "optimum", None]}
    data = {"wt40": entry}
    _merge(entry, [(0, 12), (1, 0), (2, 7)], "best of 2 runs x 9 it", path, data, exact=False)
    stored = load(path)["wt40"]
    assert stored["values"] == [10, 0, 7]  # 12 is worse than 10: kept
    assert stored["how"] == ["best of 1 runs x 5 s", "optimum", "best of 2 runs x 9 it"]
    assert stored["runs"] == {"best of 2 runs x 9 it": [0, 1, 2]}
    _merge(entry, [(0, 10)], "best of 3 runs x 9 it", path, data, exact=False)
    stored = load(path)["wt40"]
    assert stored["values"] == [10, 0, 7]
    assert stored["how"][0] == "best of 1 runs x 5 s; matched by best of 3 runs x 9 it"
    assert stored["runs"]["best of 3 runs x 9 it"] == [0]


def test_runs_below_their_reference_are_named() -> None:
    def run(index: int, seed: int, value: int) -> Run:
        return Run(
            set_name="sds60",
            index=index,
            seed=seed,
            budget="10.0s",
            value=value,
            engine_value=value,
            iterations=1,
            runtime=0.1,
        )

    runs = [run(3, 2, 90), run(1, 1, 50), run(1, 2, 40), run(0, 1, 0)]
    assert below_reference(runs, [0, 45, None, 100]) == [
        "  below the reference: sds60 instance 1, seed 2, 10.0s: 40 < 45",
        "  below the reference: sds60 instance 3, seed 2, 10.0s: 90 < 100",
    ]
    assert below_reference(runs, [0, 40, None, 90]) == []
