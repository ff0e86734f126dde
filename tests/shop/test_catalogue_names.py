"""Products and categories are named in the reader's language, wherever Oscar shows them,
at a fixed number of queries."""

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from shop.models import Fabric
from shop.services import category_translation_set, product_translation_set
from shop.statuses import status_label
from tests.shop.factories import fabric, garment_product

pytestmark = pytest.mark.django_db


def test_a_product_title_follows_the_language_and_its_edits() -> None:
    product = garment_product(title="Oxford shirt")
    product_translation_set(product=product, title_zh="牛津纺衬衫")

    with translation.override("zh-hans"):
        chinese = product.get_title()
        product_translation_set(product=product, title_zh="白色牛津纺衬衫")
        edited = product.get_title()
    with translation.override("en"):
        english = product.get_title()

    assert (chinese, edited, english) == ("牛津纺衬衫", "白色牛津纺衬衫", "Oxford shirt")


def test_without_a_chinese_title_the_english_one_shows() -> None:
    product = garment_product(title="Plain shirt")

    with translation.override("zh-hans"):
        assert product.get_title() == "Plain shirt"


def test_category_and_product_names_on_chinese_pages(client: Client) -> None:
    product = garment_product(title="Oxford shirt")
    category = apps.get_model("catalogue", "Category").add_root(name="Shirts")
    apps.get_model("catalogue", "ProductCategory").objects.create(
        product=product, category=category
    )
    product_translation_set(product=product, title_zh="牛津纺衬衫")
    category_translation_set(category=category, name_zh="衬衫")

    with translation.override("zh-hans"):
        chinese_url = category.get_absolute_url()
    listing = client.get("/zh-hans/catalogue/").content.decode()
    category_page = client.get(chinese_url).content.decode()
    english = client.get(chinese_url.replace("/zh-hans/", "/en/", 1)).content.decode()

    assert "牛津纺衬衫" in listing and "Oxford shirt" not in listing
    assert ">衬衫</a>" in listing  # the navigation's category menu
    assert "<h1>衬衫</h1>" in category_page and "Shirts" not in category_page
    assert "<h1>Shirts</h1>" in english and "衬衫" not in english


def test_chinese_names_add_no_query_per_product(client: Client) -> None:
    def queries(language: str) -> int:
        client.get(f"/{language}/catalogue/")  # warm the caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/{language}/catalogue/").status_code == 200
        return len(ctx.captured_queries)

    for i in range(30):
        product_translation_set(product=garment_product(), title_zh=f"衬衫 {i}")

    assert queries("zh-hans") == queries("en")


def test_fabric_composition_in_the_reader_language() -> None:
    cloth: Fabric = fabric(code="C-1")
    cloth.composition, cloth.composition_zh = "100% cotton", "棉 100%"

    with translation.override("zh-hans"):
        chinese = cloth.composition_in_language
    with translation.override("en"):
        english = cloth.composition_in_language

    assert (chinese, english) == ("棉 100%", "100% cotton")


@pytest.mark.parametrize(
    ("status", "chinese"),
    [
        ("Paid", "已付款"),
        ("Partly cancelled", "部分取消"),
        ("Cancelled", "已取消"),
        ("Refunded", "已退款"),
    ],
)
def test_order_statuses_read_in_chinese(status: str, chinese: str) -> None:
    with translation.override("zh-hans"):
        assert status_label(status) == chinese
    assert status_label(status) == status
