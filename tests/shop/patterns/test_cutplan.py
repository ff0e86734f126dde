"""The cut plan service the factory floor will call: snapshots and a fabric in, a plan out;
bad input refused with a code, nothing half made."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from shop.patterns import PatternError, draft_spec_from_snapshot
from shop.patterns.benchmark import run_batch, sample_snapshot
from shop.patterns.cutplan import cut_plan_make, fabric_spec
from shop.patterns.nesting import marker_overlaps


def _snapshots(n: int, garment: str = "shirt") -> list[tuple[str, dict]]:
    rng = random.Random(5)
    return [(f"U-{i:03d}", sample_snapshot(rng, garment)) for i in range(n)]


def test_a_plan_for_a_batch_places_every_shell_piece_of_every_unit() -> None:
    units = _snapshots(3)
    plan = cut_plan_make(
        units=units, fabric=fabric_spec(code="SH-101", width_cm=150), iterations=30
    )
    assert plan.units == ("U-000", "U-001", "U-002")
    groups = {p.group for p in plan.marker.placements}
    assert groups == set(plan.units)
    assert marker_overlaps(plan.marker) == []
    expected = sum(
        piece.count
        for pattern in plan.patterns
        for piece in pattern.pieces
        if piece.material.value == "shell"
    )
    assert len(plan.marker.placements) == expected
    lay_cm = Decimal(plan.marker.length) / 10
    assert plan.planned_metres == ((lay_cm * Decimal("1.03") + 10) / 100).quantize(
        Decimal("0.01"), rounding="ROUND_CEILING"
    )


def test_fabric_spec_matches_stripes_across_and_checks_both_ways() -> None:
    stripe = fabric_spec(
        code="S", width_cm=Decimal("145"), pattern="stripe", pattern_repeat_cm=Decimal("1.2")
    )
    check = fabric_spec(code="C", width_cm=148, pattern="check", pattern_repeat_cm=2)
    solid = fabric_spec(code="P", width_cm=150, pattern="solid", pattern_repeat_cm=2)
    assert (stripe.repeat_across_mm, stripe.repeat_along_mm) == (12.0, 0.0)
    assert (check.repeat_across_mm, check.repeat_along_mm) == (20.0, 20.0)
    assert not solid.matched and stripe.matched and stripe.usable_mm == 1420.0


def test_no_units_and_too_narrow_fabric_are_refused() -> None:
    with pytest.raises(PatternError) as no_units:
        cut_plan_make(units=[], fabric=fabric_spec(code="X", width_cm=150))
    assert no_units.value.code == "no_units"
    with pytest.raises(PatternError) as narrow:
        cut_plan_make(units=_snapshots(1, "trousers"), fabric=fabric_spec(code="X", width_cm=50))
    assert narrow.value.code == "fabric_too_narrow"
    assert narrow.value.params["needed_cm"] > 50


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"garment_type": "kilt"}, "unknown_garment"),
        ({"fit": "baggy"}, "unknown_fit"),
        ({"options": {"collar": {"choice": "ruff"}}}, "unknown_style"),
        ({"finished_cm": {"chest": "110"}}, "missing_dimension"),
        ({"measurements_cm": {}}, "missing_dimension"),
    ],
)
def test_a_snapshot_the_pattern_cannot_honour_is_refused(change: dict, code: str) -> None:
    _, snapshot = _snapshots(1)[0]
    with pytest.raises(PatternError) as error:
        draft_spec_from_snapshot({**snapshot, **change})
    assert error.value.code == code


def test_bad_numbers_in_a_snapshot_are_refused() -> None:
    _, snapshot = _snapshots(1)[0]
    finished = {**snapshot["finished_cm"], "chest": "NaN"}
    with pytest.raises(PatternError) as error:
        draft_spec_from_snapshot({**snapshot, "finished_cm": finished})
    assert error.value.code == "bad_number"


def test_benchmark_row_for_one_shirt() -> None:
    row = run_batch("shirt", 1, seed=1, iterations=20)
    assert row["overlaps"] == 0
    assert row["nested_m"] < row["baseline_m"]
    assert 0.5 < row["nested_util"] < 1.0
