"""The checkout's path for a signed-in customer: each step's redirect, and what the pages
of the path query, exactly."""

import re

import pytest
from django.test import Client

from tests.shop.factories import configurator_post, fabric, garment_product, option
from tests.shop.payments.factories import ADDRESS, country_cn, customer

pytestmark = pytest.mark.django_db


def _basket_with_address(client: Client) -> None:
    client.force_login(customer())
    country_cn()
    product = garment_product(price="300.00")
    option(code="cuff", choices=[("barrel", "0"), ("french", "60")])
    cloth = fabric(stock="1000")
    post = configurator_post(fabric_code=cloth.code, opt_cuff="french")
    assert client.post(product.get_absolute_url(), post).status_code == 302
    response = client.post("/en/checkout/shipping-address/", ADDRESS)
    assert (response.status_code, response["Location"]) == (302, "/en/checkout/shipping-method/")


def test_the_delivery_method_leads_straight_to_the_preview(
    client: Client, localstripe_url: str
) -> None:
    _basket_with_address(client)

    response = client.post("/en/checkout/shipping-method/", {"method_code": "express"})

    assert (response.status_code, response["Location"]) == (302, "/en/checkout/preview/")
    page = client.get("/en/checkout/preview/").content.decode()
    assert re.search(r'data-confirm-url="/en/checkout/payment/pi_\w+/confirm/"', page)
    assert "Express" in page


def test_an_unknown_delivery_method_stays_on_the_methods_page(client: Client) -> None:
    _basket_with_address(client)

    response = client.post("/en/checkout/shipping-method/", {"method_code": "by-pigeon"})

    assert response.status_code == 200
    assert response.templates[0].name == "oscar/checkout/shipping_methods.html"
