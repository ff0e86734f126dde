"""The factory portal's pages: who lands where, who sees what, both languages, refusals
shown in their own colour, and query counts that do not grow with the garments."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from factory.floor.models import FloorEvent
from orders.models import ProductionUnit, UnitEvent
from tests.factory.floor.builders import Floor, floor_with_work_order, released_work_order

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_factory_member_lands_on_the_portal_in_chinese_after_signing_in() -> None:
    floor = floor_with_work_order(garments=1)
    client = Client()

    response = client.post(
        "/en/accounts/login/",
        {
            "login-username": floor.manager.email,
            "login-password": "floor-pass",
            "login_submit": "Log In",
        },
    )
    landing = client.get(response["Location"])
    page = client.get(landing["Location"])

    assert (response.status_code, response["Location"]) == (302, "/en/after-login/")
    assert landing["Location"] == "/zh-hans/factory/"
    assert page.status_code == 200
    assert "工单" in page.content.decode()
    # A customer lands on the storefront, in the language of the sign-in page.
    customer = ProductionUnit.objects.first().order_line.order.user
    assert _client(customer).get("/en/after-login/")["Location"] == "/en/"
    assert _client(customer).get("/zh-hans/after-login/")["Location"] == "/zh-hans/"


def test_a_chosen_language_is_kept() -> None:
    floor = floor_with_work_order(garments=1)
    client = _client(floor.operator)
    client.cookies["django_language"] = "en"

    assert client.get("/zh-hans/after-login/")["Location"] == "/en/factory/"


def test_inbox_and_work_order_in_both_languages() -> None:
    floor = floor_with_work_order(garments=2)
    client = _client(floor.manager)
    path = f"/factory/work-orders/{floor.work_order.pk}/"

    inbox_en = client.get("/en/factory/").content.decode()
    inbox_zh = client.get("/zh-hans/factory/").content.decode()
    page_en = client.get(f"/en{path}").content.decode()
    page_zh = client.get(f"/zh-hans{path}").content.decode()

    assert floor.work_order.code in inbox_en and "Work orders" in inbox_en
    assert floor.work_order.code in inbox_zh and "工单" in inbox_zh
    assert "Accept work order" in page_en and "接收工单" in page_zh
    assert all(u.code in page_en for u in floor.units)


def test_the_inbox_counts_open_garments_only_while_some_are_shipped_and_some_not() -> None:
    floor = floor_with_work_order(garments=2)
    first, second = floor.units
    client = _client(floor.manager)

    def row() -> str:
        page = client.get("/en/factory/").content.decode()
        return page.split(f'data-work-order="{floor.work_order.code}"', 1)[1].split("</tr>")[0]

    none_shipped = row()
    ProductionUnit.objects.filter(pk=first.pk).update(state="shipped")
    one_shipped = row()
    ProductionUnit.objects.filter(pk=second.pk).update(state="shipped")
    both_shipped = row()

    assert "open)" not in none_shipped
    assert "(1 open)" in one_shipped
    assert "open)" not in both_shipped


def test_every_portal_page_names_an_icon_that_is_served() -> None:
    # Without one the browser asks for /favicon.ico, which is not found (a 404 in the
    # console of every portal page); the storefront and dashboard name Oscar's.
    floor = floor_with_work_order(garments=1)
    client = _client(floor.operator)
    icon = '<link rel="icon" href="/static/oscar/favicon.ico">'

    pages = [
        f"/{language}/factory/{path}"
        for language in ("en", "zh-hans")
        for path in ("", "scan/", "qc/", "shipping/", f"work-orders/{floor.work_order.pk}/")
    ]
    shown = {page: icon in client.get(page).content.decode() for page in pages}

    assert shown == dict.fromkeys(pages, True)
    assert finders.find("oscar/favicon.ico") is not None
    # A PDF opened in the browser names none: the browser's own guess is sent on to it.
    guessed = client.get("/favicon.ico")
    assert (guessed.status_code, guessed["Location"]) == (302, "/static/oscar/favicon.ico")


def test_an_operator_sees_no_accept_button_and_cannot_accept() -> None:
    floor = floor_with_work_order(garments=1)
    client = _client(floor.operator)

    page = client.get(f"/en/factory/work-orders/{floor.work_order.pk}/").content.decode()
    client.post(f"/en/factory/work-orders/{floor.work_order.pk}/accept/")

    assert "data-accept" not in page
    assert FloorEvent.objects.count() == 0


def test_another_factory_s_pages_are_not_found() -> None:
    ours = floor_with_work_order(garments=1)
    theirs = floor_with_work_order(garments=1)
    client = _client(ours.manager)
    wo = theirs.work_order.pk

    statuses = [
        client.get(f"/en/factory/work-orders/{wo}/").status_code,
        client.get(f"/en/factory/work-orders/{wo}/tickets.pdf").status_code,
        client.get(f"/en/factory/work-orders/{wo}/cut-sheet.pdf").status_code,
        client.post(f"/en/factory/work-orders/{wo}/accept/").status_code,
    ]

    assert statuses == [404, 404, 404, 404]
    assert FloorEvent.objects.count() == 0


def test_the_station_answers_a_scan_in_json_and_a_refusal_in_its_own_colour() -> None:
    floor = floor_with_work_order(garments=1)
    client = _client(floor.operator)
    unit = floor.units[0]
    cutting = floor.centre("cutting").pk

    ok = client.post(
        "/en/factory/scan/record/",
        {"centre": cutting, "code": unit.code, "client_event_id": "a-1"},
        HTTP_ACCEPT="application/json",
    )
    refused = client.post(
        "/en/factory/scan/record/",
        {"centre": floor.centre("qc").pk, "code": unit.code},
        HTTP_ACCEPT="application/json",
    )
    events = UnitEvent.objects.count()
    plain = client.post(
        "/zh-hans/factory/scan/record/", {"centre": cutting, "code": "nonsense"}, follow=True
    )

    assert ok.json() == {
        "ok": True,
        "unit": unit.code,
        "state": "cutting",
        "repeated": False,
        "message": f"Garment {unit.code} is now at Cutting.",
    }
    assert refused.status_code == 409
    assert refused.json()["code"] == "out_of_order"
    assert UnitEvent.objects.count() == events
    page = plain.content.decode()
    assert 'class="alert alert-danger floor-refused" role="alert" data-refused' in page
    assert "未知的服装编码" in page


def test_customers_and_staff_are_refused_the_portal() -> None:
    from django.contrib.auth import get_user_model

    floor = floor_with_work_order(garments=1)
    customer = ProductionUnit.objects.first().order_line.order.user
    staff = get_user_model().objects.create_user(username="staff1", is_staff=True)

    assert _client(customer).get("/en/factory/").status_code == 403
    assert _client(staff).get("/en/factory/").status_code == 403
    assert Client().get("/en/factory/")["Location"] == "/en/accounts/login/?next=/en/factory/"
    zh_login = Client().get("/zh-hans/factory/")["Location"]
    assert zh_login == "/zh-hans/accounts/login/?next=/zh-hans/factory/"
    assert floor.factory  # the factory exists: the refusal is about the user


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["inbox", "work order", "qc", "shipping", "scan"])
def test_query_counts_do_not_grow_with_the_garments(page: str) -> None:
    small = floor_with_work_order(garments=1)
    large = floor_with_work_order(garments=50)
    for _ in range(4):  # more work orders in the large factory's inbox too
        released_work_order(factory=large.factory, garments=1)
    counts = []
    for floor in (small, large):
        _to_stage(floor, page)
        path = {
            "inbox": "/en/factory/",
            "work order": f"/en/factory/work-orders/{floor.work_order.pk}/",
            "qc": "/en/factory/qc/",
            "shipping": "/en/factory/shipping/",
            "scan": f"/en/factory/scan/?centre={floor.centre('cutting').pk}",
        }[page]
        counts.append(_queries(_client(floor.manager), path))

    print(f"{page}: {counts[0]} queries with 1 garment, {counts[1]} with 50")
    assert counts[0] == counts[1]


def _to_stage(floor: Floor, page: str) -> None:
    """Give each page something to show for every garment."""
    from factory.floor.services import shipment_create, unit_qc_record, unit_scan

    if page not in ("qc", "shipping", "scan"):
        return
    stages = ("cutting", "sewing", "finishing", "qc")
    for unit in floor.units:
        for kind in stages:
            unit_scan(
                factory=floor.factory,
                work_centre_id=floor.centre(kind).pk,
                code=unit.code,
                user=floor.operator,
            )
    if page == "shipping":
        units = floor.units
        for unit in units:
            unit_qc_record(factory=floor.factory, code=unit.code, passed=True, user=floor.operator)
            unit_scan(
                factory=floor.factory,
                work_centre_id=floor.centre("packing").pk,
                code=unit.code,
                user=floor.operator,
            )
        shipment_create(
            factory=floor.factory,
            unit_codes=[u.code for u in units[: len(units) // 2 or 1]],
            carrier="sf",
            tracking_number=f"SF{floor.work_order.pk:08d}",
            user=floor.operator,
        )
