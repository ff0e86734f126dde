"""The product page and the basket run a fixed number of queries, however much they show."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.shop.factories import configurator_post, fabric, garment_product, option

pytestmark = pytest.mark.django_db


def _queries(client: Client, method: str, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow_catalogue(n: int) -> None:
    for i in range(n):
        fabric(code=f"G-{n}-{i}")
        option(code=f"extra-{n}-{i}", choices=[("a", "0"), ("b", "10"), ("c", "20")])


def test_product_page_queries_do_not_grow_with_options_and_fabrics(client: Client) -> None:
    product = garment_product()
    client.get(product.get_absolute_url())  # warm caches (site, session)
    _grow_catalogue(2)  # each growth makes the cached style catalogue stale: both load it
    small = _queries(client, "get", product.get_absolute_url())

    _grow_catalogue(20)
    large = _queries(client, "get", product.get_absolute_url())

    assert large == small


def test_basket_queries_do_not_grow_with_lines(client: Client) -> None:
    product = garment_product()
    option(code="cuff", choices=[("barrel", "0"), ("french", "60")])
    cloth = fabric(stock="1000")
    post = configurator_post(fabric_code=cloth.code, opt_cuff="french")
    for _ in range(2):
        assert client.post(product.get_absolute_url(), post).status_code == 302
    client.get("/en/basket/")
    small = _queries(client, "get", "/en/basket/")

    for _ in range(10):
        assert client.post(product.get_absolute_url(), post).status_code == 302
    large = _queries(client, "get", "/en/basket/")

    assert large == small


def test_configurator_edit_mode_queries_do_not_grow_with_basket_lines(client: Client) -> None:
    from django.apps import apps

    product = garment_product()
    option(code="cuff", choices=[("barrel", "0"), ("french", "60")])
    cloth = fabric(stock="1000")
    post = configurator_post(fabric_code=cloth.code, opt_cuff="french")
    for _ in range(2):
        assert client.post(product.get_absolute_url(), post).status_code == 302
    first = apps.get_model("basket", "Line").objects.order_by("pk").first()
    edit = f"{product.get_absolute_url()}?line={first.pk}"
    client.get(edit)
    small = _queries(client, "get", edit)

    for _ in range(10):
        assert client.post(product.get_absolute_url(), post).status_code == 302
    large = _queries(client, "get", edit)

    assert large == small
