"""SVG at 1:1: one user unit is one millimetre and the document says so in its size."""

from __future__ import annotations

from xml.sax.saxutils import escape

from shop.patterns.pattern import Pattern
from shop.patterns.sheet import Sheet, pattern_sheet

STYLES = {
    "cut": 'fill="none" stroke="#111" stroke-width="0.6"',
    "seam": 'fill="none" stroke="#1f5fbf" stroke-width="0.35" stroke-dasharray="4 2"',
    "fold": 'fill="none" stroke="#b5179e" stroke-width="0.45" stroke-dasharray="10 3 2 3"',
    "internal": 'fill="none" stroke="#555" stroke-width="0.35" stroke-dasharray="2 2"',
    "grain": 'fill="none" stroke="#2b8a3e" stroke-width="0.5"',
    "notch": 'fill="none" stroke="#c92a2a" stroke-width="0.6"',
    "dimension": 'fill="none" stroke="#888" stroke-width="0.3"',
    "square": 'fill="none" stroke="#000" stroke-width="0.5"',
}


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def sheet_svg(sheet: Sheet, *, title: str = "") -> str:
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{_num(sheet.width)}mm" height="{_num(sheet.height)}mm" '
        f'viewBox="0 0 {_num(sheet.width)} {_num(sheet.height)}" role="img">',
        f"<title>{escape(title)}</title>",
        '<rect width="100%" height="100%" fill="#fff"/>',
    ]
    sx, sy = sheet.square
    out.append(
        f'<rect id="test-square" x="{_num(sx)}" y="{_num(sy)}" width="100" height="100" '
        f'{STYLES["square"]} data-size-mm="100"/>'
    )
    for path in sheet.paths:
        if path.style == "square":
            continue
        pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in path.points)
        tag = "polygon" if path.closed else "polyline"
        out.append(f'<{tag} class="{path.style}" points="{pts}" {STYLES[path.style]}/>')
    for dot in sheet.dots:
        x, y = dot.at
        out.append(
            f'<circle class="drill" cx="{_num(x)}" cy="{_num(y)}" r="{_num(dot.radius)}" '
            'fill="none" stroke="#111" stroke-width="0.4"/>'
        )
    for text in sheet.texts:
        x, y = text.at
        weight = ' font-weight="700"' if text.bold else ""
        out.append(
            f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(text.size)}" '
            f'text-anchor="{text.anchor}" font-family="sans-serif"{weight}>'
            f"{escape(text.text)}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def pattern_svg(pattern: Pattern, *, dimensions: bool = False) -> str:
    """The whole pattern as one SVG document at 1:1 in millimetres."""
    sheet = pattern_sheet(pattern, dimensions=dimensions)
    return sheet_svg(sheet, title=f"{pattern.spec.unit_code} {pattern.spec.garment} pattern")
