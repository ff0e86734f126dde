"""The staff dashboard's product list names products and product types in the reader's
language, at a fixed number of queries however many products it lists."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from shop.services import product_class_translation_set, product_translation_set
from tests.shop.factories import garment_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_client(client: Client, staff_user: Any) -> Client:
    """Staff allowed to see the catalogue (Oscar asks for ``catalogue.view_product``)."""
    permission = apps.get_model("auth", "Permission").objects.get(
        codename="view_product", content_type__app_label="catalogue"
    )
    staff_user.user_permissions.add(permission)
    client.force_login(staff_user)
    return client


def _rows(html: str) -> list[tuple[str, str]]:
    """(title, product type) of each row of the product table."""
    body = re.split(r"<tbody\s*>", html, maxsplit=1)[1].split("</tbody>", 1)[0]
    found = []
    for row in body.split("<tr")[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        title = re.sub(r"<[^>]+>", "", cells[1]).strip()
        found.append((title, re.sub(r"<[^>]+>", "", cells[4]).strip()))
    return found


def _products(count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        product = garment_product(title=f"Oxford shirt {i}")
        product_translation_set(product=product, title_zh=f"牛津纺衬衫 {i}")
    product_class = apps.get_model("catalogue", "ProductClass").objects.get(name="shirt class")
    product_class_translation_set(product_class=product_class, name_zh="正装衬衫")


def test_product_list_in_chinese_and_english(catalogue_client: Client) -> None:
    _products(2)

    chinese = catalogue_client.get("/zh-hans/dashboard/catalogue/?sort=title")
    english = catalogue_client.get("/en/dashboard/catalogue/?sort=title")

    assert (chinese.status_code, english.status_code) == (200, 200)
    assert _rows(chinese.content.decode()) == [
        ("牛津纺衬衫 0", "正装衬衫"),
        ("牛津纺衬衫 1", "正装衬衫"),
    ]
    assert _rows(english.content.decode()) == [
        ("Oxford shirt 0", "shirt class"),
        ("Oxford shirt 1", "shirt class"),
    ]


def test_create_product_menu_names_types_in_the_reader_language(catalogue_client: Client) -> None:
    _products(1)

    page = catalogue_client.get("/zh-hans/dashboard/catalogue/").content.decode()

    assert re.search(r'<option value="\d+"( selected)?>正装衬衫</option>', page)
    assert ">shirt class<" not in page


def test_a_type_without_a_chinese_name_keeps_its_english_one() -> None:
    product_class: Any = apps.get_model("catalogue", "ProductClass").objects.create(name="Scarf")

    with translation.override("zh-hans"):
        assert str(product_class) == "Scarf"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_product_list_queries_do_not_grow_with_products(
    catalogue_client: Client, language: str
) -> None:
    def queries() -> int:
        url = f"/{language}/dashboard/catalogue/"
        catalogue_client.get(url)  # warm the caches
        with CaptureQueriesContext(connection) as ctx:
            assert catalogue_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _products(2)
    few = queries()
    _products(12, start=2)

    assert queries() == few
