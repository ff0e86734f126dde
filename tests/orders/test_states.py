"""Every legal transition works and is logged; illegal ones are refused and change nothing;
the event log always replays to the unit's state."""

from __future__ import annotations

import pytest

from orders.models import ProductionUnit, UnitEvent
from orders.services import IllegalTransition, unit_remake, unit_transition
from orders.states import TRANSITIONS
from tests.orders.factories import paid_order
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db

#: A path through the machine that visits every state reachable without a remake.
HAPPY_PATH = [
    "routed",
    "planned",
    "released",
    "cutting",
    "sewing",
    "finishing",
    "qc",
    "packed",
    "shipped",
    "delivered",
]


def _unit() -> ProductionUnit:
    order = paid_order(fabric=fabric(stock="100"))
    return ProductionUnit.objects.get(order_line__order=order)


def _replayed(unit: ProductionUnit) -> str:
    state = ""
    for event in unit.events.filter(kind="transition").order_by("at", "pk"):
        assert event.from_state == state, "the log skips a step"
        state = event.to_state
    return state


def _all_states_match_their_logs() -> None:
    for unit in ProductionUnit.objects.all():
        assert _replayed(unit) == unit.state


def test_payment_makes_one_paid_unit_with_its_first_event() -> None:
    unit = _unit()

    assert unit.state == "paid"
    assert list(unit.events.values_list("from_state", "to_state", "actor_label")) == [
        ("", "paid", "payment")
    ]
    assert unit.code.startswith("U-") and len(unit.code) == 11


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    sorted((f, t) for f, targets in TRANSITIONS.items() for t in targets if t != "remade"),
)
def test_every_legal_transition(from_state: str, to_state: str) -> None:
    unit = _unit()
    path = {"paid": []}
    # Reach ``from_state`` along the happy path (rework and re-routing go back).
    for step in HAPPY_PATH:
        if unit.state == from_state:
            break
        unit = unit_transition(unit_id=unit.pk, to_state=step, reason="setup")
    assert unit.state == from_state, path

    moved = unit_transition(unit_id=unit.pk, to_state=to_state, reason="because")

    assert moved.state == to_state
    last = moved.events.order_by("-pk").first()
    assert (last.from_state, last.to_state, last.reason) == (from_state, to_state, "because")
    _all_states_match_their_logs()


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [
        ("paid", "cutting"),
        ("paid", "shipped"),
        ("routed", "released"),
        ("released", "cancelled"),
        ("cutting", "paid"),
        ("sewing", "qc"),
        ("qc", "shipped"),
        ("shipped", "cancelled"),
        ("delivered", "paid"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(from_state: str, to_state: str) -> None:
    unit = _unit()
    for step in HAPPY_PATH:
        if unit.state == from_state:
            break
        unit = unit_transition(unit_id=unit.pk, to_state=step)
    events_before = unit.events.count()

    with pytest.raises(IllegalTransition, match="cannot go from"):
        unit_transition(unit_id=unit.pk, to_state=to_state)

    unit.refresh_from_db()
    assert unit.state == from_state
    assert unit.events.count() == events_before
    _all_states_match_their_logs()


def test_a_move_someone_else_made_first_is_refused() -> None:
    unit = _unit()
    unit_transition(unit_id=unit.pk, to_state="routed")

    with pytest.raises(IllegalTransition):
        unit_transition(unit_id=unit.pk, to_state="cancelled", expected_from={"paid"})

    unit.refresh_from_db()
    assert unit.state == "routed"


def test_remake_ends_the_unit_and_a_new_one_reenters_routing() -> None:
    unit = _unit()
    for step in HAPPY_PATH[:7]:
        unit = unit_transition(unit_id=unit.pk, to_state=step)

    new = unit_remake(unit_id=unit.pk, reason="fabric flaw on the left front")

    unit.refresh_from_db()
    assert unit.state == "remade"
    assert (new.state, new.remake_of_id, new.order_line_id) == ("paid", unit.pk, unit.order_line_id)
    assert new.snapshot == unit.snapshot
    assert new.code != unit.code
    _all_states_match_their_logs()


def test_events_are_append_only() -> None:
    event = _unit().events.get()
    event.reason = "rewritten"

    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert UnitEvent.objects.get().reason != "rewritten"
