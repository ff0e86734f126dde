"""The papers of a work order, as PDF (reportlab): one A6 garment ticket per unit, the
cut sheet, and a packing slip per parcel. Text is in the reader's language (the active
one); the QR code holds the unit code exactly as the scan station reads it.

Cut files (patterns, markers) are drawn elsewhere; ``ticket_extra_lines`` is the hook a
cut plan uses to add its lines (lay position, marker) to a unit's ticket."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from io import BytesIO
from typing import Any

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from factory.models import WorkOrder
from orders.carriers import carrier_label
from orders.models import CutPlan, ProductionUnit
from shop.tailoring.choices import FIT_LABELS, GARMENT_TYPE_LABELS
from shop.tailoring.measurements import MEASUREMENTS

FONT = "STSong-Light"  # reportlab's built-in CJK font: Latin and Chinese, no file needed

#: Words on the papers.
L_WORK_ORDER = gettext_lazy("Work order")
L_FACTORY = gettext_lazy("Factory")
L_DUE = gettext_lazy("Due")
L_ORDER = gettext_lazy("Order")
L_GARMENT = gettext_lazy("Garment")
L_FABRIC = gettext_lazy("Fabric")
L_WIDTH = gettext_lazy("Width")
L_MONOGRAM = gettext_lazy("Monogram")
L_NONE = gettext_lazy("none")
L_CUT_SHEET = gettext_lazy("Cut sheet")
L_METRES_FOR_THE_BATCH = gettext_lazy("Metres for the batch")
L_CUT_PLAN = gettext_lazy("cut plan")
L_CUT_FILES = gettext_lazy("Cut files")
L_UTILISATION = gettext_lazy("utilisation")
L_ESTIMATE = gettext_lazy("estimate")
L_GARMENTS = gettext_lazy("garments")
L_FROM = gettext_lazy("From")
L_CARRIER = gettext_lazy("Carrier")
L_TRACKING_NUMBER = gettext_lazy("Tracking number")

#: Names of the finished-garment dimensions (``snapshot["finished_cm"]``).
FINISHED_LABELS: dict[str, Any] = {
    "collar": gettext_lazy("Collar"),
    "chest": gettext_lazy("Chest"),
    "waist": gettext_lazy("Waist"),
    "hip": gettext_lazy("Hip"),
    "shoulder_width": gettext_lazy("Shoulder width"),
    "back_width": gettext_lazy("Back width"),
    "armhole": gettext_lazy("Armhole"),
    "sleeve_length": gettext_lazy("Sleeve length"),
    "length": gettext_lazy("Length"),
    "bicep": gettext_lazy("Bicep"),
    "cuff": gettext_lazy("Cuff"),
    "sleeve_opening": gettext_lazy("Sleeve opening"),
    "rise": gettext_lazy("Rise"),
    "outseam": gettext_lazy("Outseam"),
    "inseam": gettext_lazy("Inseam"),
    "thigh": gettext_lazy("Thigh"),
    "knee": gettext_lazy("Knee"),
    "hem": gettext_lazy("Hem"),
}

#: Functions that add lines to a unit's ticket (a cut plan adds the unit's place in the
#: lay); each takes the unit and the work order and returns lines of text.
ticket_extra_lines: list[Callable[[ProductionUnit, WorkOrder], list[str]]] = []


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _zh() -> bool:
    return (get_language() or "en").lower().startswith("zh")


def _name(both: dict[str, str] | None) -> str:
    if not both:
        return ""
    return (both.get("zh") if _zh() else both.get("en")) or both.get("en") or ""


def _label(mapping: dict[Any, Any], code: str) -> str:
    for key, label in mapping.items():
        if str(key) == code:
            return str(label)
    return code


def _measurement_label(code: str) -> str:
    measurement = MEASUREMENTS.get(code)
    return str(measurement.name) if measurement is not None else code


def _cm(value: Any) -> str:
    return f"{Decimal(str(value)).normalize():f}"


def _date(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def qr_draw(canvas: Canvas, *, text: str, x: float, y: float, size: float) -> None:
    """Draw ``text`` as a QR code (segno) with its quiet zone, ``size`` points square,
    lower-left corner at (x, y), as vector squares (sharp at any printer resolution)."""
    qr = segno.make(text, error="m", micro=False)
    matrix = [list(row) for row in qr.matrix]
    border = 4
    count = len(matrix) + 2 * border
    module = size / count
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                canvas.rect(
                    x + (col_index + border) * module,
                    y + size - (row_index + border + 1) * module,
                    module,
                    module,
                    stroke=0,
                    fill=1,
                )


class _Writer:
    """Lines of text down a page, wrapping long ones, starting a new page when full."""

    def __init__(
        self, canvas: Canvas, *, left: float, top: float, bottom: float, width: float
    ) -> None:
        self.canvas, self.left, self.top, self.bottom, self.width = (
            canvas,
            left,
            top,
            bottom,
            width,
        )
        self.y = top

    def line(self, text: str, *, size: float = 7, gap: float = 1.25) -> None:
        font = _font()
        for part in self._wrap(text, size):
            if self.y - size < self.bottom:
                self.canvas.showPage()
                self.y = self.top
            self.canvas.setFont(font, size)
            self.canvas.drawString(self.left, self.y - size, part)
            self.y -= size * gap

    def space(self, points: float = 3) -> None:
        self.y -= points

    def _wrap(self, text: str, size: float) -> list[str]:
        font = _font()
        parts, current = [], ""
        for char in text:
            if pdfmetrics.stringWidth(current + char, font, size) > self.width:
                parts.append(current)
                current = char
            else:
                current += char
        parts.append(current)
        return parts


def _pairs(items: Iterable[tuple[str, str]], per_line: int = 2) -> list[str]:
    items = list(items)
    return [
        "   ".join(f"{label} {value}" for label, value in items[i : i + per_line])
        for i in range(0, len(items), per_line)
    ]


def _ticket(canvas: Canvas, *, unit: ProductionUnit, work_order: WorkOrder) -> None:
    width, height = A6
    margin = 6 * mm
    snapshot = unit.snapshot
    qr_size = 34 * mm
    qr_draw(
        canvas,
        text=unit.code,
        x=width - margin - qr_size,
        y=height - margin - qr_size,
        size=qr_size,
    )
    font = _font()
    canvas.setFont(font, 15)
    canvas.drawString(margin, height - margin - 15, unit.code)
    canvas.setFont(font, 8)
    header = [
        f"{L_WORK_ORDER}: {work_order.code}",
        f"{L_FACTORY}: {work_order.factory.code} {work_order.factory.name}",
        f"{L_DUE}: {_date(unit.promised_ship_date)}",
        f"{L_ORDER}: {snapshot.get('order_number', '')}",
    ]
    y = height - margin - 27
    for text in header:
        canvas.drawString(margin, y, text)
        y -= 10
    writer = _Writer(
        canvas,
        left=margin,
        top=min(y, height - margin - qr_size - 3 * mm),
        bottom=margin,
        width=width - 2 * margin,
    )
    garment = _label(GARMENT_TYPE_LABELS, unit.garment_type)
    fit = _label(FIT_LABELS, str(snapshot.get("fit", "")))
    writer.line(f"{L_GARMENT}: {garment} · {fit}", size=8)
    fabric = snapshot.get("fabric", {})
    writer.line(
        f"{L_FABRIC}: {fabric.get('code', '')} {_name(fabric.get('name'))} "
        f"({L_WIDTH} {fabric.get('width_cm', '')} cm)",
        size=8,
    )
    writer.space(2)
    for code, option in sorted(snapshot.get("options", {}).items()):
        writer.line(
            f"{_name(option.get('option_name')) or code}: {_name(option.get('choice_name'))}"
        )
    monogram = snapshot.get("monogram_text") or ""
    writer.line(f"{L_MONOGRAM}: {monogram or L_NONE}", size=8)
    writer.space(2)
    writer.line(_("Body measurements (cm)"), size=7.5)
    for text in _pairs(
        (_measurement_label(code), _cm(value))
        for code, value in snapshot.get("measurements_cm", {}).items()
    ):
        writer.line(text, size=6.5)
    writer.space(2)
    writer.line(_("Finished garment (cm)"), size=7.5)
    for text in _pairs(
        (_label(FINISHED_LABELS, code), _cm(value))
        for code, value in snapshot.get("finished_cm", {}).items()
    ):
        writer.line(text, size=6.5)
    for extra in ticket_extra_lines:
        for text in extra(unit, work_order):
            writer.line(text, size=6.5)
    _cut_files_link(canvas, writer, unit=unit, work_order=work_order)


def unit_cut_files_url(*, unit: ProductionUnit, work_order: WorkOrder) -> str:
    """Where the factory's people download the unit's pattern (PDF; SVG and DXF beside it
    on the work order page), as an absolute address for paper."""
    path = reverse("floor:unit-cut-pdf", kwargs={"pk": work_order.pk, "code": unit.code})
    return f"{settings.SITE_SCHEME}://{settings.SITE_DOMAIN}{path}"


def _cut_files_link(
    canvas: Canvas, writer: _Writer, *, unit: ProductionUnit, work_order: WorkOrder
) -> None:
    """The ticket's last line: the address of the garment's cut files, clickable."""
    url = unit_cut_files_url(unit=unit, work_order=work_order)
    top = writer.y
    writer.line(f"{L_CUT_FILES}: {url}", size=6)
    canvas.linkURL(url, (writer.left, writer.y, writer.left + writer.width, top), relative=0)


def work_order_tickets_pdf(
    *, work_order: WorkOrder, units: Iterable[ProductionUnit] | None = None
) -> bytes:
    """One A6 ticket per garment of the work order (in lay order), as one PDF."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A6, pageCompression=1)
    canvas.setTitle(f"{work_order.code} tickets")
    if units is None:
        units = work_order.units.order_by("pk")
    for unit in units:
        _ticket(canvas, unit=unit, work_order=work_order)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _a4_writer(canvas: Canvas) -> _Writer:
    width, height = A4
    margin = 15 * mm
    return _Writer(
        canvas, left=margin, top=height - margin, bottom=margin, width=width - 2 * margin
    )


