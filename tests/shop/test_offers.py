"""Oscar's offers: applied to the basket on every page when the shop has any, and not
asked for when it has none."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.shop.factories import configurator_post, fabric, garment_product
from tests.shop.payments.factories import customer

pytestmark = pytest.mark.django_db


def _customer_with_a_garment(client: Client) -> None:
    client.force_login(customer())
    product = garment_product(price="300.00")
    post = configurator_post(fabric_code=fabric(stock="1000").code)
    assert client.post(product.get_absolute_url(), post).status_code == 302


def _site_offer_of_20_percent() -> object:
    product_range = apps.get_model("offer", "Range").objects.create(
        name="Everything", includes_all_products=True
    )
    condition = apps.get_model("offer", "Condition").objects.create(
        range=product_range, type="Count", value=1
    )
    benefit = apps.get_model("offer", "Benefit").objects.create(
        range=product_range, type="Percentage", value=20
    )
    return apps.get_model("offer", "ConditionalOffer").objects.create(
        name="Opening week", offer_type="Site", condition=condition, benefit=benefit
    )


def _basket_total(client: Client) -> Decimal:
    response = client.get("/en/basket/")
    assert response.status_code == 200
    return response.context["basket"].total_incl_tax


def test_a_checkout_step_asks_for_no_offers_in_a_shop_without_any(client: Client) -> None:
    _customer_with_a_garment(client)
    client.get("/en/checkout/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/checkout/")

    assert (response.status_code, response["Location"]) == (302, "/en/checkout/shipping-address/")
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if "offer_conditionaloffer" in q or "voucher_voucher" in q]
    # Session, user, the request's savepoint pair, the basket, its lines with their
    # product types, their attributes with their options, images, and their specs (the
    # option choices are kept in the process; the line count is that of the lines read).
    assert len(sql) == 9
    assert not [q for q in sql if "COUNT(" in q or '"shop_optionchoice"' in q]


def test_the_basket_page_asks_for_no_offers_in_a_shop_without_any(client: Client) -> None:
    _customer_with_a_garment(client)
    client.get("/en/basket/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/basket/")

    assert response.status_code == 200
    assert response.context["upsell_messages"] == []
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if "offer_conditionaloffer" in q or "voucher_voucher" in q]
    assert len(sql) == 14


def test_the_basket_page_offers_more_when_the_shop_has_an_offer(client: Client) -> None:
    _customer_with_a_garment(client)
    offer = _site_offer_of_20_percent()
    condition = offer.condition  # type: ignore[attr-defined]
    condition.value = 2  # two garments: the one in the basket only half meets it
    condition.save()

    response = client.get("/en/basket/")

    assert [message["offer"] for message in response.context["upsell_messages"]] == [offer]


def test_an_offer_applies_from_the_next_page_and_stops_once_deleted(client: Client) -> None:
    _customer_with_a_garment(client)
    full = _basket_total(client)

    offer = _site_offer_of_20_percent()

    assert _basket_total(client) == full * Decimal("0.8")
    offer.delete()
    assert _basket_total(client) == full
