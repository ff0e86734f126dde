"""The outbox: side effects that must follow a commit, never lost and never doubled.

A service that needs something done after its transaction commits (a refund through
Stripe, a mail, a routing, a replan request) calls ``outbox_put`` inside that
transaction: the request is a row, committed with the change or rolled back with it.
After the commit the row's id is sent to ``orders.outbox_deliver``; if the broker is
down then, nothing fails: the request is still in the table. The sweeper (beat, every
minute) sends again every message not done ``OUTBOX_RESEND_AFTER`` seconds after its
last try, so a message lost with Redis, or a handler that failed, is delivered later.

Handlers are Celery tasks named in the row and must be idempotent (a Stripe idempotency
key, a sent-at mark): a message may be delivered more than once, never less.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from config.celery import app
from config.queues import route_task
from orders.models import OutboxMessage

logger = logging.getLogger(__name__)

DELIVER_TASK = "orders.outbox_deliver"


def resend_after() -> timedelta:
    """How long a message waits after its last try before the sweeper sends it again."""
    return timedelta(seconds=settings.OUTBOX_RESEND_AFTER)


def outbox_put(*, task: str, args: Sequence[Any] = (), key: str = "") -> OutboxMessage:
    """Ask for ``task(*args)`` to run once the caller's transaction commits.

    With a ``key``, asking again for the same key is the same message (done once).
    """
    if key:
        message, created = OutboxMessage.objects.get_or_create(
            key=key, defaults={"task": task, "args": list(args)}
        )
        if not created:
            return message
    else:
        message = OutboxMessage.objects.create(task=task, args=list(args))
    transaction.on_commit(partial(_send, message.pk, task=message.task))
    return message


def _broker_connection() -> Any:
    """A connection to the broker that fails at once when it is down (no retries): a
    request never waits on a broker that is not there."""
    options = {**(app.conf.broker_transport_options or {}), "max_retries": 0}
    return app.connection_for_write(transport_options=options)


def _send(message_id: int, connection: Any = None, *, task: str = "") -> bool:
    """Hand the message to the broker, on the queue of its handler's kind of work (a
    refund notice on the notifications queue: ``config.queues``); False (and logged) when
    the broker cannot take it now: the sweeper sends it later. Never raises, so no
    request fails after its commit."""
    queue = route_task(task, (), {}, {}) or {}
    try:
        if connection is None:
            with _broker_connection() as own:
                task_named(DELIVER_TASK).apply_async(
                    args=[message_id], retry=False, connection=own, **queue
                )
        else:
            task_named(DELIVER_TASK).apply_async(
                args=[message_id], retry=False, connection=connection, **queue
            )
    except Exception:
        logger.warning("outbox message %s not sent now; the sweeper will", message_id)
        return False
    return True


def task_named(name: str) -> Any:
    """The registered task (a name alone would bypass eager mode and go to the broker)."""
    task = app.tasks.get(name)
    if task is None:
        app.loader.import_default_modules()
        task = app.tasks.get(name)
    if task is None:
        raise LookupError(f"no task is named {name!r}")
    return task


def outbox_deliver(*, message_id: int) -> bool:
    """Run a message's task, unless it is done or another delivery tried it less than
    ``OUTBOX_RESEND_AFTER`` ago. True when it ran and is now done. A failing handler
    leaves the message for the sweeper, with its error."""
    now = timezone.now()
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True)
        .filter(Q(tried_at__isnull=True) | Q(tried_at__lte=now - resend_after()))
        .update(attempts=F("attempts") + 1, tried_at=now)
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        task_named(message.task)(*message.args)
    except Exception as error:
        logger.exception("outbox message %s (%s) failed", message.pk, message.task)
        OutboxMessage.objects.filter(pk=message.pk).update(last_error=repr(error)[:2000])
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(done_at=timezone.now(), last_error="")
    return True


def outbox_sweep(*, limit: int = 1000) -> int:
    """Send again every message not done whose last try (or creation) is older than
    ``OUTBOX_RESEND_AFTER``; how many were sent."""
    cutoff = timezone.now() - resend_after()
    due = list(
        OutboxMessage.objects.filter(done_at__isnull=True)
        .filter(Q(tried_at__lte=cutoff) | Q(tried_at__isnull=True, created_at__lte=cutoff))
        .order_by("pk")
        .values_list("pk", "task")[:limit]
    )
    with _broker_connection() as connection:
        sent = sum(1 for message_id, task in due if _send(message_id, connection, task=task))
    if due:
        logger.info("outbox sweep: %d of %d messages sent again", sent, len(due))
    return sent
