"""The checkout pages offer the site's public flat pages under /order/ as Oscar's do,
read from the cache and read again once a flat page or its sites change."""

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.shop.factories import configurator_post, fabric, garment_product
from tests.shop.payments.factories import customer

pytestmark = pytest.mark.django_db

PAGE = "/en/checkout/shipping-address/"


def _page(client: Client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE)
        asked = sum('"django_flatpage"' in q["sql"] for q in queries.captured_queries)
    assert response.status_code == 200
    return response.content.decode(), asked


def test_the_checkout_offers_the_order_flat_pages_and_follows_their_changes(
    client: Client,
) -> None:
    client.force_login(customer())
    product = garment_product()
    post = configurator_post(fabric_code=fabric(stock="1000").code)
    assert client.post(product.get_absolute_url(), post).status_code == 302
    site = Site.objects.get_current()
    terms = FlatPage.objects.create(url="/order/terms/", title="Delivery terms", content="<b>7</b>")
    terms.sites.add(site)
    hidden = FlatPage.objects.create(
        url="/order/staff/", title="Staff notes", content="x", registration_required=True
    )
    hidden.sites.add(site)
    FlatPage.objects.create(url="/about/", title="About us", content="y").sites.add(site)

    first, asked_first = _page(client)
    again, asked_again = _page(client)
    terms.title = "Delivery and returns"
    terms.save()
    renamed, _ = _page(client)
    terms.sites.remove(site)
    removed, _ = _page(client)

    assert (asked_first, asked_again) == (1, 0)
    assert 'id="delivery-terms"' in first and "<b>7</b>" in first
    assert "Staff notes" not in first and "About us" not in first
    assert 'id="delivery-terms"' in again and "<b>7</b>" in again
    assert 'id="delivery-and-returns"' in renamed
    assert "Delivery and returns" not in removed
