"""A pattern laid out on a sheet at 1:1, as drawing primitives in millimetres (y down).

The SVG and the tiled PDF both draw these primitives, so what is printed is what is
previewed. Every piece carries its name in English and Chinese, the unit code, the cut
count and the size of each seam allowance; the sheet carries a 10 cm test square.
"""

from __future__ import annotations

from dataclasses import dataclass

from shapely import Point as ShapelyPoint

from shop.patterns.geometry import Point, add, scale, sub, unit
from shop.patterns.pattern import Pattern
from shop.patterns.pieces import NotchKind, Piece

GAP = 30.0
MARGIN = 20.0
TEST_SQUARE = 100.0
NOTCH_DEPTH = 6.0

#: seam code -> (English, Chinese), for the allowance labels.
SEAM_NAMES: dict[str, tuple[str, str]] = {
    "hem": ("hem", "下摆"),
    "hem_ext": ("hem", "下摆"),
    "leg_hem": ("hem", "脚口"),
    "sleeve_hem": ("sleeve hem", "袖口"),
    "pocket_mouth": ("pocket mouth", "袋口"),
    "side": ("side seam", "侧缝"),
    "inseam": ("inseam", "下裆缝"),
    "crotch": ("crotch seam", "裆缝"),
    "centre_back": ("centre back", "后中缝"),
    "band_cb": ("centre back", "后中缝"),
    "neck": ("neck", "领口"),
    "neck_ext": ("neck", "领口"),
    "collar": ("collar seam", "绱领线"),
    "top_ext": ("collar seam", "绱领线"),
    "stand_front": ("stand front", "领座前端"),
    "collar_point": ("collar edge", "领外口"),
    "collar_edge": ("collar edge", "领外口"),
    "flap_edge": ("flap edge", "袋盖边"),
    "front_edge": ("front edge", "止口"),
}


@dataclass(frozen=True, slots=True)
class Path:
    points: tuple[Point, ...]
    style: str  # "cut", "seam", "internal", "fold", "grain", "notch", "dimension", "square"
    closed: bool = False


@dataclass(frozen=True, slots=True)
class Text:
    at: Point
    text: str
    size: float
    anchor: str = "middle"  # "start" | "middle"
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Dot:
    at: Point
    radius: float


@dataclass(frozen=True)
class Sheet:
    width: float
    height: float
    paths: tuple[Path, ...]
    texts: tuple[Text, ...]
    dots: tuple[Dot, ...]
    #: The 10 cm test square's corner (top left), in sheet coordinates.
    square: Point


def allowance_text(piece: Piece) -> tuple[str, str]:
    """ "Seam allowance 10 mm; hem 40 mm" in English and Chinese (folds are left out)."""
    counts: dict[float, int] = {}
    for e in piece.edges:
        if not e.fold:
            counts[e.allowance] = counts.get(e.allowance, 0) + 1
    general = max(sorted(counts), key=lambda v: counts[v]) if counts else 0.0
    by_value: dict[float, list[tuple[str, str]]] = {}
    for e in piece.edges:
        if e.fold or e.allowance == general:
            continue
        names = SEAM_NAMES.get(e.seam, (e.seam.replace("_", " "), e.seam))
        if names not in by_value.setdefault(e.allowance, []):
            by_value[e.allowance].append(names)
    en = [f"Seam allowance {general:g} mm"]
    zh = [f"缝份 {general:g} 毫米"]
    for value in sorted(by_value):
        en.append("/".join(n[0] for n in by_value[value]) + f" {value:g} mm")
        zh.append("/".join(n[1] for n in by_value[value]) + f" {value:g} 毫米")
    return "; ".join(en), "；".join(zh)


def piece_labels(piece: Piece, unit_code: str) -> list[str]:
    en_allow, zh_allow = allowance_text(piece)
    lines = [
        f"{piece.name_en} {piece.name_zh}",
        f"{unit_code}" if unit_code else "",
        f"{piece.label_en()} / {piece.label_zh()}",
        en_allow,
        zh_allow,
    ]
    return [line for line in lines if line]


