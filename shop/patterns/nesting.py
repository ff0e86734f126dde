"""Nesting pieces on a fabric of fixed width: a skyline bottom-left placement improved by a
local search, and the simple baseline it is measured against.

Coordinates: ``u`` across the usable width (selvedge to selvedge), ``v`` along the lay
(the warp, the grain). Every piece is turned so its grain line runs along ``v``; with a
one-way fabric (nap, pile, one-way print) every piece keeps its top towards the same end,
otherwise a piece may also be turned end for end (180°). Pairs arrive already as left and
mirrored right.

Placement works on columns ``resolution`` mm wide: each piece orientation is reduced to its
lowest and highest ``v`` in every column it covers (computed from its outline densified to
half a column, after growing it by half the cutting gap), so two placed pieces never
overlap. A piece goes where it comes to rest lowest (then leftmost) on the skyline of what
is already placed, and, where it may be turned, whichever way up rests lower. Stripes are
matched by putting every piece's match point on a stripe (``u`` a multiple of the repeat
across); checks also on a bar of the repeat along ``v``.

The local search swaps two pieces in the placing order or flips the way a piece prefers
when both rest equally low, keeps the change when the lay gets no longer (then when the
skyline gets no higher on average), and is deterministic for a seed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.lib.stride_tricks import sliding_window_view
from shapely import Polygon
from shapely.affinity import rotate, translate

from shop.patterns.geometry import Point

DEFAULT_RESOLUTION = 5.0
DEFAULT_GAP = 2.0


@dataclass(frozen=True)
class NestItem:
    """One shape to cut. ``grain`` is the piece's grain direction (towards the top)."""

    key: str
    group: str
    polygon: Polygon
    grain: Point = (0.0, 1.0)
    match_point: Point | None = None


@dataclass(frozen=True)
class Placement:
    key: str
    group: str
    polygon: Polygon  # in marker coordinates (u, v), mm
    turned: bool
    #: Where the piece's match point landed (matched fabrics only).
    match_at: Point | None = None


@dataclass(frozen=True)
class Marker:
    width: float  # usable width, mm
    length: float  # mm along the lay
    placements: tuple[Placement, ...]
    evaluations: int = 0

    @property
    def area(self) -> float:
        return float(sum(p.polygon.area for p in self.placements))

    @property
    def utilisation(self) -> float:
        return self.area / (self.width * self.length) if self.length > 0 else 0.0


@dataclass
class _Shape:
    polygon: Polygon  # upright, in its own frame
    bottom: np.ndarray
    top: np.ndarray
    col0: int  # column of the first profile entry relative to the reference
    ref_u: float  # u of the reference in the piece frame (match point or min u)
    ref_v: float


def upright(item: NestItem) -> Polygon:
    gx, gy = item.grain
    angle = math.degrees(math.atan2(gx, gy))  # turn the grain onto +v
    return rotate(item.polygon, angle, origin=(0, 0))


def _profile(poly: Polygon, ref_u: float, ref_v: float, res: float, gap: float) -> _Shape:
    grown = poly.buffer(gap / 2, join_style="mitre") if gap > 0 else poly
    dense = shapely.segmentize(grown.exterior, res / 2)
    coords = np.asarray(dense.coords)
    us = coords[:, 0] - ref_u
    vs = coords[:, 1] - ref_v
    eps = 1e-6
    lo_cols = np.floor((us - eps) / res).astype(int)
    hi_cols = np.floor((us + eps) / res).astype(int)
    col0 = int(min(lo_cols.min(), hi_cols.min()))
    ncols = int(max(lo_cols.max(), hi_cols.max())) - col0 + 1
    bottom = np.full(ncols, np.inf)
    top = np.full(ncols, -np.inf)
    for cols in (lo_cols, hi_cols):
        np.minimum.at(bottom, cols - col0, vs)
        np.maximum.at(top, cols - col0, vs)
    # Columns crossed between samples (very steep edges) inherit their neighbours' range.
    missing = ~np.isfinite(bottom)
    if missing.any():
        bottom[missing] = np.min(bottom[~missing])
        top[missing] = np.max(top[~missing])
    return _Shape(poly, bottom, top, col0, ref_u, ref_v)


#: (item index, the shape placed, reference column, v of the reference)
Placed = tuple[int, "_Shape", int, float]


