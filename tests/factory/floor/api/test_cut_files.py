"""Cut files through the API: a work order gives the links to its marker (once the cut plan
is stored) and to each garment's pattern; the files come back as SVG, PDF and DXF for the
token's factory only."""

from __future__ import annotations

import io

import ezdxf
import pytest

from orders.services import cut_plan_apply
from tests.factory.floor.api.builders import factory_side, released_work_order
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db

BASE = "http://testserver/api/v1/work-orders"


def test_a_work_order_links_its_marker_once_planned_and_every_garments_pattern() -> None:
    side = factory_side(code="HZ-C1")
    cloth = side.factory.fabrics.get().fabric
    order = released_work_order(factory=side.factory, cloth=cloth, garments=2)
    codes = list(order.units.order_by("pk").values_list("code", flat=True))

    before = side.get(f"/api/v1/work-orders/{order.pk}/").json()["cut_files"]
    cut_plan_apply(work_order_id=order.pk)
    after = side.get(f"/api/v1/work-orders/{order.pk}/").json()["cut_files"]

    assert (before["marker_svg"], before["marker_pdf"]) == (None, None)
    assert after["marker_svg"] == f"{BASE}/{order.pk}/marker.svg"
    assert after["marker_pdf"] == f"{BASE}/{order.pk}/marker.pdf"
    assert (
        after["units"]
        == before["units"]
        == [
            {
                "code": code,
                "svg": f"{BASE}/{order.pk}/units/{code}/pattern.svg",
                "pdf": f"{BASE}/{order.pk}/units/{code}/pattern.pdf",
                "dxf": f"{BASE}/{order.pk}/units/{code}/pattern.dxf",
            }
            for code in codes
        ]
    )


def test_the_files_come_back_in_their_formats() -> None:
    side = factory_side(code="HZ-C2")
    cloth = side.factory.fabrics.get().fabric
    order = released_work_order(factory=side.factory, cloth=cloth, garments=1)
    plan = cut_plan_apply(work_order_id=order.pk)
    unit = order.units.get()
    files = f"/api/v1/work-orders/{order.pk}"

    marker = side.get(f"{files}/marker.svg")
    marker_pdf = side.get(f"{files}/marker.pdf")
    svg = side.get(f"{files}/units/{unit.code}/pattern.svg")
    pdf = side.get(f"{files}/units/{unit.code}/pattern.pdf", {"paper": "A3"})
    dxf = side.get(f"{files}/units/{unit.code}/pattern.dxf")

    assert (marker.status_code, marker["Content-Type"]) == (200, "image/svg+xml")
    assert marker.content.decode() == plan.marker_svg
    assert marker_pdf.content == bytes(plan.marker_pdf)
    assert svg.status_code == 200 and 'id="test-square"' in svg.content.decode()
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert dxf["Content-Type"] == "application/dxf"
    assert not ezdxf.read(io.StringIO(dxf.content.decode())).audit().has_errors


def test_refusals_are_json_and_another_factorys_files_are_not_found() -> None:
    cloth = fabric(stock="500")
    first = factory_side(code="HZ-C3", cloth=cloth)
    second = factory_side(code="XA-C3", cloth=cloth)
    theirs = released_work_order(factory=second.factory, cloth=cloth, garments=1)
    cut_plan_apply(work_order_id=theirs.pk)
    code = theirs.units.get().code
    mine = released_work_order(factory=first.factory, cloth=cloth, garments=1)
    mine_code = mine.units.get().code

    for path in ("marker.svg", "marker.pdf", f"units/{code}/pattern.svg"):
        foreign = first.get(f"/api/v1/work-orders/{theirs.pk}/{path}")
        assert foreign.status_code == 404, path
        assert foreign.json() == {"code": "not_found", "detail": "Not found."}
    not_planned = first.get(f"/api/v1/work-orders/{mine.pk}/marker.svg")
    not_mine = first.get(f"/api/v1/work-orders/{mine.pk}/units/{code}/pattern.dxf")
    bad_paper = first.get(f"/api/v1/work-orders/{mine.pk}/units/{mine_code}/pattern.pdf?paper=A5")

    assert not_planned.status_code == not_mine.status_code == 404
    assert not_planned.json() == not_mine.json() == {"code": "not_found", "detail": "Not found."}
    assert bad_paper.status_code == 400
    assert bad_paper.json()["fields"] == {"paper": ["Choose the paper size A4 or A3."]}