def work_order_cut_sheet_pdf(
    *, work_order: WorkOrder, units: Iterable[ProductionUnit] | None = None
) -> bytes:
    """The cut sheet: the fabric and its width, the metres the batch takes (the cut plan's
    once it is stored, else the garments' estimate), and the garments in lay order with
    their size-giving measurements."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{work_order.code} cut sheet")
    units = list(work_order.units.order_by("pk") if units is None else units)
    fabric = work_order.fabric
    metres = sum((Decimal(unit.fabric_metres) for unit in units), Decimal(0))
    writer = _a4_writer(canvas)
    writer.line(f"{L_CUT_SHEET} · {work_order.code}", size=16)
    writer.line(f"{L_FACTORY}: {work_order.factory.code} {work_order.factory.name}", size=10)
    writer.space(4)
    fabric_name = fabric.name_zh if _zh() else fabric.name_en
    writer.line(f"{L_FABRIC}: {fabric.code} {fabric_name}", size=11)
    writer.line(f"{L_WIDTH}: {_cm(fabric.width_cm)} cm", size=11)
    plan = CutPlan.objects.filter(work_order=work_order).first()
    if plan is None:
        writer.line(
            f"{L_METRES_FOR_THE_BATCH}: {metres:.2f} m ({L_GARMENTS}: {len(units)})",
            size=11,
        )
    else:  # the nested lay's metres replace the per-garment estimate
        writer.line(
            f"{L_METRES_FOR_THE_BATCH}: {plan.planned_metres:.2f} m ({L_CUT_PLAN}, "
            f"{L_UTILISATION} {plan.utilisation * 100:.1f}%; {L_ESTIMATE} {metres:.2f} m; "
            f"{L_GARMENTS}: {len(units)})",
            size=11,
        )
    writer.space(6)
    writer.line(_("Garments in lay order"), size=11)
    for position, unit in enumerate(units, start=1):
        finished = unit.snapshot.get("finished_cm", {})
        sizes = ", ".join(
            f"{_label(FINISHED_LABELS, code)} {_cm(value)}"
            for code, value in list(finished.items())[:4]
        )
        writer.line(
            f"{position}. {unit.code}  {_label(GARMENT_TYPE_LABELS, unit.garment_type)}  "
            f"{unit.fabric_metres} m  {L_DUE} {_date(unit.promised_ship_date)}  {sizes}",
            size=9,
        )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def shipment_packing_slip_pdf(*, shipment: Any) -> bytes:
    """The packing slip that goes in the parcel: order, garments, carrier and tracking."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{shipment.tracking_number} packing slip")
    writer = _a4_writer(canvas)
    factory = shipment.factory
    writer.line(_("Packing slip"), size=16)
    writer.line(f"{L_ORDER}: {shipment.order.number}", size=11)
    writer.line(f"{L_FROM}: {factory.name} ({factory.city})", size=11)
    writer.line(
        f"{L_CARRIER}: {carrier_label(shipment.carrier)} · "
        f"{L_TRACKING_NUMBER}: {shipment.tracking_number}",
        size=11,
    )
    writer.space(6)
    writer.line(_("Garments in this parcel"), size=11)
    for unit in shipment.units.order_by("pk"):
        snapshot = unit.snapshot
        fabric = snapshot.get("fabric", {})
        writer.line(
            f"[  ] {unit.code}  {_label(GARMENT_TYPE_LABELS, unit.garment_type)}  "
            f"{fabric.get('code', '')} {_name(fabric.get('name'))}  "
            f"{snapshot.get('product', {}).get('title', '')}",
            size=10,
        )
    writer.space(10)
    writer.line(_("Thank you for your order. Each garment was made to your measurements."), size=9)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