def pattern_sheet(
    pattern: Pattern, *, sheet_width: float = 1400.0, dimensions: bool = False
) -> Sheet:
    """The pattern's pieces in rows on a sheet ``sheet_width`` mm wide (wider if a piece is)."""
    pieces = list(pattern.pieces)
    bounds = [p.cut_polygon.bounds for p in pieces]
    widest = max(b[2] - b[0] for b in bounds)
    width = max(sheet_width, widest + 2 * MARGIN, TEST_SQUARE + 2 * MARGIN)
    paths: list[Path] = []
    texts: list[Text] = []
    dots: list[Dot] = []
    square = (MARGIN, MARGIN + 12)
    sx, sy = square
    paths.append(
        Path(((sx, sy), (sx + 100, sy), (sx + 100, sy + 100), (sx, sy + 100)), "square", True)
    )
    texts.append(Text((sx + 50, sy + 46), "10 cm × 10 cm", 7))
    texts.append(Text((sx + 50, sy + 58), "10 厘米 × 10 厘米", 7))
    title = pattern.spec.unit_code or pattern.spec.garment
    texts.append(
        Text(
            (sx + 120, sy + 10),
            f"{title} — {pattern.spec.garment}, {pattern.spec.fit} (mm, 1:1)",
            9,
            "start",
            True,
        )
    )
    cursor_x, cursor_y = sx + 120, sy + 30
    row_h = 100.0
    for piece, (minx, miny, maxx, maxy) in zip(pieces, bounds, strict=True):
        w, h = maxx - minx, maxy - miny
        if dimensions:
            w, h = w + 25, h + 25
        if cursor_x + w > width - MARGIN:
            cursor_x, cursor_y = MARGIN, cursor_y + row_h + GAP
            row_h = 0.0
        ox, oy = cursor_x - minx, cursor_y + maxy  # y flips: sheet y = oy - piece y

        def tr(p: Point, ox: float = ox, oy: float = oy) -> Point:
            return (p[0] + ox, oy - p[1])

        _draw_piece(piece, pattern.spec.unit_code, tr, paths, texts, dots, dimensions)
        cursor_x += w + GAP
        row_h = max(row_h, h)
    height = cursor_y + row_h + MARGIN
    return Sheet(width, height, tuple(paths), tuple(texts), tuple(dots), square)


def _draw_piece(
    piece: Piece,
    unit_code: str,
    tr: object,
    paths: list[Path],
    texts: list[Text],
    dots: list[Dot],
    dimensions: bool,
) -> None:
    t = tr  # a function Point -> Point
    assert callable(t)
    cut = piece.cut_polygon
    paths.append(Path(tuple(t(p) for p in list(cut.exterior.coords)[:-1]), "cut", True))
    for edge in piece.edges:
        paths.append(Path(tuple(t(p) for p in edge.points()), "fold" if edge.fold else "seam"))
    for line in piece.internal:
        style = "fold" if line.kind == "fold" else "internal"
        paths.append(Path(tuple(t(p) for p in line.points), style))
    a, b = piece.grain
    paths.append(Path((t(a), t(b)), "grain"))
    d = unit(sub(b, a))
    for tip, sgn in ((b, -1.0), (a, 1.0)):
        back = add(tip, scale(d, sgn * 12))
        side = (-d[1] * 5, d[0] * 5)
        paths.append(Path((t(add(back, side)), t(tip), t(sub(back, side))), "grain"))
    boundary = cut.exterior
    for notch in piece.notches:
        at = boundary.interpolate(boundary.project(ShapelyPoint(notch.at)))
        start = (at.x, at.y)
        offsets = (0.0,) if notch.kind is NotchKind.SINGLE else (-3.0, 3.0)
        for off in offsets:
            side = (notch.inward[1] * off, -notch.inward[0] * off)
            s0 = add(start, side)
            paths.append(Path((t(s0), t(add(s0, scale(notch.inward, NOTCH_DEPTH)))), "notch"))
    for drill in piece.drills:
        dots.append(Dot(t(drill), 2.0))
    seam = piece.seam_polygon
    centre = seam.representative_point()
    lines = piece_labels(piece, unit_code)
    minx, miny, maxx, maxy = seam.bounds
    size = max(3.5, min(9.0, (maxx - minx) / 28, (maxy - miny) / (len(lines) * 2.2)))
    cx, cy = t((centre.x, centre.y))
    top = cy - (len(lines) - 1) * size * 0.65
    for i, text in enumerate(lines):
        texts.append(
            Text((cx, top + i * size * 1.3), text, size if i else size * 1.15, bold=i == 0)
        )
    if dimensions:
        x0, y0 = t((minx, miny))
        x1, y1 = t((maxx, maxy))
        below = y0 + 12
        paths.append(Path(((x0, below), (x1, below)), "dimension"))
        texts.append(Text(((x0 + x1) / 2, below + 9), f"{maxx - minx:.0f} mm", 7))
        right = x1 + 12
        paths.append(Path(((right, y1), (right, y0)), "dimension"))
        texts.append(Text((right + 3, (y0 + y1) / 2), f"{maxy - miny:.0f} mm", 7, "start"))
