"""The list pages cost the same number of queries for 3 rows as for 30."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shop.models import Fabric, GarmentOption


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_fabric_list_queries_do_not_grow_with_rows(
    staff_client: Client, make_fabric: Callable[..., Fabric]
) -> None:
    url = reverse("garment-dashboard:fabric-list")
    for number in range(3):
        make_fabric(code=f"A{number:02d}")
    staff_client.get(url)  # warm caches (content types, site) outside the count
    few = queries_for(staff_client, url)
    for number in range(27):
        make_fabric(code=f"B{number:02d}")

    many = queries_for(staff_client, url)

    assert many == few


def test_option_list_queries_do_not_grow_with_rows(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    url = reverse("garment-dashboard:option-list")
    for number in range(3):
        make_option(code=f"a-{number:02d}")
    staff_client.get(url)
    few = queries_for(staff_client, url)
    for number in range(27):
        make_option(code=f"b-{number:02d}")

    many = queries_for(staff_client, url)

    assert many == few


def test_option_edit_page_queries_do_not_grow_with_choices(
    staff_client: Client, make_option: Callable[..., GarmentOption]
) -> None:
    few_choices = make_option(code="few", choices=(("a", "0", True), ("b", "1", False)))
    many_choices = make_option(
        code="many",
        choices=tuple((f"c{number:02d}", "1", number == 0) for number in range(20)),
    )
    staff_client.get(reverse("garment-dashboard:option-update", kwargs={"pk": few_choices.pk}))

    few = queries_for(
        staff_client, reverse("garment-dashboard:option-update", kwargs={"pk": few_choices.pk})
    )
    many = queries_for(
        staff_client, reverse("garment-dashboard:option-update", kwargs={"pk": many_choices.pk})
    )

    assert many == few
