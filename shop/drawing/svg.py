"""Small markup helpers shared by the garment drawings (view box 300 x 360, centre x 150)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from shop.drawing.fabric import luminance

Point = tuple[float, float]

CENTRE = 150
OUTLINE = "#333"
#: wraps markup drawn for the viewer's left so that it lands, mirrored, on the right
MIRROR = '<g transform="matrix(-1 0 0 1 300 0)">'

# Characters XML 1.0 cannot carry at all; they are dropped from any text drawn.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def n(value: float) -> str:
    """A coordinate, to one decimal and without trailing zeros."""
    text = f"{round(value, 1):g}"
    return "0" if text == "-0" else text


def path(points: Iterable[Point], *, close: bool = True) -> str:
    """``M x y L x y …`` through the points (as the ``d`` attribute)."""
    parts = [f"{n(x)} {n(y)}" for x, y in points]
    return "M" + "L".join(parts) + ("Z" if close else "")


def shape(points: Iterable[Point], attrs: str = "") -> str:
    space = " " if attrs else ""
    return f'<path d="{path(points)}"{space}{attrs}/>'


def both_sides(markup: str) -> str:
    """Markup drawn for the viewer's left, and its mirror image on the right."""
    return f"{markup}{MIRROR}{markup}</g>"


def symmetric(left: list[Point]) -> list[Point]:
    """An outline from its left half (top centre to bottom centre) and the mirror image."""
    right = [(300 - x, y) for x, y in reversed(left)]
    if left and right and right[0] == left[-1]:
        right = right[1:]
    if left and right and right[-1] == left[0]:
        right = right[:-1]
    return left + right


def inset(x: float, height: float = 70) -> str:
    """The frame of a small side view (back view, lining) in a top corner."""
    return (
        f'<rect x="{n(x)}" y="6" width="56" height="{n(height)}" rx="6" fill="#f5f5f3" '
        'stroke="#bbb" stroke-width="1"/>'
    )


def button(x: float, y: float, r: float = 2.4, fill: str = "#f4f1ea") -> str:
    return f'<circle cx="{n(x)}" cy="{n(y)}" r="{n(r)}" fill="{fill}" stroke-width=".8"/>'


def clean_text(text: object, *, limit: int | None = None) -> str:
    """Text safe to put in XML: unusable characters dropped, white space collapsed."""
    cleaned = " ".join(_NOT_XML.sub("", str(text)).split())
    return cleaned[:limit].strip() if limit is not None else cleaned


@dataclass(frozen=True)
class Limb:
    """A sleeve hanging from shoulder ``top`` / armpit ``under`` to an end centred at ``end``."""

    outline: str
    #: ``transform`` putting the origin at the end's centre, y pointing back up the sleeve
    end_transform: str


def limb(*, top: Point, under: Point, end: Point, width: float) -> Limb:
    middle = ((top[0] + under[0]) / 2, (top[1] + under[1]) / 2)
    dx, dy = end[0] - middle[0], end[1] - middle[1]
    angle = math.atan2(-dx, dy)
    cos, sin = math.cos(angle), math.sin(angle)
    half = width / 2
    outer = (end[0] - half * cos, end[1] - half * sin)
    inner = (end[0] + half * cos, end[1] + half * sin)
    # the sleeve head rounds out a little past the shoulder point
    cap = (top[0] + (outer[0] - top[0]) * 0.22 - 3, top[1] + (outer[1] - top[1]) * 0.22)
    outline = (
        f"M{n(top[0])} {n(top[1])}Q{n(top[0] - 5)} {n(top[1] + 6)} {n(cap[0])} {n(cap[1])}"
        f"L{n(outer[0])} {n(outer[1])}L{n(inner[0])} {n(inner[1])}L{n(under[0])} {n(under[1])}Z"
    )
    transform = f"translate({n(end[0])} {n(end[1])}) rotate({n(math.degrees(angle))})"
    return Limb(outline, transform)


@dataclass(frozen=True)
class Monogram:
    text: str
    position: str
    font: str
    colour: str
    thread: str
    #: presentation attributes for the font choice
    font_attrs: str

    def element(self, x: float, y: float, size: float, *, fabric_colour: str) -> str:
        """The ``<text>`` at (x, y), outlined thinly when the thread would vanish."""
        contrast = abs(luminance(self.thread) - luminance(fabric_colour))
        stroke = 'stroke="#333" stroke-width=".25"' if contrast < 0.2 else 'stroke="none"'
        return (
            f'<text data-part="monogram" data-position="{self.position}" x="{n(x)}" y="{n(y)}" '
            f'font-size="{n(size)}" text-anchor="middle" fill="{self.thread}" {stroke} '
            f"{self.font_attrs}>{escape(self.text)}</text>"
        )
