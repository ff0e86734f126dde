"""Finds units that should have moved on and did not (a lost message, a dead worker)
and enqueues their next step again. Correctness never depends on a message arriving once:
every step is idempotent, so enqueueing twice is harmless."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from orders.models import ProductionUnit
from orders.states import UnitState

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=3)


def units_sweep(*, stale_after: timedelta = STALE_AFTER) -> int:
    """Re-enqueue routing for units paid more than ``stale_after`` ago (returns how many).
    Routed units that wait too long to be planned are planning's to find
    (``scheduling.sweeper``)."""
    from orders import tasks

    cutoff = timezone.now() - stale_after
    stuck = list(
        ProductionUnit.objects.filter(
            state=UnitState.PAID, state_changed_at__lte=cutoff
        ).values_list("pk", flat=True)
    )
    for unit_id in stuck:
        tasks.unit_route.delay(unit_id)
    if stuck:
        logger.info("re-enqueued routing for %d units", len(stuck))
    return len(stuck)
