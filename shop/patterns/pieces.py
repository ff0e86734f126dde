"""A pattern piece: its seam line, seam allowances, grain, notches, drill holes and cut count.

The seam line is a closed chain of :class:`Edge`; each edge carries its own seam allowance
(10 mm for most seams, more at hems, 0 on a fold). The cutting line is a separate outline,
offset from the seam line edge by edge with mitred corners (:func:`cut_polygon`), computed
with shapely.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property

from shapely import Polygon, make_valid, union_all
from shapely.errors import GEOSException
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from shop.patterns.geometry import (
    Point,
    Segment,
    add,
    dist,
    line,
    mirror_across,
    point_at_length,
    scale,
    segments_length,
    segments_points,
    signed_area,
    sub,
    tangent_curve,
    unit,
)

#: A mitred corner reaches at most this many allowances from the seam corner, then is bevelled.
MITRE_LIMIT = 4.0
#: When GEOS's floating-point union of outlines throws a TopologyException or, as seen with
#: GEOS 3.14 on a small jacket front, drops a part, the union is taken again snap-rounded on
#: a grid of a millionth of a millimetre, which cannot fail that way.
UNION_GRID_MM = 1e-6


class Material(StrEnum):
    """What a piece is cut from: only shell pieces go on the fabric's marker."""

    SHELL = "shell"
    POCKETING = "pocketing"
    LINING = "lining"


class NotchKind(StrEnum):
    SINGLE = "single"
    DOUBLE = "double"


@dataclass(frozen=True, slots=True)
class Edge:
    """A run of the seam line sewn to one thing, with its seam allowance in mm."""

    seam: str
    segments: tuple[Segment, ...]
    allowance: float = 10.0
    fold: bool = False

    @property
    def start(self) -> Point:
        return self.segments[0].p0

    @property
    def end(self) -> Point:
        return self.segments[-1].p3

    def length(self) -> float:
        return segments_length(self.segments)

    def points(self) -> list[Point]:
        return segments_points(self.segments)


@dataclass(frozen=True, slots=True)
class Notch:
    """A balance mark: where on the seam line, and the unit direction pointing into the piece."""

    at: Point
    inward: Point
    kind: NotchKind = NotchKind.SINGLE


