"""Writing through the API: stage events (idempotent by client event id), QC results,
shipments and deliveries, each through the floor's services; refusals are 400/404/409
with the services' message in the request's language, and change nothing."""

from __future__ import annotations

from typing import Any

import pypdfium2
import pytest

from factory.floor.models import FloorEvent, Shipment
from orders.models import ProductionUnit, UnitEvent
from tests.factory.floor.api.builders import Side, factory_side, released_work_order
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db

STAGES = ("cutting", "sewing", "finishing", "qc")
_ids = iter(range(1, 10_000))


def _scan(side: Side, code: str, stage: str, client_event_id: str | None = None, **extra: Any):  # type: ignore[no-untyped-def]
    body = {
        "unit_code": code,
        "stage": stage,
        "client_event_id": client_event_id or f"e{next(_ids)}",
    }
    return side.post("/api/v1/stage-events/", body, **extra)


def _qc(side: Side, code: str, **fields: Any):  # type: ignore[no-untyped-def]
    body = {"unit_code": code, "client_event_id": f"q{next(_ids)}", **fields}
    return side.post("/api/v1/qc-results/", body)


def _to_qc(side: Side, code: str) -> None:
    for stage in STAGES:
        assert _scan(side, code, stage).status_code == 200


def _packed(side: Side, code: str) -> None:
    _to_qc(side, code)
    assert _qc(side, code, passed=True).status_code == 200
    assert _scan(side, code, "packing").status_code == 200


@pytest.fixture
def side() -> Side:
    return factory_side(code="HZ-A1")


def _units(side: Side, garments: int) -> list[ProductionUnit]:
    cloth = side.factory.fabrics.get().fabric
    order = released_work_order(factory=side.factory, cloth=cloth, garments=garments)
    return list(order.units.order_by("pk"))


def test_a_stage_event_moves_the_garment_and_says_where_it_is(side: Side) -> None:
    [unit] = _units(side, 1)

    response = _scan(side, unit.code, "cutting")

    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["repeated"]) == ("cutting", False)
    assert (body["unit"]["code"], body["unit"]["state"]) == (unit.code, "cutting")
    unit.refresh_from_db()
    assert unit.state == "cutting"
    assert unit.events.last().actor == side.manager


def test_the_same_stage_event_posted_twice_with_one_client_id_makes_one_event(
    side: Side,
) -> None:
    [unit] = _units(side, 1)

    first = _scan(side, unit.code, "cutting", client_event_id="station-7:0001")
    again = _scan(side, unit.code, "cutting", client_event_id="station-7:0001")

    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert FloorEvent.objects.filter(client_event_id="station-7:0001").count() == 1
    assert UnitEvent.objects.filter(unit=unit, to_state="cutting").count() == 1


def test_an_out_of_order_scan_is_409_in_the_readers_language_and_changes_nothing(
    side: Side,
) -> None:
    [unit] = _units(side, 1)
    events = UnitEvent.objects.count()

    english = _scan(side, unit.code, "sewing")
    chinese = _scan(side, unit.code, "sewing", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert english.status_code == chinese.status_code == 409
    assert english.json()["code"] == "out_of_order"
    assert unit.code in english.json()["detail"] and "Wrong station" in english.json()["detail"]
    assert chinese.json()["detail"] != english.json()["detail"]
    assert unit.code in chinese.json()["detail"]
    unit.refresh_from_db()
    assert unit.state == "released"
    assert UnitEvent.objects.count() == events
    assert FloorEvent.objects.count() == 0


def test_another_factorys_garment_is_404_like_an_unknown_code(side: Side) -> None:
    other = factory_side(code="XA-A2")
    [theirs] = _units(other, 1)

    foreign = _scan(side, theirs.code, "cutting")
    unknown = _scan(side, "U-0000-0000", "cutting")

    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json()["code"] == unknown.json()["code"] == "unknown"
    theirs.refresh_from_db()
    assert theirs.state == "released"
    assert FloorEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["unit_code", "stage", "client_event_id"]),
        ({"unit_code": "U-2222-2222", "stage": "ironing", "client_event_id": "x"}, ["stage"]),
        (
            {"unit_code": "U-2222-2222", "stage": "cutting", "client_event_id": "x" * 65},
            ["client_event_id"],
        ),
    ],
)
def test_an_invalid_stage_event_is_400_naming_its_fields(
    side: Side, body: dict[str, str], fields: list[str]
) -> None:
    response = side.post("/api/v1/stage-events/", body)

    assert response.status_code == 400
    assert sorted(response.json()["fields"]) == sorted(fields)
    assert FloorEvent.objects.count() == 0


