"""The marker the cutter follows, as a sheet (SVG or PDF) at 1:1: the lay runs left to
right, the fabric's usable width top to bottom, every piece labelled with its unit code and
its name in English and Chinese, and the metres and utilisation in the title."""

from __future__ import annotations

from shop.patterns.cutplan import CutPlan
from shop.patterns.pdf import sheet_marker_pdf, sheet_pdf
from shop.patterns.sheet import MARGIN, TEST_SQUARE, Path, Sheet, Text
from shop.patterns.svg import sheet_svg

HEADER = 40.0


def marker_title(plan: CutPlan) -> str:
    return (
        f"Marker / 排料图 {plan.fabric.code}: {len(plan.units)} garments / 件, "
        f"{plan.planned_metres} m / 米, {plan.utilisation:.1%}"
    )


def marker_sheet(plan: CutPlan) -> Sheet:
    names = {
        (p.spec.unit_code, piece.code): (piece.name_en, piece.name_zh)
        for p in plan.patterns
        for piece in p.pieces
    }
    length, width = plan.marker.length, plan.marker.width
    top = MARGIN + HEADER + TEST_SQUARE + 10
    paths: list[Path] = []
    texts: list[Text] = [Text((MARGIN, MARGIN + 10), marker_title(plan), 9, "start", True)]
    sx, sy = MARGIN, MARGIN + HEADER
    paths.append(
        Path(((sx, sy), (sx + 100, sy), (sx + 100, sy + 100), (sx, sy + 100)), "square", True)
    )
    texts.append(Text((sx + 50, sy + 52), "10 cm / 10 厘米", 7))
    fabric = (
        (MARGIN, top),
        (MARGIN + length, top),
        (MARGIN + length, top + width),
        (MARGIN, top + width),
    )
    paths.append(Path(fabric, "dimension", True))
    texts.append(
        Text(
            (MARGIN + length / 2, top + width + 14),
            f"{length / 1000:.3f} m lay / 铺料长度; usable width / 有效门幅 "
            f"{width:.0f} mm; grain → / 经向 →",
            7,
        )
    )

    def tr(u: float, v: float) -> tuple[float, float]:
        return (MARGIN + v, top + u)

    for placement in plan.marker.placements:
        coords = list(placement.polygon.exterior.coords)[:-1]
        paths.append(Path(tuple(tr(u, v) for u, v in coords), "cut", True))
        unit, piece_code, _ = placement.key.split(":")
        en, zh = names.get((unit, piece_code), (piece_code, ""))
        c = placement.polygon.representative_point()
        minu, minv, maxu, maxv = placement.polygon.bounds
        size = max(3.0, min(8.0, (maxv - minv) / 14, (maxu - minu) / 6))
        cx, cy = tr(c.x, c.y)
        texts.append(Text((cx, cy - size * 0.6), unit, size, bold=True))
        texts.append(Text((cx, cy + size * 0.7), f"{en} {zh}", size * 0.85))
    return Sheet(
        width=MARGIN * 2 + max(length, 400.0),
        height=top + width + 30,
        paths=tuple(paths),
        texts=tuple(texts),
        dots=(),
        square=(sx, sy),
    )


def marker_svg(plan: CutPlan) -> str:
    return sheet_svg(marker_sheet(plan), title=marker_title(plan))


def marker_pdf(plan: CutPlan, *, paper: str | None = None) -> bytes:
    """One long page for a plotter, or tiled on ``paper`` (A4/A3) for a desk printer."""
    sheet = marker_sheet(plan)
    if paper is None:
        return sheet_marker_pdf(sheet, title=marker_title(plan))
    return sheet_pdf(sheet, paper=paper, title=marker_title(plan))
