"""The floor's services: accepting, scanning, undoing, QC, shipping, delivering; every
refusal changes nothing; a client event id applies an action once."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import translation

from factory.floor.models import FloorEvent, Shipment
from factory.floor.selectors import (
    first_pass_yield,
    floor_factory_for_user,
    unit_get_for_factory,
    work_order_get,
    work_orders_for_factory,
    works_at_a_factory,
)
from factory.floor.services import (
    FloorError,
    ScanResult,
    scan_undo,
    shipment_create,
    shipment_deliver,
    unit_qc_record,
    unit_scan,
    work_order_accept,
)
from factory.models import WorkOrder
from orders.models import CustomerNotice, ProductionUnit, UnitEvent
from orders.services import unit_transition
from orders.templatetags.unit_tags import event_note
from tests.factory.floor.builders import (
    Floor,
    floor_with_work_order,
    member,
    released_work_order,
)

pytestmark = pytest.mark.django_db

STAGES = ("cutting", "sewing", "finishing", "qc")


def _snapshot() -> dict[str, Any]:
    """Everything a refusal must leave as it was."""
    return {
        "units": sorted(ProductionUnit.objects.values_list("pk", "state", "tracking_number")),
        "unit_events": UnitEvent.objects.count(),
        "floor_events": FloorEvent.objects.count(),
        "shipments": Shipment.objects.count(),
    }


def _scan(floor: Floor, kind: str, unit: ProductionUnit, **kwargs: Any) -> ScanResult:
    return unit_scan(
        factory=floor.factory,
        work_centre_id=floor.centre(kind).pk,
        code=unit.code,
        user=floor.operator,
        **kwargs,
    )


def _to_qc(floor: Floor, unit: ProductionUnit) -> None:
    for kind in STAGES:
        _scan(floor, kind, unit)


def test_selectors_see_only_the_factory_s_own_work() -> None:
    ours = floor_with_work_order(garments=2)
    theirs = floor_with_work_order(garments=1)

    assert floor_factory_for_user(user=ours.operator) == ours.factory
    assert [wo.pk for wo in work_orders_for_factory(factory=ours.factory)] == [ours.work_order.pk]
    found = work_order_get(factory=ours.factory, work_order_id=ours.work_order.pk)
    assert (found.unit_count, found.open_count, found.accepted_at) == (2, 2, None)
    with pytest.raises(WorkOrder.DoesNotExist):
        work_order_get(factory=ours.factory, work_order_id=theirs.work_order.pk)
    with pytest.raises(ProductionUnit.DoesNotExist):
        unit_get_for_factory(factory=ours.factory, code=theirs.units[0].code)
    assert unit_get_for_factory(factory=ours.factory, code=f" {ours.units[0].code.lower()} ")


def test_a_manager_accepts_a_work_order_once_and_an_operator_cannot() -> None:
    floor = floor_with_work_order(garments=1)

    with pytest.raises(FloorError) as refused:
        work_order_accept(
            factory=floor.factory, work_order_id=floor.work_order.pk, user=floor.operator
        )
    assert refused.value.code == "not_allowed"
    assert FloorEvent.objects.count() == 0

    work_order_accept(factory=floor.factory, work_order_id=floor.work_order.pk, user=floor.manager)
    work_order_accept(factory=floor.factory, work_order_id=floor.work_order.pk, user=floor.manager)

    assert list(FloorEvent.objects.values_list("kind", "work_order_id", "actor_id")) == [
        ("accept", floor.work_order.pk, floor.manager.pk)
    ]
    assert [wo.pk for wo in work_orders_for_factory(factory=floor.factory, state="accepted")] == [
        floor.work_order.pk
    ]
    assert list(work_orders_for_factory(factory=floor.factory, state="released")) == []


def test_another_factory_s_work_order_cannot_be_accepted() -> None:
    ours = floor_with_work_order(garments=1)
    theirs = floor_with_work_order(garments=1)

    with pytest.raises(FloorError) as refused:
        work_order_accept(
            factory=ours.factory, work_order_id=theirs.work_order.pk, user=ours.manager
        )

    assert refused.value.code == "unknown"
    assert FloorEvent.objects.count() == 0


def test_scans_move_a_garment_through_its_stages_with_one_event_each() -> None:
    floor = floor_with_work_order(garments=1)
    unit = floor.units[0]

    results = [_scan(floor, kind, unit) for kind in STAGES]

    assert [(r.state, r.repeated) for r in results] == [(k, False) for k in STAGES]
    unit.refresh_from_db()
    assert unit.state == "qc"
    assert list(unit.events.values_list("to_state", flat=True)) == [
        "paid",
        "routed",
        "planned",
        "released",
        *STAGES,
    ]
    scans = FloorEvent.objects.filter(kind="scan").order_by("pk")
    assert [(e.work_centre.kind, e.to_state, e.actor_id) for e in scans] == [
        (k, k, floor.operator.pk) for k in STAGES
    ]


def test_a_repeated_scan_is_harmless() -> None:
    floor = floor_with_work_order(garments=1)
    unit = floor.units[0]
    _scan(floor, "cutting", unit)
    before = UnitEvent.objects.count()

    again = _scan(floor, "cutting", unit)

    assert (again.state, again.repeated) == ("cutting", True)
    assert UnitEvent.objects.count() == before
    unit.refresh_from_db()
    assert unit.state == "cutting"


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("out of order", "out_of_order"),
        ("unknown", "unknown"),
        ("cancelled", "cancelled"),
        ("other factory", "unknown"),
        ("packing before a QC pass", "out_of_order"),
    ],
)
def test_refused_scans_change_nothing(case: str, code: str) -> None:
    floor = floor_with_work_order(garments=2)
    other = floor_with_work_order(garments=1)
    unit = floor.units[0]
    kind, scanned = {
        "out of order": ("sewing", unit.code),
        "unknown": ("cutting", "U-NOPE-NOPE"),
        "cancelled": ("cutting", floor.units[1].code),
        "other factory": ("cutting", other.units[0].code),
        "packing before a QC pass": ("packing", unit.code),
    }[case]
    if case == "cancelled":
        ProductionUnit.objects.filter(pk=floor.units[1].pk).update(state="cancelled")
    if case == "packing before a QC pass":
        _to_qc(floor, unit)
    before = _snapshot()

    with pytest.raises(FloorError) as refused:
        unit_scan(
            factory=floor.factory,
            work_centre_id=floor.centre(kind).pk,
            code=scanned,
            user=floor.operator,
            client_event_id="station-1:42",
        )

    assert refused.value.code == code
    assert refused.value.message
    assert _snapshot() == before


def test_another_factory_s_unit_is_refused_in_the_same_words_as_an_unknown_one() -> None:
    floor = floor_with_work_order(garments=1)
    other = floor_with_work_order(garments=1)
    centre = floor.centre("cutting").pk
    messages = []
    for code in (other.units[0].code, "U-ZZZZ-ZZZZ"):
        with pytest.raises(FloorError) as refused:
            unit_scan(factory=floor.factory, work_centre_id=centre, code=code, user=floor.operator)
        messages.append((refused.value.code, refused.value.message.replace(code, "#")))

    assert (
        messages[0]
        == messages[1]
        == (
            "unknown",
            "Unknown garment code #. Check the ticket and scan again.",
        )
    )


def test_a_work_centre_of_another_factory_and_a_stranger_are_refused() -> None:
    floor = floor_with_work_order(garments=1)
    other = floor_with_work_order(garments=1)
    before = _snapshot()

    with pytest.raises(FloorError) as wrong_centre:
        unit_scan(
            factory=floor.factory,
            work_centre_id=other.centre("cutting").pk,
            code=floor.units[0].code,
            user=floor.operator,
        )
    with pytest.raises(FloorError) as stranger:
        unit_scan(
            factory=floor.factory,
            work_centre_id=floor.centre("cutting").pk,
            code=floor.units[0].code,
            user=other.operator,
        )

    assert (wrong_centre.value.code, stranger.value.code) == ("unknown", "not_yours")
    assert _snapshot() == before


def test_the_same_client_event_id_makes_one_event_and_returns_the_first_result() -> None:
    floor = floor_with_work_order(garments=2)
    first, second = floor.units

    one = _scan(floor, "cutting", first, client_event_id="phone-7:1")
    again = _scan(floor, "cutting", first, client_event_id="phone-7:1")
    other_unit = _scan(floor, "cutting", second, client_event_id="phone-7:1")

    assert (one.state, one.repeated) == (again.state, again.repeated) == ("cutting", False)
    assert other_unit.unit.pk == first.pk  # the id names the first action, not a new one
    assert FloorEvent.objects.filter(client_event_id="phone-7:1").count() == 1
    assert first.events.filter(to_state="cutting").count() == 1
    second.refresh_from_db()
    assert second.state == "released"


def test_a_manager_undoes_the_last_scan_with_a_compensating_event() -> None:
    floor = floor_with_work_order(garments=1)
    unit = floor.units[0]
    _scan(floor, "cutting", unit)
    _scan(floor, "sewing", unit)

    with pytest.raises(FloorError) as operator_refused:
        scan_undo(factory=floor.factory, user=floor.operator)
    assert operator_refused.value.code == "not_allowed"

    undone = scan_undo(factory=floor.factory, user=floor.manager)

    assert (undone.state, undone.undone.to_state) == ("cutting", "sewing")
    unit.refresh_from_db()
    assert unit.state == "cutting"
    # Nothing is edited: the scan stays, a move back is appended.
    assert list(unit.events.values_list("from_state", "to_state")) == [
        ("", "paid"),
        ("paid", "routed"),
        ("routed", "planned"),
        ("planned", "released"),
        ("released", "cutting"),
        ("cutting", "sewing"),
        ("sewing", "cutting"),
    ]
    assert list(FloorEvent.objects.order_by("pk").values_list("kind", flat=True)) == [
        "scan",
        "scan",
        "undo",
    ]
    # The next undo takes the scan before.
    scan_undo(factory=floor.factory, user=floor.manager)
    unit.refresh_from_db()
    assert unit.state == "released"


def test_undo_is_refused_when_the_garment_moved_on_and_when_there_is_nothing() -> None:
    floor = floor_with_work_order(garments=1)
    with pytest.raises(FloorError) as nothing:
        scan_undo(factory=floor.factory, user=floor.manager)
    assert nothing.value.code == "unknown"

    unit = floor.units[0]
    _to_qc(floor, unit)
    unit_qc_record(
        factory=floor.factory,
        code=unit.code,
        passed=False,
        reason="seam",
        decision="rework",
        user=floor.operator,
    )
    before = _snapshot()
    with pytest.raises(FloorError) as moved:
        scan_undo(factory=floor.factory, user=floor.manager)
    assert moved.value.code == "out_of_order"
    assert _snapshot() == before


def test_qc_rework_sends_the_garment_back_to_sewing_and_it_passes_later() -> None:
    floor = floor_with_work_order(garments=1)
    unit = floor.units[0]
    _to_qc(floor, unit)

    failed = unit_qc_record(
        factory=floor.factory,
        code=unit.code,
        passed=False,
        reason="seam",
        decision="rework",
        user=floor.operator,
    )
    assert (failed.unit.state, failed.remake) == ("sewing", None)
    _scan(floor, "finishing", unit)
    _scan(floor, "qc", unit)
    passed = unit_qc_record(factory=floor.factory, code=unit.code, passed=True, user=floor.operator)
    packed = _scan(floor, "packing", unit)

    assert (passed.passed, packed.state) == (True, "packed")
    qc = list(
        UnitEvent.objects.filter(unit=unit, data__qc__isnull=False)
        .order_by("pk")
        .values_list("data__qc", "to_state")
    )
    assert qc == [("fail", "sewing"), ("pass", "qc")]
    assert first_pass_yield(factory=floor.factory) == (0, 1)
    notes = [
        event_note(event) for event in UnitEvent.objects.filter(unit=unit, data__qc__isnull=False)
    ]
    with translation.override("zh-hans"):
        chinese = [
            event_note(event)
            for event in UnitEvent.objects.filter(unit=unit, data__qc__isnull=False)
        ]
    assert notes == [
        "Failed its quality check (Seam fault): back to sewing for rework.",
        "Passed its quality check.",
    ]
    assert chinese == ["质检不合格（缝线问题）：退回缝制返工。", "质检合格。"]


def test_qc_remake_ends_the_unit_and_a_new_one_with_the_same_snapshot_is_routed() -> None:
    floor = floor_with_work_order(garments=1)
    unit = floor.units[0]
    _to_qc(floor, unit)
    stock_before = unit.fabric.metres_in_stock

    result = unit_qc_record(
        factory=floor.factory,
        code=unit.code,
        passed=False,
        reason="fabric_flaw",
        decision="remake",
        user=floor.operator,
        client_event_id="qc-1",
    )
    again = unit_qc_record(
        factory=floor.factory,
        code=unit.code,
        passed=False,
        reason="fabric_flaw",
        decision="remake",
        user=floor.operator,
        client_event_id="qc-1",
    )

    unit.refresh_from_db()
    assert unit.state == "remade"
    assert result.remake is not None and again.remake is not None
    assert result.remake.pk == again.remake.pk
    new = ProductionUnit.objects.get(remake_of=unit)
    assert (new.snapshot_sha256, new.state) == (unit.snapshot_sha256, "paid")
    assert ProductionUnit.objects.count() == 2
    assert unit.fabric.metres_in_stock == stock_before  # taken at payment, never here


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"passed": False, "reason": "", "decision": "rework"}, "invalid"),
        ({"passed": False, "reason": "other", "decision": "rework"}, "invalid"),
        ({"passed": False, "reason": "stain", "decision": None}, "invalid"),
        ({"passed": True, "code": "U-NONE-NONE"}, "unknown"),
    ],
)
def test_refused_qc_results_change_nothing(kwargs: dict[str, Any], code: str) -> None:
    floor = floor_with_work_order(garments=1)
    unit = floor.units[0]
    _to_qc(floor, unit)
    before = _snapshot()

    with pytest.raises(FloorError) as refused:
        unit_qc_record(factory=floor.factory, user=floor.operator, **{"code": unit.code, **kwargs})

    assert refused.value.code == code
    assert _snapshot() == before


def test_qc_of_a_garment_not_at_qc_is_refused() -> None:
    floor = floor_with_work_order(garments=1)
    unit = floor.units[0]
    _scan(floor, "cutting", unit)
    before = _snapshot()

    with pytest.raises(FloorError) as refused:
        unit_qc_record(factory=floor.factory, code=unit.code, passed=True, user=floor.operator)

    assert refused.value.code == "out_of_order"
    assert _snapshot() == before


def _packed(floor: Floor) -> list[ProductionUnit]:
    for unit in floor.units:
        _to_qc(floor, unit)
        unit_qc_record(factory=floor.factory, code=unit.code, passed=True, user=floor.operator)
        _scan(floor, "packing", unit)
    return floor.units


def test_a_shipment_ships_the_order_s_garments_and_sends_one_email(
    django_capture_on_commit_callbacks: Any,
) -> None:
    floor = floor_with_work_order(garments=2)
    units = _packed(floor)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        shipment = shipment_create(
            factory=floor.factory,
            unit_codes=[u.code for u in units],
            carrier="sf",
            tracking_number="SF1234567890",
            user=floor.operator,
        )

    assert sorted(shipment.units.values_list("pk", flat=True)) == [u.pk for u in units]
    assert set(ProductionUnit.objects.values_list("state", "carrier", "tracking_number")) == {
        ("shipped", "sf", "SF1234567890")
    }
    shipped = [m for m in mail.outbox if "shipped" in m.subject]
    assert len(shipped) == 1
    assert all(u.code in shipped[0].body for u in units)
    assert "SF1234567890" in shipped[0].body
    assert CustomerNotice.objects.filter(kind="shipped").count() == 2

    delivered = shipment_deliver(factory=floor.factory, shipment_id=shipment.pk, user=floor.manager)
    shipment_deliver(factory=floor.factory, shipment_id=shipment.pk, user=floor.manager)

    assert delivered.delivered_at is not None
    assert set(ProductionUnit.objects.values_list("state", flat=True)) == {"delivered"}
    assert FloorEvent.objects.filter(kind="deliver").count() == 2


@pytest.mark.parametrize(
    "case",
    ["not packed", "unknown", "bad tracking", "bad carrier", "no units", "two orders"],
)
def test_refused_shipments_change_nothing(case: str) -> None:
    floor = floor_with_work_order(garments=2)
    units = _packed(floor)
    if case == "not packed":
        unit_transition(unit_id=units[1].pk, to_state="shipped")
    second = None
    if case == "two orders":
        second_order = released_work_order(factory=floor.factory, garments=1)
        second = second_order.units.get()
        _to_qc(floor, second)
        unit_qc_record(factory=floor.factory, code=second.code, passed=True, user=floor.operator)
        _scan(floor, "packing", second)
    codes = {
        "not packed": [u.code for u in units],
        "unknown": [units[0].code, "U-AAAA-AAAA"],
        "bad tracking": [units[0].code],
        "bad carrier": [units[0].code],
        "no units": [],
        "two orders": [units[0].code, second.code if second else ""],
    }[case]
    before = _snapshot()

    with pytest.raises(FloorError) as refused:
        shipment_create(
            factory=floor.factory,
            unit_codes=codes,
            carrier="pigeon" if case == "bad carrier" else "ems",
            tracking_number="x" if case == "bad tracking" else "EMS000111222",
            user=floor.operator,
        )

    assert (
        refused.value.code
        == {
            "not packed": "out_of_order",
            "unknown": "unknown",
            "bad tracking": "invalid",
            "bad carrier": "invalid",
            "no units": "invalid",
            "two orders": "invalid",
        }[case]
    )
    assert _snapshot() == before


def test_another_factory_s_shipment_cannot_be_delivered() -> None:
    ours = floor_with_work_order(garments=1)
    theirs = floor_with_work_order(garments=1)
    unit = _packed(theirs)[0]
    shipment = shipment_create(
        factory=theirs.factory,
        unit_codes=[unit.code],
        carrier="jd",
        tracking_number="JD0001112223",
        user=theirs.operator,
    )
    before = _snapshot()

    with pytest.raises(FloorError) as refused:
        shipment_deliver(factory=ours.factory, shipment_id=shipment.pk, user=ours.manager)

    assert refused.value.code == "unknown"
    assert _snapshot() == before


def test_only_a_factory_member_has_a_floor() -> None:
    floor = floor_with_work_order(garments=1)
    manager = member(floor.factory, "manager")
    customer = ProductionUnit.objects.first().order_line.order.user

    assert floor_factory_for_user(user=manager) == floor.factory
    assert floor_factory_for_user(user=customer) is None
    assert floor_factory_for_user(user=AnonymousUser()) is None
    assert works_at_a_factory(user=manager) is True
    assert works_at_a_factory(user=customer) is False
    assert works_at_a_factory(user=AnonymousUser()) is False
    manager.is_active = False
    assert (floor_factory_for_user(user=manager), works_at_a_factory(user=manager)) == (None, False)
