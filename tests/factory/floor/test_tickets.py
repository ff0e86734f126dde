"""The work order's papers: A6 tickets whose QR codes read back as the unit codes, the
cut sheet and the packing slip, in both languages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from factory.floor.services import shipment_create, unit_qc_record, unit_scan
from factory.floor.tickets import (
    shipment_packing_slip_pdf,
    work_order_cut_sheet_pdf,
    work_order_tickets_pdf,
)
from orders.services import cut_plan_apply
from tests.factory.floor.builders import floor_with_work_order
from tests.factory.floor.pdfs import pdf_page_sizes_mm, pdf_qr_codes, pdf_text

pytestmark = pytest.mark.django_db


def test_one_a6_ticket_per_garment_whose_qr_code_is_the_unit_code() -> None:
    floor = floor_with_work_order(garments=3)
    units = floor.units

    data = work_order_tickets_pdf(work_order=floor.work_order)

    assert data.startswith(b"%PDF-")
    assert pdf_page_sizes_mm(data) == [(105, 148)] * 3
    assert pdf_qr_codes(data) == [[u.code] for u in units]
    texts = pdf_text(data)
    for unit, text in zip(units, texts, strict=True):
        snapshot = unit.snapshot
        assert unit.code in text
        assert floor.work_order.code in text
        assert floor.factory.code in text
        assert snapshot["fabric"]["code"] in text
        for option in snapshot["options"].values():
            assert option["choice_name"]["en"] in text
        assert "Body measurements (cm)" in text and "Finished garment (cm)" in text
        assert "Due" in text


def test_tickets_in_chinese() -> None:
    floor = floor_with_work_order(garments=1)

    with translation.override("zh-hans"):
        data = work_order_tickets_pdf(work_order=floor.work_order)

    text = pdf_text(data)[0]
    assert "成衣尺寸（厘米）" in text and "工单" in text
    assert pdf_qr_codes(data) == [[floor.units[0].code]]


def test_cut_sheet_gives_fabric_width_metres_and_the_lay_order() -> None:
    floor = floor_with_work_order(garments=2)
    units = floor.units
    metres = sum(u.fabric_metres for u in units)

    text = "".join(pdf_text(work_order_cut_sheet_pdf(work_order=floor.work_order)))

    assert floor.work_order.fabric.code in text
    assert f"Metres for the batch: {metres:.2f} m" in text
    assert text.index(units[0].code) < text.index(units[1].code)


def test_packing_slip_lists_the_parcel() -> None:
    floor = floor_with_work_order(garments=1)
    unit = floor.units[0]
    for kind in ("cutting", "sewing", "finishing", "qc"):
        unit_scan(
            factory=floor.factory,
            work_centre_id=floor.centre(kind).pk,
            code=unit.code,
            user=floor.operator,
        )
    unit_qc_record(factory=floor.factory, code=unit.code, passed=True, user=floor.operator)
    unit_scan(
        factory=floor.factory,
        work_centre_id=floor.centre("packing").pk,
        code=unit.code,
        user=floor.operator,
    )
    shipment = shipment_create(
        factory=floor.factory,
        unit_codes=[unit.code],
        carrier="zto",
        tracking_number="ZTO77788899",
        user=floor.operator,
    )

    text = "".join(pdf_text(shipment_packing_slip_pdf(shipment=shipment)))

    assert unit.code in text and "ZTO77788899" in text and "ZTO Express" in text


def test_cut_sheet_gives_the_cut_plans_metres_once_the_plan_is_stored() -> None:
    floor = floor_with_work_order(garments=2)
    estimate = sum(u.fabric_metres for u in floor.units)
    plan = cut_plan_apply(work_order_id=floor.work_order.pk)

    text = "".join(pdf_text(work_order_cut_sheet_pdf(work_order=floor.work_order)))
    with translation.override("zh-hans"):
        chinese = "".join(pdf_text(work_order_cut_sheet_pdf(work_order=floor.work_order)))

    assert plan.planned_metres != estimate
    assert (
        f"Metres for the batch: {plan.planned_metres:.2f} m (cut plan, utilisation "
        f"{plan.utilisation * 100:.1f}%; estimate {estimate:.2f} m; garments: 2)"
    ) in text
    assert f"{plan.planned_metres:.2f}" in chinese and "裁剪方案" in chinese and "利用率" in chinese


def test_each_ticket_links_its_garments_cut_files() -> None:
    floor = floor_with_work_order(garments=2)

    data = work_order_tickets_pdf(work_order=floor.work_order)

    texts = "".join(pdf_text(data)).replace("\r", "").replace("\n", "")
    for unit in floor.units:
        site = f"{settings.SITE_SCHEME}://{settings.SITE_DOMAIN}"
        url = f"{site}/en/factory/work-orders/{floor.work_order.pk}/units/{unit.code}/pattern.pdf"
        assert f"Cut files: {url}" in texts
        assert url.encode() in data  # the clickable link's annotation
