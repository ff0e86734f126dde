"""Plane geometry for pattern pieces: points, lines and cubic Bézier curves, in millimetres.

A pattern piece's seam line is a closed chain of *edges*; each edge is a run of segments
(straight lines or cubic Béziers) that is sewn to one thing (a side seam, a hem, a fold).
Curves are flattened into polylines with a fixed number of steps, so every output, length
and check is deterministic. Coordinates are x to the right, y up (as in DXF); the SVG writer
flips y.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

Point = tuple[float, float]

#: Steps a cubic is flattened into for drawing and for nesting (about 1-2 mm on a long curve).
FLATTEN_STEPS = 24
#: Steps used to measure a cubic's length (error well under 0.1 mm on these curves).
LENGTH_STEPS = 96


def add(a: Point, b: Point) -> Point:
    return (a[0] + b[0], a[1] + b[1])


def sub(a: Point, b: Point) -> Point:
    return (a[0] - b[0], a[1] - b[1])


def scale(a: Point, k: float) -> Point:
    return (a[0] * k, a[1] * k)


def dist(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def unit(v: Point) -> Point:
    n = math.hypot(v[0], v[1])
    if n == 0:
        return (0.0, 0.0)
    return (v[0] / n, v[1] / n)


def along(a: Point, direction: Point, distance: float) -> Point:
    """The point ``distance`` from ``a`` in ``direction`` (normalised here)."""
    return add(a, scale(unit(direction), distance))


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight line (``c1 is c2 is None``) or a cubic Bézier from ``p0`` to ``p3``."""

    p0: Point
    p3: Point
    c1: Point | None = None
    c2: Point | None = None

    @property
    def is_curve(self) -> bool:
        return self.c1 is not None

    def at(self, t: float) -> Point:
        if self.c1 is None or self.c2 is None:
            return lerp(self.p0, self.p3, t)
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        return (
            a * self.p0[0] + b * self.c1[0] + c * self.c2[0] + d * self.p3[0],
            a * self.p0[1] + b * self.c1[1] + c * self.c2[1] + d * self.p3[1],
        )

    def points(self, steps: int = FLATTEN_STEPS) -> list[Point]:
        """The polyline from ``p0`` to ``p3`` (both included)."""
        if not self.is_curve:
            return [self.p0, self.p3]
        return [self.at(i / steps) for i in range(steps + 1)]

    def length(self) -> float:
        if self.c1 is None or self.c2 is None:
            return dist(self.p0, self.p3)
        return _cubic_length(self.p0, self.c1, self.c2, self.p3)

    def split(self, t: float) -> tuple[Segment, Segment]:
        """De Casteljau: the two halves at ``t``."""
        if self.c1 is None or self.c2 is None:
            m = lerp(self.p0, self.p3, t)
            return Segment(self.p0, m), Segment(m, self.p3)
        p01, p12, p23 = (
            lerp(self.p0, self.c1, t),
            lerp(self.c1, self.c2, t),
            lerp(self.c2, self.p3, t),
        )
        p012, p123 = lerp(p01, p12, t), lerp(p12, p23, t)
        m = lerp(p012, p123, t)
        return Segment(self.p0, m, p01, p012), Segment(m, self.p3, p123, p23)

    def reversed(self) -> Segment:
        if self.c1 is None or self.c2 is None:
            return Segment(self.p3, self.p0)
        return Segment(self.p3, self.p0, self.c2, self.c1)

    def mapped(self, f: Callable[[Point], Point]) -> Segment:
        if self.c1 is None or self.c2 is None:
            return Segment(f(self.p0), f(self.p3))
        return Segment(f(self.p0), f(self.p3), f(self.c1), f(self.c2))


# Gauss-Legendre nodes and weights on [0, 1] (5 points), applied on 8 sub-intervals.
_GL = (
    (0.046910077030668, 0.118463442528095),
    (0.230765344947158, 0.239314335249683),
    (0.5, 0.284444444444444),
    (0.769234655052842, 0.239314335249683),
    (0.953089922969332, 0.118463442528095),
)
_GL_PARTS = 8


@lru_cache(maxsize=65536)
def _cubic_length(p0: Point, c1: Point, c2: Point, p3: Point) -> float:
    """Arc length of a cubic: the speed |B'(t)| integrated by Gauss-Legendre quadrature."""
    ax, ay = 3 * (c1[0] - p0[0]), 3 * (c1[1] - p0[1])
    bx, by = 3 * (c2[0] - c1[0]), 3 * (c2[1] - c1[1])
    cx, cy = 3 * (p3[0] - c2[0]), 3 * (p3[1] - c2[1])
    total = 0.0
    for part in range(_GL_PARTS):
        for node, weight in _GL:
            t = (part + node) / _GL_PARTS
            u = 1 - t
            dx = ax * u * u + 2 * bx * u * t + cx * t * t
            dy = ay * u * u + 2 * by * u * t + cy * t * t
            total += weight * math.hypot(dx, dy)
    return total / _GL_PARTS


def line(a: Point, b: Point) -> Segment:
    return Segment(a, b)


