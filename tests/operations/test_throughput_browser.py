"""The operations page in a real browser: filters change the figures, charts and tables
render in both languages, a table downloads as CSV."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.operations.scenario import week_of_production

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_filter_read_and_download(live_server, browser_page, clock) -> None:  # type: ignore[no-untyped-def]
    week = week_of_production(clock)
    get_user_model().objects.create_user(
        username="ops", email="ops@example.com", password="Ops-2026!", is_staff=True
    )
    page = browser_page
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_login-username", "ops@example.com")
    page.fill("#id_login-password", "Ops-2026!")
    page.click("button[name=login_submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/en/dashboard/operations/?start=2026-11-23&end=2026-11-29")
    assert page.locator("svg.ops-chart").count() == 9
    assert page.locator("#chart-daily polyline.series").count() == 6
    assert page.locator("[data-kpi=shipped]").inner_text() == "3"
    assert page.locator("#table-daily tbody tr").count() == 7

    page.select_option("#id_factory", week.second.code)
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert f"factory={week.second.code}" in page.url
    # OPS-B made the second and fourth shirts: one reworked and shipped, one passed and shipped.
    assert page.locator("[data-kpi=shipped]").inner_text() == "2"
    assert page.locator("[data-kpi=fpy]").inner_text() == "50.0"

    with page.expect_download() as download:
        page.locator("a[data-csv=daily]").first.click()
    with open(download.value.path(), encoding="utf-8-sig") as downloaded:
        body = downloaded.read()
    assert body.splitlines()[0] == "Day,Paid,Released,Cut,Finished,Shipped,Delivered"
    assert body.splitlines()[1] == "2026-11-23,2,0,0,0,0,0"

    page.goto(f"{live_server.url}/zh-hans/dashboard/operations/?start=2026-11-23&end=2026-11-29")
    assert page.locator("svg.ops-chart").count() == 9
    assert page.locator("#title-daily").inner_text() == "每天的成衣"
    assert page.locator("#table-wip thead th").first.inner_text() == "工序"
    assert page.locator("[data-kpi=shipped]").inner_text() == "3"
