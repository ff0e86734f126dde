"""Staff use the planning board in a real browser: the Gantt, then "replan now"."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.scheduling.test_planning_board import _planned_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_see_the_gantt_and_replan(live_server, browser_page) -> None:  # type: ignore[no-untyped-def]
    factory, first, _second = _planned_network()
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

    assert page.locator("#gantt .gantt-bar").count() >= 10  # 2 batches × 5 work centres
    cutting = page.locator("[data-work-centre=cutting] .gantt-bar")
    assert cutting.first.inner_text().strip().startswith(first.code) or cutting.count() == 2
    assert page.locator("[data-changeover]").count() >= 2
    assert "Plan 1 from" in page.content()

    page.get_by_role("button", name="Replan now").click()
    page.wait_for_selector("#replan-progress")
    page.wait_for_function(
        "() => !document.getElementById('replan-progress') || "
        "document.getElementById('replan-progress').dataset.status === 'done'"
    )
    page.goto(f"{live_server.url}/en/dashboard/planning/?factory={factory.code}")
    assert "Plan 2 from" in page.content()
    kpis = page.locator("#kpis")
    assert "Plan 2" in kpis.inner_text() and "Plan 1" in kpis.inner_text()
    page.get_by_role("link", name="Planning").first.wait_for()
