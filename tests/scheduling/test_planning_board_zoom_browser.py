"""Staff read the planning board in a real browser: zoom to hours, open a batch."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from scheduling.models import PlannedBatch
from tests.scheduling.test_planning_board import _planned_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_zoom_to_hours_and_open_a_labelled_bar(live_server, browser_page) -> None:  # type: ignore[no-untyped-def]
    factory, first, _second = _planned_network()
    batch = PlannedBatch.objects.filter(factory=factory, fabric=first).get()
    codes = sorted(u.unit.code for u in batch.units.select_related("unit"))
    get_user_model().objects.create_user(
        username="ops", email="ops@example.com", password="Plan-2026!", is_staff=True
    )
    page = browser_page
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_login-username", "ops@example.com")
    page.fill("#id_login-password", "Plan-2026!")
    page.click("button[name=login_submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/en/dashboard/planning/?factory={factory.code}")
    # The top bar shows the platform's name, not Oscar's logo.
    brand = page.locator("nav.navbar-accounts .navbar-brand")
    assert brand.inner_text().strip() == "C2M Tailor"
    assert brand.evaluate("el => getComputedStyle(el).backgroundImage") == "none"
    assert brand.evaluate("el => getComputedStyle(el).textIndent") == "0px"
    bar = page.locator(f"[data-work-centre=cutting] a.gantt-bar[data-batch='{batch.key}']")
    day_box = bar.first.bounding_box()

    page.get_by_role("link", name="Hours").click()
    page.wait_for_load_state()
    assert page.locator("#gantt").get_attribute("data-zoom") == "hour"
    assert page.locator(".gantt-ticks span").count() == 24
    # Move forward a day at a time to the batch's first day on the cutting table.
    for _ in range(30):
        if bar.count():
            break
        page.locator("#later").click()
        page.wait_for_load_state()
    label = bar.first.inner_text().strip()
    assert label == f"{batch.key} · {first.code} ×3"
    box = bar.first.bounding_box()
    assert box is not None and day_box is not None
    assert box["width"] > 2 * day_box["width"]  # hours spread the same work wider

    bar.first.click()
    page.wait_for_selector("#batch-detail")
    assert page.locator("#batch-detail").get_attribute("data-batch") == batch.key
    shown = sorted(
        page.locator("#batch-units tbody tr").nth(i).get_attribute("data-unit") or ""
        for i in range(page.locator("#batch-units tbody tr").count())
    )
    assert shown == codes
