"""A factory's cutter, in a real browser: from the work order page to the batch's marker
and to one garment's pattern, each drawn at 1:1 (the test square is 100 mm on screen)."""

from __future__ import annotations

import pytest

from orders.services import cut_plan_apply
from tests.factory.floor.builders import floor_with_work_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: CSS pixels in 100 mm (96 px to the inch).
PX_PER_100_MM = 9600 / 25.4


def _square_px(page) -> float:  # type: ignore[no-untyped-def]
    return float(
        page.evaluate("() => document.getElementById('test-square').getBoundingClientRect().width")
    )


def test_a_factory_user_opens_the_marker_and_a_garments_cut_file(live_server, browser_page) -> None:  # type: ignore[no-untyped-def]
    floor = floor_with_work_order(garments=2)
    order = floor.work_order
    plan = cut_plan_apply(work_order_id=order.pk)
    unit = floor.units[1]
    page = browser_page
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_login-username", floor.operator.email)
    page.fill("#id_login-password", "floor-pass")
    page.click("button[name=login_submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/en/factory/work-orders/{order.pk}/")

    cut_files = page.locator("#cut-files")
    assert f"{plan.planned_metres} m" in cut_files.inner_text()
    page.get_by_role("link", name="Marker (SVG, 1:1)").click()
    page.wait_for_load_state()

    assert page.url.endswith(f"/work-orders/{order.pk}/marker.svg")
    assert page.locator("svg").count() == 1
    assert page.locator("svg polygon.cut").count() == plan.pieces
    assert (
        page.locator("svg title").text_content().startswith(f"Marker / 排料图 {order.fabric.code}")
    )
    assert _square_px(page) == pytest.approx(PX_PER_100_MM, abs=0.5)

    page.go_back()
    page.locator(f"[data-cut-unit='{unit.code}']").get_by_role("link", name="SVG 1:1").click()
    page.wait_for_load_state()

    assert page.url.endswith(f"/units/{unit.code}/pattern.svg")
    assert page.locator("svg title").text_content() == f"{unit.code} shirt pattern"
    assert page.locator("svg polygon.cut").count() >= 8
    assert _square_px(page) == pytest.approx(PX_PER_100_MM, abs=0.5)
