"""Celery queues per kind of work, so each kind can get workers of its own.

Every task is sent to ``<default queue>.<kind>`` by its name (``route_task``, set as
``CELERY_TASK_ROUTES``); what is not listed stays on the default queue. A task handed
to the outbox (``orders.outbox``) runs inside ``orders.outbox_deliver``, which the outbox
sends to the queue of the task it runs. A worker started
without ``-Q`` by ``make worker`` consumes every queue (``worker_queues``), so one worker
still does everything; a larger installation starts workers per queue instead, e.g.
``celery -A config worker -Q c2m.planning`` on a machine of its own.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

#: Kind of work -> the task names (or name prefixes ending in ".") sent to its queue.
QUEUE_KINDS: dict[str, tuple[str, ...]] = {
    "routing": ("orders.unit_route", "orders.units_sweep"),
    "planning": ("scheduling.",),
    "notifications": (
        "orders.unit_notice",
        "shop.payments.order_confirmation",
        "shop.payments.refund_notice",
        "shop.payments.correction_notice",
        "shop.payments.correction_refused_notice",
    ),
    "payments": ("shop.payments.refund", "shop.payments.refund_make", "shop.payments.reconcile"),
}


def queue_for(task_name: str) -> str:
    """The kind of work a task is ("" for the default queue)."""
    for kind, names in QUEUE_KINDS.items():
        for name in names:
            if task_name == name or (name.endswith(".") and task_name.startswith(name)):
                return kind
    return ""


def worker_queues(default_queue: str) -> list[str]:
    """Every queue, for a worker that does all kinds of work (development, tests)."""
    return [default_queue, *(f"{default_queue}.{kind}" for kind in QUEUE_KINDS)]


def route_task(name: str, args: Any, kwargs: Any, options: Any, task: Any = None, **kw: Any) -> Any:
    """Celery router: the task's queue under the current default queue's name."""
    kind = queue_for(name)
    if not kind:
        return None
    return {"queue": f"{settings.CELERY_TASK_DEFAULT_QUEUE}.{kind}"}


if __name__ == "__main__":  # the queue list for a worker's -Q: python -m config.queues
    print(",".join(worker_queues(os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "c2m"))))
