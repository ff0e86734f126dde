"""The staff order page links each garment's ticket, and staff may open any factory's
tickets; customers may not."""

from __future__ import annotations

import re
from typing import Any

import pypdfium2
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from orders.models import ProductionUnit
from tests.factory.floor.builders import floor_with_work_order

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _staff() -> Any:
    return get_user_model().objects.create_user(
        username="desk", email="desk@example.com", password="pw", is_staff=True, is_superuser=True
    )


def _pages(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def test_staff_order_page_links_each_garment_s_ticket_and_staff_can_open_it() -> None:
    floor = floor_with_work_order(garments=2)
    order = floor.units[0].order_line.order
    client = _client(_staff())

    page = client.get(f"/en/dashboard/orders/{order.number}/").content.decode()
    links = {}
    for unit in floor.units:
        row = page.split(f'<tr data-unit="{unit.code}"', 1)[1].split("</tr>", 1)[0]
        cell = row.split("data-tickets>", 1)[1].split("</td>", 1)[0]
        found = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', cell)
        assert [text for _href, text in found] == [f"Ticket ({floor.work_order.code})"]
        links[unit.code] = found[0][0].replace("&amp;", "&")
    tickets = {code: client.get(link) for code, link in links.items()}

    for unit in floor.units:
        assert links[unit.code] == (
            f"/en/factory/work-orders/{floor.work_order.pk}/tickets.pdf?unit={unit.code}"
        )
        response = tickets[unit.code]
        assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
        pages = _pages(response.content)
        assert len(pages) == 1 and unit.code in pages[0]
    whole = client.get(f"/en/factory/work-orders/{floor.work_order.pk}/tickets.pdf")
    assert len(_pages(whole.content)) == 2


def test_a_garment_not_yet_released_shows_no_ticket_link() -> None:
    floor = floor_with_work_order(garments=1)
    order = floor.units[0].order_line.order
    unit = floor.units[0]
    floor.work_order.units.clear()

    page = _client(_staff()).get(f"/en/dashboard/orders/{order.number}/").content.decode()

    row = page.split(f'<tr data-unit="{unit.code}"', 1)[1].split("</tr>", 1)[0]
    assert "<td data-tickets>—</td>" in row


def test_customers_and_other_factories_cannot_open_the_tickets() -> None:
    floor = floor_with_work_order(garments=1)
    other = floor_with_work_order(garments=1)
    unit = floor.units[0]
    url = f"/en/factory/work-orders/{floor.work_order.pk}/tickets.pdf?unit={unit.code}"
    customer = unit.order_line.order.user

    assert _client(customer).get(url).status_code == 403
    assert _client(other.manager).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert _client(floor.manager).get(url).status_code == 200


def test_a_garment_of_another_work_order_is_not_found() -> None:
    floor = floor_with_work_order(garments=1)
    other = floor_with_work_order(garments=1)
    client = _client(_staff())
    stranger = other.units[0].code

    response = client.get(
        f"/en/factory/work-orders/{floor.work_order.pk}/tickets.pdf?unit={stranger}"
    )
    missing = client.get("/en/factory/work-orders/999999/tickets.pdf")

    assert (response.status_code, missing.status_code) == (404, 404)
    assert ProductionUnit.objects.count() == 2
