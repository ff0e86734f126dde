"""Nesting: every shell piece placed once, inside the fabric, none overlapping, grain along
the lay, one-way fabrics never turned, stripes and checks matched; deterministic; the
local search never makes the lay longer; nesting beats the row baseline."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from shapely import Polygon

from shop.patterns import pattern_draft
from shop.patterns.cutplan import nest_items
from shop.patterns.nesting import NestItem, marker_overlaps, nest, nest_in_a_row
from tests.shop.patterns.bodies import realistic_body, spec_for

WIDTH = 1470.0


def _items(garment: str = "shirt", count: int = 2) -> list[NestItem]:
    patterns = []
    for i in range(count):
        body = realistic_body(garment, "male" if i % 2 else "female", 160 + 7 * i, 22 + i)
        spec = spec_for(garment, body, "regular")
        patterns.append(pattern_draft(type(spec)(**{**spec.__dict__, "unit_code": f"U-{i}"})))
    return nest_items(patterns)


def _assert_sound(marker, items: list[NestItem]) -> None:
    assert Counter(p.key for p in marker.placements) == Counter(i.key for i in items)
    assert marker_overlaps(marker) == []
    fabric = Polygon(
        [(0, 0), (marker.width, 0), (marker.width, marker.length), (0, marker.length)]
    ).buffer(0.01)
    for placement in marker.placements:
        assert fabric.contains(placement.polygon), placement.key
    area = {i.key: i.polygon.area for i in items}
    for placement in marker.placements:
        assert placement.polygon.area == pytest.approx(area[placement.key], rel=1e-6)


def _grain_along_lay(marker, items: list[NestItem]) -> None:
    """The placed piece is the item turned so its grain runs along v (0° or 180°)."""
    by_key = {i.key: i for i in items}
    for placement in marker.placements:
        item = by_key[placement.key]
        gx, gy = item.grain
        angle = math.atan2(gx, gy) + (math.pi if placement.turned else 0.0)
        c, s = math.cos(angle), math.sin(angle)
        xs, ys = zip(*item.polygon.exterior.coords, strict=True)
        turned = [(x * c - y * s, x * s + y * c) for x, y in zip(xs, ys, strict=True)]
        w = max(p[0] for p in turned) - min(p[0] for p in turned)
        h = max(p[1] for p in turned) - min(p[1] for p in turned)
        minu, minv, maxu, maxv = placement.polygon.bounds
        assert (maxu - minu, maxv - minv) == pytest.approx((w, h), abs=0.01), placement.key


def test_two_shirts_nest_soundly_with_the_grain_along_the_lay() -> None:
    items = _items()
    marker = nest(items, width=WIDTH, seed=3, iterations=60)
    _assert_sound(marker, items)
    _grain_along_lay(marker, items)
    assert marker.utilisation > 0.6


def test_trousers_nest_soundly() -> None:
    items = _items("trousers", 2)
    marker = nest(items, width=WIDTH, seed=1, iterations=40)
    _assert_sound(marker, items)
    _grain_along_lay(marker, items)


def test_one_way_fabric_never_turns_a_piece() -> None:
    items = _items()
    marker = nest(items, width=WIDTH, one_way=True, seed=2, iterations=60)
    _assert_sound(marker, items)
    assert not any(p.turned for p in marker.placements)
    turned = nest(items, width=WIDTH, one_way=False, seed=2, iterations=200)
    assert any(p.turned for p in turned.placements)


@pytest.mark.parametrize(("repeat_u", "repeat_v"), [(12.0, 0.0), (25.0, 25.0)])
def test_stripes_and_checks_fall_the_same_on_every_piece(repeat_u: float, repeat_v: float) -> None:
    items = _items(count=1)
    marker = nest(items, width=WIDTH, repeat_u=repeat_u, repeat_v=repeat_v, seed=1, iterations=30)
    _assert_sound(marker, items)
    matched = [p for p in marker.placements if p.match_at is not None]
    assert len(matched) == sum(1 for i in items if i.match_point is not None) > 4
    for placement in matched:
        u, v = placement.match_at
        assert math.remainder(u, repeat_u) == pytest.approx(0.0, abs=1e-6), placement.key
        if repeat_v:
            assert math.remainder(v, repeat_v) == pytest.approx(0.0, abs=1e-6), placement.key
        # The match point really is that point of the placed piece.
        item = next(i for i in items if i.key == placement.key)
        assert item.polygon.area == pytest.approx(placement.polygon.area)


def test_nesting_is_deterministic_for_a_seed_and_search_only_helps() -> None:
    items = _items()
    a = nest(items, width=WIDTH, seed=7, iterations=50)
    b = nest(items, width=WIDTH, seed=7, iterations=50)
    assert [p.polygon.wkt for p in a.placements] == [p.polygon.wkt for p in b.placements]
    greedy = nest(items, width=WIDTH, seed=7, iterations=0)
    assert a.length <= greedy.length
    assert 1 < a.evaluations <= 51


def test_nesting_beats_pieces_in_a_row() -> None:
    items = _items(count=3)
    nested = nest(items, width=WIDTH, seed=1, iterations=40)
    row = nest_in_a_row(items, width=WIDTH)
    _assert_sound(row, items)
    assert nested.length < 0.9 * row.length
    assert nested.utilisation > row.utilisation


def test_a_piece_wider_than_the_fabric_is_refused() -> None:
    items = _items(count=1)
    with pytest.raises(ValueError, match="wider than the fabric"):
        nest(items, width=300.0, iterations=0)