@dataclass(frozen=True, slots=True)
class InternalLine:
    """A line drawn, not cut: a fold, a roll line, a pocket or pleat placement, a buttonhole."""

    kind: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Piece:
    """One pattern piece (mm). ``count`` pieces are cut; ``pair`` means left and right
    (every other one mirrored); ``on_fold`` means the piece is half, mirrored across the
    fold edge when cut."""

    code: str
    name_en: str
    name_zh: str
    edges: tuple[Edge, ...]
    grain: tuple[Point, Point]
    count: int = 1
    pair: bool = False
    material: Material = Material.SHELL
    notches: tuple[Notch, ...] = ()
    drills: tuple[Point, ...] = ()
    internal: tuple[InternalLine, ...] = ()
    #: Where a stripe or check must fall the same on every piece of the garment.
    match_point: Point | None = None
    meta: dict[str, float] = field(default_factory=dict)

    # -- seam line ------------------------------------------------------------------
    def edge(self, seam: str) -> Edge:
        for e in self.edges:
            if e.seam == seam:
                return e
        raise KeyError(f"{self.code} has no {seam} edge")

    def edges_for(self, seam: str) -> list[Edge]:
        return [e for e in self.edges if e.seam == seam]

    def seam_length(self, seam: str) -> float:
        return sum(e.length() for e in self.edges_for(seam))

    @property
    def on_fold(self) -> bool:
        return any(e.fold for e in self.edges)

    @property
    def fold_edge(self) -> Edge | None:
        return next((e for e in self.edges if e.fold), None)

    def seam_points(self) -> list[Point]:
        pts: list[Point] = []
        for e in self.edges:
            pts.extend(e.points()[:-1])
        return pts

    @cached_property
    def seam_polygon(self) -> Polygon:
        return Polygon(self.seam_points())

    @cached_property
    def cut_polygon(self) -> Polygon:
        return cut_polygon(self)

    def allowances(self) -> dict[str, float]:
        """Seam code -> allowance in mm, for the labels."""
        out: dict[str, float] = {}
        for e in self.edges:
            out.setdefault(e.seam, e.allowance)
        return out

    def with_notches(self, marks: list[tuple[str, float, NotchKind]]) -> Piece:
        """The piece with a notch added at each ``(seam, distance along it, kind)``."""
        added = tuple(self.notch_on(seam, d, kind) for seam, d, kind in marks)
        return replace(self, notches=self.notches + added)

    def notch_on(self, seam: str, distance: float, kind: NotchKind = NotchKind.SINGLE) -> Notch:
        """A notch ``distance`` mm along the edge(s) of ``seam`` from their start."""
        segs = [s for e in self.edges_for(seam) for s in e.segments]
        at, tangent = point_at_length(segs, distance)
        inward = _inward(self, tangent)
        return Notch(at, inward, kind)

    # -- what the cutter cuts ---------------------------------------------------------
    def cut_shapes(self) -> list[tuple[Polygon, Point, Point | None]]:
        """The polygons cut from the fabric for this piece, each with its grain direction
        and match point: a fold piece unfolded; a pair as left and mirrored right;
        ``count`` in all."""
        base = self.cut_polygon
        fold = self.fold_edge
        if fold is not None:
            a, b = fold.start, fold.end
            mirrored = Polygon([mirror_across(p, a, b) for p in base.exterior.coords])
            merged = _union([base, mirrored.buffer(0)])
            base = _largest(make_valid(merged.buffer(0.01).buffer(-0.01)))
        g0, g1 = self.grain
        grain = unit(sub(g1, g0))
        shapes: list[tuple[Polygon, Point, Point | None]] = []
        cx = (base.bounds[0] + base.bounds[2]) / 2
        for i in range(self.count):
            if self.pair and i % 2 == 1:
                mirrored_match = (
                    (2 * cx - self.match_point[0], self.match_point[1])
                    if self.match_point is not None
                    else None
                )
                shapes.append(
                    (
                        Polygon([(2 * cx - x, y) for x, y in base.exterior.coords]),
                        (-grain[0], grain[1]),
                        mirrored_match,
                    )
                )
            else:
                shapes.append((base, grain, self.match_point))
        return shapes

    def label_en(self) -> str:
        return f"Cut {self.count}{' on fold' if self.on_fold else ''}" + (
            " (pair)" if self.pair else ""
        )

    def label_zh(self) -> str:
        text = f"裁 {self.count} 片"
        if self.on_fold:
            text += "（对折）"
        if self.pair:
            text += "（左右对称）"
        return text


def _inward(piece: Piece, tangent: Point) -> Point:
    # The seam line runs counter-clockwise, so the inside is on the left of the tangent.
    left = (-tangent[1], tangent[0])
    if signed_area(piece.seam_points()) < 0:
        left = (-left[0], -left[1])
    return left


def _largest(geom: object) -> Polygon:
    if isinstance(geom, Polygon):
        return Polygon(geom.exterior.coords)
    polys = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]
    if not polys:
        raise ValueError("no polygon")
    best = max(polys, key=lambda p: p.area)
    return Polygon(best.exterior.coords)


def _union(parts: list[Polygon]) -> BaseGeometry:
    """The union of ``parts``: in floating point when GEOS gets it whole (every part
    covered), else snap-rounded on the grid."""
    try:
        merged = union_all(parts)
        if all(part.difference(merged).area < 1e-3 for part in parts):
            return merged
    except GEOSException:
        pass
    return union_all(parts, grid_size=UNION_GRID_MM)


def _line_intersection(p: Point, d: Point, q: Point, e: Point) -> Point | None:
    den = d[0] * e[1] - d[1] * e[0]
    if abs(den) < 1e-9:
        return None
    t = ((q[0] - p[0]) * e[1] - (q[1] - p[1]) * e[0]) / den
    return (p[0] + d[0] * t, p[1] + d[1] * t)


