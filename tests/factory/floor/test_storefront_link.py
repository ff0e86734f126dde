"""A factory's people who land on the storefront find a link to their portal; customers
do not see it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.factory.floor.builders import floor_with_work_order

pytestmark = pytest.mark.django_db

LINK = re.compile(
    r'<a id="factory_portal_link" href="([^"]+)"[^>]*>\s*<i[^>]*></i>\s*([^<]+?)\s*</a>'
)


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_a_factory_member_finds_the_portal_from_the_storefront_in_both_languages() -> None:
    floor = floor_with_work_order(garments=1)
    client = _client(floor.operator)

    english = LINK.findall(client.get("/en/").content.decode())
    chinese = LINK.findall(client.get("/zh-hans/catalogue/").content.decode())
    portal = client.get(english[0][0])

    assert english == [("/en/factory/", "Factory portal")]
    assert chinese == [("/zh-hans/factory/", "工厂门户")]
    assert portal.status_code == 200
    assert floor.work_order.code in portal.content.decode()


def test_customers_and_visitors_see_no_portal_link() -> None:
    floor = floor_with_work_order(garments=1)
    customer = floor.units[0].order_line.order.user

    for client in (_client(customer), _client()):
        page = client.get("/en/").content.decode()
        assert 'id="factory_portal_link"' not in page
        assert "/en/factory/" not in page
