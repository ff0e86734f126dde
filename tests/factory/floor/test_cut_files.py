"""The cut files on the factory floor: the work order page links to the batch's marker
and to each garment's pattern (SVG 1:1, PDF, AAMA DXF); another factory's are a 404."""

from __future__ import annotations

import io
from typing import Any

import ezdxf
import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from orders.services import cut_plan_apply
from tests.factory.floor.builders import floor_with_work_order, released_work_order

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _base(order: Any, language: str = "en") -> str:
    return f"/{language}/factory/work-orders/{order.pk}/"


def test_the_work_order_page_links_the_marker_and_each_garments_cut_files() -> None:
    floor = floor_with_work_order(garments=2)
    order = floor.work_order
    client = _client(floor.operator)
    pending = client.get(_base(order)).content.decode()
    plan = cut_plan_apply(work_order_id=order.pk)

    page = client.get(_base(order)).content.decode()
    chinese = client.get(_base(order, "zh-hans")).content.decode()

    assert "data-cut-plan-pending" in pending and "marker.svg" not in pending
    assert f'href="{_base(order)}marker.svg"' in page
    assert f'href="{_base(order)}marker.pdf"' in page
    assert f"{plan.planned_metres} m" in page
    assert f"{plan.utilisation * 100:.1f}%" in page
    for unit in floor.units:
        for name in ("pattern.svg", "pattern.pdf", "pattern.dxf"):
            assert f'href="{_base(order)}units/{unit.code}/{name}"' in page
    assert "裁剪文件" in chinese and "排料图" in chinese


def test_a_work_order_released_without_a_marker_says_so_rather_than_pending() -> None:
    with override_settings(CUT_PLAN_AT_RELEASE=False):
        floor = floor_with_work_order(garments=1)
    client = _client(floor.operator)

    page = client.get(_base(floor.work_order)).content.decode()
    chinese = client.get(_base(floor.work_order, "zh-hans")).content.decode()

    assert "data-cut-plan-none" in page and "data-cut-plan-pending" not in page
    assert "released without a marker: cut it with the estimated metres" in page
    assert "本批下达时没有排料图" in chinese


def test_a_factory_member_opens_the_marker_and_a_garments_cut_files() -> None:
    floor = floor_with_work_order(garments=1)
    order, (unit,) = floor.work_order, floor.units
    plan = cut_plan_apply(work_order_id=order.pk)
    client = _client(floor.manager)

    svg = client.get(f"{_base(order)}marker.svg")
    pdf = client.get(f"{_base(order)}marker.pdf")
    pattern = client.get(f"{_base(order)}units/{unit.code}/pattern.svg")
    a3 = client.get(f"{_base(order)}units/{unit.code}/pattern.pdf?paper=A3")
    dxf = client.get(f"{_base(order)}units/{unit.code}/pattern.dxf")

    assert (svg.status_code, svg["Content-Type"]) == (200, "image/svg+xml")
    assert svg.content.decode() == plan.marker_svg
    assert (pdf.status_code, pdf.content) == (200, bytes(plan.marker_pdf))
    assert pattern.status_code == 200 and unit.code in pattern.content.decode()
    assert a3.status_code == 200 and a3.content.startswith(b"%PDF")
    assert dxf.status_code == 200 and "attachment" in dxf["Content-Disposition"]
    document = ezdxf.read(io.StringIO(dxf.content.decode()))
    assert len(document.blocks) > 0 and not document.audit().has_errors


def test_another_factorys_cut_files_and_unknown_garments_are_not_found() -> None:
    floor = floor_with_work_order(garments=1)
    order, (unit,) = floor.work_order, floor.units
    cut_plan_apply(work_order_id=order.pk)
    other = released_work_order(factory=floor.factory, garments=1)
    stranger = _client(floor_with_work_order(garments=1).manager)
    client = _client(floor.operator)

    for path in (
        "marker.svg",
        "marker.pdf",
        f"units/{unit.code}/pattern.svg",
        f"units/{unit.code}/pattern.pdf",
        f"units/{unit.code}/pattern.dxf",
    ):
        assert stranger.get(f"{_base(order)}{path}").status_code == 404, path
    # A garment of another work order, a code that does not exist, a plan not made yet.
    other_unit = other.units.get().code
    assert client.get(f"{_base(order)}units/{other_unit}/pattern.svg").status_code == 404
    assert client.get(f"{_base(order)}units/U-NONE-0000/pattern.dxf").status_code == 404
    missing = client.get(f"{_base(other)}marker.svg")
    assert missing.status_code == 404
    bad_paper = client.get(f"{_base(order)}units/{unit.code}/pattern.pdf?paper=A5")
    assert bad_paper.status_code == 400
    assert "Choose the paper size A4 or A3." in bad_paper.content.decode()


def test_the_work_order_page_query_count_does_not_grow_with_garments() -> None:
    small = floor_with_work_order(garments=1)
    cut_plan_apply(work_order_id=small.work_order.pk)
    large = released_work_order(factory=small.factory, garments=4)
    cut_plan_apply(work_order_id=large.pk)
    client = _client(small.manager)

    with CaptureQueriesContext(connection) as few:
        client.get(_base(small.work_order))
    with CaptureQueriesContext(connection) as many:
        assert client.get(_base(large)).status_code == 200

    assert len(many) == len(few)
