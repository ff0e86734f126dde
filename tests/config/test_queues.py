"""Each kind of work has its queue, chosen in settings; a worker for everything consumes
them all."""

from __future__ import annotations

import pytest
from django.conf import settings

from config.celery import app
from config.queues import QUEUE_KINDS, queue_for, worker_queues


@pytest.mark.parametrize(
    ("task", "kind"),
    [
        ("orders.unit_route", "routing"),
        ("orders.units_sweep", "routing"),
        ("scheduling.network_replan", "planning"),
        ("scheduling.releases_due", "planning"),
        ("orders.unit_notice", "notifications"),
        ("shop.payments.order_confirmation", "notifications"),
        ("shop.payments.refund", "payments"),
        ("shop.payments.reconcile", "payments"),
        ("config.heartbeat", ""),
    ],
)
def test_each_task_goes_to_the_queue_of_its_kind(task: str, kind: str) -> None:
    route = app.amqp.router.route({}, task)
    default = settings.CELERY_TASK_DEFAULT_QUEUE

    assert queue_for(task) == kind
    assert route["queue"].name == (f"{default}.{kind}" if kind else default)


def test_every_registered_task_is_routed_somewhere_known() -> None:
    app.loader.import_default_modules()
    ours = [name for name in app.tasks if not name.startswith("celery.")]

    assert len(ours) >= 12
    assert {queue_for(name) for name in ours} == {"", *QUEUE_KINDS}


def test_a_worker_for_everything_consumes_every_queue() -> None:
    assert worker_queues("c2m") == [
        "c2m",
        "c2m.routing",
        "c2m.planning",
        "c2m.notifications",
        "c2m.payments",
    ]
