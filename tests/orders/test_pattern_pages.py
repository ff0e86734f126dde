"""Staff pattern pages: any production unit's pattern drawn with its dimensions and checks,
in English and Chinese, with its cut files; and the cut plan service for a batch."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import Any

import ezdxf
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.apps.dashboard.menu import get_nodes

from orders.cutting import cut_plan_for, unit_pattern
from orders.models import ProductionUnit
from shop.models import GarmentOption
from shop.patterns import PatternError
from shop.patterns.nesting import marker_overlaps
from tests.factory.builders import make_user
from tests.orders.factories import paid_order
from tests.shop.factories import fabric, shirt_options

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client) -> Client:
    client.force_login(make_user("staff", is_staff=True))
    return client


def _units(count: int = 1, cloth: Any = None) -> list[ProductionUnit]:
    if not GarmentOption.objects.exists():
        shirt_options()
    cloth = cloth or fabric(stock="100")
    order = paid_order(fabric=cloth, garments=count)
    return list(ProductionUnit.objects.filter(order_line__order=order).order_by("pk"))


def _url(name: str, unit: ProductionUnit | None = None, language: str = "en") -> str:
    with translation.override(language):
        if unit is None:
            return reverse(f"pattern-dashboard:{name}")
        return reverse(f"pattern-dashboard:{name}", kwargs={"code": unit.code})


def test_only_staff_reach_the_pattern_pages(client: Client) -> None:
    (unit,) = _units()
    urls = [_url("unit-list"), _url("unit-pattern", unit), _url("unit-pattern-dxf", unit)]
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(make_user("customer"))
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"AAMA" not in response.content


def test_list_finds_units_by_code_and_shows_an_empty_search(staff_client: Client) -> None:
    first, second = _units(2)
    page = staff_client.get(_url("unit-list")).content.decode()
    assert first.code in page and second.code in page
    found = staff_client.get(_url("unit-list"), {"q": first.code}).content.decode()
    assert first.code in found and second.code not in found
    nothing = staff_client.get(_url("unit-list"), {"q": "U-NONE"}).content.decode()
    assert "No production unit matches your search." in nothing


def test_list_query_count_does_not_grow_with_units(staff_client: Client) -> None:
    _units(1)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(_url("unit-list"))
    _units(3)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(_url("unit-list"))
    assert len(many) == len(few)


def test_preview_shows_pieces_dimensions_and_checks_in_english(staff_client: Client) -> None:
    (unit,) = _units()
    response = staff_client.get(_url("unit-pattern", unit))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Pattern of {unit.code}" in page
    assert "Every dimension measured on the pieces is within tolerance." in page
    assert "Out of tolerance</strong>" not in page
    assert "Yoke / 过肩" in page and "Collar stand / 领座" in page
    assert page.count('class="table-danger"') == 0
    assert f"{_url('unit-pattern-svg', unit)}?dimensions=1" in page
    assert "DXF (AAMA) for CAD" in page


def test_preview_in_chinese(staff_client: Client) -> None:
    (unit,) = _units()
    page = staff_client.get(_url("unit-pattern", unit, "zh-hans")).content.decode()
    assert f"{unit.code} 的纸样" in page
    assert "在裁片上量得的各项尺寸均在公差范围内。" in page
    assert "胸围" in page and "在公差内" in page
    assert "Every dimension measured" not in page


def test_svg_pdf_and_dxf_downloads(staff_client: Client) -> None:
    (unit,) = _units()
    svg = staff_client.get(_url("unit-pattern-svg", unit))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Disposition"] == f'attachment; filename="{unit.code}.svg"'
    root = ET.fromstring(svg.content)
    assert root.get("width").endswith("mm")
    square = root.find("{http://www.w3.org/2000/svg}rect[@id='test-square']")
    assert square.get("width") == "100" and square.get("height") == "100"
    preview = staff_client.get(_url("unit-pattern-svg", unit), {"dimensions": "1"})
    assert preview["Content-Disposition"].startswith("inline;")
    assert b'class="dimension"' in preview.content
    assert b'class="dimension"' not in svg.content
    pdf = staff_client.get(_url("unit-pattern-pdf", unit), {"paper": "A3"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    dxf = staff_client.get(_url("unit-pattern-dxf", unit))
    assert dxf["Content-Type"] == "application/dxf"
    doc = ezdxf.read(io.StringIO(dxf.content.decode("cp1252")))
    assert not doc.audit().has_errors
    assert "YOKE" in doc.blocks


def test_bad_paper_unknown_unit_and_unknown_style_are_clear_errors(staff_client: Client) -> None:
    (unit,) = _units()
    bad_paper = staff_client.get(_url("unit-pattern-pdf", unit), {"paper": "Letter"})
    assert bad_paper.status_code == 400
    assert bad_paper.content.decode() == "Choose the paper size A4 or A3."
    missing = staff_client.get(reverse("pattern-dashboard:unit-pattern", kwargs={"code": "U-NOPE"}))
    assert missing.status_code == 404
    snapshot = dict(unit.snapshot)
    snapshot["options"] = {
        **snapshot["options"],
        "collar": {
            "choice": "ruff",
            "option_name": {"en": "Collar", "zh": "领型"},
            "choice_name": {"en": "Ruff", "zh": "拉夫领"},
            "surcharge": "0",
        },
    }
    ProductionUnit.objects.filter(pk=unit.pk).update(snapshot=snapshot)
    response = staff_client.get(_url("unit-pattern", unit))
    assert response.status_code == 422
    assert "does not know the collar “ruff” yet" in response.content.decode()
    assert staff_client.get(_url("unit-pattern-dxf", unit)).status_code == 422


def test_menu_entry_for_staff() -> None:
    staff = make_user("staff2", is_staff=True)
    customer = make_user("customer2")
    labels = [str(n.label) for n in get_nodes(staff)]
    assert "Patterns" in labels
    assert "Patterns" not in [str(n.label) for n in get_nodes(customer)]


def test_cut_plan_for_a_batch_of_units() -> None:
    cloth = fabric(stock="100")
    units = _units(3, cloth)
    plan = cut_plan_for(units=units, fabric=cloth)
    assert set(plan.units) == {u.code for u in units}
    assert marker_overlaps(plan.marker) == []
    assert {p.group for p in plan.marker.placements} == set(plan.units)
    assert plan.planned_metres > 0
    other = fabric(stock="100")
    with pytest.raises(PatternError) as mixed:
        cut_plan_for(units=units, fabric=other)
    assert mixed.value.code == "mixed_fabrics"


def test_unit_pattern_is_the_snapshot_drafted() -> None:
    (unit,) = _units()
    pattern = unit_pattern(unit=unit)
    assert pattern.spec.unit_code == unit.code
    assert pattern.check("chest").expected == pytest.approx(
        float(unit.snapshot["finished_cm"]["chest"]) * 10
    )
    assert pattern.failed_checks == []


def test_a_body_outside_the_drafting_range_shows_its_adjustment_and_failed_check(
    staff_client: Client,
) -> None:
    (unit,) = _units()
    snapshot = dict(unit.snapshot)
    chest = float(snapshot["finished_cm"]["chest"])
    snapshot["finished_cm"] = {**snapshot["finished_cm"], "shoulder_width": f"{chest * 0.7:.1f}"}
    ProductionUnit.objects.filter(pk=unit.pk).update(snapshot=snapshot)
    page = staff_client.get(_url("unit-pattern", unit)).content.decode()
    assert "“shoulder_width” is outside the proportions the drafting system can draft" in page
    assert "Checks out of tolerance: 1" in page
    assert page.count("<strong>Out of tolerance</strong>") == 1
    zh = staff_client.get(_url("unit-pattern", unit, "zh-hans")).content.decode()
    assert "超出公差的核对项：1" in zh
