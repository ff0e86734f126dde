"""Fabric colour and weave: strict colour parsing, derived shades, and the SVG pattern fill."""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

from shop.drawing.options import PATTERNS

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_ID_PREFIX = re.compile(r"[a-z0-9-]+")


def parse_colour(colour: object) -> str:
    """The colour as lower-case ``#rrggbb``; anything else is a ValueError."""
    if not isinstance(colour, str) or not _HEX.fullmatch(colour):
        raise ValueError(f"colour must be '#rrggbb', got {colour!r}")
    return colour.lower()


def check_id_prefix(id_prefix: object) -> str:
    if not isinstance(id_prefix, str) or not _ID_PREFIX.fullmatch(id_prefix):
        raise ValueError(f"id_prefix must match [a-z0-9-]+, got {id_prefix!r}")
    return id_prefix


def check_pattern(pattern: object) -> str:
    if pattern not in PATTERNS:
        raise ValueError(f"pattern must be one of {', '.join(PATTERNS)}, got {pattern!r}")
    return str(pattern)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0..1) of the way towards ``other``."""
    a, b = _rgb(colour), _rgb(other)
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def luminance(colour: str) -> float:
    """Relative luminance, 0 (black) to 1 (white), as in WCAG."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def is_dark(colour: str) -> bool:
    return luminance(colour) < 0.18


_HUES = (
    (15, "red"),
    (40, "orange"),
    (65, "yellow"),
    (160, "green"),
    (190, "teal"),
    (255, "blue"),
    (290, "purple"),
    (335, "pink"),
    (360, "red"),
)


def colour_name(colour: str) -> str:
    """A plain name for screen readers: 'dark blue', 'light grey', 'white'."""
    r, g, b = (v / 255 for v in _rgb(colour))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    # Near white or near black, HLS saturation says little (#f7f7f2 has 0.24 but shows
    # white): a colour whose channels differ by under 5 % of the range has no hue to name.
    chroma = max(r, g, b) - min(r, g, b)
    if sat < 0.12 or chroma < 0.05 or light < 0.06 or light > 0.96:
        if light < 0.12:
            return "black"
        if light > 0.92:
            return "white"
        return "dark grey" if light < 0.35 else "light grey" if light > 0.7 else "grey"
    name = next(label for limit, label in _HUES if hue * 360 < limit)
    if name == "orange" and light < 0.4:
        name = "brown"
    if light < 0.3:
        return f"dark {name}"
    if light > 0.75:
        return f"light {name}"
    return name


@dataclass(frozen=True)
class Fabric:
    """How a drawing paints one fabric."""

    colour: str
    pattern: str
    #: the ``fill`` of every fabric part: the colour, or ``url(#…)`` of the pattern
    fill: str
    #: the ``<pattern>`` element (empty for a solid fabric)
    defs: str
    #: darker shade for insides, shadows and the inner collar band
    shadow: str
    #: lighter shade for highlights and facings
    light: str
    #: the weave's line colour: lighter on a dark cloth, darker on a light one
    thread: str
    #: stroke of seams and edges inside the outline: #333, or a light shade on a dark cloth
    detail: str


def fabric(*, colour: str, pattern: str, id_prefix: str) -> Fabric:
    colour = parse_colour(colour)
    pattern = check_pattern(pattern)
    dark = is_dark(colour)
    thread = mix(colour, "#ffffff", 0.32) if dark else mix(colour, "#000000", 0.28)
    shadow = mix(colour, "#000000", 0.3 if dark else 0.22)
    light = mix(colour, "#ffffff", 0.25)
    detail = mix(colour, "#ffffff", 0.45) if luminance(colour) < 0.05 else "#333"
    if pattern == "solid":
        return Fabric(colour, pattern, colour, "", shadow, light, thread, detail)
    # Named after what it draws, so two drawings with one prefix only ever share an id
    # between identical definitions.
    pattern_id = f"{check_id_prefix(id_prefix)}-{pattern}-{colour[1:]}"
    defs = _pattern(pattern_id, pattern, colour, thread)
    return Fabric(colour, pattern, f"url(#{pattern_id})", defs, shadow, light, thread, detail)


def _pattern(pattern_id: str, pattern: str, colour: str, thread: str) -> str:
    width, height, strokes = _WEAVES[pattern]
    lines = "".join(
        f'<path d="{d}" stroke="{thread}" stroke-width="{w}" fill="none"{opacity}/>'
        for d, w, opacity in strokes
    )
    return (
        f'<pattern id="{pattern_id}" width="{width}" height="{height}" '
        f'patternUnits="userSpaceOnUse">'
        f'<rect width="{width}" height="{height}" fill="{colour}"/>{lines}</pattern>'
    )


_HALF = ' opacity=".5"'

#: pattern -> (tile width, tile height, the weave's lines as (path, width, opacity))
_WEAVES: dict[str, tuple[int, int, tuple[tuple[str, str, str], ...]]] = {
    "stripe": (10, 10, (("M3 0v10", "3", ""),)),
    "pinstripe": (8, 8, (("M4 0v8", ".7", ""),)),
    "check": (14, 14, (("M0 4h14", "5", _HALF), ("M4 0v14", "5", _HALF), ("M0 11h14", ".8", ""))),
    "herringbone": (8, 8, (("M0 4L4 0M0 8L4 4M4 1l4 4M4 5l4 4M4-3l4 4", ".9", ""),)),
    "twill": (5, 5, (("M0 5L5 0M-1 1L1-1M4 6l2-2", ".8", _HALF),)),
}
