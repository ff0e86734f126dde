"""Reading work orders through the API: only the token's factory's, paginated, filtered
by release day, each with its garments; the same number of queries for 1 and 50."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factory.floor.api.builders import factory_side, released_work_order
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db

LIST = "/api/v1/work-orders/"


def test_the_list_shows_only_the_token_factorys_work_orders() -> None:
    cloth = fabric(stock="500")
    first = factory_side(code="HZ-W1", cloth=cloth)
    second = factory_side(code="XA-W1", cloth=cloth)
    own = released_work_order(factory=first.factory, cloth=cloth, garments=2)
    released_work_order(factory=second.factory, cloth=cloth, garments=1)

    body = first.get(LIST).json()

    assert body["count"] == 1
    [row] = body["results"]
    assert row["id"] == own.pk
    assert row["code"] == own.code
    assert row["unit_count"] == 2
    assert row["garment_type"] == "shirt"
    assert row["fabric"] == {"code": cloth.code, "name": cloth.name_en}
    assert row["url"] == f"http://testserver/api/v1/work-orders/{own.pk}/"


def test_a_work_order_shows_its_garments() -> None:
    side = factory_side(code="HZ-W2")
    cloth = side.factory.fabrics.get().fabric
    order = released_work_order(factory=side.factory, cloth=cloth, garments=3)

    body = side.get(f"/api/v1/work-orders/{order.pk}/").json()

    codes = list(order.units.order_by("pk").values_list("code", flat=True))  # lay order
    assert [unit["code"] for unit in body["units"]] == codes
    assert {unit["state"] for unit in body["units"]} == {"released"}
    assert body["unit_count"] == body["open_count"] == 3
    assert body["state"] == "released"
    assert body["tickets_pdf"] == f"http://testserver/api/v1/work-orders/{order.pk}/tickets.pdf"


def test_another_factorys_work_order_is_404_like_one_that_does_not_exist() -> None:
    cloth = fabric(stock="500")
    first = factory_side(code="HZ-W3", cloth=cloth)
    second = factory_side(code="XA-W3", cloth=cloth)
    theirs = released_work_order(factory=second.factory, cloth=cloth, garments=1)

    foreign = first.get(f"/api/v1/work-orders/{theirs.pk}/")
    missing = first.get(f"/api/v1/work-orders/{theirs.pk + 1000}/")

    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json() == {"code": "not_found", "detail": "Not found."}


def test_the_list_filters_by_release_day() -> None:
    side = factory_side(code="HZ-W4")
    cloth = side.factory.fabrics.get().fabric
    order = released_work_order(factory=side.factory, cloth=cloth, garments=1)
    day = order.released_at.astimezone(side.factory.tzinfo).date()

    on_the_day = side.get(LIST, {"released_from": day, "released_to": day}).json()
    after = side.get(LIST, {"released_from": day + timedelta(days=1)}).json()
    before = side.get(LIST, {"released_to": day - timedelta(days=1)}).json()

    assert [row["id"] for row in on_the_day["results"]] == [order.pk]
    assert after["count"] == before["count"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"released_from": "yesterday"}, "released_from"),
        ({"released_from": "2026-12-02", "released_to": "2026-12-01"}, "released_to"),
        ({"page": "0"}, "page"),
    ],
)
def test_bad_filters_are_400_with_the_field_named(query: dict[str, str], field: str) -> None:
    side = factory_side(code="HZ-W5")

    response = side.get(LIST, query)
    chinese = side.get(LIST, query, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == chinese.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]
    assert response.json()["detail"] == "Some fields are not valid; see fields."
    assert chinese.json()["detail"] == "部分字段无效，详见 fields。"


def test_a_page_past_the_end_is_404() -> None:
    side = factory_side(code="HZ-W6")

    assert side.get(LIST, {"page": "2"}).status_code == 404


def _queries(side, path: str) -> int:  # type: ignore[no-untyped-def]
    side.get(path)  # the first request warms caches (content types, the site)
    with CaptureQueriesContext(connection) as queries:
        assert side.get(path).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_the_number_of_garments() -> None:
    cloth = fabric(stock="900")
    small = factory_side(code="HZ-Q1", cloth=cloth)
    large = factory_side(code="HZ-Q2", cloth=cloth)
    one = released_work_order(factory=small.factory, cloth=cloth, garments=1)
    fifty = released_work_order(factory=large.factory, cloth=cloth, garments=50)
    for _ in range(49):  # 50 work orders in the large factory's list
        released_work_order(factory=large.factory, cloth=cloth, garments=1)

    counts = {
        "list": (_queries(small, LIST), _queries(large, LIST)),
        "detail": (
            _queries(small, f"/api/v1/work-orders/{one.pk}/"),
            _queries(large, f"/api/v1/work-orders/{fifty.pk}/"),
        ),
    }
    print(f"queries at 1 and 50: {counts}")

    assert large.get(LIST).json()["count"] == 50
    assert counts["list"][0] == counts["list"][1]
    assert counts["detail"][0] == counts["detail"][1]
