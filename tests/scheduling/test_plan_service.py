"""The plan service on the database: versions, release at the cut-off, frozen batches,
one replan at a time. Runs under every date CI lists (``dates``): days are read from the
factory's calendar, never written down."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone, translation

from factory.calendars import factory_calendar_load
from factory.models import Factory, WorkOrder
from orders.models import ProductionUnit
from orders.notes import note_text
from orders.services import unit_factory_move, unit_route
from orders.templatetags.unit_tags import event_note
from scheduling import engine
from scheduling.adapters import unplanned_note
from scheduling.models import PlannedBatch, PlanRun, PlanVersion
from scheduling.release import releases_due
from scheduling.replay import plan_replay
from scheduling.services import network_replan
from tests.clock import SuiteClock
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _routed_units(count: int, cloth=None) -> list[ProductionUnit]:  # type: ignore[no-untyped-def]
    cloth = cloth or fabric(stock="1000")
    if not Factory.objects.exists():
        plant(code="HZ-P", fabrics=(cloth,))
    paid_order(fabric=cloth, garments=count)
    for unit in ProductionUnit.objects.filter(state="paid"):
        unit_route(unit_id=unit.pk)
    return list(ProductionUnit.objects.all())


def _start_day(batch: PlannedBatch):  # type: ignore[no-untyped-def]
    return batch.plan.horizon_start + timedelta(days=batch.start_minute // (24 * 60))


def _after_cutoff_of(batch: PlannedBatch) -> datetime:
    cutoff = factory_calendar_load(factory=batch.factory).cutoff_for(_start_day(batch))
    return cutoff + timedelta(minutes=1)


def test_replan_plans_every_unit_after_the_next_cut_off_and_releases_nothing() -> None:
    units = _routed_units(4)
    calendar = factory_calendar_load(factory=Factory.objects.get())
    first_open = calendar.first_open_day(timezone.now())

    plan = network_replan(seed=1, time_limit=2.0)

    assert plan is not None and plan.number == 1
    assert plan.kpis["planned_units"] == 4
    batch = PlannedBatch.objects.get(plan=plan)
    assert (batch.released, _start_day(batch)) == (False, first_open)
    assert set(ProductionUnit.objects.values_list("state", flat=True)) == {"planned"}
    assert WorkOrder.objects.count() == 0
    # Each garment may be changed until the cut-off that releases its batch.
    assert set(ProductionUnit.objects.values_list("changes_until", flat=True)) == {
        calendar.cutoff_for(first_open)
    }
    assert {u.pk for u in units} == set(batch.units.values_list("unit_id", flat=True))
    assert PlanRun.objects.get().status == "done"


def test_a_second_replan_gives_each_planned_unit_its_batch_s_cut_off() -> None:
    _routed_units(6)
    network_replan(seed=1, time_limit=2.0)
    ProductionUnit.objects.update(changes_until=timezone.now() - timedelta(days=30))

    plan = network_replan(seed=1, time_limit=2.0)

    assert plan is not None and plan.number == 2
    calendar = factory_calendar_load(factory=Factory.objects.get())
    expected = {
        planned.unit_id: calendar.cutoff_for(_start_day(batch))
        for batch in PlannedBatch.objects.filter(plan=plan)
        for planned in batch.units.all()
    }
    assert len(expected) == 6
    assert dict(ProductionUnit.objects.values_list("pk", "changes_until")) == expected
    assert set(ProductionUnit.objects.values_list("state", flat=True)) == {"planned"}


def test_at_the_cut_off_the_planned_batch_becomes_a_work_order(clock: SuiteClock) -> None:
    units = _routed_units(3)
    plan = network_replan(seed=1, time_limit=2.0)
    batch = PlannedBatch.objects.get(plan=plan)
    cutoff = factory_calendar_load(factory=batch.factory).cutoff_for(_start_day(batch))

    clock.move_to(cutoff - timedelta(minutes=1))
    before = releases_due(at=timezone.now())
    clock.move_to(cutoff + timedelta(minutes=1))
    released = releases_due(at=timezone.now())
    again = releases_due(at=timezone.now())

    assert [r.work_orders for r in before] in ([], [0])
    assert [(r.production_day, r.work_orders, r.units) for r in released] == [
        (_start_day(batch), 1, 3)
    ]
    assert again == []
    order = WorkOrder.objects.get()
    assert order.code == f"WO-{batch.key}"
    assert set(order.units.values_list("pk", flat=True)) == {u.pk for u in units}
    assert set(ProductionUnit.objects.values_list("state", flat=True)) == {"released"}
    for unit in ProductionUnit.objects.all():
        assert list(unit.events.values_list("to_state", flat=True)) == [
            "paid",
            "routed",
            "planned",
            "released",
        ]


def test_released_batches_never_move_when_new_units_arrive(clock: SuiteClock) -> None:
    cloth = fabric(stock="1000")
    _routed_units(3, cloth)
    first = network_replan(seed=1, time_limit=2.0)
    clock.move_to(_after_cutoff_of(PlannedBatch.objects.get(plan=first)))
    releases_due(at=timezone.now())
    released = PlannedBatch.objects.get(plan=first, released=True)

    _routed_units(5, cloth)
    second = network_replan(seed=2, time_limit=2.0)

    assert second is not None and second.number == 2
    kept = PlannedBatch.objects.get(plan=second, key=released.key)
    days = (second.horizon_start - first.horizon_start).days
    moved = [
        {
            **stage,
            "start": stage["start"] - days * 24 * 60,
            "end": stage["end"] - days * 24 * 60,
            "allocations": [[day - days, minutes] for day, minutes in stage["allocations"]],
        }
        for stage in released.stages
    ]
    # The same stages at the same moments (each plan counts from its own first day).
    assert (kept.stages, kept.sequence, kept.factory_id, kept.released) == (
        moved,
        released.sequence,
        released.factory_id,
        True,
    )
    assert set(kept.units.values_list("unit_id", flat=True)) == set(
        released.units.values_list("unit_id", flat=True)
    )
    assert ProductionUnit.objects.filter(state="planned").count() == 5
    assert PlanVersion.objects.count() == 2


def test_a_released_batch_stays_frozen_through_every_later_plan(clock: SuiteClock) -> None:
    """The second plan's copy of a released batch has no work order of its own; the third
    plan freezes it again from that copy's garments."""
    cloth = fabric(stock="1000")
    _routed_units(3, cloth)
    first = network_replan(seed=1, time_limit=2.0)
    clock.move_to(_after_cutoff_of(PlannedBatch.objects.get(plan=first)))
    releases_due(at=timezone.now())
    released = PlannedBatch.objects.get(plan=first, released=True)
    garments = set(released.units.values_list("unit_id", flat=True))

    _routed_units(2, cloth)
    second = network_replan(seed=2, time_limit=2.0)
    _routed_units(2, cloth)
    third = network_replan(seed=3, time_limit=2.0)

    assert third is not None and third.number == 3
    kept = PlannedBatch.objects.get(plan=third, key=released.key)
    assert kept.released is True
    assert set(kept.units.values_list("unit_id", flat=True)) == garments
    assert PlanRun.objects.filter(status=PlanRun.Status.FAILED).count() == 0
    assert second is not None


