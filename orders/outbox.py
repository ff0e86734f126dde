"""The outbox: side effects that must follow a commit, never lost and never doubled.

A service that needs something done after its transaction commits (a refund through
Stripe, a mail, a routing, a replan request) calls ``outbox_put`` inside that
transaction: the request is a row, committed with the change or rolled back with it.
After the commit the ids of the messages the transaction wrote go to
``orders.outbox_deliver`` through one broker connection, one task for those of each
queue (a paid order writes its routing and its mail; three garments, three routings in
one task); if the broker is down then, nothing fails: the requests are still in the
table. The sweeper (beat, every minute) sends again every message not done
``OUTBOX_RESEND_AFTER`` seconds after its last try, so a message lost with Redis, or a
handler that failed, is delivered later.

Handlers are Celery tasks named in the row and must be idempotent (a Stripe idempotency
key, a sent-at mark): a message may be delivered more than once, never less.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction
from django.db.models import Q
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
    message = OutboxMessage(task=task, args=list(args), key=key or None)
    if not key:
        message.save()
    elif not _inserted(message=message):
        return OutboxMessage.objects.get(key=key)
    _send_after_commit(message_id=message.pk, task=message.task)
    return message


def _inserted(*, message: OutboxMessage) -> bool:
    """Insert a keyed message unless its key is taken, by one statement (``INSERT ... ON
    CONFLICT DO NOTHING``, no savepoint): False, inserting nothing, when a message of
    that key exists or a concurrent transaction that wrote one commits (it waits for
    that transaction; its rollback lets this insert go through)."""
    connection = default_connection
    ops = connection.ops
    meta = OutboxMessage._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(message, True), connection) for f in fields]
    sql = (
        f"INSERT INTO {ops.quote_name(meta.db_table)} "
        f"({', '.join(ops.quote_name(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({ops.quote_name(meta.get_field('key').column)}) DO NOTHING "
        f"RETURNING {ops.quote_name(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    message.pk = row[0]
    message._state.adding = False
    message._state.db = connection.alias
    return True


@dataclass
class _Batch:
    """The messages one transaction wrote, sent together after its commit.

    Each message registers its own after-commit callback (Django drops those of a
    savepoint rolled back); the first of them to run sends its message and every one
    written after it in the transaction, so a commit sends them all together, and a
    callback run on its own (a test's capture of the callbacks) sends no message
    written before it."""

    hooks: list[Any]
    messages: list[tuple[int, str]] = field(default_factory=list)
    sent: int = -1  # the index from which the batch went, -1 while none went

    def callback(self, index: int) -> Any:
        def send() -> None:
            if self.sent >= 0:
                return
            self.sent = index
            _send(self.messages[index:])

        return send


_batches = threading.local()


def _send_after_commit(*, message_id: int, task: str) -> None:
    """Join the batch of the caller's transaction, or begin one."""
    connection = default_connection
    batch = getattr(_batches, "current", None)
    if (
        batch is None
        or batch.sent >= 0
        or not connection.in_atomic_block
        or batch.hooks is not connection.run_on_commit
    ):
        batch = _Batch(hooks=connection.run_on_commit)
        _batches.current = batch
    batch.messages.append((message_id, task))
    transaction.on_commit(batch.callback(len(batch.messages) - 1))


def _broker_connection() -> Any:
    """A connection to the broker that fails at once when it is down (no retries): a
    request never waits on a broker that is not there."""
    options = {**(app.conf.broker_transport_options or {}), "max_retries": 0}
    return app.connection_for_write(transport_options=options)


def _send(messages: Sequence[tuple[int, str]], connection: Any = None) -> bool:
    """Hand messages ((id, task name) pairs) to the broker through one connection: one
    delivery task for those of each queue (the queue of their handlers' kind of work, a
    refund notice on the notifications queue: ``config.queues``), in their order. False
    (and logged) when the broker cannot take them all now: the sweeper sends the rest
    later. Never raises, so no request fails after its commit."""
    queues: dict[str, list[int]] = {}
    for message_id, task in messages:
        queues.setdefault((route_task(task, (), {}, {}) or {}).get("queue", ""), []).append(
            message_id
        )
    try:
        if connection is None:
            with _broker_connection() as own:
                return _send_by_queue(queues, own)
        return _send_by_queue(queues, connection)
    except Exception:
        logger.warning("outbox messages %s not sent now; the sweeper will", messages)
        return False


def _send_by_queue(queues: dict[str, list[int]], connection: Any) -> bool:
    for queue, ids in queues.items():
        # One id goes as a number, the form a worker of any version takes.
        payload: int | list[int] = ids[0] if len(ids) == 1 else ids
        task_named(DELIVER_TASK).apply_async(
            args=[payload],
            retry=False,
            connection=connection,
            **({"queue": queue} if queue else {}),
        )
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
    return outbox_deliver_all(message_ids=[message_id]) == 1


def outbox_deliver_all(*, message_ids: Sequence[int]) -> int:
    """``outbox_deliver`` for the messages one transaction wrote, in their order: claimed
    together by one statement, then each run and marked done on its own, so a failing
    handler leaves only its own message for the sweeper. How many ran and are done."""
    done = 0
    for message in _claimed(message_ids=message_ids):
        try:
            task_named(message.task)(*message.args)
        except Exception as error:
            logger.exception("outbox message %s (%s) failed", message.pk, message.task)
            OutboxMessage.objects.filter(pk=message.pk).update(last_error=repr(error)[:2000])
            continue
        OutboxMessage.objects.filter(pk=message.pk).update(done_at=timezone.now(), last_error="")
        done += 1
    return done


def _claimed(*, message_ids: Sequence[int]) -> list[OutboxMessage]:
    """The messages of ``message_ids`` not done and not tried within the resend delay,
    marked tried now by one UPDATE that returns them (two deliveries of the same message
    never both claim it); in the order of ``message_ids``."""
    if not message_ids:
        return []
    connection = default_connection
    ops = connection.ops
    meta = OutboxMessage._meta
    column = {
        name: ops.quote_name(meta.get_field(name).column)
        for name in ("id", "task", "args", "attempts", "tried_at", "done_at")
    }
    now = timezone.now()
    sql = (
        f"UPDATE {ops.quote_name(meta.db_table)} "
        f"SET {column['attempts']} = {column['attempts']} + 1, {column['tried_at']} = %s "
        f"WHERE {column['id']} IN ({', '.join(['%s'] * len(message_ids))}) "
        f"AND {column['done_at']} IS NULL "
        f"AND ({column['tried_at']} IS NULL OR {column['tried_at']} <= %s) "
        f"RETURNING {column['id']}, {column['task']}, {column['args']}"
    )
    params = [
        ops.adapt_datetimefield_value(now),
        *message_ids,
        ops.adapt_datetimefield_value(now - resend_after()),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    args = meta.get_field("args")
    claimed = {
        pk: OutboxMessage(pk=pk, task=task, args=args.from_db_value(value, None, connection))
        for pk, task, value in rows
    }
    return [claimed[pk] for pk in dict.fromkeys(message_ids) if pk in claimed]


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
        sent = sum(1 for message_id, task in due if _send([(message_id, task)], connection))
    if due:
        logger.info("outbox sweep: %d of %d messages sent again", sent, len(due))
    return sent
