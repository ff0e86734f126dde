"""The API's docs page in a real browser: Swagger UI from our own static files, under the
platform's Content-Security-Policy (the fixture fails on any refusal), and a request
tried from it with a factory's token."""

from __future__ import annotations

import pytest
from django.utils import timezone

from factory.models import WorkOrder
from scheduling.models import PlannedBatch, PlanVersion
from tests.factory.floor.api.builders import factory_side

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_lists_the_api_and_tries_a_request(live_server, browser_page) -> None:  # type: ignore[no-untyped-def]
    side = factory_side(code="HZ-DOC")
    # A work order as the release writes it (its garments do not matter here; a paid
    # order would be routed at once by the eager tasks of a committed transaction).
    cloth = side.factory.fabrics.get().fabric
    plan = PlanVersion.objects.create(
        number=1, horizon_start=timezone.localdate(), horizon_days=7, seed=1, runtime_seconds=0
    )
    batch = PlannedBatch.objects.create(
        plan=plan,
        key="DOC-1",
        factory=side.factory,
        garment_type="shirt",
        fabric=cloth,
        sequence=0,
        stages=[],
        start_minute=0,
        end_minute=60,
    )
    order = WorkOrder.objects.create(
        code="WO-DOC-1", factory=side.factory, plan_batch=batch, garment_type="shirt", fabric=cloth
    )
    page = browser_page
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:", "blob:"))
            else None
        ),
    )

    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")

    assert "C2M Tailor factory API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-summary-path", has_text="/api/v1/work-orders/").count() >= 1
    page.get_by_role("button", name="Authorize").first.click()
    page.locator(".auth-container input").first.fill(side.token)
    page.locator(".auth-btn-wrapper button.authorize").click()
    page.locator(".btn-done").click()
    list_path = page.locator('.opblock-summary-path[data-path="/api/v1/work-orders/"]')
    page.locator(".opblock-get .opblock-summary", has=list_path).first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.wait_for_selector(".live-responses-table tbody .response-col_status")

    assert (
        page.locator(".live-responses-table tbody .response-col_status").first.inner_text() == "200"
    )
    assert order.code in page.locator(".live-responses-table .microlight").first.inner_text()
    assert outside == []