def test_released_batches_keep_their_times_when_the_plan_starts_a_day_later(
    clock: SuiteClock,
) -> None:
    cloth = fabric(stock="1000")
    _routed_units(3, cloth)
    first = network_replan(seed=1, time_limit=2.0)
    batch = PlannedBatch.objects.get(plan=first)
    production_day = _start_day(batch)
    clock.move_to(_after_cutoff_of(batch))
    releases_due(at=timezone.now())
    released = PlannedBatch.objects.get(pk=batch.pk)
    assert released.released

    # The morning of its production day: the next plan starts that day.
    clock.move_to(datetime.combine(production_day, time(8), tzinfo=batch.factory.tzinfo))
    _routed_units(2, cloth)
    second = network_replan(seed=1, time_limit=2.0)

    kept = PlannedBatch.objects.get(plan=second, key=released.key)
    shift = (second.horizon_start - first.horizon_start).days * 24 * 60
    assert shift > 0
    # The same moments, on a clock that starts later.
    assert [s["start"] for s in kept.stages] == [s["start"] - shift for s in released.stages]
    assert [s["end"] for s in kept.stages] == [s["end"] - shift for s in released.stages]
    assert second.horizon_start == production_day


def test_a_batch_key_is_never_given_to_another_batch(clock: SuiteClock) -> None:
    """A released batch that ended before a later plan begins leaves it; the new units'
    batch gets a key of its own, so a key names one batch in every plan version."""
    cloth = fabric(stock="1000")
    _routed_units(3, cloth)
    first = network_replan(seed=1, time_limit=2.0)
    batch = PlannedBatch.objects.get(plan=first)
    clock.move_to(_after_cutoff_of(batch))
    releases_due(at=timezone.now())

    later = _start_day(batch) + timedelta(days=2)
    clock.move_to(datetime.combine(later, time(8), tzinfo=batch.factory.tzinfo))
    _routed_units(2, cloth)
    second = network_replan(seed=1, time_limit=2.0)

    keys = list(PlannedBatch.objects.filter(plan=second).values_list("key", flat=True))
    assert len(keys) == 1 and keys[0] != batch.key
    assert PlannedBatch.objects.filter(key=batch.key).count() == 1


