"""The thank-you page reads its order once with everything its summary shows: a fixed
number of queries whatever the number of garments, the same page as Oscar's."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format

from orders.models import ProductionUnit
from shop.payments.models import CheckoutPayment
from shop.payments.services import payment_succeeded_apply
from shop.selectors import checkout_flatpages
from tests.shop.factories import fabric
from tests.shop.payments.factories import basket_with_shirt, card_confirm, customer, payment_start

pytestmark = pytest.mark.django_db


def _paid(garments: int, client: Client) -> CheckoutPayment:
    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"), garments=garments)
    payment = payment_start(basket=basket, user=user)
    card_confirm(payment)
    payment = payment_succeeded_apply(payment_intent_id=payment.payment_intent_id)
    assert payment is not None and payment.status == CheckoutPayment.Status.PAID
    client.force_login(user)
    page = client.get(f"/en/checkout/payment/{payment.payment_intent_id}/")
    assert page["Location"] == "/en/checkout/thank-you/"
    return payment


def _thank_you(client: Client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/en/checkout/thank-you/")
    assert page.status_code == 200
    return page.content.decode(), [q["sql"] for q in queries.captured_queries]


def test_the_thank_you_page_runs_the_same_queries_for_one_garment_or_three(
    localstripe_url: str,
) -> None:
    one_client, three_client = Client(), Client()
    one = _paid(1, one_client)
    three = _paid(3, three_client)
    checkout_flatpages(site_id=Site.objects.get_current().pk)  # kept from an earlier page

    page_one, sql_one = _thank_you(one_client)
    page_three, sql_three = _thank_you(three_client)

    # Session, user, the request's transaction, the order with its customer and address,
    # its lines, their products, payments, discounts, surcharges, the first view's mark,
    # the garments (line attributes, specs) and the units' promised dates.
    assert (len(sql_one), len(sql_three)) == (14, 14)
    assert not [q for q in sql_three if 'FROM "orders_unitevent"' in q]
    assert sum('FROM "order_orderdiscount"' in q for q in sql_three) == 1
    assert sum('FROM "order_surcharge"' in q for q in sql_three) == 1
    assert sum('FROM "catalogue_product"' in q for q in sql_three) == 1
    assert str(one.order.number) in page_one and str(three.order.number) in page_three
    assert page_three.count("Promised to ship by") == 3
    assert page_one.count("Promised to ship by") == 1
    promised = ProductionUnit.objects.filter(order_line__order=three.order).first()
    with translation.override("en"):
        shown = date_format(promised.promised_ship_date, "DATE_FORMAT")  # type: ignore[union-attr]
    assert f"Promised to ship by {shown}." in page_three
    assert "Paid by card:" in page_three
    assert "Go to your order" in page_three


def test_a_superuser_names_the_order_the_page_shows(localstripe_url: str) -> None:
    paid = _paid(2, Client())
    admin = get_user_model().objects.create_superuser(
        username="boss", email="boss@example.com", password="x"
    )
    client = Client()
    client.force_login(admin)

    by_number = client.get(f"/en/checkout/thank-you/?order_number={paid.order.number}")
    by_id = client.get(f"/en/checkout/thank-you/?order_id={paid.order.pk}")
    nothing = client.get("/en/checkout/thank-you/?order_number=nope")

    assert str(paid.order.number) in by_number.content.decode()
    assert str(paid.order.number) in by_id.content.decode()
    assert nothing.status_code == 302
