"""A tiled PDF for printing at 100 % on A4 or A3, and a one-page marker PDF.

Page 1 is the assembly map (every tile numbered) with a 10 cm test square at full size and
the printing instructions in English and Chinese; then one page per tile, each with its row
and column, the neighbouring tiles' numbers and corner marks to butt the pages together.
Tiles overlap by nothing: the drawing is clipped to the printable area and the next tile
starts where this one stops.
"""

from __future__ import annotations

import io
import math

from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from shop.patterns.sheet import Sheet

FONT = "STSong-Light"
PAPER = {"A4": A4, "A3": A3}
MARGIN = 10.0  # mm, the part of the page printers cannot reach
COLOURS = {
    "cut": (0.07, 0.07, 0.07, 0.6),
    "seam": (0.12, 0.37, 0.75, 0.35),
    "fold": (0.71, 0.09, 0.62, 0.45),
    "internal": (0.33, 0.33, 0.33, 0.35),
    "grain": (0.17, 0.54, 0.24, 0.5),
    "notch": (0.79, 0.16, 0.16, 0.6),
    "dimension": (0.5, 0.5, 0.5, 0.3),
    "square": (0.0, 0.0, 0.0, 0.5),
}
DASHES = {"seam": (4, 2), "fold": (10, 3, 2, 3), "internal": (2, 2)}


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def tile_grid(sheet: Sheet, paper: str) -> tuple[int, int, float, float]:
    """(columns, rows, tile width mm, tile height mm) for the sheet on the paper size."""
    width_pt, height_pt = PAPER[paper]
    tw, th = width_pt / mm - 2 * MARGIN, height_pt / mm - 2 * MARGIN - 8
    return math.ceil(sheet.width / tw), math.ceil(sheet.height / th), tw, th


def _draw(
    canvas: Canvas,
    sheet: Sheet,
    ox: float,
    oy: float,
    page_h: float,
    window: tuple[float, float] | None = None,
) -> None:
    """Draw the sheet with sheet point (ox, oy) at the page's top-left printable corner;
    with a ``window`` (width, height in mm) only what falls inside it."""

    def seen(points: tuple[tuple[float, float], ...] | list[tuple[float, float]]) -> bool:
        if window is None:
            return True
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return not (
            max(xs) < ox
            or min(xs) > ox + window[0]
            or max(ys) < oy - 10
            or min(ys) > oy + window[1] + 10
        )

    def tr(p: tuple[float, float]) -> tuple[float, float]:
        return (MARGIN + p[0] - ox) * mm, page_h - (MARGIN + 8 + p[1] - oy) * mm

    for path in sheet.paths:
        if not seen(path.points):
            continue
        r, g, b, width = COLOURS[path.style]
        canvas.setStrokeColorRGB(r, g, b)
        canvas.setLineWidth(width * mm)
        if path.style in DASHES:
            canvas.setDash(list(DASHES[path.style]))
        else:
            canvas.setDash()
        p = canvas.beginPath()
        first = tr(path.points[0])
        p.moveTo(*first)
        for point in path.points[1:]:
            p.lineTo(*tr(point))
        if path.closed:
            p.close()
        canvas.drawPath(p, stroke=1, fill=0)
    canvas.setDash()
    canvas.setStrokeColorRGB(0, 0, 0)
    for dot in sheet.dots:
        if not seen([dot.at]):
            continue
        x, y = tr(dot.at)
        canvas.circle(x, y, dot.radius * mm, stroke=1, fill=0)
    canvas.setFillColorRGB(0, 0, 0)
    for text in sheet.texts:
        if not seen([(text.at[0] - 150, text.at[1]), (text.at[0] + 150, text.at[1])]):
            continue
        x, y = tr(text.at)
        canvas.setFont(_font(), text.size * mm)
        if text.anchor == "middle":
            canvas.drawCentredString(x, y, text.text)
        else:
            canvas.drawString(x, y, text.text)


def sheet_pdf(sheet: Sheet, *, paper: str = "A4", title: str = "") -> bytes:
    """The sheet tiled over ``paper`` (A4 or A3) pages at 1:1, after an assembly map."""
    if paper not in PAPER:
        raise ValueError("paper must be A4 or A3")
    width_pt, height_pt = PAPER[paper]
    cols, rows, tw, th = tile_grid(sheet, paper)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width_pt, height_pt), invariant=1)
    canvas.setTitle(title)
    font = _font()
    # Assembly map.
    canvas.setFont(font, 11)
    canvas.drawString(MARGIN * mm, height_pt - 16 * mm, title)
    canvas.setFont(font, 8)
    lines = (
        f"Print at 100 % (no scaling) on {paper}: {cols} x {rows} pages. "
        "The square must measure 10 cm.",
        f"以 100% 比例（不缩放）打印在 {paper} 纸上：共 {cols} x {rows} 页。方框应为 10 厘米。",
        "Trim the left and top margins and tape the pages edge to edge in rows and columns.",
        "剪去左边和上边的页边，按行列对齐拼贴。",
    )
    for i, text in enumerate(lines):
        canvas.drawString(MARGIN * mm, height_pt - (24 + i * 5) * mm, text)
    sq_y = height_pt - 150 * mm
    canvas.setLineWidth(0.5)
    canvas.rect(MARGIN * mm, sq_y, 100 * mm, 100 * mm)
    canvas.drawCentredString((MARGIN + 50) * mm, sq_y + 50 * mm, "10 cm × 10 cm / 10 厘米")
    scale = min((width_pt / mm - 2 * MARGIN) / sheet.width, 100 / sheet.height)
    map_top = sq_y - 10 * mm
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    for r in range(rows):
        for c in range(cols):
            x = MARGIN * mm + c * tw * scale * mm
            y = map_top - (r + 1) * th * scale * mm
            canvas.rect(x, y, tw * scale * mm, th * scale * mm)
            canvas.drawCentredString(
                x + tw * scale * mm / 2, y + th * scale * mm / 2, f"{r * cols + c + 1}"
            )
    canvas.showPage()
    # Tiles.
    for r in range(rows):
        for c in range(cols):
            canvas.saveState()
            clip = canvas.beginPath()
            clip.rect(MARGIN * mm, MARGIN * mm, tw * mm, th * mm)
            canvas.clipPath(clip, stroke=0, fill=0)
            _draw(canvas, sheet, c * tw, r * th, height_pt, (tw, th))
            canvas.restoreState()
            canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
            canvas.setLineWidth(0.3)
            canvas.rect(MARGIN * mm, MARGIN * mm, tw * mm, th * mm)
            canvas.setFont(font, 8)
            canvas.setFillColorRGB(0, 0, 0)
            canvas.drawString(
                MARGIN * mm,
                height_pt - (MARGIN + 4) * mm,
                f"{title} — page {r * cols + c + 1}: row {r + 1}, column {c + 1} / "
                f"第 {r + 1} 行 第 {c + 1} 列",
            )
            canvas.showPage()
    canvas.save()
    return out.getvalue()


def sheet_marker_pdf(sheet: Sheet, *, title: str = "") -> bytes:
    """One page the size of the whole sheet (a marker for a plotter), at 1:1."""
    out = io.BytesIO()
    width_pt = (sheet.width + 2 * MARGIN) * mm
    height_pt = (sheet.height + 2 * MARGIN + 8) * mm
    canvas = Canvas(out, pagesize=(width_pt, height_pt), invariant=1)
    canvas.setTitle(title)
    canvas.setFont(_font(), 10)
    canvas.drawString(MARGIN * mm, height_pt - (MARGIN + 4) * mm, title)
    _draw(canvas, sheet, 0.0, 0.0, height_pt)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
