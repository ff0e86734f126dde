"""Small inline SVG diagrams: a line figure with the tape position highlighted.

Each diagram is a plain string (no text inside, so nothing to translate), about half a
kilobyte, drawn on a 100 x 200 view box. The highlight is the tape: an ellipse around the
body for a girth, a line for a length or a width.
"""

from __future__ import annotations

_FIGURE = (
    '<circle cx="50" cy="16" r="9"/>'
    '<path d="M46 25v5M54 25v5M30 35l16-5h8l16 5M30 35l-12 62M70 35l12 62'
    'M34 40v58M66 40v58M34 98h32M38 98l-2 92M62 98l2 92M50 106l-6 84M50 106l6 84"/>'
)

_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 200" width="100" height="200" '
    'role="img" fill="none" stroke-linecap="round">'
    '<g stroke="#555" stroke-width="1.5">'
)
_TAPE = '</g><g stroke="#d4351c" stroke-width="2.5">'
_CLOSE = "</g></svg>"


def _svg(tape: str) -> str:
    return f"{_OPEN}{_FIGURE}{_TAPE}{tape}{_CLOSE}"


def _girth(cx: float, cy: float, rx: float, ry: float = 2.5) -> str:
    return _svg(f'<ellipse cx="{cx:g}" cy="{cy:g}" rx="{rx:g}" ry="{ry:g}"/>')


def _line(*points: tuple[float, float]) -> str:
    coords = " ".join(f"{x:g},{y:g}" for x, y in points)
    return _svg(f'<polyline points="{coords}"/>')


DIAGRAMS: dict[str, str] = {
    "height": _line((93, 7), (93, 190)),
    "neck": _girth(50, 29, 6, 2),
    "chest": _girth(50, 50, 18, 3),
    "waist": _girth(50, 72, 17, 3),
    "hip": _girth(50, 94, 19, 3),
    "shoulder_width": _line((30, 33), (46, 28), (54, 28), (70, 33)),
    "back_width": _line((34, 46), (66, 46)),
    "armhole": _girth(68, 41, 4, 7),
    "sleeve_length": _line((72, 34), (84, 96)),
    "bicep": _girth(74, 52, 5, 1.5),
    "wrist": _girth(81, 93, 4, 1.5),
    "shirt_length": _line((50, 30), (50, 112)),
    "jacket_length": _line((50, 30), (50, 108)),
    "outseam": _line((68, 72), (68, 190)),
    "inseam": _line((52, 107), (57, 190)),
    "crotch_depth": _line((72, 72), (72, 106)),
    "thigh": _girth(40, 112, 7, 2),
    "knee": _girth(38, 146, 5, 1.5),
    "ankle": _girth(36, 184, 4, 1.5),
}
