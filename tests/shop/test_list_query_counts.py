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


def test_catalogue_list_asks_the_search_index_once(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from haystack.backends.whoosh_backend import WhooshSearchBackend

    for _ in range(3):
        garment_product()
    searches = []
    search = WhooshSearchBackend.search

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        searches.append(kwargs.get("start_offset"))
        return search(self, *args, **kwargs)

    monkeypatch.setattr(WhooshSearchBackend, "search", counted)
    first = client.get("/en/catalogue/")
    on_first = len(searches)
    second = client.get("/en/catalogue/?page=2")

    assert (first.status_code, first.context["page_obj"].paginator.count) == (200, 3)
    assert len(first.context["products"]) == 3
    assert on_first == 1
    assert second.status_code == 302  # one page only: Oscar goes back to the first
    assert len(searches) == 2


def test_customer_order_page_queries_do_not_grow_with_garments() -> None:
    from tests.orders.factories import paid_order, plant
    from tests.shop.factories import fabric
    from tests.shop.payments.factories import customer

    cloth = fabric(stock="5000")
    plant(fabrics=(cloth,))
    user = customer()
    client = Client()
    client.force_login(user)
    one = paid_order(user=user, fabric=cloth, garments=1)
    fifty = paid_order(user=user, fabric=cloth, garments=50)
    client.get(f"/en/accounts/orders/{one.number}/")  # warm caches (site, session)

    with_one = _queries(client, f"/en/accounts/orders/{one.number}/")
    with_fifty = _queries(client, f"/en/accounts/orders/{fifty.number}/")
    page = client.get(f"/en/accounts/orders/{fifty.number}/").content.decode()

    assert fifty.lines.count() == 50
    assert page.count('id="cancel_line_') == 50
    assert with_fifty == with_one


def test_dashboard_order_page_queries_do_not_grow_with_garments() -> None:
    from tests.orders.factories import paid_order, plant
    from tests.shop.factories import fabric
    from tests.shop.payments.factories import customer

    cloth = fabric(stock="5000")
    plant(fabrics=(cloth,))
    staff = customer()
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    one = paid_order(fabric=cloth, garments=1)
    fifty = paid_order(fabric=cloth, garments=50)
    client.get(f"/en/dashboard/orders/{one.number}/")  # warm caches (site, session)

    with_one = _queries(client, f"/en/dashboard/orders/{one.number}/")
    with_fifty = _queries(client, f"/en/dashboard/orders/{fifty.number}/")
    page = client.get(f"/en/dashboard/orders/{fifty.number}/").content.decode()

    assert page.count('name="selected_line" value="') == 50
    assert with_fifty == with_one
