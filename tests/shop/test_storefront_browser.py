"""A customer in a real Chromium: from the listing to the configurator, the page without
JavaScript, and the rules of a measurement profile."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from shop.demo import demo_catalogue_load
from shop.models import GarmentSpec, MeasurementProfile
from tests.shop.factories import SHIRT_BODY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_listing_configure_button_leads_to_the_configurator(live_server, browser_page) -> None:  # type: ignore[no-untyped-def]
    demo_catalogue_load()
    product = apps.get_model("catalogue", "Product").objects.get(upc="JKT-SB")
    page = browser_page
    page.goto(f"{live_server.url}/en/catalogue/")

    pod = page.locator("article.product_pod", has_text="Single-breasted suit jacket")
    image = pod.locator("img.garment-image")
    image.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())
    assert page.get_by_role("button", name="Add to basket").count() == 0
    assert page.get_by_role("link", name="Configure").count() == 4
    assert "from ¥1,199.00" in pod.inner_text()

    pod.get_by_role("link", name="Configure").click()

    page.wait_for_url(f"**{product.get_absolute_url()}")
    assert page.locator(".garment-drawing svg").get_attribute("data-garment") == "jacket"
    assert apps.get_model("basket", "Line").objects.count() == 0


def test_update_without_javascript_redraws_without_errors(  # type: ignore[no-untyped-def]
    live_server, browser_page_without_javascript
) -> None:
    demo_catalogue_load()
    product = apps.get_model("catalogue", "Product").objects.get(upc="SHIRT-POP")
    page = browser_page_without_javascript
    page.goto(f"{live_server.url}{product.get_absolute_url()}")
    before = page.locator("#price-total").get_attribute("data-amount")

    page.get_by_label("SH-104 · Blue Bengal stripe").check()
    page.get_by_label("French (cufflinks) (+¥60.00)").check()
    page.get_by_label("Neck (cm)").fill("500")
    page.get_by_role("button", name="Update drawing and price").click()
    page.wait_for_load_state()

    assert "#5b86c5" in page.locator(".garment-drawing").inner_html()
    assert page.locator("[data-part='cufflink']").count() == 2
    assert page.locator("#price-total").get_attribute("data-amount") != before
    assert page.locator("#form-errors-summary").count() == 0
    assert page.locator(".is-invalid").count() == 0
    assert "This field is required" not in page.content()
    assert page.get_by_label("Neck (cm)").input_value() == "500"
    assert page.get_by_label("French (cufflinks) (+¥60.00)").is_checked()

    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_load_state()
    assert page.locator("#form-errors-summary").count() == 1
    assert "Enter a value between 24" in page.locator("#error-m_neck").inner_text()
    assert GarmentSpec.objects.count() == 0


def _sign_in(page, base: str) -> None:  # type: ignore[no-untyped-def]
    get_user_model().objects.create_user(
        username="li.wei", email="li.wei@example.com", password="Tailor-made-2026"
    )
    page.goto(f"{base}/en/accounts/login/")
    page.fill("#id_login-username", "li.wei@example.com")
    page.fill("#id_login-password", "Tailor-made-2026")
    page.click("button[name=login_submit]")
    page.wait_for_load_state()


def test_profile_rules_sex_first_all_errors_needed_and_confirm(live_server, browser_page) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    _sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/en/accounts/measurements/new/")

    first = page.locator("#profile-form input:not([type=hidden])").first
    assert first.get_attribute("name") == "sex"

    # Nothing chosen, a neck in millimetres: every error shows at once.
    page.get_by_label("Profile name").fill("Me")
    page.get_by_label("Neck (cm)").fill("400")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()
    assert page.locator("#error-sex").count() == 1
    assert page.locator("#error-garments").inner_text() == (
        "Choose at least one garment this profile is for."
    )
    assert "Enter a value between 24" in page.locator("#error-m_neck").inner_text()

    # A shirt profile without its wrist is refused, naming what it is needed for.
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Dress shirt").check()
    for code, value in SHIRT_BODY.items():
        page.fill(f"#id_m_{code}", "" if code == "wrist" else value)
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()
    assert page.locator("#error-m_wrist").inner_text() == "Needed for the dress shirt."

    # Chest 80 with waist 120: a warning, saved only once confirmed.
    page.fill("#id_m_wrist", SHIRT_BODY["wrist"])
    page.fill("#id_m_chest", "80")
    page.fill("#id_m_waist", "120")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()
    assert "is 40.0 cm larger than the chest" in page.locator("#error-m_waist").inner_text()
    assert MeasurementProfile.objects.count() == 0
    page.get_by_label("These measurements are right: save them anyway.").check()
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url("**/accounts/measurements/")
    profile = MeasurementProfile.objects.get()
    assert (profile.name, profile.values["waist"]) == ("Me", "120.0")
