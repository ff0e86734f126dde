"""Oscar's links that change state answer 405 to GET and work by POST; a customer's own
order-line page renders, and a line that is not in the order is 404."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client

from tests.orders.factories import paid_order
from tests.shop.factories import fabric, garment_product
from tests.shop.payments.factories import country_cn, customer

pytestmark = pytest.mark.django_db


def _address(user):  # type: ignore[no-untyped-def]
    country_cn()
    return apps.get_model("address", "UserAddress").objects.create(
        user=user,
        first_name="Li",
        last_name="Wei",
        line1="1 Road",
        line4="Hanzhong",
        postcode="723000",
        country_id="CN",
    )


def test_default_address_is_set_by_post_only(client: Client) -> None:
    user = customer()
    address = _address(user)
    client.force_login(user)
    url = f"/en/accounts/addresses/{address.pk}/default_for_shipping/"

    by_get = client.get(url)
    address.refresh_from_db()
    after_get = address.is_default_for_shipping
    by_post = client.post(url)
    address.refresh_from_db()

    assert (by_get.status_code, after_get) == (405, False)
    assert (by_post.status_code, address.is_default_for_shipping) == (302, True)


def test_stock_alert_is_cancelled_by_post_only(client: Client) -> None:
    user = customer()
    alert_model = apps.get_model("customer", "ProductAlert")
    alert = alert_model.objects.create(user=user, product=garment_product(), status="Active")
    client.force_login(user)
    url = f"/en/accounts/alerts/cancel/{alert.pk}/"

    by_get = client.get(url)
    status_after_get = alert_model.objects.get(pk=alert.pk).status
    by_post = client.post(url)

    assert (by_get.status_code, status_after_get) == (405, "Active")
    assert (by_post.status_code, alert_model.objects.get(pk=alert.pk).status) == (302, "Cancelled")
    assert client.get(f"/en/accounts/alerts/cancel/key/{alert.key or 'x'}/").status_code == 405


def test_wish_list_add_is_post_only(client: Client) -> None:
    user = customer()
    product = garment_product()
    client.force_login(user)
    url = f"/en/accounts/wishlists/add/{product.pk}/"

    by_get = client.get(url)
    lists_after_get = apps.get_model("wishlists", "Line").objects.count()
    by_post = client.post(url)

    assert (by_get.status_code, lists_after_get) == (405, 0)
    assert by_post.status_code == 302
    assert apps.get_model("wishlists", "Line").objects.get().product == product


def test_the_owner_sees_a_line_of_their_order(client: Client) -> None:
    user = customer()
    order = paid_order(user=user, fabric=fabric(stock="50"))
    line = order.lines.get()
    client.force_login(user)

    page = client.get(f"/en/accounts/orders/{order.number}/{line.pk}/")

    body = page.content.decode()
    assert page.status_code == 200
    assert f'<h2 class="h4" id="order-line">{line.title}</h2>' in body
    assert "Neck" in body  # the garment's measurements
    assert str(order.number) in body


def test_a_line_of_another_order_is_404_not_500(client: Client) -> None:
    user = customer()
    mine = paid_order(user=user, fabric=fabric(stock="50"))
    other = paid_order(fabric=fabric(stock="50"))
    client.force_login(user)

    response = client.get(f"/en/accounts/orders/{mine.number}/{other.lines.get().pk}/")

    assert response.status_code == 404
