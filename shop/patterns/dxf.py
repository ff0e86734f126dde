"""DXF in the style of ANSI/AAMA-292 / ASTM D6673 that garment CAD imports.

One BLOCK per piece, inserted once in model space; millimetres. Layers by number as the
standard defines them:

====  ==========================================================
1     boundary (the cutting line) and the piece's system text
2     turn points of the boundary
3     curve points of the boundary
4     notches (slit notches: a line from the boundary inwards)
6     mirror line (the fold of a piece cut on the fold)
7     grain line
8     internal lines (folds, pleats, darts, placements, roll line)
13    drill holes
14    sew line (the seam line)
15    annotation text
====  ==========================================================

The style system text (style name, units, sample size) sits in model space on layer 1.
"""

from __future__ import annotations

import io
import math

from ezdxf.document import Drawing
from shapely import Point as ShapelyPoint

from shop.patterns.geometry import Point
from shop.patterns.pattern import Pattern
from shop.patterns.pieces import Piece
from shop.patterns.sheet import NOTCH_DEPTH, allowance_text

LAYERS = {
    "1": "Boundary",
    "2": "Turn points",
    "3": "Curve points",
    "4": "Notches",
    "6": "Mirror line",
    "7": "Grain line",
    "8": "Internal lines",
    "13": "Drill holes",
    "14": "Sew line",
    "15": "Annotation",
}
TURN_DEGREES = 20.0
TEXT_HEIGHT = 6.0


def pattern_dxf_document(pattern: Pattern) -> Drawing:
    doc = Drawing.new("R12")
    for name in LAYERS:
        doc.layers.add(name)
    msp = doc.modelspace()
    style = pattern.spec.unit_code or pattern.spec.garment
    for i, text in enumerate(
        (
            "ANSI/AAMA VERSION: 1.0.0",
            f"STYLE NAME: {style}",
            f"PRODUCT: {pattern.spec.garment}",
            "AUTHOR: C2M",
            "SAMPLE SIZE: MTM",
            "GRADE RULE TABLE: NONE",
            "UNITS: METRIC",
        )
    ):
        msp.add_text(text, height=TEXT_HEIGHT, dxfattribs={"layer": "1"}).set_placement(
            (0, -20 - i * 10)
        )
    x = 0.0
    for piece in pattern.pieces:
        name = _block_name(piece)
        block = doc.blocks.new(name=name)
        _piece_block(block, piece, pattern.spec.unit_code)
        minx, miny, maxx, _ = piece.cut_polygon.bounds
        msp.add_blockref(name, (x - minx, -miny), dxfattribs={"layer": "1"})
        x += maxx - minx + 30
    return doc


def pattern_dxf(pattern: Pattern) -> bytes:
    """The pattern as DXF bytes."""
    doc = pattern_dxf_document(pattern)
    stream = io.StringIO()
    doc.write(stream)
    # Characters outside the code page (the Chinese names) become DXF \U+XXXX escapes.
    return doc.encode(stream.getvalue())


def _block_name(piece: Piece) -> str:
    return piece.code.upper()


def _piece_block(block: object, piece: Piece, unit_code: str) -> None:
    add_polyline = block.add_polyline2d  # type: ignore[attr-defined]
    add_line = block.add_line  # type: ignore[attr-defined]
    add_point = block.add_point  # type: ignore[attr-defined]
    add_text = block.add_text  # type: ignore[attr-defined]
    cut = [tuple(p) for p in list(piece.cut_polygon.exterior.coords)[:-1]]
    add_polyline(cut, close=True, dxfattribs={"layer": "1"})
    for i, p in enumerate(cut):
        layer = "2" if _turn(cut[i - 1], p, cut[(i + 1) % len(cut)]) else "3"
        add_point(p, dxfattribs={"layer": layer})
    add_polyline(piece.seam_points(), close=True, dxfattribs={"layer": "14"})
    boundary = piece.cut_polygon.exterior
    for notch in piece.notches:
        at = boundary.interpolate(boundary.project(ShapelyPoint(notch.at)))
        start = (at.x, at.y)
        end = (start[0] + notch.inward[0] * NOTCH_DEPTH, start[1] + notch.inward[1] * NOTCH_DEPTH)
        add_line(start, end, dxfattribs={"layer": "4"})
    fold = piece.fold_edge
    if fold is not None:
        add_line(fold.start, fold.end, dxfattribs={"layer": "6"})
    add_line(piece.grain[0], piece.grain[1], dxfattribs={"layer": "7"})
    for internal in piece.internal:
        if len(internal.points) == 2:
            add_line(internal.points[0], internal.points[1], dxfattribs={"layer": "8"})
        else:
            add_polyline(list(internal.points), dxfattribs={"layer": "8"})
    for drill in piece.drills:
        add_point(drill, dxfattribs={"layer": "13"})
    centre = piece.seam_polygon.representative_point()
    en_allow, zh_allow = allowance_text(piece)
    system = (
        f"Piece Name: {piece.name_en} {piece.name_zh}",
        f"Quantity: {piece.count}",
        "Size: MTM",
        f"Category: {piece.material.value}",
    )
    annotation = (unit_code, f"{piece.label_en()} / {piece.label_zh()}", en_allow, zh_allow)
    for i, text in enumerate(system):
        add_text(text, height=TEXT_HEIGHT, dxfattribs={"layer": "1"}).set_placement(
            (centre.x, centre.y - i * 9)
        )
    for i, text in enumerate(t for t in annotation if t):
        add_text(text, height=TEXT_HEIGHT * 0.7, dxfattribs={"layer": "15"}).set_placement(
            (centre.x, centre.y - (len(system) + i) * 9)
        )


def _turn(a: Point, b: Point, c: Point) -> bool:
    a1 = math.atan2(b[1] - a[1], b[0] - a[0])
    a2 = math.atan2(c[1] - b[1], c[0] - b[0])
    d = abs((a2 - a1 + math.pi) % (2 * math.pi) - math.pi)
    return math.degrees(d) >= TURN_DEGREES
