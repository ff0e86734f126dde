"""Asking for a replan: requests that arrive close together share one run (debounce)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from scheduling.models import PlanRun

#: New units wait this long for others before the network is replanned.
DEBOUNCE_SECONDS = 60


def replan_request(*, reason: str, countdown: int | None = None) -> PlanRun:
    """The queued replan, or a new one enqueued after commit (``countdown`` seconds later)."""
    from scheduling import tasks

    with transaction.atomic():
        queued = (
            PlanRun.objects.select_for_update()
            .filter(status=PlanRun.Status.QUEUED)
            .order_by("requested_at")
            .first()
        )
        if queued is not None:
            return queued
        run = PlanRun.objects.create(message=reason[:200])
        delay = DEBOUNCE_SECONDS if countdown is None else countdown
        transaction.on_commit(
            lambda: tasks.network_replan.apply_async(args=[run.pk], countdown=delay)
        )
        return run


def replan_on_arrival() -> None:
    """Called when a unit is routed: plan it soon, together with the others arriving."""
    if settings.SCHEDULING_REPLAN_ON_ARRIVAL:
        replan_request(reason="new units")