def test_a_body_that_is_not_json_is_400(side: Side) -> None:
    response = side.client.post(
        "/api/v1/stage-events/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_qc_pass_fail_to_rework_and_fail_to_remake(side: Side) -> None:
    passed, reworked, remade = _units(side, 3)
    for unit in (passed, reworked, remade):
        _to_qc(side, unit.code)

    ok = _qc(side, passed.code, passed=True)
    rework = _qc(side, reworked.code, passed=False, reason="seam", decision="rework")
    remake = _qc(
        side, remade.code, passed=False, reason="other", note="Torn sleeve", decision="remake"
    )

    assert [r.status_code for r in (ok, rework, remake)] == [200, 200, 200]
    assert (ok.json()["passed"], ok.json()["remake_code"]) == (True, None)
    assert rework.json()["unit"]["state"] == "sewing"
    new = ProductionUnit.objects.get(remake_of=remade)
    assert (remake.json()["unit"]["state"], remake.json()["remake_code"]) == ("remade", new.code)


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"passed": False}, ["reason", "decision"]),
        ({"passed": False, "reason": "other", "decision": "rework"}, ["note"]),
        ({"passed": False, "reason": "dirt", "decision": "rework"}, ["reason"]),
    ],
)
def test_an_incomplete_qc_failure_is_400_and_changes_nothing(
    side: Side, fields: dict[str, Any], named: list[str]
) -> None:
    [unit] = _units(side, 1)
    _to_qc(side, unit.code)
    events = FloorEvent.objects.count()

    response = _qc(side, unit.code, **fields)

    assert response.status_code == 400
    assert sorted(response.json()["fields"]) == sorted(named)
    unit.refresh_from_db()
    assert unit.state == "qc"
    assert FloorEvent.objects.count() == events


def test_a_shipment_is_created_and_marked_delivered(side: Side) -> None:
    units = _units(side, 2)
    for unit in units:
        _packed(side, unit.code)
    codes = [unit.code for unit in units]

    created = side.post(
        "/api/v1/shipments/",
        {"unit_codes": codes, "carrier": "sf", "tracking_number": "SF12345678"},
    )
    shipment_id = created.json()["id"]
    delivered = side.post(f"/api/v1/shipments/{shipment_id}/delivered/", {})
    again = side.post(f"/api/v1/shipments/{shipment_id}/delivered/", {})

    assert created.status_code == 201
    assert created.json()["unit_codes"] == codes
    assert created.json()["delivered_at"] is None
    assert delivered.status_code == again.status_code == 200
    assert delivered.json()["delivered_at"] == again.json()["delivered_at"] is not None
    assert set(ProductionUnit.objects.values_list("state", flat=True)) == {"delivered"}


def test_shipping_unpacked_garments_is_409_and_ships_nothing(side: Side) -> None:
    [unit] = _units(side, 1)

    response = side.post(
        "/api/v1/shipments/",
        {"unit_codes": [unit.code], "carrier": "sf", "tracking_number": "SF12345678"},
    )

    assert response.status_code == 409
    assert response.json()["code"] == "out_of_order"
    assert Shipment.objects.count() == 0


def test_another_factorys_shipment_is_404(side: Side) -> None:
    other = factory_side(code="XA-A3", cloth=fabric(stock="100"))
    [unit] = _units(other, 1)
    _packed(other, unit.code)
    created = other.post(
        "/api/v1/shipments/",
        {"unit_codes": [unit.code], "carrier": "ems", "tracking_number": "EMS-000111"},
    ).json()

    response = side.post(f"/api/v1/shipments/{created['id']}/delivered/", {})

    assert response.status_code == 404
    assert Shipment.objects.get().delivered_at is None


def test_the_tickets_pdf_has_a_page_per_garment(side: Side) -> None:
    units = _units(side, 3)
    order = units[0].work_orders.get()
    detail = side.get(f"/api/v1/work-orders/{order.pk}/").json()

    response = side.get(detail["tickets_pdf"])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(pypdfium2.PdfDocument(response.content)) == 3


def test_a_manager_token_accepts_a_work_order_once(side: Side) -> None:
    units = _units(side, 1)
    order = units[0].work_orders.get()

    first = side.post(f"/api/v1/work-orders/{order.pk}/accept/", {})
    again = side.post(f"/api/v1/work-orders/{order.pk}/accept/", {})
    listed = side.get("/api/v1/work-orders/", {"state": "accepted"}).json()
    waiting = side.get("/api/v1/work-orders/", {"state": "released"}).json()

    assert first.status_code == again.status_code == 200
    assert first.json()["state"] == "accepted"
    assert FloorEvent.objects.filter(kind="accept").count() == 1
    assert [row["id"] for row in listed["results"]] == [order.pk]
    assert waiting["count"] == 0
