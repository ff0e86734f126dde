"""The fixed cost of a request: what a redirect and the live preview query, exactly, and the
configurator's cached fabric and option block, which follows every edit and every form."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shop.models import Fabric, OptionChoice
from tests.shop.factories import configurator_post, fabric, garment_product, option

pytestmark = pytest.mark.django_db

PICKER = "shop/partials/configurator_picker.html"


def _customer_with_basket(client: Client) -> tuple[object, dict[str, str]]:
    user = get_user_model().objects.create_user(
        username="customer", email="customer@example.com", password="x"
    )
    client.force_login(user)
    product = garment_product()
    option(code="cuff", choices=[("barrel", "0"), ("french", "60")])
    cloth = fabric(stock="1000")
    post = configurator_post(fabric_code=cloth.code, opt_cuff="french")
    assert client.post(product.get_absolute_url(), post).status_code == 302
    return product, post


def _captured(client: Client, method: str, url: str, data: object = None) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        if data is None:
            response = getattr(client, method)(url)
        else:
            response = getattr(client, method)(url, data)
    assert response.status_code == (302 if method == "get" else 200)
    return [q["sql"] for q in ctx.captured_queries]


def test_a_redirect_for_a_customer_with_a_basket_reads_only_session_and_user(
    client: Client,
) -> None:
    _customer_with_basket(client)
    client.get("/en/accounts/")

    queries = _captured(client, "get", "/en/accounts/")

    # Session, user, and the request's savepoint pair: no basket, offers or notifications.
    assert len(queries) == 4
    assert [q.split('"')[1] for q in queries if q.startswith("SELECT")] == [
        "django_session",
        "auth_user",
    ]


def test_the_live_preview_runs_a_fixed_number_of_queries(client: Client) -> None:
    product, post = _customer_with_basket(client)
    url = f"/en/garments/{product.pk}/preview/"
    client.post(url, post)

    queries = _captured(client, "post", url, post)

    # Session, user, savepoint, stock, the customer's profiles, release: the ship date
    # and the release window come from the cache while the next cut-off is ahead.
    assert len(queries) == 6
    assert not [q for q in queries if '"factory_' in q]
    assert not [q for q in queries if "basket" in q or "communication_notification" in q]


def _page(client: Client, product: object) -> str:
    response = client.get(product.get_absolute_url())  # type: ignore[attr-defined]
    assert response.status_code == 200
    return response.content.decode()


def test_the_cached_fabric_and_option_block_follows_edits(client: Client) -> None:
    product = garment_product()
    cuff = option(code="cuff", choices=[("barrel", "0"), ("french", "60")])
    cloth = fabric(stock="1000")
    assert _picker_rendered(client, product) is True
    assert _picker_rendered(client, product) is False  # from the cache

    cloth.name_en = "Sea Island poplin"
    cloth.save()
    assert "Sea Island poplin" in _page(client, product)

    choice = OptionChoice.objects.get(option=cuff, code="french")
    choice.name_en = "Double French"
    choice.save()
    assert "Double French" in _page(client, product)

    cuff.name_en = "Cuff style"
    cuff.save()
    assert "Cuff style" in _page(client, product)

    fabric(code="NEW-1")
    assert 'value="NEW-1"' in _page(client, product)


def test_the_block_shows_live_stock(client: Client) -> None:
    product = garment_product()
    cloth = fabric(stock="1000")
    assert "<td>1000.00 m</td>" in _page(client, product)

    Fabric.objects.filter(pk=cloth.pk).update(metres_in_stock="7.50")
    assert "<td>7.50 m</td>" in _page(client, product)


def test_stock_taken_by_an_order_leaves_the_block_cached_with_the_stock_of_now(
    client: Client,
) -> None:
    product = garment_product()
    cloth = fabric(stock="1000")
    other = fabric(code="OTHER-1", stock="12.5")
    assert _picker_rendered(client, product) is True

    Fabric.objects.filter(pk=cloth.pk).update(metres_in_stock="998.40")  # as a payment
    response = client.get(product.get_absolute_url())  # type: ignore[attr-defined]
    page = response.content.decode()

    assert PICKER not in [t.name for t in response.templates]
    assert "<td>998.40 m</td>" in page
    assert "<td>12.50 m</td>" in page
    assert "\x00" not in page
    assert other.code in page


def test_the_block_shows_chosen_values_and_errors_of_a_submitted_form(client: Client) -> None:
    product = garment_product()
    option(code="cuff", choices=[("barrel", "0"), ("french", "60")])
    cloth = fabric(stock="1000")
    _page(client, product)  # the default block is cached

    post = configurator_post(fabric_code=cloth.code, opt_cuff="french", m_neck="5")
    response = client.post(product.get_absolute_url(), post)
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'<input[^>]*name="opt_cuff" value="french"[^>]*checked', page)
    assert not re.search(r'<input[^>]*name="opt_cuff" value="barrel"[^>]*checked', page)
    assert 'id="error-m_neck"' in page
    assert PICKER in [t.name for t in response.templates]  # new values: rendered once

    post = configurator_post(fabric_code="NO-SUCH", opt_cuff="nonsense")
    page = client.post(product.get_absolute_url(), post).content.decode()
    assert 'id="error-fabric"' in page
    assert 'id="error-opt_cuff"' in page
    assert "Choose one of the fabrics shown." in page

    page = _page(client, product)
    assert 'id="error-fabric"' not in page
    assert re.search(r'<input[^>]*name="opt_cuff" value="barrel"[^>]*checked', page)


def _picker_rendered(client: Client, product: object) -> bool:
    response = client.get(product.get_absolute_url())  # type: ignore[attr-defined]
    assert response.status_code == 200
    return PICKER in [t.name for t in response.templates]