def test_a_unit_waits_for_its_fabric(clock: SuiteClock) -> None:
    """Fabric five working days away: the unit is never cut before it arrives, whatever
    the day (the independent validator checks release dates)."""
    from scheduling import engine
    from scheduling.replay import problem_from_json

    cloth = fabric(stock="1000")
    factory = plant(code="HZ-F", fabrics=(cloth,), lead_time_days=5)
    paid_order(fabric=cloth, garments=2)
    for unit in ProductionUnit.objects.all():
        unit_route(unit_id=unit.pk)
    calendar = factory_calendar_load(factory=factory)
    arrives = calendar.working_days_add(timezone.localdate(), 5)

    plan = network_replan(seed=1, time_limit=2.0)

    assert set(ProductionUnit.objects.values_list("fabric_arrives_on", flat=True)) == {arrives}
    batch = PlannedBatch.objects.get(plan=plan)
    assert _start_day(batch) >= arrives
    assert calendar.is_working(_start_day(batch))
    cutting = batch.stages[0]["start"]
    assert cutting >= (arrives - plan.horizon_start).days * 24 * 60
    problem = problem_from_json(plan.problem)
    assert {u.release for u in problem.units} == {(arrives - plan.horizon_start).days * 1440}
    # The validator is independent of the solver: an early cut is caught.
    result = engine.solve(problem, seed=1, max_iterations=200)
    assert engine.plan_violations(problem, result) == []
    early = engine.ProblemData(
        units=tuple(replace(u, release=u.release + 1440) for u in problem.units),
        factories=problem.factories,
        horizon_days=problem.horizon_days,
        setups=problem.setups,
    )
    assert any("before" in v for v in engine.plan_violations(early, result))