@dataclass
class _State:
    skies: list[np.ndarray]
    lengths: list[float]
    placed: list[Placed]
    #: What the search minimises: the lay length, then the mean height of the skyline
    #: (a lower top leaves more room and breaks the many ties of length alone).
    score: tuple[float, float] = (0.0, 0.0)


class _Problem:
    def __init__(
        self,
        items: Sequence[NestItem],
        width: float,
        *,
        one_way: bool,
        repeat_u: float,
        repeat_v: float,
        resolution: float,
        gap: float,
    ) -> None:
        if repeat_u > 0:
            resolution = repeat_u / max(1, round(repeat_u / resolution))
        self.res = resolution
        self.width = width
        self.cols = math.floor(width / resolution)
        self.repeat_u, self.repeat_v = repeat_u, repeat_v
        self.items = list(items)
        self.one_way = one_way
        self.shapes: list[list[_Shape]] = []
        cache: dict[tuple[bytes, bool, bool], list[_Shape]] = {}
        for item in self.items:
            up = upright(item)
            matched = item.match_point is not None and (repeat_u > 0 or repeat_v > 0)
            key = (shapely.to_wkb(up), matched, one_way)
            if key not in cache:
                cache[key] = [self._shape(up, item, matched, turned=False)]
                if not one_way:
                    cache[key].append(self._shape(up, item, matched, turned=True))
            self.shapes.append(cache[key])

    def _shape(self, up: Polygon, item: NestItem, matched: bool, *, turned: bool) -> _Shape:
        poly = rotate(up, 180, origin=(0, 0)) if turned else up
        if matched and item.match_point is not None:
            gx, gy = item.grain
            mp = rotate(
                shapely.Point(item.match_point), math.degrees(math.atan2(gx, gy)), origin=(0, 0)
            )
            if turned:
                mp = rotate(mp, 180, origin=(0, 0))
            ref_u, ref_v = mp.x, mp.y
        else:
            minx, miny, _, _ = poly.bounds
            ref_u, ref_v = minx, miny
        return _profile(poly, ref_u, ref_v, self.res, DEFAULT_GAP)

    def place(
        self,
        order: Sequence[int],
        turns: Sequence[bool],
        start: int = 0,
        before: _State | None = None,
    ) -> tuple[float, list[Placed], _State]:
        """Place ``order[start:]`` on top of ``before`` (the state before ``start``).

        Returns the lay length, the placements and the state before each position, so a
        later call can start again from any position.
        """
        if before is None or start == 0:
            sky, length, placed, skies, lengths = np.zeros(self.cols), 0.0, [], [], []
        else:
            sky = before.skies[start].copy()
            length = before.lengths[start]
            placed = list(before.placed[:start])
            skies, lengths = list(before.skies[:start]), list(before.lengths[:start])
        for idx in order[start:]:
            skies.append(sky.copy())
            lengths.append(length)
            options = self.shapes[idx]
            if len(options) > 1:
                # Either way up: the one that comes to rest lowest (then the lower top;
                # the search's turn decides a tie).
                fits = [self._rest(idx, o, sky) for o in options]
                pick = min(
                    range(len(options)),
                    key=lambda i: (
                        round(fits[i][1] + float(options[i].bottom.min()), 1),
                        fits[i][1] + float(options[i].top.max()),
                        i != int(turns[idx]),
                    ),
                )
                shape, (best, v) = options[pick], fits[pick]
            else:
                shape = options[1] if (turns[idx] and len(options) > 1) else options[0]
                best, v = self._rest(idx, shape, sky)
            k = len(shape.bottom)
            sky[best : best + k] = v + shape.top
            length = max(length, v + float(shape.top.max()))
            placed.append((idx, shape, best - shape.col0, v))
        state = _State(skies, lengths, placed, (round(length, 3), float(sky.mean())))
        return length, placed, state

    def _rest(self, idx: int, shape: _Shape, sky: np.ndarray) -> tuple[int, float]:
        """The start column where the shape comes to rest lowest, and its reference's v."""
        k = len(shape.bottom)
        if k > self.cols:
            raise ValueError("a piece is wider than the fabric")
        windows = sliding_window_view(sky, k)
        rest = np.max(windows - shape.bottom, axis=1)  # v of the reference per start
        if self.repeat_u > 0 and self.items[idx].match_point is not None:
            step = round(self.repeat_u / self.res)
            ref_cols = np.arange(len(rest)) - shape.col0
            rest = np.where(ref_cols % step == 0, rest, np.inf)
        rest = np.maximum(rest, -shape.bottom.min())
        if self.repeat_v > 0 and self.items[idx].match_point is not None:
            rest = np.ceil(rest / self.repeat_v - 1e-9) * self.repeat_v
        best = int(np.argmin(rest))
        v = float(rest[best])
        if not math.isfinite(v):
            raise ValueError("no place matches the stripes")
        return best, v

    def marker(self, placed: list[Placed], length: float, evaluations: int) -> Marker:
        out = []
        for idx, shape, ref_col, v in placed:
            item = self.items[idx]
            du = ref_col * self.res - shape.ref_u
            dv = v - shape.ref_v
            turned = shape is not self.shapes[idx][0]
            matched = item.match_point is not None and (self.repeat_u > 0 or self.repeat_v > 0)
            out.append(
                Placement(
                    item.key,
                    item.group,
                    translate(shape.polygon, du, dv),
                    turned,
                    (ref_col * self.res, v) if matched else None,
                )
            )
        return Marker(self.width, length, tuple(out), evaluations)


