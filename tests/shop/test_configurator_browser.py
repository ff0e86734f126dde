"""A new customer configures a shirt in a real browser, adds it, and edits it again."""

from decimal import Decimal

import pytest
from django.apps import apps

from shop.demo import demo_catalogue_load
from shop.models import GarmentSpec
from tests.shop.factories import SHIRT_BODY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _total(page) -> Decimal:  # type: ignore[no-untyped-def]
    return Decimal(page.locator("#price-total").get_attribute("data-amount"))


def _wait_fresh(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("#configurator[data-preview-state='fresh']")


def _change(page, action) -> None:  # type: ignore[no-untyped-def]
    """Do something that triggers a preview, and wait for the new preview."""
    page.evaluate("document.getElementById('configurator').removeAttribute('data-preview-state')")
    action()
    _wait_fresh(page)


def test_customer_configures_adds_and_edits_a_shirt(live_server, browser_page) -> None:  # type: ignore[no-untyped-def]
    demo_catalogue_load()
    product = apps.get_model("catalogue", "Product").objects.get(upc="SHIRT-POP")
    page = browser_page
    page.goto(f"{live_server.url}/en/catalogue/{product.slug}_{product.pk}/")

    drawing = page.locator(".garment-drawing svg")
    assert drawing.get_attribute("data-garment") == "shirt"
    start_total = _total(page)
    assert page.locator("[data-part='cuff-barrel']").count() == 2

    _change(page, lambda: page.get_by_label("SH-104 · Blue Bengal stripe").check())
    after_fabric = _total(page)
    assert "#5b86c5" in page.locator(".garment-drawing").inner_html()
    assert after_fabric != start_total

    _change(page, lambda: page.get_by_label("French (cufflinks) (+¥60.00)").check())
    after_cuff = _total(page)
    surcharge = page.locator("[data-price-line='surcharge']")
    assert surcharge.inner_text().split() == ["Cuff:", "French", "(cufflinks)", "¥60.00"]
    # French cuffs also take a little more cloth (the turned-back cuff).
    assert after_cuff > after_fabric + 60
    assert page.locator("[data-part='cufflink']").count() == 2

    _change(page, lambda: page.get_by_label("Left cuff (+¥50.00)").check())
    _change(page, lambda: page.get_by_label("Monogram text").fill("JD"))
    assert page.locator("svg [data-part='monogram']").text_content() == "JD"
    assert _total(page) == after_cuff + 50

    for code, value in SHIRT_BODY.items():
        if code != "neck":
            page.fill(f"#id_m_{code}", value)
    _change(page, lambda: page.get_by_label("Neck (cm)").fill("95"))
    error = page.locator("#error-m_neck")
    assert "between" in error.inner_text()
    assert page.get_by_label("Neck (cm)").get_attribute("aria-describedby").endswith(
        "error-m_neck"
    ) or "is-invalid" in page.get_by_label("Neck (cm)").get_attribute("class")

    _change(page, lambda: page.get_by_label("Neck (cm)").fill("40"))
    assert error.inner_text() == ""
    assert page.locator("#price-estimated").count() == 0
    priced = _total(page)

    # Oscar's English catalogue calls the basket a cart.
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/basket/")
    assert "Business poplin shirt" in page.content()
    spec = GarmentSpec.objects.get()
    assert spec.fabric.code == "SH-104"
    assert spec.choices["cuff"] == "french"
    assert spec.monogram_text == "JD"
    line = apps.get_model("basket", "Line").objects.get()
    assert line.price_incl_tax == priced

    page.get_by_role("link", name="Edit this garment").click()
    page.wait_for_url(f"**/{product.slug}_{product.pk}/?line={line.pk}")
    assert page.get_by_label("Neck (cm)").input_value() == "40.0"
    assert page.get_by_label("Chest (cm)").input_value() == "100.0"
    assert page.get_by_label("French (cufflinks) (+¥60.00)").is_checked()
    assert page.get_by_label("SH-104 · Blue Bengal stripe").is_checked()
    assert page.get_by_label("Monogram text").input_value() == "JD"
    assert page.get_by_role("button", name="Save changes").is_visible()
