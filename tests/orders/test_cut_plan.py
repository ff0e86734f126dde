"""A work order's cut plan, stored: the batch's pieces nested on the fabric once the batch is
released, the planned metres in place of the consumption estimate, and the fabric's stock
corrected by the difference exactly once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from factory.calendars import factory_calendar_load
from factory.models import Factory, WorkOrder
from orders.cutting import cut_plan_inputs_sha256, cut_plan_replay
from orders.models import CutPlan, ProductionUnit
from orders.services import cut_plan_apply, unit_route
from orders.sweeper import cut_plans_sweep
from scheduling.models import PlannedBatch, PlanVersion
from scheduling.release import releases_due
from scheduling.services import network_replan
from shop.models import Fabric, GarmentOption
from shop.patterns import PatternError
from shop.patterns.marker import marker_svg
from tests.clock import SuiteClock
from tests.orders.factories import paid_order, plant
from tests.services import service_required
from tests.shop.factories import fabric, shirt_options

pytestmark = pytest.mark.django_db


def _units(count: int, cloth: Fabric) -> list[ProductionUnit]:
    if not GarmentOption.objects.exists():
        shirt_options()
    order = paid_order(fabric=cloth, garments=count)
    return list(ProductionUnit.objects.filter(order_line__order=order).order_by("pk"))


def _work_order(units: list[ProductionUnit], cloth: Fabric) -> WorkOrder:
    """A released batch as the release makes it (the units' states do not matter here)."""
    factory = Factory.objects.first() or plant(fabrics=(cloth,))
    plan = PlanVersion.objects.create(
        number=PlanVersion.objects.count() + 1,
        horizon_start=date(2026, 11, 30),
        horizon_days=7,
        seed=0,
        runtime_seconds=0.1,
    )
    batch = PlannedBatch.objects.create(
        plan=plan,
        key=f"B{plan.number}",
        factory=factory,
        garment_type="shirt",
        fabric=cloth,
        sequence=1,
        stages=[],
        start_minute=0,
        end_minute=60,
    )
    order = WorkOrder.objects.create(
        code=f"WO-{batch.key}",
        factory=factory,
        plan_batch=batch,
        garment_type="shirt",
        fabric=cloth,
    )
    order.units.set(units)
    return order


def _stock(cloth: Fabric) -> Decimal:
    return Fabric.objects.get(pk=cloth.pk).metres_in_stock


def test_the_plan_is_stored_and_the_stock_corrected_by_the_difference_once() -> None:
    cloth = fabric(stock="100")
    units = _units(3, cloth)
    order = _work_order(units, cloth)
    estimate = sum((u.fabric_metres for u in units), Decimal("0"))
    before = _stock(cloth)

    plan = cut_plan_apply(work_order_id=order.pk)
    after_first = _stock(cloth)
    again = cut_plan_apply(work_order_id=order.pk)

    assert again.pk == plan.pk and CutPlan.objects.count() == 1
    assert (plan.garments, plan.estimated_metres) == (3, estimate)
    assert plan.stock_correction_metres == estimate - plan.planned_metres
    assert after_first == before + estimate - plan.planned_metres
    assert _stock(cloth) == after_first  # the second call changed nothing
    # The nested lay needs less than the per-garment estimate, so fabric went back.
    assert Decimal("0") < plan.planned_metres < estimate
    assert plan.pieces >= 3 * 8 and 0.5 < float(plan.utilisation) < 1
    assert plan.lay_mm > 0 and plan.usable_width_mm == int(cloth.width_cm * 10) - 30
    assert plan.marker_svg.startswith("<svg") and units[0].code in plan.marker_svg
    assert bytes(plan.marker_pdf).startswith(b"%PDF")


def test_the_stored_plan_is_computed_again_to_the_same_marker() -> None:
    cloth = fabric(stock="100")
    units = _units(2, cloth)
    stored = cut_plan_apply(work_order_id=_work_order(units, cloth).pk)

    replayed = cut_plan_replay(stored=stored)

    assert replayed.planned_metres == stored.planned_metres
    assert round(replayed.marker.length) == stored.lay_mm
    assert marker_svg(replayed) == stored.marker_svg
    assert stored.inputs_sha256 == cut_plan_inputs_sha256(
        units=units, fabric=cloth, seed=stored.seed, iterations=stored.iterations
    )
    # The fingerprint changes with any input.
    assert stored.inputs_sha256 != cut_plan_inputs_sha256(
        units=units, fabric=cloth, seed=stored.seed + 1, iterations=stored.iterations
    )


def test_a_lay_longer_than_the_stock_can_give_is_refused_with_nothing_written() -> None:
    cloth = fabric(stock="100")
    units = _units(2, cloth)
    # Say the garments were estimated far too small, and the store has almost nothing left.
    ProductionUnit.objects.filter(pk__in=[u.pk for u in units]).update(
        fabric_metres=Decimal("0.20")
    )
    Fabric.objects.filter(pk=cloth.pk).update(metres_in_stock=Decimal("0.50"))
    order = _work_order(units, cloth)

    with pytest.raises(PatternError) as refused:
        cut_plan_apply(work_order_id=order.pk)

    assert refused.value.code == "fabric_short"
    assert refused.value.params["left"] == Decimal("0.50")
    assert refused.value.params["extra"] > Decimal("0.10")
    assert CutPlan.objects.count() == 0
    assert _stock(cloth) == Decimal("0.50")


def test_a_work_order_of_mixed_fabrics_is_refused_with_nothing_written() -> None:
    cloth, other = fabric(stock="100"), fabric(stock="100")
    units = _units(1, cloth) + _units(1, other)
    order = _work_order(units, cloth)
    stocks = (_stock(cloth), _stock(other))

    with pytest.raises(PatternError) as refused:
        cut_plan_apply(work_order_id=order.pk)

    assert refused.value.code == "mixed_fabrics"
    assert CutPlan.objects.count() == 0
    assert (_stock(cloth), _stock(other)) == stocks


@pytest.mark.dates
def test_releasing_a_batch_stores_its_cut_plan_after_commit(
    clock: SuiteClock, django_capture_on_commit_callbacks: Any
) -> None:
    cloth = fabric(stock="1000")
    plant(code="HZ-C", fabrics=(cloth,))
    _units(3, cloth)
    for unit in ProductionUnit.objects.filter(state="paid"):
        unit_route(unit_id=unit.pk)
    network_replan(seed=1, time_limit=2.0)
    batch = PlannedBatch.objects.get()
    day = batch.plan.horizon_start + timedelta(days=batch.start_minute // (24 * 60))
    clock.move_to(factory_calendar_load(factory=batch.factory).cutoff_for(day))
    clock.move_to(timezone.now() + timedelta(minutes=1))
    stock = _stock(cloth)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        releases_due(at=timezone.now())
    order = WorkOrder.objects.get()
    assert CutPlan.objects.count() == 0  # nothing is nested inside the release
    for callback in callbacks:
        callback()

    plan = CutPlan.objects.get()
    assert plan.work_order == order and plan.garments == 3
    assert _stock(cloth) == stock + plan.estimated_metres - plan.planned_metres


def _at_once(call: Callable[[int], object]) -> list[object]:
    barrier = threading.Barrier(2)
    results: list[object] = [None, None]

    def one(i: int) -> None:
        try:
            barrier.wait()
            results[i] = call(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_workers_planning_one_work_order_correct_the_stock_once() -> None:
    if connection.vendor != "postgresql":
        service_required("PostgreSQL", "two workers at once need row locks")
    cloth = fabric(stock="100")
    units = _units(2, cloth)
    order = _work_order(units, cloth)
    before = _stock(cloth)

    results = _at_once(lambda _i: cut_plan_apply(work_order_id=order.pk))

    assert [type(r) for r in results] == [CutPlan, CutPlan], results
    plan = CutPlan.objects.get()
    assert {r.pk for r in results if isinstance(r, CutPlan)} == {plan.pk}
    assert _stock(cloth) == before + plan.estimated_metres - plan.planned_metres


def test_the_sweeper_plans_a_work_order_whose_message_was_lost(clock: SuiteClock) -> None:
    cloth = fabric(stock="100")
    lost = _work_order(_units(1, cloth), cloth)
    planned = _work_order(_units(1, cloth), cloth)
    cut_plan_apply(work_order_id=planned.pk)
    stock = _stock(cloth)

    too_soon = cut_plans_sweep()
    clock.move_to(timezone.now() + timedelta(minutes=11))
    swept = cut_plans_sweep()
    again = cut_plans_sweep()

    assert (too_soon, swept, again) == (0, 1, 0)
    plan = CutPlan.objects.get(work_order=lost)
    assert plan.garments == 1
    assert _stock(cloth) == stock + plan.estimated_metres - plan.planned_metres
    # After three days a work order that never got a plan is left on its estimate.
    CutPlan.objects.filter(work_order=lost).delete()
    clock.move_to(timezone.now() + timedelta(days=3))
    assert cut_plans_sweep() == 0
