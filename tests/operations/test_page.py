"""The operations page: staff only, both languages, charts beside tables, CSV per
table, filters checked, and a number of queries that does not grow with the data."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from orders.models import ProductionUnit, UnitEvent
from orders.services import unit_transition
from tests.operations.scenario import week_of_production
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db

PAGE = "/en/dashboard/operations/"
WEEK = "start=2026-11-23&end=2026-11-29"


def _staff() -> Client:
    user = get_user_model().objects.create_user(
        username="ops", email="ops@example.com", password="pw", is_staff=True
    )
    client = Client()
    client.force_login(user)
    return client


def test_staff_see_every_chart_beside_its_table_in_both_languages(clock) -> None:  # type: ignore[no-untyped-def]
    week = week_of_production(clock)
    client = _staff()

    english = client.get(f"{PAGE}?{WEEK}")
    chinese = client.get(f"/zh-hans/dashboard/operations/?{WEEK}")

    assert english.status_code == chinese.status_code == 200
    page = english.content.decode()
    for key in ("daily", "wip", "lead-time", "utilisation", "changeovers", "quality"):
        assert f'id="chart-{key}"' in page and f'id="table-{key}"' in page
    assert '<meta http-equiv="refresh" content="60">' in page
    assert f'<a href="/en/dashboard/orders/{week.units[-1].order_line.order.number}/">' in page
    assert "Garments no factory can take (1)" in page
    zh = chinese.content.decode()
    assert "每天的成衣" in zh and "在下次到货前会用完的面料" in zh
    assert "Garments per day" not in zh


def test_each_table_downloads_as_csv(clock) -> None:  # type: ignore[no-untyped-def]
    week_of_production(clock)
    client = _staff()

    response = client.get(f"{PAGE}?{WEEK}&export=daily")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="daily-20261123-20261129.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Day", "Paid", "Released", "Cut", "Finished", "Shipped", "Delivered"]
    assert rows[1] == ["2026-11-23", "5", "0", "0", "0", "0", "0"]
    assert len(rows) == 8
    assert client.get(f"{PAGE}?{WEEK}&export=nothing").status_code == 404


def test_bad_filters_are_refused_with_a_reason() -> None:
    client = _staff()

    backwards = client.get(f"{PAGE}?start=2026-11-29&end=2026-11-23")
    not_a_date = client.get(f"{PAGE}?start=yesterday")
    unknown = client.get(f"{PAGE}?factory=NOPE")

    assert backwards.status_code == not_a_date.status_code == unknown.status_code == 400
    assert "The first day must not be after the last day." in backwards.content.decode()
    assert "Enter a valid date." in not_a_date.content.decode()
    assert 'id="chart-daily"' not in unknown.content.decode()


def test_customers_are_sent_to_sign_in() -> None:
    user = get_user_model().objects.create_user(username="c", email="c@example.com", password="pw")
    client = Client()
    client.force_login(user)

    assert client.get(PAGE).status_code == 302


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_units_or_factories(clock) -> None:  # type: ignore[no-untyped-def]
    week = week_of_production(clock)
    client = _staff()
    url = f"{PAGE}?{WEEK}"
    by_factory = f"{url}&factory={week.first.code}"
    _queries(client, url)  # warm caches (sessions, Oscar's navigation)
    before, before_one = _queries(client, url), _queries(client, by_factory)

    clock.move_to("2026-11-24T10:00:00+08:00")
    cloth = fabric(stock="500")
    plants = [plant(fabrics=(cloth,)) for _ in range(3)]
    paid_order(fabric=cloth, garments=12)
    for i, unit in enumerate(ProductionUnit.objects.filter(state="paid", fabric=cloth)):
        unit_transition(
            unit_id=unit.pk, to_state="routed", changes={"factory_id": plants[i % 3].pk}
        )
        for state in ("planned", "released", "cutting", "sewing")[: 1 + i % 4]:
            unit_transition(unit_id=unit.pk, to_state=state)
    clock.move_to("2026-11-30T09:00:00+08:00")
    assert UnitEvent.objects.count() > 100

    assert _queries(client, url) == before
    assert _queries(client, by_factory) == before_one
