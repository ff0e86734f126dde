"""The plan service on the database: versions, release, frozen batches, one replan at a time."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from factory.models import WorkOrder
from orders.models import ProductionUnit
from orders.services import unit_route
from scheduling.models import PlannedBatch, PlanVersion
from scheduling.services import network_replan
from tests.orders.factories import paid_order, plant
from tests.services import service_required
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db(transaction=True)


def _routed_units(count: int, cloth=None) -> list[ProductionUnit]:  # type: ignore[no-untyped-def]
    cloth = cloth or fabric(stock="1000")
    if not ProductionUnit.objects.exists():
        plant(code="HZ-P", fabrics=(cloth,))
    paid_order(fabric=cloth, garments=count)
    for unit in ProductionUnit.objects.filter(state="paid"):
        unit_route(unit_id=unit.pk)
    return list(ProductionUnit.objects.all())


def test_replan_makes_a_version_plans_every_unit_and_releases_the_near_ones() -> None:
    units = _routed_units(4)

    plan = network_replan(seed=1, time_limit=2.0)

    assert plan is not None and plan.number == 1
    assert plan.kpis["planned_units"] == 4
    assert plan.units.count() == 4
    states = set(ProductionUnit.objects.values_list("state", flat=True))
    # Four shirts of one fabric fit in one batch that starts at once: released.
    assert states == {"released"}
    order = WorkOrder.objects.get()
    assert set(order.units.values_list("pk", flat=True)) == {u.pk for u in units}
    assert PlannedBatch.objects.get().released is True
    for unit in ProductionUnit.objects.all():
        assert list(unit.events.values_list("to_state", flat=True)) == [
            "paid",
            "routed",
            "planned",
            "released",
        ]


def test_released_batches_never_move_when_new_units_arrive() -> None:
    cloth = fabric(stock="1000")
    _routed_units(3, cloth)
    first = network_replan(seed=1, time_limit=2.0)
    released = PlannedBatch.objects.get(plan=first, released=True)
    later = timezone.localdate() + timedelta(days=0)

    _routed_units(5, cloth)
    second = network_replan(seed=2, time_limit=2.0, today=later)

    assert second.number == 2
    kept = PlannedBatch.objects.get(plan=second, key=released.key)
    assert (kept.stages, kept.sequence, kept.factory_id) == (
        released.stages,
        released.sequence,
        released.factory_id,
    )
    assert set(kept.units.values_list("unit_id", flat=True)) == set(
        released.units.values_list("unit_id", flat=True)
    )
    assert PlanVersion.objects.count() == 2
    assert ProductionUnit.objects.exclude(state="released").count() == 0


def test_released_batches_keep_their_times_when_the_plan_starts_a_day_later() -> None:
    cloth = fabric(stock="1000")
    _routed_units(3, cloth)
    today = timezone.localdate()
    first = network_replan(seed=1, time_limit=2.0, today=today)
    released = PlannedBatch.objects.get(plan=first, released=True)

    _routed_units(2, cloth)
    second = network_replan(seed=1, time_limit=2.0, today=today + timedelta(days=1))

    kept = PlannedBatch.objects.get(plan=second, key=released.key)
    day = 24 * 60
    # The same moments, on a clock that starts one day later.
    assert [s["start"] for s in kept.stages] == [s["start"] - day for s in released.stages]
    assert [s["end"] for s in kept.stages] == [s["end"] - day for s in released.stages]
    assert second.horizon_start == today + timedelta(days=1)


def test_two_replans_at_once_make_one_version() -> None:
    if connection.vendor != "postgresql":
        service_required("PostgreSQL", "the planning lock is PostgreSQL's advisory lock")
    _routed_units(6)
    barrier = threading.Barrier(2)
    results: list[object] = [None, None]

    def replan(i: int) -> None:
        try:
            barrier.wait()
            results[i] = network_replan(seed=i, time_limit=3.0)
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=replan, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    made = [r for r in results if isinstance(r, PlanVersion)]
    assert [type(r).__name__ for r in results].count("NoneType") == 1, results
    assert len(made) == 1
    assert PlanVersion.objects.count() == 1
    assert WorkOrder.objects.count() >= 1
