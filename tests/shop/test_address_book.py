"""The address book (Oscar's) in the customer's language."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from shop.demo import demo_countries_load

pytestmark = pytest.mark.django_db


def _country_options(client: Client, language: str) -> list[str]:
    page = client.get(f"/{language}/accounts/addresses/add/").content.decode()
    menu = re.search(r'<select name="country"[^>]*>(.*?)</select>', page, re.S)
    assert menu, "the address form has no country menu"
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", menu.group(1))]


def test_the_country_menu_names_the_country_in_the_readers_language(client: Client) -> None:
    demo_countries_load()
    client.force_login(get_user_model().objects.create_user(username="a", email="a@example.com"))

    assert _country_options(client, "zh-hans") == ["---------", "中国"]
    assert _country_options(client, "en") == ["---------", "China"]
