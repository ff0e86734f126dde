"""Routing: capability, fabric availability, capacity, holidays and tie-breaks; a unit
no factory can take is flagged with the reason, never dropped."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orders.models import ProductionUnit
from orders.routing import RoutingCandidate, route_choose
from orders.services import unit_route
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

NEED = {"cutting": Decimal(6), "sewing": Decimal(45)}


def _candidate(code: str, **kw) -> RoutingCandidate:  # type: ignore[no-untyped-def]
    base = {
        "factory_id": hash(code) % 1000,
        "code": code,
        "city": "X",
        "priority": 10,
        "cost_index": Decimal("1.00"),
        "fabric_lead_days": 0,
        "needed": NEED,
        "free": {"cutting": Decimal(1000), "sewing": Decimal(1000)},
    }
    base.update(kw)
    return RoutingCandidate(**base)


def test_tie_breaks_are_priority_then_cost_then_slack_then_code() -> None:
    by_priority = route_choose(
        candidates=[_candidate("B", priority=20), _candidate("A", priority=10)],
        garment_type="shirt",
    )
    by_cost = route_choose(
        candidates=[_candidate("A", cost_index=Decimal("1.2")), _candidate("B")],
        garment_type="shirt",
    )
    by_slack = route_choose(
        candidates=[
            _candidate("A", free={"cutting": Decimal(100), "sewing": Decimal(100)}),
            _candidate("B"),
        ],
        garment_type="shirt",
    )
    by_code = route_choose(candidates=[_candidate("B"), _candidate("A")], garment_type="shirt")

    assert by_priority.factory_id == _candidate("A").factory_id
    assert by_cost.factory_id == _candidate("B").factory_id
    assert by_slack.factory_id == _candidate("B").factory_id
    assert by_code.factory_id == _candidate("A").factory_id
    assert by_code.reason == (
        "A (X) makes this garment (Dress shirt), stocks the fabric and has capacity before "
        "the promised date (priority 10, cost index 1.00). Also considered: B ranks lower."
    )


def test_pure_choice_reports_each_blocker() -> None:
    decision = route_choose(
        candidates=[
            _candidate("A", fabric_lead_days=None),
            _candidate("B", free={"cutting": Decimal(1000), "sewing": Decimal(10)}),
        ],
        garment_type="shirt",
    )

    assert decision.factory_id is None
    assert decision.reason == (
        "No factory can take it: A neither stocks nor can receive the fabric; "
        "B has no capacity left before the promised date at: Sewing."
    )


def _unit(cloth) -> ProductionUnit:  # type: ignore[no-untyped-def]
    order = paid_order(fabric=cloth)
    return ProductionUnit.objects.get(order_line__order=order)


def test_unit_goes_to_the_factory_that_can_make_it() -> None:
    cloth = fabric(stock="100")
    plant(code="TR-ONLY", garment_types=("trousers",), fabrics=(cloth,), priority=1)
    shirts = plant(code="SHIRTS", garment_types=("shirt",), fabrics=(cloth,), priority=5)
    unit = _unit(cloth)

    routed = unit_route(unit_id=unit.pk)

    assert routed.state == "routed"
    assert routed.factory == shirts
    assert "SHIRTS (City" in routed.routing_reason
    assert routed.events.filter(to_state="routed").count() == 1


def test_fabric_availability_decides_and_lead_time_counts() -> None:
    cloth = fabric(stock="100")
    plant(code="NO-FABRIC", priority=1)
    receiver = plant(code="RECEIVES", fabrics=(cloth,), lead_time_days=3, priority=5)
    unit = _unit(cloth)

    routed = unit_route(unit_id=unit.pk)

    assert routed.factory == receiver
    assert "receives the fabric in 3 days" in routed.routing_reason
    assert "NO-FABRIC neither stocks nor can receive the fabric" in routed.routing_reason


def test_capacity_before_the_promise_decides() -> None:
    cloth = fabric(stock="100")
    full = plant(code="FULL", fabrics=(cloth,), priority=1, sewing_minutes=0)
    roomy = plant(code="ROOMY", fabrics=(cloth,), priority=9)
    unit = _unit(cloth)

    routed = unit_route(unit_id=unit.pk)

    assert routed.factory == roomy
    assert full.code in routed.routing_reason
    assert "no capacity left before the promised date at: Sewing" in routed.routing_reason


def test_holidays_take_the_capacity_away() -> None:
    cloth = fabric(stock="100")
    today = timezone.localdate()
    every_day = tuple(today + timedelta(days=i) for i in range(0, 60))
    plant(code="ON-HOLIDAY", fabrics=(cloth,), priority=1, holidays=every_day)
    working = plant(code="WORKING", fabrics=(cloth,), priority=9)
    unit = _unit(cloth)

    routed = unit_route(unit_id=unit.pk)

    assert routed.factory == working
    assert "ON-HOLIDAY has no" in routed.routing_reason


def test_a_unit_no_factory_can_take_is_flagged_with_the_reason_and_kept() -> None:
    cloth = fabric(stock="100")
    plant(code="ELSEWHERE", fabrics=())
    unit = _unit(cloth)

    first = unit_route(unit_id=unit.pk)
    again = unit_route(unit_id=unit.pk)

    assert (first.state, again.state) == ("paid", "paid")
    assert again.needs_attention is True
    assert "ELSEWHERE neither stocks nor can receive the fabric" in again.attention_reason
    assert again.events.filter(kind="note").count() == 1


def test_routing_twice_routes_once() -> None:
    cloth = fabric(stock="100")
    plant(code="ONE", fabrics=(cloth,))
    unit = _unit(cloth)

    unit_route(unit_id=unit.pk)
    unit_route(unit_id=unit.pk)

    assert ProductionUnit.objects.get(pk=unit.pk).events.filter(to_state="routed").count() == 1


def test_routing_a_paid_unit_takes_a_fixed_number_of_queries() -> None:
    cloth = fabric(stock="100")
    first = plant(code="FIRST", fabrics=(cloth,), priority=1)
    plant(code="SECOND", fabrics=(cloth,), priority=5)
    unit = _unit(cloth)

    with CaptureQueriesContext(connection) as queries:
        routed = unit_route(unit_id=unit.pk)

    sql = [q["sql"] for q in queries.captured_queries]
    assert routed.factory == first
    # 10 of them make the factory's load rows, its first unit (an INSERT and an UPDATE
    # again for each of its five work centres).
    assert len(sql) == 38, "\n".join(sql)
    # The factory network and the garment's minutes read once: the start window and the
    # open load take them from the routing's choice, the calendars the capable
    # factories' work centres.
    tables = (
        "factory_factory",
        "factory_workcentre",
        "factory_shift",
        "factory_holiday",
        "factory_factoryfabric",
        "factory_operationstandard",
    )
    assert {
        table: sum(q.startswith("SELECT") and f'FROM "{table}"' in q for q in sql)
        for table in tables
    } == dict.fromkeys(tables, 1)
    # Its "paid" event leaves the count of garments without a factory for the factory's:
    # no lead time to move (it has none), the emptied row deleted by one statement.
    assert not [q for q in sql if '"orders_unitlead"' in q]
    assert [q.split()[0] for q in sql if '"orders_uniteventday"' in q] == [
        "INSERT",
        "INSERT",
        "DELETE",
        "INSERT",
    ]
