"""The API's docs page in a real browser: Swagger UI from our own static files, under the
platform's Content-Security-Policy (the fixture fails on any refusal), and a request
tried from it with a factory's token."""

from __future__ import annotations

import pytest

from tests.factory.floor.api.builders import factory_side, released_work_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_lists_the_api_and_tries_a_request(live_server, browser_page) -> None:  # type: ignore[no-untyped-def]
    side = factory_side(code="HZ-DOC")
    order = released_work_order(
        factory=side.factory, cloth=side.factory.fabrics.get().fabric, garments=1
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