def cubic(a: Point, c1: Point, c2: Point, b: Point) -> Segment:
    return Segment(a, b, c1, c2)


def tangent_curve(a: Point, a_dir: Point, b: Point, b_dir: Point, tension: float = 0.4) -> Segment:
    """A cubic leaving ``a`` along ``a_dir`` and arriving at ``b`` along ``b_dir``.

    The handles are ``tension`` times the chord long, which keeps the curve free of loops.
    """
    h = dist(a, b) * tension
    return Segment(a, b, along(a, a_dir, h), along(b, (-b_dir[0], -b_dir[1]), h))


def smooth_through(
    points: Sequence[Point], start_dir: Point | None = None, end_dir: Point | None = None
) -> list[Segment]:
    """Cubics through every point (Catmull-Rom tangents; given end directions if any)."""
    n = len(points)
    if n < 2:
        raise ValueError("a curve needs two points")
    dirs: list[Point] = []
    for i in range(n):
        if i == 0:
            dirs.append(unit(start_dir) if start_dir else unit(sub(points[1], points[0])))
        elif i == n - 1:
            dirs.append(unit(end_dir) if end_dir else unit(sub(points[-1], points[-2])))
        else:
            dirs.append(unit(sub(points[i + 1], points[i - 1])))
    segs = []
    for i in range(n - 1):
        a, b = points[i], points[i + 1]
        h = dist(a, b) / 3
        segs.append(Segment(a, b, along(a, dirs[i], h), along(b, scale(dirs[i + 1], -1), h)))
    return segs


def polyline_length(points: Sequence[Point]) -> float:
    return sum(dist(a, b) for a, b in itertools.pairwise(points))


def segments_length(segments: Sequence[Segment]) -> float:
    return sum(s.length() for s in segments)


def segments_points(segments: Sequence[Segment], steps: int = FLATTEN_STEPS) -> list[Point]:
    """The polyline of a run of segments, without repeating the shared ends."""
    out: list[Point] = []
    for seg in segments:
        pts = seg.points(steps)
        out.extend(pts if not out else pts[1:])
    return out


def point_at_length(segments: Sequence[Segment], distance: float) -> tuple[Point, Point]:
    """The point ``distance`` along a run of segments and the unit tangent there."""
    pts = segments_points(segments, LENGTH_STEPS)
    walked = 0.0
    for a, b in itertools.pairwise(pts):
        step = dist(a, b)
        if step > 0 and walked + step >= distance:
            return lerp(a, b, (distance - walked) / step), unit(sub(b, a))
        walked += step
    a, b = pts[-2], pts[-1]
    return b, unit(sub(b, a))


def split_at_x(seg: Segment, x: float) -> tuple[Segment, Segment] | None:
    """Split a segment where it crosses the vertical ``x`` (first crossing), if it does."""
    return _split_where(seg, lambda p: p[0] - x)


def split_at_y(seg: Segment, y: float) -> tuple[Segment, Segment] | None:
    """Split a segment where it crosses the horizontal ``y`` (first crossing), if it does."""
    return _split_where(seg, lambda p: p[1] - y)


def _split_where(seg: Segment, f: Callable[[Point], float]) -> tuple[Segment, Segment] | None:
    steps = 200
    prev_t, prev_v = 0.0, f(seg.at(0.0))
    for i in range(1, steps + 1):
        t = i / steps
        v = f(seg.at(t))
        if prev_v == 0:
            return seg.split(max(prev_t, 1e-9)) if prev_t > 0 else None
        if (prev_v < 0) != (v < 0) or v == 0:
            lo, hi = prev_t, t
            for _ in range(50):
                mid = (lo + hi) / 2
                if (f(seg.at(mid)) < 0) == (prev_v < 0):
                    lo = mid
                else:
                    hi = mid
            t_hit = (lo + hi) / 2
            if t_hit <= 1e-9 or t_hit >= 1 - 1e-9:
                return None
            return seg.split(t_hit)
        prev_t, prev_v = t, v
    return None


def solve_increasing(f: Callable[[float], float], target: float, lo: float, hi: float) -> float:
    """The ``x`` in ``[lo, hi]`` where the increasing ``f(x)`` meets ``target`` (clamped)."""
    if f(lo) >= target:
        return lo
    if f(hi) <= target:
        return hi
    for _ in range(40):
        mid = (lo + hi) / 2
        if f(mid) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def mirror_x(p: Point, axis_x: float = 0.0) -> Point:
    return (2 * axis_x - p[0], p[1])


def mirror_across(p: Point, a: Point, b: Point) -> Point:
    """``p`` reflected across the line through ``a`` and ``b``."""
    d = unit(sub(b, a))
    v = sub(p, a)
    proj = v[0] * d[0] + v[1] * d[1]
    foot = add(a, scale(d, proj))
    return sub(scale(foot, 2), p)


def signed_area(points: Sequence[Point]) -> float:
    s = 0.0
    for (x1, y1), (x2, y2) in zip(points, [*list(points[1:]), points[0]], strict=False):
        s += x1 * y2 - x2 * y1
    return s / 2
