"""The dashboard menu has a Garments entry with the two pages, for staff only."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from oscar.apps.dashboard.menu import get_nodes

from shop.dashboard.navigation import GARMENT_DASHBOARD_NAVIGATION


def test_navigation_names_our_pages() -> None:
    (garments,) = GARMENT_DASHBOARD_NAVIGATION
    assert str(garments["label"]) == "Garments"
    assert [child["url_name"] for child in garments["children"]] == [
        "garment-dashboard:fabric-list",
        "garment-dashboard:option-list",
    ]


def test_staff_see_the_garment_entries_on_the_dashboard(staff_client: Client) -> None:
    response = staff_client.get(reverse("dashboard:index"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "fas fa-tshirt" in body
    assert f'href="{reverse("garment-dashboard:fabric-list")}"' in body
    assert f'href="{reverse("garment-dashboard:option-list")}"' in body
    assert "Garment options" in body


def test_garment_entries_are_hidden_from_non_staff(customer_user: Any, staff_user: Any) -> None:
    def labels(user: Any) -> list[str]:
        return [str(node.label) for node in get_nodes(user)]

    assert "Garments" in labels(staff_user)
    assert "Garments" not in labels(customer_user)


def test_menu_is_in_chinese_for_chinese_pages(staff_client: Client) -> None:
    body = staff_client.get("/zh-hans/dashboard/").content.decode()

    assert "面料" in body
    assert "服装选项" in body


def test_pages_are_in_chinese_for_chinese_urls(staff_client: Client) -> None:
    fabric_form = staff_client.get("/zh-hans/dashboard/garments/fabrics/create/")
    option_list = staff_client.get("/zh-hans/dashboard/garments/options/")

    assert "新增面料" in fabric_form.content.decode()
    assert "门幅（厘米）" in fabric_form.content.decode()
    assert "还没有服装选项。" in option_list.content.decode()
