"""The navigation bar's "Browse store" menu: read from the cache, in the reader's
language, and changed as soon as a category is."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shop.models import CategoryTranslation

pytestmark = pytest.mark.django_db


def _menu(client: Client, prefix: str = "/en/") -> list[tuple[str, str]]:
    page = client.get(prefix).content.decode()
    menu = page.split('aria-labelledby="navbarDropdown"', 1)[1].split("</li>", 1)[0]
    return re.findall(r'<a class="dropdown-item" href="([^"]+)">([^<]+)</a>', menu)


def test_the_menu_lists_the_top_level_categories_a_page_needs_no_query_for(
    client: Client,
) -> None:
    category = apps.get_model("catalogue", "Category")
    shirts = category.add_root(name="Shirts")
    shirts.add_child(name="Oxford")
    category.add_root(name="Hidden", exclude_from_menu=True)
    CategoryTranslation.objects.create(category=shirts, name_zh="衬衫")
    assert _menu(client)[1:3] == [(shirts.get_absolute_url(), "Shirts"), ("/en/offers/", "Offers")]

    with CaptureQueriesContext(connection) as queries:
        assert _menu(client)[1][1] == "Shirts"
    assert not [q for q in queries.captured_queries if "catalogue_category" in q["sql"]]

    assert _menu(client, "/zh-hans/")[1] == (
        f"/zh-hans/catalogue/category/shirts_{shirts.pk}/",
        "衬衫",
    )


def test_the_menu_follows_each_edit_of_a_category(client: Client) -> None:
    category = apps.get_model("catalogue", "Category")
    shirts = category.add_root(name="Shirts")
    assert [name for _, name in _menu(client)] == ["All products", "Shirts", "Offers"]

    shirts.name = "Dress shirts"
    shirts.save()
    assert [name for _, name in _menu(client)] == ["All products", "Dress shirts", "Offers"]

    suits = category.add_root(name="Suits")
    assert [name for _, name in _menu(client)] == [
        "All products",
        "Dress shirts",
        "Suits",
        "Offers",
    ]

    suits.is_public = False
    suits.save()
    assert [name for _, name in _menu(client)] == ["All products", "Dress shirts", "Offers"]

    category.objects.get(pk=shirts.pk).delete()
    assert [name for _, name in _menu(client)] == ["All products", "Offers"]
