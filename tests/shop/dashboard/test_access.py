"""Only active staff reach the garment pages: others are sent to log in, or refused."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from shop.models import Fabric, GarmentOption, OptionChoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(
    make_fabric: Callable[..., Fabric], make_option: Callable[..., GarmentOption]
) -> list[str]:
    fabric = make_fabric(code="F100")
    option = make_option(code="collar")
    cutaway = OptionChoice.objects.get(option=option, code="cutaway")
    return [
        reverse("garment-dashboard:fabric-list"),
        reverse("garment-dashboard:fabric-create"),
        reverse("garment-dashboard:fabric-update", kwargs={"pk": fabric.pk}),
        reverse("garment-dashboard:fabric-deactivate", kwargs={"pk": fabric.pk}),
        reverse("garment-dashboard:option-list"),
        reverse("garment-dashboard:option-create"),
        reverse("garment-dashboard:option-update", kwargs={"pk": option.pk}),
        reverse(
            "garment-dashboard:option-choice-delete",
            kwargs={"option_pk": option.pk, "pk": cutaway.pk},
        ),
    ]


def catalogue_state() -> tuple[list, list, list]:
    return (
        list(Fabric.objects.values_list("code", "is_active", "price_per_metre")),
        list(GarmentOption.objects.values_list("code", "name_en")),
        list(OptionChoice.objects.values_list("code", "surcharge", "is_default")),
    )


# A POST that would change something on any of the pages, were it let through.
HOSTILE_POST = {
    "code": "HACKED",
    "name_en": "Hacked",
    "name_zh": "黑",
    "composition": "x",
    "weight_gsm": "100",
    "colour": "#000000",
    "pattern": "solid",
    "pattern_repeat_cm": "0",
    "width_cm": "150",
    "price_per_metre": "1",
    "metres_in_stock": "0",
    "garment_type": "shirt",
    "position": "0",
    "choices-TOTAL_FORMS": "0",
    "choices-INITIAL_FORMS": "0",
}


def test_anonymous_visitors_are_sent_to_the_dashboard_login(
    client: Client, urls: list[str]
) -> None:
    before = catalogue_state()

    for url in urls:
        for response in (client.get(url), client.post(url, HOSTILE_POST)):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/en/dashboard/login/?next="), url

    assert catalogue_state() == before


def test_customers_are_refused(customer_client: Client, urls: list[str]) -> None:
    before = catalogue_state()

    for url in urls:
        assert customer_client.get(url).status_code == 403, url
        assert customer_client.post(url, HOSTILE_POST).status_code == 403, url

    assert catalogue_state() == before
    assert catalogue_state()[0] == [("F100", True, Decimal("88.00"))]


def test_inactive_staff_are_refused(client: Client, urls: list[str]) -> None:
    former = get_user_model().objects.create_user(
        username="former", email="former@example.com", password="x", is_staff=True
    )
    former.is_active = False
    former.save()
    client.force_login(former)

    for url in urls:
        assert client.get(url).status_code in (302, 403), url


def test_staff_reach_every_page(staff_client: Client, urls: list[str]) -> None:
    for url in urls:
        assert staff_client.get(url).status_code == 200, url
