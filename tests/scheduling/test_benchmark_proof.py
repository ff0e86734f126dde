"""Proofs that a reference of 1||sum wjTj is optimal (scheduling.benchmark.proof)."""

from __future__ import annotations

import json
from pathlib import Path

from scheduling.benchmark.bestknown import PROVEN, ZERO, _merge_proofs, load, prove
from scheduling.benchmark.evaluate import total_weighted_tardiness
from scheduling.benchmark.exact import wt_optimum, wt_optimum_layers
from scheduling.benchmark.generate import wt_instance, wt_problem
from scheduling.benchmark.proof import wt_below


def test_no_order_below_the_optimum_and_an_optimal_order_below_one_more() -> None:
    # exact both ways against the dynamic programme over subsets
    tried = staged = 0
    for seed in range(40):
        tf = (0.2, 0.4, 0.6, 0.8, 1.0)[seed % 5]
        rdd = (0.2, 0.6, 1.0)[seed % 3]
        p, w, d = wt_instance(n=9, tf=tf, rdd=rdd, seed=500 + seed)
        best = wt_optimum(p, w, d)
        if best == 0:
            continue
        tried += 1
        none = wt_below(p, w, d, upper=best)
        assert none.none_below and none.order == () and not none.gave_up
        assert none.lagrangian <= best + 1e-6
        one = wt_below(p, w, d, upper=best + 1)
        assert not one.none_below and not one.gave_up
        assert sorted(one.order) == list(range(9))
        assert total_weighted_tardiness(p, w, d, one.order) == best
        staged += none.members > 0
    assert tried >= 30


def test_the_sublimation_decides_what_the_relaxation_leaves_open() -> None:
    p, w, d = wt_problem(20, 120)
    best = wt_optimum_layers(p, w, d)
    none = wt_below(p, w, d, upper=best)
    assert none.none_below
    assert none.lagrangian < best - 1  # the relaxation alone proves nothing here
    assert none.members > 0  # members of M tracked in the state did
    one = wt_below(p, w, d, upper=best + 1)
    assert one.members > 0
    assert total_weighted_tardiness(p, w, d, one.order) == best


def test_a_search_stopped_by_its_limit_proves_nothing() -> None:
    p, w, d = wt_problem(20, 120)
    best = wt_optimum_layers(p, w, d)
    stopped = wt_below(p, w, d, upper=best, max_states=1)
    assert stopped.gave_up
    assert not stopped.none_below and stopped.order == ()


def test_prove_lowers_a_value_to_the_optimum_and_records_the_proof(tmp_path: Path) -> None:
    p, w, d = wt_problem(40, 0)
    assert prove(("wt40", 0, 870, 1 << 22)) == (0, 852, "improved")
    assert prove(("wt40", 0, 852, 1 << 22)) == (0, 852, "proven")
    assert total_weighted_tardiness(p, w, d, tuple(range(40))) > 852  # not a trivial order
    path = tmp_path / "best_known.json"
    how = ["best of 2 runs x 9 it", "best of 2 runs x 9 it", "best of 2 runs x 9 it", None]
    path.write_text(json.dumps({"wt40": {"values": [900, 852, 0, None], "how": how}}))
    outcomes = [(0, 852, "improved"), (1, 852, "proven"), (2, 0, "proven")]
    _merge_proofs("wt40", outcomes, path)
    stored = load(path)["wt40"]
    assert stored["values"] == [852, 852, 0, None]
    assert stored["how"] == [
        f"{PROVEN}; found by an order found by scheduling.benchmark.proof",
        f"{PROVEN}; found by best of 2 runs x 9 it",
        f"{ZERO}; found by best of 2 runs x 9 it",
        None,
    ]


def test_an_open_search_leaves_the_value_alone(tmp_path: Path) -> None:
    path = tmp_path / "best_known.json"
    path.write_text(json.dumps({"wt40": {"values": [900], "how": ["best of 2 runs x 9 it"]}}))
    _merge_proofs("wt40", [(0, 900, "open")], path)
    stored = load(path)["wt40"]
    assert stored["values"] == [900]
    assert stored["how"] == ["best of 2 runs x 9 it"]
    assert list(stored["runs"].values()) == [[0]]


def test_stored_proofs_hold() -> None:
    data = load()
    for name in ("wt40", "wt50"):
        entry = data[name]
        proven = [i for i, h in enumerate(entry["how"]) if h.startswith("optimum")]
        assert proven, name
        # the first proven instance of each set, re-checked (that an order reaches the value
        # is shown for wt40 instance 0 by the test above; looking for an order below
        # value + 1 takes minutes at n = 50)
        index = proven[0]
        p, w, d = wt_problem(int(name[2:]), index)
        value = entry["values"][index]
        assert value > 0
        assert wt_below(p, w, d, upper=value).none_below
