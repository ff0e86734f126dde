"""Finds units that should have moved on and did not (a lost message, a dead worker)
and enqueues their next step again. Correctness never depends on a message arriving once:
every step is idempotent, so enqueueing twice is harmless."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from factory.models import WorkOrder
from orders.models import ProductionUnit
from orders.outbox import task_named
from orders.states import UnitState

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=3)
#: A work order still without a cut plan this long after its release is planned again
#: (nesting a large batch takes a minute or so) ...
CUT_PLAN_STALE_AFTER = timedelta(minutes=10)
#: ... for this long: a plan refused because the fabric ran short is stored once the
#: store has been restocked; a garment the pattern cannot draft stays on the estimate.
CUT_PLAN_RETRY_FOR = timedelta(days=3)


def units_sweep(*, stale_after: timedelta = STALE_AFTER) -> int:
    """Re-enqueue routing for units paid more than ``stale_after`` ago (returns how many).
    Routed units that wait too long to be planned are planning's to find
    (``scheduling.sweeper``)."""
    cutoff = timezone.now() - stale_after
    stuck = list(
        ProductionUnit.objects.filter(
            state=UnitState.PAID, state_changed_at__lte=cutoff
        ).values_list("pk", flat=True)
    )
    for unit_id in stuck:
        task_named("orders.unit_route").delay(unit_id)
    if stuck:
        logger.info("re-enqueued routing for %d units", len(stuck))
    return len(stuck)


def cut_plans_sweep(
    *, stale_after: timedelta = CUT_PLAN_STALE_AFTER, retry_for: timedelta = CUT_PLAN_RETRY_FOR
) -> int:
    """Re-enqueue the cut plan of work orders released more than ``stale_after`` ago (and
    less than ``retry_for``) that still have none; returns how many."""
    now = timezone.now()
    stuck = list(
        WorkOrder.objects.filter(
            released_at__lte=now - stale_after,
            released_at__gte=now - retry_for,
            cut_plan__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for work_order_id in stuck:
        task_named("orders.work_order_cut_plan").delay(work_order_id)
    if stuck:
        logger.info("re-enqueued the cut plan of %d work orders", len(stuck))
    return len(stuck)