def cut_polygon(piece: Piece) -> Polygon:
    """The cutting line: the seam line pushed out by each edge's allowance, mitred corners.

    Built as the union of the seam polygon, one single-sided band per edge, and one mitre
    (or bevel) per convex corner, so it always encloses the seam line.
    """
    pts = piece.seam_points()
    ccw = signed_area(pts) > 0
    sign = 1.0 if ccw else -1.0  # outward normal of direction d is (d.y, -d.x) * sign
    parts = [piece.seam_polygon.buffer(0)]
    edges = piece.edges
    for e in edges:
        if e.allowance <= 0:
            continue
        ls = LineString(e.points())
        # shapely: positive single-sided distance buffers on the left.
        parts.append(ls.buffer(-sign * e.allowance, single_sided=True, join_style="mitre"))
    for i, e in enumerate(edges):
        nxt = edges[(i + 1) % len(edges)]
        if e.allowance <= 0 and nxt.allowance <= 0:
            continue
        corner = e.end
        pe, pn = e.points(), nxt.points()
        d1 = unit(sub(pe[-1], pe[-2]))
        d2 = unit(sub(pn[1], pn[0]))
        turn = d1[0] * d2[1] - d1[1] * d2[0]
        if turn * sign < -1e-6:
            continue  # a concave corner: the two bands already overlap there
        n1 = (d1[1] * sign, -d1[0] * sign)
        n2 = (d2[1] * sign, -d2[0] * sign)
        a = add(corner, scale(n1, e.allowance))
        b = add(corner, scale(n2, nxt.allowance))
        if dist(a, b) < 1e-6:
            continue
        m = _line_intersection(a, d1, b, d2)
        limit = MITRE_LIMIT * max(e.allowance, nxt.allowance, 1.0)
        quad = [corner, a, b] if m is None or dist(m, corner) > limit else [corner, a, m, b]
        poly = Polygon(quad)
        if poly.area > 1e-6:
            parts.append(poly.buffer(0))
    merged = _union(parts)
    return _largest(make_valid(merged)).simplify(0.0)


def grain_fitted(piece: Piece) -> Piece:
    """The piece with its grain line kept inside the seam line (at least 5 mm in).

    The drafts place the grain line by proportion; on a very small or oddly proportioned
    body it could stick out, so it is clipped to the piece along its own direction, and
    moved to pass through the middle of the piece if nothing of it is left inside.
    """
    a, b = piece.grain
    inner = piece.seam_polygon.buffer(-5.0)
    if inner.is_empty:
        inner = piece.seam_polygon
    d = unit(sub(b, a))
    if d == (0.0, 0.0):
        d = (0.0, 1.0)

    def longest(through: Point) -> tuple[Point, Point] | None:
        far = 1e5
        ray = LineString([sub(through, scale(d, far)), add(through, scale(d, far))])
        hit = inner.intersection(ray)
        parts = [g for g in getattr(hit, "geoms", [hit]) if isinstance(g, LineString)]
        parts = [g for g in parts if not g.is_empty and g.length > 0]
        if not parts:
            return None
        best = max(parts, key=lambda g: g.length)
        (x0, y0), (x1, y1) = best.coords[0], best.coords[-1]
        return (x0, y0), (x1, y1)

    if inner.contains(LineString([a, b])):
        return piece
    span = longest(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2))
    if span is None:
        c = inner.representative_point()
        span = longest((c.x, c.y))
    if span is None:
        return piece
    p, q = span
    if (q[0] - p[0]) * d[0] + (q[1] - p[1]) * d[1] < 0:
        p, q = q, p
    shrink = 0.1 * dist(p, q)
    start, end = add(p, scale(d, shrink)), sub(q, scale(d, shrink))
    return replace(piece, grain=(start, end))


def box_piece(
    code: str,
    en: str,
    zh: str,
    w: float,
    h: float,
    count: int,
    *,
    pair: bool = False,
    material: Material = Material.SHELL,
    round_bottom: bool = False,
    allowance: float = 10.0,
) -> Piece:
    """A rectangle ``w`` by ``h`` mm (its bottom rounded if asked), grain along ``h``:
    facings, welts, strips, pocket bags."""
    if round_bottom:
        r = min(w, h) / 2
        bottom: tuple[Segment, ...] = (
            line((0.0, h), (0.0, r)),
            tangent_curve((0.0, r), (0, -1), (w / 2, 0.0), (1, 0), 0.55),
            tangent_curve((w / 2, 0.0), (1, 0), (w, r), (0, 1), 0.55),
            line((w, r), (w, h)),
        )
    else:
        bottom = (line((0.0, h), (0.0, 0.0)), line((0.0, 0.0), (w, 0.0)), line((w, 0.0), (w, h)))
    return Piece(
        code=code,
        name_en=en,
        name_zh=zh,
        edges=(
            Edge("outline", bottom, allowance=allowance),
            Edge("top", (line((w, h), (0.0, h)),), allowance=allowance),
        ),
        grain=((w / 2, min(15.0, h / 4)), (w / 2, max(h - 15, 3 * h / 4))),
        count=count,
        pair=pair,
        material=material,
    )
