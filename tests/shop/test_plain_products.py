"""A product that is not a garment (a tie, cufflinks, a gift card) sells through Oscar's
own product page at its own URL; a garment's URL is still the configurator."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client

from tests.shop.factories import garment_product
from tests.shop.payments.factories import customer

pytestmark = pytest.mark.django_db


def _tie(*, public: bool = True):  # type: ignore[no-untyped-def]
    product_class, _ = apps.get_model("catalogue", "ProductClass").objects.get_or_create(
        name="Accessory", defaults={"track_stock": False}
    )
    product = apps.get_model("catalogue", "Product").objects.create(
        title="Silk tie", product_class=product_class, is_public=public, upc="TIE-1"
    )
    partner, _ = apps.get_model("partner", "Partner").objects.get_or_create(
        code="test", defaults={"name": "Test"}
    )
    apps.get_model("partner", "StockRecord").objects.create(
        product=product, partner=partner, partner_sku="TIE-1", price=Decimal("120.00")
    )
    return product


def test_an_accessory_is_shown_and_bought_on_oscars_product_page() -> None:
    tie = _tie()
    client = Client()
    client.force_login(customer())

    page = client.get(tie.get_absolute_url())
    added = client.post(f"/en/basket/add/{tie.pk}/", {"quantity": 1})
    basket = client.get("/en/basket/")

    assert page.status_code == 200
    assert "oscar/catalogue/detail.html" in [t.name for t in page.templates]
    assert f'action="/en/basket/add/{tie.pk}/"' in page.content.decode()
    assert added.status_code == 302
    assert [(line.product_id, line.quantity) for line in basket.context["basket"].all_lines()] == [
        (tie.pk, 1)
    ]


def test_a_garment_url_is_still_the_configurator_and_a_hidden_product_is_not_found() -> None:
    shirt = garment_product()
    hidden = _tie(public=False)
    client = Client()

    garment = client.get(shirt.get_absolute_url())
    missing = client.get(hidden.get_absolute_url())

    assert "shop/configurator.html" in [t.name for t in garment.templates]
    assert missing.status_code == 404
