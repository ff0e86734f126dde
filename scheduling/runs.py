"""Replan runs that stopped moving (a lost message, a worker killed mid-plan) are failed
with the reason, so that they never block the next request."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from scheduling.models import PlanRun

logger = logging.getLogger(__name__)

#: A queued run that has not started this long after it was due was lost.
QUEUED_LIMIT = timedelta(minutes=5)
#: A running run whose heartbeat (every second while it plans) is this old was lost.
RUNNING_LIMIT = timedelta(minutes=2)


def plan_runs_expire() -> list[int]:
    """Fail runs stuck queued or running past their limits; returns their ids."""
    now = timezone.now()
    stale_queued = list(
        PlanRun.objects.filter(status=PlanRun.Status.QUEUED)
        .filter(
            Q(due_at__lte=now - QUEUED_LIMIT)
            | Q(due_at__isnull=True, requested_at__lte=now - QUEUED_LIMIT)
        )
        .values_list("pk", flat=True)
    )
    stale_running = list(
        PlanRun.objects.filter(
            status=PlanRun.Status.RUNNING, heartbeat_at__lte=now - RUNNING_LIMIT
        ).values_list("pk", flat=True)
    )
    for ids, status, reason, limit in (
        (stale_queued, PlanRun.Status.QUEUED, PlanRun.Reason.STALE_QUEUED, QUEUED_LIMIT),
        (stale_running, PlanRun.Status.RUNNING, PlanRun.Reason.STALE_RUNNING, RUNNING_LIMIT),
    ):
        if ids:
            PlanRun.objects.filter(pk__in=ids, status=status).update(
                status=PlanRun.Status.FAILED,
                reason=reason,
                reason_detail=str(int(limit.total_seconds() // 60)),
                finished_at=now,
            )
            logger.warning("failed stale replans %s (%s)", ids, reason)
    return stale_queued + stale_running
