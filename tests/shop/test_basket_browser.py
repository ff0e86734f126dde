"""Two shirts of one style in a real browser's basket: save one for later, move it back,
send the basket form again, remove one; every step answers with the basket page."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from shop.models import GarmentSpec
from tests.shop.factories import fabric
from tests.shop.payments.factories import basket_with_shirt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _lines(status: str) -> list[int]:
    return sorted(
        apps.get_model("basket", "Line")
        .objects.filter(basket__status=status)
        .values_list("pk", flat=True)
    )


def _wait_for_basket(page, count: int) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state()
    page.wait_for_function(
        "n => document.querySelectorAll('#basket_formset .basket-items').length === n", arg=count
    )


def test_two_shirts_of_one_style_save_move_resubmit_and_remove(live_server, browser_page) -> None:  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(
        username="two-shirts", email="two.shirts@example.com", password="Tailor-made-2026"
    )
    basket_with_shirt(user=user, fabric=fabric(stock="50"), garments=2)
    first, second = _lines("Open")
    page = browser_page
    errors: list[str] = []
    page.on("response", lambda r: errors.append(r.url) if r.status >= 500 else None)
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_login-username", "two.shirts@example.com")
    page.fill("#id_login-password", "Tailor-made-2026")
    page.click("button[name=login_submit]")
    page.goto(f"{live_server.url}/en/basket/")
    _wait_for_basket(page, 2)

    page.locator("#basket_formset a[data-behaviours~=save]").nth(1).click()
    page.wait_for_selector("#saved_basket_formset")
    _wait_for_basket(page, 1)
    after_save = (_lines("Open"), _lines("Saved"))

    page.locator("#saved_basket_formset a[data-behaviours~=move]").first.click()
    _wait_for_basket(page, 2)
    after_move = (_lines("Open"), _lines("Saved"))

    page.locator("#basket_formset button[type=submit]").first.click()
    _wait_for_basket(page, 2)
    after_resubmit = _lines("Open")

    page.locator("#basket_formset a[data-behaviours~=remove]").nth(0).click()
    _wait_for_basket(page, 1)
    after_remove = _lines("Open")

    assert errors == []
    assert after_save == ([first], [second])
    assert after_move == ([first, second], [])
    assert after_resubmit == [first, second]
    assert after_remove == [second]
    assert list(GarmentSpec.objects.values_list("basket_line_id", flat=True)) == [second]
