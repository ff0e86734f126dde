"""The release cut-off: at each factory's daily release time the planned batches for its
next working day become work orders, and their garments can no longer be changed.

Runs from beat every minute and at the start of every replan, always under the planning
lock, so a cut-off is released from the plan that was current at that moment and a replan
that started before it cannot overwrite the release (it sees the new release and stops).
Each (factory, production day) is released once (``FactoryRelease`` is unique).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from factory.calendars import factory_calendar_load
from factory.models import Factory, WorkOrder
from orders.models import ProductionUnit
from orders.notes import note_make
from orders.outbox import outbox_put
from orders.services import unit_transition
from orders.states import UnitState
from scheduling import engine
from scheduling.models import FactoryRelease, PlannedBatch, PlanVersion

#: An arbitrary, fixed key for PostgreSQL's advisory lock on planning.
PLANNING_LOCK_KEY = 7_310_442_001


def planning_lock() -> None:
    """Wait for the planning lock, held until the current transaction ends (PostgreSQL;
    SQLite lets one writer at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PLANNING_LOCK_KEY])


def batch_start_day(batch: PlannedBatch) -> Any:
    return batch.plan.horizon_start + timedelta(days=batch.start_minute // engine.DAY_MINUTES)


def batch_release(*, batch: PlannedBatch, unit_ids: list[int]) -> WorkOrder:
    """The batch becomes a work order for its factory; its units become released. Once
    that commits, a task nests the pieces and stores the work order's cut plan."""
    order = WorkOrder.objects.create(
        code=f"WO-{batch.key}",
        factory=batch.factory,
        plan_batch=batch,
        garment_type=batch.garment_type,
        fabric_id=batch.fabric_id,
    )
    order.units.set(unit_ids)
    for unit_id in unit_ids:
        unit_transition(
            unit_id=unit_id,
            to_state=UnitState.RELEASED,
            actor_label="planner",
            note=note_make(
                code="released",
                params={"factory": batch.factory.code, "work_order": order.code},
            ),
            expected_from={UnitState.PLANNED},
            changes={"changes_until": None},
        )
    PlannedBatch.objects.filter(pk=batch.pk).update(released=True)
    if settings.CUT_PLAN_AT_RELEASE:
        outbox_put(task="orders.work_order_cut_plan", args=[order.pk], key=f"cut-plan:{order.pk}")
    return order


def factory_release(
    *, factory: Factory, production_day: Any, cutoff_at: datetime
) -> FactoryRelease:
    """Release, from the latest plan, every batch of ``factory`` that starts on or before
    ``production_day`` and is not released yet. Units held for a customer's change, or no
    longer planned, stay out (the next plan takes them)."""
    plan = PlanVersion.objects.order_by("-number").first()
    release = FactoryRelease.objects.create(
        factory=factory, production_day=production_day, cutoff_at=cutoff_at, plan=plan
    )
    if plan is None:
        return release
    batches = (
        PlannedBatch.objects.filter(plan=plan, factory=factory, released=False)
        .select_related("plan", "factory")
        .prefetch_related("units")
        .order_by("sequence")
    )
    orders = units = 0
    for batch in batches:
        if batch_start_day(batch) > production_day:
            continue
        # Locked: a garment cancelled (and refunded) meanwhile is seen cancelled, not
        # released.
        ready = list(
            ProductionUnit.objects.select_for_update()
            .filter(
                pk__in=[u.unit_id for u in batch.units.all()],
                state=UnitState.PLANNED,
                change_held_at__isnull=True,
            )
            .values_list("pk", flat=True)
        )
        if ready:
            batch_release(batch=batch, unit_ids=ready)
            orders += 1
            units += len(ready)
    FactoryRelease.objects.filter(pk=release.pk).update(work_orders=orders, units=units)
    release.work_orders, release.units = orders, units
    return release


def releases_due(*, at: datetime) -> list[FactoryRelease]:
    """Release every active factory whose cut-off has passed by ``at`` and was not yet
    released. Idempotent. Each factory in its own short transaction under the lock."""
    done = []
    for factory in Factory.objects.filter(is_active=True).order_by("code"):
        calendar = factory_calendar_load(factory=factory)
        day = calendar.working_day_after(calendar.first_open_day(at), step=-1)
        if FactoryRelease.objects.filter(factory=factory, production_day=day).exists():
            continue
        try:
            with transaction.atomic():
                planning_lock()
                if FactoryRelease.objects.filter(factory=factory, production_day=day).exists():
                    continue
                done.append(
                    factory_release(
                        factory=factory, production_day=day, cutoff_at=calendar.cutoff_for(day)
                    )
                )
        except IntegrityError:
            continue  # released by another worker meanwhile
    return done
