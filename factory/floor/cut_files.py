"""The cut files on the factory floor: a work order's marker (the cut plan stored when it
was released) and each of its garments' patterns as SVG at 1:1, a PDF tiled on A4 or A3,
and AAMA DXF for the factory's CAD. Thin: the factory's own work order, or a 404; the
drawing is :mod:`shop.patterns`'."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from factory.floor import selectors
from factory.floor.views import floor_page
from factory.models import WorkOrder
from orders.cutting import pattern_error_text, unit_pattern
from orders.models import CutPlan, ProductionUnit
from shop.patterns import Pattern, PatternError
from shop.patterns.dxf import pattern_dxf
from shop.patterns.pdf import PAPER, sheet_pdf
from shop.patterns.sheet import pattern_sheet
from shop.patterns.svg import pattern_svg


def _file(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _work_order(request: HttpRequest, pk: int) -> WorkOrder:
    try:
        return selectors.work_order_get(factory=request.factory, work_order_id=pk)  # type: ignore[attr-defined]
    except WorkOrder.DoesNotExist:
        raise Http404(_("No such work order.")) from None


def _cut_plan(request: HttpRequest, pk: int) -> CutPlan:
    order = _work_order(request, pk)
    plan = CutPlan.objects.filter(work_order=order).first()
    if plan is None:
        raise Http404(
            _("The cut plan of work order %(code)s is not ready yet.") % {"code": order.code}
        )
    return plan


@require_GET
@floor_page
def work_order_marker_svg(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _cut_plan(request, pk)
    return _file(plan.marker_svg, "image/svg+xml", f"{plan.work_order.code}-marker.svg")


@require_GET
@floor_page
def work_order_marker_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _cut_plan(request, pk)
    return _file(bytes(plan.marker_pdf), "application/pdf", f"{plan.work_order.code}-marker.pdf")


def _unit_pattern(
    request: HttpRequest, pk: int, code: str
) -> tuple[ProductionUnit, Pattern] | HttpResponse:
    """The work order's unit and its pattern; 404 for a unit not in this factory's work
    order, 422 with the reason for a garment the pattern cannot draft."""
    order = _work_order(request, pk)
    unit = next((u for u in order.units.all() if u.code == code.strip().upper()), None)
    if unit is None:
        raise Http404(
            _("Work order %(order)s has no garment %(code)s.") % {"order": order.code, "code": code}
        )
    try:
        return unit, unit_pattern(unit=unit)
    except PatternError as error:
        return HttpResponse(
            pattern_error_text(error), status=422, content_type="text/plain; charset=utf-8"
        )


@require_GET
@floor_page
def unit_cut_svg(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    drafted = _unit_pattern(request, pk, code)
    if isinstance(drafted, HttpResponse):
        return drafted
    unit, pattern = drafted
    return _file(pattern_svg(pattern), "image/svg+xml", f"{unit.code}.svg")


@require_GET
@floor_page
def unit_cut_pdf(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    paper = request.GET.get("paper", "A4")
    if paper not in PAPER:
        return HttpResponse(
            _("Choose the paper size A4 or A3."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    drafted = _unit_pattern(request, pk, code)
    if isinstance(drafted, HttpResponse):
        return drafted
    unit, pattern = drafted
    pdf = sheet_pdf(pattern_sheet(pattern), paper=paper, title=f"{unit.code} {unit.garment_type}")
    return _file(pdf, "application/pdf", f"{unit.code}-{paper}.pdf")


@require_GET
@floor_page
def unit_cut_dxf(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    drafted = _unit_pattern(request, pk, code)
    if isinstance(drafted, HttpResponse):
        return drafted
    unit, pattern = drafted
    response = _file(pattern_dxf(pattern), "application/dxf", f"{unit.code}.dxf")
    response["Content-Disposition"] = f'attachment; filename="{unit.code}.dxf"'
    return response
