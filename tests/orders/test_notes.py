"""What a garment's timeline and its flag say is stored as a note (a code and its
parameters, with the English beside it) and read in the reader's language, whoever wrote
it and in whatever language; events written before notes show their stored text."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from orders.models import ProductionUnit, UnitEvent
from orders.notes import note_make, note_text
from orders.services import unit_route
from orders.templatetags.unit_tags import attention_note, event_note
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db


def _unit(cloth) -> ProductionUnit:  # type: ignore[no-untyped-def]
    return ProductionUnit.objects.get(order_line__order=paid_order(fabric=cloth))


def _in(language: str, shown) -> str:  # type: ignore[no-untyped-def]
    with translation.override(language):
        return shown()


def test_the_paid_event_reads_in_each_reader_s_language_though_written_in_chinese() -> None:
    cloth = fabric(stock="100")
    with translation.override("zh-hans"):
        unit = _unit(cloth)
    event = unit.events.get(to_state="paid")
    number = unit.snapshot["order_number"]

    assert event.reason == f"Paid in order {number}."
    assert event.data["note"] == {"code": "paid_in_order", "params": {"number": number}}
    assert _in("en", lambda: event_note(event)) == f"Paid in order {number}."
    assert _in("zh-hans", lambda: event_note(event)) == f"已在订单 {number} 中付款。"


def test_a_routing_note_reads_whole_in_one_language_its_parts_too() -> None:
    cloth = fabric(stock="100")
    plant(code="NO-FABRIC", priority=1)
    receiver = plant(code="RECEIVES", fabrics=(cloth,), lead_time_days=3, priority=5)
    unit = _unit(cloth)

    with translation.override("zh-hans"):
        routed = unit_route(unit_id=unit.pk)
    event = routed.events.get(to_state="routed")

    city = receiver.city_en
    assert (
        routed.routing_reason
        == event.reason
        == (
            f"RECEIVES ({city}) makes this garment (Dress shirt), receives the fabric in 3 days "
            "and has capacity before the promised date (priority 5, cost index 1.000). Also "
            "considered: NO-FABRIC neither stocks nor can receive the fabric."
        )
    )
    assert _in("en", lambda: event_note(event)) == routed.routing_reason
    assert _in("zh-hans", lambda: event_note(event)) == (
        f"RECEIVES（{receiver.city_zh}）能做这件衣服（正装衬衫），面料 3 天到货，承诺日期前有产能"
        "（优先级 5，成本指数 1.000）。也考虑过：NO-FABRIC 既无此面料库存，也无法到货。"
    )


def test_a_flagged_unit_says_why_in_the_reader_s_language_on_the_staff_order_page() -> None:
    cloth = fabric(stock="100")
    plant(code="ELSEWHERE", fabrics=())
    unit = unit_route(unit_id=_unit(cloth).pk)
    staff = get_user_model().objects.create_user(
        username="desk", email="desk@example.com", password="pw", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(staff)
    number = unit.snapshot["order_number"]

    english = client.get(f"/en/dashboard/orders/{number}/").content.decode()
    chinese = client.get(f"/zh-hans/dashboard/orders/{number}/").content.decode()

    said_en = "No factory can take it: ELSEWHERE neither stocks nor can receive the fabric."
    said_zh = "没有工厂能接：ELSEWHERE 既无此面料库存，也无法到货。"
    assert unit.attention_reason == said_en
    assert (
        _in("en", lambda: attention_note(unit)),
        _in("zh-hans", lambda: attention_note(unit)),
    ) == (
        said_en,
        said_zh,
    )
    assert f'<span class="text-danger small">{said_en}</span>' in english
    assert f"<span data-event-note>{said_en}</span>" in english
    assert f'<span class="text-danger small">{said_zh}</span>' in chinese
    assert f"<span data-event-note>{said_zh}</span>" in chinese
    assert said_en not in chinese
    paid = f"已在订单 {number} 中付款。"
    assert f"<span data-event-note>{paid}</span>" in chinese


def test_an_event_written_before_notes_shows_its_stored_text_in_every_language() -> None:
    unit = _unit(fabric(stock="100"))
    old = UnitEvent.objects.create(
        unit=unit,
        kind="note",
        from_state="paid",
        to_state="paid",
        actor_label="system",
        reason="Moved by hand.",
    )
    gone = UnitEvent.objects.create(
        unit=unit,
        kind="note",
        from_state="paid",
        to_state="paid",
        actor_label="system",
        reason="Written by a code since removed.",
        data={"note": {"code": "no_such_note"}},
    )
    unit.attention_reason = "No factory has this fabric."

    for language in ("en", "zh-hans"):
        assert _in(language, lambda: event_note(old)) == "Moved by hand."
        assert _in(language, lambda: event_note(gone)) == "Written by a code since removed."
        assert _in(language, lambda: attention_note(unit)) == "No factory has this fabric."


def test_a_note_with_a_missing_parameter_falls_back_and_an_unknown_code_is_refused() -> None:
    broken = {"code": "paid_in_order", "params": {}}

    assert note_text(note=broken, fallback="Paid.") == "Paid."
    with pytest.raises(KeyError):
        note_make(code="no_such_note")
