"""localstripe's fake Stripe.js in a real Chromium: the card element and what it confirms.

The fake ``confirmCardPayment`` ignores the card it is given (it only completes a
3-D Secure step), so a card typed into the element reaches Stripe through
``confirmCardSetup``; the server then confirms the PaymentIntent with the
SetupIntent's payment method.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import stripe
from django.conf import settings

from shop.payments import gateway
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.services import service_required

PAGE = """<!doctype html>
<html><body>
<div id="card-element"></div><button id="pay" type="button">Pay</button><pre id="result"></pre>
<script src="{base}/js.stripe.com/v3/"></script>
<script>
  const stripe = Stripe({publishable_key});
  const card = stripe.elements().create("card");
  card.mount("#card-element");
  document.getElementById("pay").addEventListener("click", async () => {{
    const result = await stripe.confirmCardSetup({client_secret}, {{payment_method: {{card}}}});
    document.getElementById("result").textContent = JSON.stringify(result);
  }});
</script>
</body></html>
"""


class _PageServer(ThreadingHTTPServer):
    page = b""


class _PageHandler(BaseHTTPRequestHandler):
    server: _PageServer

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.server.page)))
        self.end_headers()
        self.wfile.write(self.server.page)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def page_server() -> Iterator[_PageServer]:
    server = _PageServer(("127.0.0.1", 0), _PageHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def chromium_page() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        service_required("Chromium", f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(10_000)
            yield page
        finally:
            browser.close()


def _card_setup_in_browser(page, server: _PageServer, base: str, number: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    setup = stripe.SetupIntent.create()
    server.page = PAGE.format(
        base=base,
        publishable_key=json.dumps(settings.STRIPE_PUBLISHABLE_KEY),
        client_secret=json.dumps(setup.client_secret),
    ).encode()
    page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
    inputs = page.locator("#card-element input")
    assert [inputs.nth(i).get_attribute("placeholder") for i in range(inputs.count())] == [
        "number",
        "exp_month",
        "exp_year",
        "cvc",
        "postal_code",
    ]
    page.fill("#card-element input[placeholder=number]", number)
    page.fill("#card-element input[placeholder=exp_month]", "12")
    page.fill("#card-element input[placeholder=exp_year]", "34")  # two digits: "20" is prefixed
    page.fill("#card-element input[placeholder=cvc]", "123")
    page.fill("#card-element input[placeholder=postal_code]", "200000")
    page.click("#pay")
    page.wait_for_function("document.getElementById('result').textContent !== ''")
    return json.loads(page.text_content("#result"))  # type: ignore[no-any-return]


def test_a_card_typed_into_the_element_pays_an_intent(
    localstripe_url: str, chromium_page: object, page_server: _PageServer
) -> None:
    result = _card_setup_in_browser(chromium_page, page_server, localstripe_url, "4242424242424242")

    assert result["error"] is None
    assert result["setupIntent"]["status"] == "succeeded"
    intent = gateway.payment_intent_create(
        amount_fen=42_000, currency="cny", idempotency_key=uuid.uuid4().hex, metadata={}
    )
    paid = gateway.payment_intent_confirm(
        payment_intent_id=intent.id,
        payment_method_id=result["setupIntent"]["payment_method"],
        idempotency_key=uuid.uuid4().hex,
    )
    assert paid.status == "succeeded"


def test_a_declined_card_is_reported_to_the_page(
    localstripe_url: str, chromium_page: object, page_server: _PageServer
) -> None:
    result = _card_setup_in_browser(chromium_page, page_server, localstripe_url, "4000000000000002")

    assert result["error"] == {
        "code": "card_declined",
        "message": "Your card was declined.",
        "type": "invalid_request_error",
    }
