"""A new customer pays in a real browser with Stripe.js (localstripe's), and the order
becomes paid through the webhook localstripe sends."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings

from shop.demo import demo_catalogue_load
from shop.payments.models import CheckoutPayment, StripeEvent
from tests.services import wait_for
from tests.shop.factories import SHIRT_BODY
from tests.shop.payments.factories import country_cn
from tests.stripe_server import localstripe_webhook_configure, localstripe_webhook_disable

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _register(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/en/accounts/login/")
    page.fill("#id_registration-email", "new.customer@example.com")
    page.fill("#id_registration-password1", "Tailor-made-2026")
    page.fill("#id_registration-password2", "Tailor-made-2026")
    page.click("button[name=registration_submit]")
    page.wait_for_load_state()


def _configure_shirt(page, base: str, product) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}{product.get_absolute_url()}")
    for code, value in SHIRT_BODY.items():
        page.fill(f"#id_m_{code}", value)
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/basket/")


def _checkout_to_preview(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="Proceed to checkout").click()
    page.wait_for_url("**/checkout/shipping-address/")
    page.fill("#id_first_name", "Li")
    page.fill("#id_last_name", "Wei")
    page.fill("#id_line1", "88 Tianhan Avenue")
    page.fill("#id_line4", "Hanzhong")
    page.fill("#id_state", "Shaanxi")
    page.fill("#id_postcode", "723000")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/checkout/shipping-method/")
    page.locator("form:has(input[name=method_code][value=standard]) button").click()
    page.wait_for_url("**/checkout/preview/")


def _type_card(page, number: str) -> None:  # type: ignore[no-untyped-def]
    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill(number)
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("72300")


def test_new_customer_pays_and_the_webhook_makes_the_order_paid(
    live_server,
    browser_page,
    localstripe_url: str,  # type: ignore[no-untyped-def]
) -> None:
    demo_catalogue_load()
    country_cn()
    product = apps.get_model("catalogue", "Product").objects.get(upc="SHIRT-OXF")
    localstripe_webhook_configure(
        base_url=localstripe_url,
        webhook_url=f"{live_server.url}/stripe/webhook/",
        secret=settings.STRIPE_WEBHOOK_SECRET,
    )
    page = browser_page
    base = live_server.url
    try:
        _register(page, base)
        _configure_shirt(page, base, product)
        _checkout_to_preview(page, base)
        assert page.locator("#card-element input[placeholder=number]").count() == 1
        _type_card(page, "4242424242424242")
        page.locator("#pay-button").click()
        page.wait_for_url("**/checkout/thank-you/", timeout=30_000)
        # Stripe said so in its answer; the webhook localstripe sends a moment later is
        # recorded too and changes nothing.
        event = wait_for(
            lambda: StripeEvent.objects.filter(type="payment_intent.succeeded").first(),
            timeout=15,
            what="localstripe's webhook",
        )
    finally:
        localstripe_webhook_disable(base_url=localstripe_url)

    payment = CheckoutPayment.objects.get()
    order = apps.get_model("order", "Order").objects.get()
    assert payment.status == "paid"
    assert payment.order == order
    assert order.status == "Paid"
    assert order.user.email == "new.customer@example.com"
    assert event.payment_intent_id == payment.payment_intent_id
    assert order.number in page.content()
    assert "88 Tianhan Avenue" in page.content()


def test_declined_card_says_so_and_leaves_basket_and_stock_alone(
    live_server,
    browser_page,
    localstripe_url: str,  # type: ignore[no-untyped-def]
) -> None:
    demo_catalogue_load()
    country_cn()
    product = apps.get_model("catalogue", "Product").objects.get(upc="SHIRT-OXF")
    fabric_model = apps.get_model("shop", "Fabric")
    stock_before = fabric_model.objects.get(code="SH-101").metres_in_stock
    page = browser_page
    base = live_server.url
    _register(page, base)
    _configure_shirt(page, base, product)
    _checkout_to_preview(page, base)

    _type_card(page, "4000000000000341")
    page.locator("#pay-button").click()
    page.wait_for_selector("#payment-form[data-payment-state='declined']")

    assert "declined" in page.locator("#card-errors").inner_text()
    assert "nothing was charged" in page.locator("#card-errors").inner_text()
    assert apps.get_model("order", "Order").objects.count() == 0
    assert fabric_model.objects.get(code="SH-101").metres_in_stock == stock_before
    basket = apps.get_model("basket", "Basket").objects.get(owner__email="new.customer@example.com")
    assert (basket.status, basket.num_lines) == ("Open", 1)
    assert CheckoutPayment.objects.get().status == "failed"
