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

#: A replan asked for by staff or beat waits this long for other requests.
DEBOUNCE_SECONDS = 60
#: New units arriving while a replan runs wait this long for the rest of their burst
#: (the queued replan also waits for the running one to finish: ``services``).
BURST_SECONDS = 2


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
    """New units were routed: plan them at once when no replan is queued or running;
    during a burst they share the one queued replan, which starts shortly after the
    running one ends."""
    if not settings.SCHEDULING_REPLAN_ON_ARRIVAL:
        return
    busy = PlanRun.objects.filter(
        status__in=(PlanRun.Status.QUEUED, PlanRun.Status.RUNNING)
    ).exists()
    countdown = BURST_SECONDS if busy else 0
    run = replan_request(trigger=PlanRun.Trigger.ARRIVAL, countdown=countdown)
    _replan_bring_forward(run=run, seconds=countdown)


def _replan_bring_forward(*, run: PlanRun, seconds: int) -> None:
    """A queued run made by staff or beat waits out its debounce (a minute): new units
    must not wait with it. It is sent again to start within ``seconds``; the message
    sent first finds it taken and does nothing (``plan_run_start``)."""
    soon = timezone.now() + timedelta(seconds=seconds)
    moved = PlanRun.objects.filter(pk=run.pk, status=PlanRun.Status.QUEUED, due_at__gt=soon).update(
        due_at=soon
    )
    if moved:
        transaction.on_commit(partial(_enqueue, run, seconds))


def replan_postpone(*, run: PlanRun, seconds: int = BURST_SECONDS) -> bool:
    """Send a queued run again a little later, while another run is still planning.

    False (nothing done) when tasks run in-process: nothing else can be planning then.
    """
    if app.conf.task_always_eager:
        return False
    PlanRun.objects.filter(pk=run.pk, status=PlanRun.Status.QUEUED).update(
        due_at=timezone.now() + timedelta(seconds=seconds)
    )
    transaction.on_commit(partial(_enqueue, run, seconds))
    return True
