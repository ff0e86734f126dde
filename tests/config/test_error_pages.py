"""Refused, missing and sign-in pages speak the reader's language; drawings are valid SVG."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.shop.factories import fabric
from tests.shop.payments.factories import basket_with_shirt, customer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_signed_out_reader_is_sent_to_the_sign_in_page_of_their_language(
    client: Client, language: str
) -> None:
    response = client.get(f"/{language}/accounts/orders/")

    assert response.status_code == 302
    assert response["Location"] == (
        f"/{language}/accounts/login/?next=/{language}/accounts/orders/"
    )


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Page not found!"), ("zh-hans", "网页未找到！")]
)
def test_a_missing_page_is_the_shop_s_own_page_in_the_reader_s_language(
    client: Client, language: str, heading: str
) -> None:
    response = client.get(f"/{language}/no-such-page/")

    assert response.status_code == 404
    assert heading in response.content.decode()


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Permission denied!"), ("zh-hans", "没有权限！")]
)
def test_a_refused_page_is_the_shop_s_own_page_in_the_reader_s_language(
    client: Client, language: str, heading: str
) -> None:
    client.force_login(customer())

    response = client.get(f"/{language}/factory/")

    assert response.status_code == 403
    assert heading in response.content.decode()
    assert "Forbidden" not in response.content.decode()


def test_garment_drawings_on_the_basket_page_carry_no_invalid_svg_height(
    client: Client,
) -> None:
    user = customer()
    basket_with_shirt(user=user, fabric=fabric(stock="50"), garments=1)
    client.force_login(user)

    page = client.get("/en/basket/").content.decode()

    assert 'class="garment-image"' in page
    assert 'height="auto"' not in page
    assert 'width="100%" style="height:auto"' in page
