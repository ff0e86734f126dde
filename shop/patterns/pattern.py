"""A drafted pattern: its pieces, the checks measured on them, and any warnings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from shapely.geometry import LineString

from shop.patterns.pieces import Piece
from shop.patterns.spec import DraftSpec


@dataclass(frozen=True, slots=True)
class Check:
    """One dimension measured on the pieces against what it must be (mm).

    ``code`` names what is measured (a finished dimension such as ``chest``, or a seam
    pair such as ``match:side``); ``ok`` when ``|measured - expected| <= tolerance``.
    """

    code: str
    name_en: str
    name_zh: str
    expected: float
    measured: float
    tolerance: float = 2.0

    @property
    def difference(self) -> float:
        return self.measured - self.expected

    @property
    def ok(self) -> bool:
        return abs(self.difference) <= self.tolerance


@dataclass(frozen=True)
class Pattern:
    spec: DraftSpec
    pieces: tuple[Piece, ...]
    checks: tuple[Check, ...]
    #: Codes of the adjustments a body outside the usual proportions forced.
    warnings: tuple[str, ...] = ()
    system: str = ""

    def piece(self, code: str) -> Piece:
        for p in self.pieces:
            if p.code == code:
                return p
        raise KeyError(code)

    def check(self, code: str) -> Check:
        for c in self.checks:
            if c.code == code:
                return c
        raise KeyError(code)

    @property
    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


def width_at(piece: Piece, y: float, *, origin_x: float | None = None) -> float:
    """The piece's width along the horizontal ``y`` (from ``origin_x`` if given)."""
    poly = piece.seam_polygon
    minx, _, maxx, _ = poly.bounds
    cut = poly.intersection(LineString([(minx - 10, y), (maxx + 10, y)]))
    if cut.is_empty:
        return 0.0
    lo, _, hi, _ = cut.bounds
    return float(hi - (origin_x if origin_x is not None else lo))


def height_of(piece: Piece) -> float:
    _, lo, _, hi = piece.seam_polygon.bounds
    return float(hi - lo)


class CheckList:
    """Collects checks with their names in both languages."""

    def __init__(self) -> None:
        self.items: list[Check] = []

    def add(
        self,
        code: str,
        en: str,
        zh: str,
        expected: float,
        measured: float,
        tolerance: float = 2.0,
    ) -> None:
        self.items.append(Check(code, en, zh, expected, measured, tolerance))

    def match(
        self, seam: str, en: str, zh: str, a: float, b: float, ease: float = 0.0, tol: float = 2.0
    ) -> None:
        """Seam ``a`` is sewn to seam ``b`` with ``ease`` (mm of ``a`` over ``b``)."""
        self.add(f"match:{seam}", en, zh, b + ease, a, tol)


Drafter = Callable[[DraftSpec], Pattern]


def within(value: float, lo: float, hi: float, code: str, warnings: list[str]) -> float:
    """``value`` brought into the drafting system's range ``[lo, hi]``; a warning says so.

    The measurement validation accepts bodies no proportional system drafts (an armhole a
    quarter of the chest, shoulders as wide as half the chest); such a dimension is drafted
    at the nearest value the system can, and its check then shows the difference.
    """
    if value < lo:
        warnings.append(f"proportion_adjusted:{code}")
        return lo
    if value > hi:
        warnings.append(f"proportion_adjusted:{code}")
        return hi
    return value
