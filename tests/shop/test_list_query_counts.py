"""Lists and order pages run a fixed number of queries with 1 and with 50 products or
garment lines."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.shop.factories import garment_product

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_catalogue_list_queries_do_not_grow_with_products(client: Client) -> None:
    garment_product()
    client.get("/en/catalogue/")  # warm caches (site, session)
    one = _queries(client, "/en/catalogue/")
    shown_one = len(client.get("/en/catalogue/").context["products"])

    for _ in range(49):
        garment_product()
    fifty = _queries(client, "/en/catalogue/")
    page = client.get("/en/catalogue/").context["page_obj"]

    assert (shown_one, page.paginator.count) == (1, 50)
    assert len(page.object_list) > 1
    assert fifty == one