def default_iterations(pieces: int) -> int:
    """The local search's moves when none are given: more per piece for small lays."""
    return max(40, min(400, 20000 // max(1, pieces)))


def nest(
    items: Sequence[NestItem],
    *,
    width: float,
    one_way: bool = False,
    repeat_u: float = 0.0,
    repeat_v: float = 0.0,
    seed: int = 0,
    iterations: int | None = None,
    resolution: float = DEFAULT_RESOLUTION,
) -> Marker:
    """Nest the items on ``width`` mm; ``iterations`` of local search (default by size)."""
    problem = _Problem(
        items,
        width,
        one_way=one_way,
        repeat_u=repeat_u,
        repeat_v=repeat_v,
        resolution=resolution,
        gap=DEFAULT_GAP,
    )
    n = len(items)
    if n == 0:
        return Marker(width, 0.0, ())

    # Start: tallest first (then widest), the usual order for strip packing.
    def size(i: int) -> tuple[float, float]:
        minx, miny, maxx, maxy = upright(items[i]).bounds
        return (-(maxy - miny), -(maxx - minx))

    order = sorted(range(n), key=lambda i: (size(i), items[i].key))
    turns = [False] * n
    best_len, best_placed, state = problem.place(order, turns)
    evaluations = 1
    if iterations is None:
        iterations = default_iterations(n)
    rng = random.Random(seed)
    for _ in range(iterations):
        cand_order, cand_turns = list(order), list(turns)
        if not one_way and rng.random() < 0.3:
            pos = rng.randrange(n)
            cand_turns[order[pos]] = not cand_turns[order[pos]]
        else:
            i, j = rng.randrange(n), rng.randrange(n)
            if i == j:
                continue
            cand_order[i], cand_order[j] = cand_order[j], cand_order[i]
            pos = min(i, j)
        length, placed, cand_state = problem.place(cand_order, cand_turns, pos, state)
        evaluations += 1
        if cand_state.score <= state.score:
            order, turns, best_len, best_placed, state = (
                cand_order,
                cand_turns,
                length,
                placed,
                cand_state,
            )
    return problem.marker(best_placed, best_len, evaluations)


def nest_in_a_row(items: Sequence[NestItem], *, width: float) -> Marker:
    """The baseline: bounding boxes in the given order, left to right, row after row."""
    placements = []
    u = v = row = 0.0
    for item in items:
        up = upright(item)
        minx, miny, maxx, maxy = up.bounds
        w, h = maxx - minx + DEFAULT_GAP, maxy - miny + DEFAULT_GAP
        if w > width:
            raise ValueError("a piece is wider than the fabric")
        if u + w > width:
            u, v, row = 0.0, v + row, 0.0
        placements.append(Placement(item.key, item.group, translate(up, u - minx, v - miny), False))
        u += w
        row = max(row, h)
    return Marker(width, v + row, tuple(placements))


def marker_overlaps(marker: Marker) -> list[tuple[str, str]]:
    """Pairs of placed pieces whose insides overlap (an independent check)."""
    polys = [p.polygon for p in marker.placements]
    tree = shapely.STRtree(polys)
    bad = []
    for i, poly in enumerate(polys):
        for j in tree.query(poly):
            if j > i and polys[i].intersection(polys[int(j)]).area > 1.0:
                bad.append((marker.placements[i].key, marker.placements[int(j)].key))
    return bad