def test_a_large_network_without_a_broker_is_planned_factory_by_factory_here(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SCHEDULING_PARALLEL_MIN_UNITS = 4
    cloth = fabric(stock="1000")
    first, second = plant(code="SP-A", fabrics=(cloth,)), plant(code="SP-B", fabrics=(cloth,))
    paid_order(fabric=cloth, garments=8)
    for i, unit in enumerate(ProductionUnit.objects.order_by("pk")):
        unit_route(unit_id=unit.pk)
        unit_factory_move(unit_id=unit.pk, factory_id=(first if i % 2 == 0 else second).pk)

    plan = network_replan(seed=3)

    assert plan is not None and plan.split
    assert set(plan.batches.values_list("factory__code", flat=True)) == {"SP-A", "SP-B"}
    assert ProductionUnit.objects.filter(state="planned").count() == 8
    replay = plan_replay(plan=plan)
    assert (replay.same, replay.differences) == (True, [])
    assert not PlanRun.objects.get(plan=plan).parts.exists()  # nothing was sent anywhere


def test_a_garment_the_plan_leaves_out_says_why_in_the_reader_s_language() -> None:
    (unit,) = _routed_units(1)
    unit.factory.capabilities.all().delete()  # the factory stopped making shirts meanwhile

    plan = network_replan(seed=1, time_limit=2.0)

    assert plan is not None
    assert plan.unplanned == [
        {
            "unit_id": str(unit.pk),
            "reason": "no capable factory for garment type 'shirt'",
            "code": "no_capable_factory",
            "params": {"garment": "shirt"},
        }
    ]
    event = unit.events.get(kind="note", actor_label="planner")
    assert event.data["note"] == {
        "code": "not_planned",
        "params": {"why": {"code": "unplanned_no_capable_factory", "params": {"garment": "shirt"}}},
    }
    assert event.reason == "Not planned: no factory can make this garment (Dress shirt)"
    with translation.override("en"):
        assert event_note(event) == event.reason
    with translation.override("zh-hans"):
        assert event_note(event) == "未排产：没有工厂能做这件衣服（正装衬衫）"


def test_every_reason_the_engine_gives_reads_in_both_languages() -> None:
    params = {
        "minutes_mismatch": {"given": 4, "expected": 5},
        "no_capable_factory": {"garment": "jacket"},
        "beyond_horizon": {"factory": "HZ-P", "days": 28, "minutes": 40320},
    }
    shown = {}
    for code in engine.UNPLANNED_REASONS:
        why = engine.UnplannedReason(code, params.get(code, {})).of("7")
        note = unplanned_note(unplanned=why)
        with translation.override("en"):
            english = note_text(note=note, fallback="")
        with translation.override("zh-hans"):
            shown[code] = (english, note_text(note=note, fallback=""))

    assert shown == {
        "minutes_mismatch": (
            "Not planned: work minutes are given for 4 work centres, the plan has 5",
            "未排产：给出了 4 个工作中心的工时，计划有 5 个工作中心",
        ),
        "negative_minutes": ("Not planned: its work minutes are negative", "未排产：工时为负数"),
        "released_after_horizon": (
            "Not planned: it can start only after the planning horizon",
            "未排产：最早开工时间在排产周期之后",
        ),
        "no_capable_factory": (
            "Not planned: no factory can make this garment (Suit jacket)",
            "未排产：没有工厂能做这件衣服（西装上衣）",
        ),
        "beyond_horizon": (
            "Not planned: factory HZ-P cannot finish it within 28 days",
            "未排产：工厂 HZ-P 无法在 28 天内完成",
        ),
        "not_in_plan": ("Not planned: it is not in the given plan", "未排产：不在给定的排产计划中"),
    }


def test_a_reason_stored_without_a_code_shows_the_engine_s_english() -> None:
    old = engine.Unplanned(unit_id="7", reason="no capable factory for garment type 'shirt'")
    stored = {"code": "not_planned", "params": {"why": old.reason}}

    assert unplanned_note(unplanned=old) == stored
    with translation.override("en"):
        english = note_text(note=stored, fallback="")
    with translation.override("zh-hans"):
        chinese = note_text(note=stored, fallback="")
    assert english == "Not planned: no capable factory for garment type 'shirt'"
    assert chinese == "未排产：no capable factory for garment type 'shirt'"
