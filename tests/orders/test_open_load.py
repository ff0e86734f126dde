"""Each factory's open load is a running sum (orders.load): it follows every unit into,
between and out of the factories, always equals the sum over the open units, and a promise
or a routing reads it in the same number of queries however many units are open."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.load import factory_load_counted, factory_load_rebuild, units_minutes
from orders.models import FactoryLoad, ProductionUnit
from orders.selectors import (
    factory_open_load,
    order_window_estimate,
    promised_ship_date_estimate,
    routing_candidates,
)
from orders.services import (
    order_line_units_cancel,
    unit_factory_move,
    unit_remake,
    unit_route,
    unit_transition,
)
from orders.states import OPEN_STATES
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db


def _stored() -> dict[int, dict[str, Decimal]]:
    rows = FactoryLoad.objects.exclude(minutes=0).values_list("factory_id", "kind", "minutes")
    load: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for factory_id, kind, minutes in rows:
        load[factory_id][kind] = minutes
    return dict(load)


def _summed_from_standards() -> dict[int, dict[str, Decimal]]:
    """The open load the slow way: every open unit's garment minutes, summed."""
    units = list(ProductionUnit.objects.filter(state__in=OPEN_STATES, factory__isnull=False))
    minutes = units_minutes(units)
    load: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for unit in units:
        for kind, value in minutes[unit.pk].items():
            load[unit.factory_id][kind] += value
    return {f: dict(kinds) for f, kinds in load.items()}


def _units(cloth, count: int) -> list[ProductionUnit]:  # type: ignore[no-untyped-def]
    order = paid_order(fabric=cloth, garments=count)
    return list(ProductionUnit.objects.filter(order_line__order=order))


def _walk(unit_id: int, *states: str) -> None:
    for state in states:
        unit_transition(unit_id=unit_id, to_state=state)


def test_the_load_follows_each_unit_in_between_and_out_of_the_factories() -> None:
    cloth = fabric(stock="200")
    first = plant(code="FIRST", fabrics=(cloth,), priority=1)
    second = plant(code="SECOND", fabrics=(cloth,), priority=5)
    units = _units(cloth, 5)
    assert _stored() == {}

    for unit in units:
        unit_route(unit_id=unit.pk)
    one = {"cutting": Decimal(6), "sewing": Decimal(45), "finishing": Decimal(8)}
    one |= {"qc": Decimal(3), "packing": Decimal(2)}
    assert _stored() == {first.pk: {kind: 5 * value for kind, value in one.items()}}

    unit_factory_move(unit_id=units[0].pk, factory_id=second.pk)
    _walk(units[1].pk, "planned", "released", "cutting", "sewing", "finishing", "qc", "packed")
    _walk(units[2].pk, "planned", "released", "cutting", "sewing", "finishing", "qc")
    unit_remake(unit_id=units[2].pk)
    order_line_units_cancel(order_line_id=units[3].order_line_id, actor=None, by_customer=False)
    _walk(units[4].pk, "planned", "routed")

    assert _stored() == {
        first.pk: one,  # units[4]: planned and back to routed, still open
        second.pk: one,  # units[0], moved by the planner
    }
    assert _stored() == _summed_from_standards() == factory_load_counted()
    assert factory_open_load(factory_ids=[first.pk, second.pk]) == _stored()


def test_what_leaves_the_load_is_what_entered_it_even_after_the_standards_change() -> None:
    cloth = fabric(stock="50")
    factory = plant(fabrics=(cloth,))
    (unit,) = _units(cloth, 1)
    unit_route(unit_id=unit.pk)
    assert ProductionUnit.objects.get(pk=unit.pk).load_minutes["sewing"] == "45.00"

    from factory.models import OperationStandard

    OperationStandard.objects.filter(kind="sewing").update(standard_minutes=Decimal(60))
    _walk(unit.pk, "planned", "released", "cutting", "sewing", "finishing", "qc", "packed")

    assert FactoryLoad.objects.filter(factory=factory).exclude(minutes=0).count() == 0


def test_rebuild_restores_a_sum_changed_by_hand() -> None:
    cloth = fabric(stock="50")
    factory = plant(fabrics=(cloth,))
    for unit in _units(cloth, 2):
        unit_route(unit_id=unit.pk)
    before = _stored()
    FactoryLoad.objects.filter(factory=factory, kind="sewing").update(minutes=Decimal(1))
    FactoryLoad.objects.create(factory=plant(), kind="qc", minutes=Decimal(7))

    counted = factory_load_rebuild()

    assert counted == before == _stored()
    assert before[factory.pk]["sewing"] == Decimal(90)


def _queries(call) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_promise_and_routing_take_the_same_queries_with_1_and_40_open_units() -> None:
    cloth = fabric(stock="500")
    factories = [plant(fabrics=(cloth,)), plant(fabrics=(cloth,))]
    probe, *first = _units(cloth, 2)
    for unit in first:
        unit_route(unit_id=unit.pk)

    def promise() -> None:
        promised_ship_date_estimate(garment_type="shirt")

    def routing() -> None:
        routing_candidates(unit=ProductionUnit.objects.get(pk=probe.pk))

    with_one = (_queries(promise), _queries(routing))
    for unit in _units(cloth, 39):
        unit_route(unit_id=unit.pk)
    open_units = ProductionUnit.objects.filter(state="routed").count()
    with_forty = (_queries(promise), _queries(routing))

    assert open_units == 40
    assert with_one == with_forty
    assert sum(_stored()[f.pk]["sewing"] for f in factories if f.pk in _stored()) == 40 * 45


def test_the_order_window_is_kept_until_the_next_cut_off_then_read_again(clock) -> None:  # type: ignore[no-untyped-def]
    clock.move_to("2026-11-30T09:00:00+08:00")
    plant(code="WINDOW")

    first = order_window_estimate(garment_type="shirt")
    with CaptureQueriesContext(connection) as kept:
        again = order_window_estimate(garment_type="shirt")
    assert first.changes_until is not None
    assert (again, len(kept.captured_queries)) == (first, 0)

    clock.move_to(first.changes_until)
    with CaptureQueriesContext(connection) as read:
        later = order_window_estimate(garment_type="shirt")
    assert len(read.captured_queries) > 0
    assert later.changes_until is not None and later.changes_until > first.changes_until
