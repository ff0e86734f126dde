"""The staff order page shows each garment's production: unit code, state, factory,
promise and timeline; the line's status follows its garment. No query per garment."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext

from orders.models import ProductionUnit
from orders.services import unit_transition
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db


def _staff() -> Client:
    user = get_user_model().objects.create_user(
        username="desk", email="desk@example.com", password="pw", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(user)
    return client


def _order_in_production(garments: int):  # type: ignore[no-untyped-def]
    cloth = fabric(stock="500")
    factory = plant(code=f"DESK-{garments}", fabrics=(cloth,))
    order = paid_order(fabric=cloth, garments=garments)
    for unit in ProductionUnit.objects.filter(order_line__order=order):
        unit_transition(
            unit_id=unit.pk,
            to_state="routed",
            actor_label="routing",
            changes={"factory_id": factory.pk},
        )
        for state in ("planned", "released", "cutting"):
            unit_transition(unit_id=unit.pk, to_state=state, actor_label="scan")
    return order, factory


def test_each_garment_shows_its_unit_state_factory_promise_and_timeline() -> None:
    order, factory = _order_in_production(2)
    units = list(ProductionUnit.objects.filter(order_line__order=order).order_by("pk"))

    page = _staff().get(f"/en/dashboard/orders/{order.number}/").content.decode()

    production = page.split('id="production"', 1)[1].split("</table>", 1)[0]
    for unit in units:
        row = production.split(f'data-unit="{unit.code}"', 1)[1].split("</tr>", 1)[0]
        assert 'data-state="cutting"' in production
        assert f">{factory.code}</a> · {factory.name}" in row
        assert f"<td>{unit.promised_ship_date.isoformat()}</td>" in row
        assert row.count("<li") == 5  # paid, routed, planned, released, cutting
        assert "Cutting · scan" in row
    statuses = page.split("data-line-status>")[1:]
    assert [s.split("</span>", 1)[0] for s in statuses] == ["Cutting", "Cutting"]


PRODUCTION = Template(
    "{% load unit_tags garment_tags %}{% units_by_line order staff=True as units %}"
    "{% for line in lines %}{% for entry in units|lookup:line.pk %}"
    "{% staff_unit_panel entry %}{% endfor %}"
    "{{ units|lookup:line.pk|garment_state }}{% endfor %}"
)


def _queries(order) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    lines = list(order.lines.all())
    with CaptureQueriesContext(connection) as queries:
        html = PRODUCTION.render(Context({"order": order, "lines": lines}))
    return len(queries), html


def test_the_production_rows_take_the_same_queries_for_one_garment_or_many() -> None:
    """Oscar's own line rows cost a few queries each; the production rows add none."""
    small, _f = _order_in_production(1)
    large, _g = _order_in_production(4)

    few, small_html = _queries(small)
    many, large_html = _queries(large)

    assert large_html.count("<tr data-unit=") == 4 and small_html.count("<tr data-unit=") == 1
    assert many == few == 3  # the units with their factories; their events; work orders


def test_the_order_list_shows_each_status_in_the_reader_s_language() -> None:
    order = paid_order(fabric=fabric(stock="500"), garments=1)
    client = _staff()

    chinese = client.get("/zh-hans/dashboard/orders/").content.decode()
    english = client.get("/en/dashboard/orders/").content.decode()

    assert order.status == "Paid"
    assert f">{order.number}<" in chinese
    assert "<td data-order-status>已付款" in chinese
    assert "<td data-order-status>Paid" not in chinese
    assert "<td data-order-status>Paid" in english


def test_the_status_menus_name_statuses_in_the_reader_s_language_and_still_work() -> None:
    order = paid_order(fabric=fabric(stock="500"), garments=1)
    other = paid_order(fabric=fabric(stock="500"), garments=1)
    other.set_status("Partly cancelled")
    client = _staff()

    listing = client.get("/zh-hans/dashboard/orders/").content.decode()
    filtered = client.get("/zh-hans/dashboard/orders/?status=Paid").content.decode()
    detail = client.get(f"/zh-hans/dashboard/orders/{order.number}/").content.decode()
    english = client.get(f"/en/dashboard/orders/{order.number}/").content.decode()

    search = listing.split('name="status"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', search) == [
        ("", "---------"),
        ("Paid", "已付款"),
        ("Partly cancelled", "部分取消"),
        ("Cancelled", "已取消"),
    ]
    assert f">{order.number}<" in filtered and f">{other.number}<" not in filtered
    menu = detail.split('id="id_new_status"', 1)[1].split("</select>", 1)[0]
    english_menu = english.split('id="id_new_status"', 1)[1].split("</select>", 1)[0]
    assert 'value="Cancelled">已取消</option>' in menu
    assert 'value="Cancelled">Cancelled</option>' in english_menu

    response = client.post(
        f"/zh-hans/dashboard/orders/{order.number}/",
        {"order_action": "change_order_status", "new_status": "Cancelled"},
    )

    order.refresh_from_db()
    assert response.status_code == 302
    assert order.status == "Cancelled"
