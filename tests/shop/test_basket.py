"""Several garments of one style in one basket behave like any other lines: each can be
removed, saved for later and moved back, and the basket form can be sent again as it is.
A garment line never holds two pieces. Deleted lines leave no garment spec behind."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from shop.models import GarmentSpec
from tests.orders.factories import paid_order
from tests.shop.factories import fabric
from tests.shop.payments.factories import basket_with_shirt, customer

pytestmark = pytest.mark.django_db


def _basket_post(basket: Any, **changes: dict[str, str]) -> dict[str, str]:
    """The basket form as the page sends it, with ``changes`` for some lines (by index)."""
    lines = list(basket.all_lines().order_by("pk"))
    data = {
        "form-TOTAL_FORMS": str(len(lines)),
        "form-INITIAL_FORMS": str(len(lines)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        data[f"form-{index}-id"] = str(line.pk)
        data[f"form-{index}-quantity"] = "1"
        for field, value in changes.get(f"line{index}", {}).items():
            data[f"form-{index}-{field}"] = value
    return data


@pytest.fixture
def two_shirts(client: Client):  # type: ignore[no-untyped-def]
    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"), garments=2)
    client.force_login(user)
    return user, basket


def _open_lines(user: Any) -> list[int]:
    return sorted(
        apps.get_model("basket", "Line")
        .objects.filter(basket__owner=user, basket__status="Open")
        .values_list("pk", flat=True)
    )


def test_resubmitting_the_basket_changes_nothing(client: Client, two_shirts) -> None:  # type: ignore[no-untyped-def]
    user, basket = two_shirts
    before = _open_lines(user)

    response = client.post("/en/basket/", _basket_post(basket))

    assert response.status_code == 302
    assert _open_lines(user) == before
    assert list(basket.all_lines().values_list("quantity", flat=True)) == [1, 1]


def test_removing_one_of_two_same_style_garments_deletes_it_and_its_spec(
    client: Client,
    two_shirts,  # type: ignore[no-untyped-def]
) -> None:
    user, basket = two_shirts
    kept, _removed = _open_lines(user)

    response = client.post("/en/basket/", _basket_post(basket, line1={"DELETE": "on"}))

    assert response.status_code == 302
    assert _open_lines(user) == [kept]
    assert list(GarmentSpec.objects.values_list("basket_line_id", flat=True)) == [kept]


def test_save_for_later_and_move_back(client: Client, two_shirts) -> None:  # type: ignore[no-untyped-def]
    user, basket = two_shirts
    kept, saved = _open_lines(user)

    to_later = client.post("/en/basket/", _basket_post(basket, line1={"save_for_later": "on"}))
    saved_basket = apps.get_model("basket", "Basket").objects.get(owner=user, status="Saved")
    page = client.get("/en/basket/")
    back = client.post(
        "/en/basket/saved/",
        {
            "saved-TOTAL_FORMS": "1",
            "saved-INITIAL_FORMS": "1",
            "saved-MIN_NUM_FORMS": "0",
            "saved-MAX_NUM_FORMS": "1000",
            "saved-0-id": str(saved),
            "saved-0-move_to_basket": "on",
        },
    )

    assert (to_later.status_code, page.status_code, back.status_code) == (302, 200, 302)
    assert list(saved_basket.lines.values_list("pk", flat=True)) == []
    assert _open_lines(user) == [kept, saved]
    assert GarmentSpec.objects.get(basket_line_id=saved).basket_line.basket_id == basket.pk


def test_a_garment_line_never_holds_two_pieces(client: Client, two_shirts) -> None:  # type: ignore[no-untyped-def]
    _user, basket = two_shirts

    response = client.post("/en/basket/", _basket_post(basket, line0={"quantity": "2"}))

    assert response.status_code == 200
    assert list(basket.all_lines().values_list("quantity", flat=True)) == [1, 1]
    assert "exceeded" in response.content.decode()


def test_deleting_the_line_of_an_ordered_garment_keeps_its_spec() -> None:
    user = customer()
    order = paid_order(user=user, fabric=fabric(stock="50"))
    spec = GarmentSpec.objects.get()
    basket = spec.basket_line.basket

    basket.flush()

    spec.refresh_from_db()
    assert (spec.basket_line_id, spec.order_line_id) == (None, order.lines.get().pk)
