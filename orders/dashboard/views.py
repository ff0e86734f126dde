"""The pattern pages for staff: a list of units, a unit's pattern drawn with its
dimensions and checks, and its cut files (SVG at 1:1, tiled PDF, AAMA DXF)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from orders.cutting import pattern_error_text, pattern_warning_text, unit_pattern
from orders.models import ProductionUnit
from orders.selectors import unit_by_code, units_for_pattern_list
from shop.dashboard.views import SearchListView
from shop.patterns import Pattern, PatternError
from shop.patterns.dxf import pattern_dxf
from shop.patterns.pdf import PAPER, sheet_pdf
from shop.patterns.sheet import pattern_sheet
from shop.patterns.svg import pattern_svg


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Unit code"), required=False, max_length=40)


class UnitPatternListView(SearchListView):
    template_name = "orders/dashboard/unit_pattern_list.html"
    context_object_name = "units"

    def get_queryset(self):
        return units_for_pattern_list(search=self.search)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["search_form"] = UnitSearchForm(self.request.GET or None)
        return context


def _unit(code: str) -> ProductionUnit:
    try:
        return unit_by_code(code=code)
    except ProductionUnit.DoesNotExist:
        raise Http404(_("No production unit has the code %(code)s.") % {"code": code}) from None


def _drafted(request: HttpRequest, code: str) -> tuple[ProductionUnit, Pattern] | HttpResponse:
    """The unit and its pattern, or the page that says why it cannot be drafted (422)."""
    unit = _unit(code)
    try:
        return unit, unit_pattern(unit=unit)
    except PatternError as error:
        return render(
            request,
            "orders/dashboard/unit_pattern.html",
            {"unit": unit, "error": pattern_error_text(error)},
            status=422,
        )


def _chinese() -> bool:
    return (get_language() or "en").lower().startswith("zh")


@staff_member_required(login_url="dashboard:login")
@require_GET
def unit_pattern_page(request: HttpRequest, code: str) -> HttpResponse:
    drafted = _drafted(request, code)
    if isinstance(drafted, HttpResponse):
        return drafted
    unit, pattern = drafted
    zh = _chinese()
    checks = [
        {
            "name": c.name_zh if zh else c.name_en,
            "expected_cm": c.expected / 10,
            "measured_cm": c.measured / 10,
            "difference_mm": c.difference,
            "tolerance_mm": c.tolerance if c.tolerance != float("inf") else None,
            "ok": c.ok,
        }
        for c in pattern.checks
    ]
    pieces = [
        {
            "name": f"{p.name_en} / {p.name_zh}",
            "count": p.label_zh() if zh else p.label_en(),
            "width_mm": p.seam_polygon.bounds[2] - p.seam_polygon.bounds[0],
            "height_mm": p.seam_polygon.bounds[3] - p.seam_polygon.bounds[1],
            "material": p.material.value,
        }
        for p in pattern.pieces
    ]
    options = [
        (
            choice["option_name"]["zh" if zh else "en"],
            choice["choice_name"]["zh" if zh else "en"],
        )
        for choice in unit.snapshot.get("options", {}).values()
    ]
    context = {
        "unit": unit,
        "pattern": pattern,
        "checks": checks,
        "failed": sum(1 for c in checks if not c["ok"]),
        "pieces": pieces,
        "options": options,
        "warnings": [pattern_warning_text(w) for w in pattern.warnings],
        "papers": list(PAPER),
    }
    return render(request, "orders/dashboard/unit_pattern.html", context)


def _download(content: bytes | str, content_type: str, filename: str, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@staff_member_required(login_url="dashboard:login")
@require_GET
def unit_pattern_svg(request: HttpRequest, code: str) -> HttpResponse:
    drafted = _drafted(request, code)
    if isinstance(drafted, HttpResponse):
        return drafted
    unit, pattern = drafted
    dimensions = request.GET.get("dimensions") == "1"
    svg = pattern_svg(pattern, dimensions=dimensions)
    return _download(svg, "image/svg+xml", f"{unit.code}.svg", inline=dimensions)


@staff_member_required(login_url="dashboard:login")
@require_GET
def unit_pattern_pdf(request: HttpRequest, code: str) -> HttpResponse:
    paper = request.GET.get("paper", "A4")
    if paper not in PAPER:
        return HttpResponse(
            _("Choose the paper size A4 or A3."), status=400, content_type="text/plain"
        )
    drafted = _drafted(request, code)
    if isinstance(drafted, HttpResponse):
        return drafted
    unit, pattern = drafted
    pdf = sheet_pdf(pattern_sheet(pattern), paper=paper, title=f"{unit.code} {unit.garment_type}")
    return _download(pdf, "application/pdf", f"{unit.code}-{paper}.pdf", inline=False)


@staff_member_required(login_url="dashboard:login")
@require_GET
def unit_pattern_dxf(request: HttpRequest, code: str) -> HttpResponse:
    drafted = _drafted(request, code)
    if isinstance(drafted, HttpResponse):
        return drafted
    unit, pattern = drafted
    return _download(pattern_dxf(pattern), "application/dxf", f"{unit.code}.dxf", inline=False)
