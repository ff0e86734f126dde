"""Asking for a replan: requests that arrive close together share one queued run
(debounce). A run that failed, or never started, never blocks the next request."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.celery import app
from scheduling.models import PlanRun
from scheduling.runs import plan_runs_expire

#: New units wait this long for others before the network is replanned.
DEBOUNCE_SECONDS = 60


def _enqueue(run: PlanRun, countdown: int) -> None:
    app.signature("scheduling.network_replan", args=[run.pk]).apply_async(countdown=countdown)


def replan_request(
    *, trigger: str, requested_by: str = "", countdown: int | None = None
) -> PlanRun:
    """The queued replan, or a new one enqueued after commit (``countdown`` seconds later).

    Runs stuck past their limits are failed first (``plan_runs_expire``), so a lost run is
    never handed back. The database holds at most one queued run: two requests at once
    get the same one.
    """
    plan_runs_expire()
    delay = DEBOUNCE_SECONDS if countdown is None else countdown
    for _attempt in range(3):
        queued = PlanRun.objects.filter(status=PlanRun.Status.QUEUED).first()
        if queued is not None:
            return queued
        try:
            with transaction.atomic():
                run = PlanRun.objects.create(
                    trigger=trigger,
                    requested_by=requested_by[:150],
                    due_at=timezone.now() + timedelta(seconds=delay),
                )
                transaction.on_commit(partial(_enqueue, run, delay))
            return run
        except IntegrityError:
            continue  # another request made the queued run first: take that one
    raise RuntimeError("could not make or find the queued replan")


def units_arrived() -> None:
    """New units were routed: plan them soon, together with the others arriving."""
    if settings.SCHEDULING_REPLAN_ON_ARRIVAL:
        replan_request(trigger=PlanRun.Trigger.ARRIVAL)
