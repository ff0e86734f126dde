"""Each kind of work has its queue, chosen in settings; a worker for everything consumes
them all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction

from config.celery import app
from config.queues import QUEUE_KINDS, queue_for, worker_queues
from orders import outbox
from orders.outbox import DELIVER_TASK, outbox_put, outbox_sweep, task_named


@pytest.mark.parametrize(
    ("task", "kind"),
    [
        ("orders.unit_route", "routing"),
        ("orders.units_sweep", "routing"),
        ("scheduling.network_replan", "planning"),
        ("scheduling.releases_due", "planning"),
        ("orders.unit_notice", "notifications"),
        ("shop.payments.order_confirmation", "notifications"),
        ("shop.payments.refund_notice", "notifications"),
        ("shop.payments.correction_notice", "notifications"),
        ("shop.payments.correction_refused_notice", "notifications"),
        ("shop.payments.refund", "payments"),
        ("shop.payments.refund_make", "payments"),
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


def test_every_mail_to_a_customer_goes_to_the_notifications_queue() -> None:
    app.loader.import_default_modules()
    mails = sorted(name for name in app.tasks if name.endswith(("_notice", "_confirmation")))

    assert mails == [
        "orders.unit_notice",
        "shop.payments.correction_notice",
        "shop.payments.correction_refused_notice",
        "shop.payments.order_confirmation",
        "shop.payments.refund_notice",
    ]
    assert {queue_for(name) for name in mails} == {"notifications"}


@pytest.mark.django_db
def test_the_outbox_delivers_each_message_on_the_queue_of_its_task(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks, clock, settings
) -> None:  # type: ignore[no-untyped-def]
    sent: list[tuple[list[int], str | None]] = []

    def hand_over(*args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append((kwargs["args"], kwargs.get("queue")))

    monkeypatch.setattr(task_named(DELIVER_TASK), "apply_async", hand_over)
    connections: list[object] = []
    real_connection = outbox._broker_connection

    def connection():  # type: ignore[no-untyped-def]
        connections.append(real_connection())
        return connections[-1]

    monkeypatch.setattr(outbox, "_broker_connection", connection)
    settings.OUTBOX_RESEND_AFTER = 60
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notice = outbox_put(task="shop.payments.refund_notice", args=[1, "10.00", [2]])
        refused = outbox_put(task="shop.payments.correction_refused_notice", args=[3])
        refund = outbox_put(task="shop.payments.refund_make", args=[4])
        other = outbox_put(task="config.heartbeat")
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    after_commit = list(sent)
    assert len(connections) == 1  # the three tasks through one broker connection
    sent.clear()
    clock.move_to(clock.now() + timedelta(seconds=61))
    outbox_sweep()

    # After the commit, one task a queue for the transaction's messages; the sweeper,
    # one a message.
    assert after_commit == [
        ([[notice.pk, refused.pk]], f"{default}.notifications"),
        ([refund.pk], f"{default}.payments"),
        ([other.pk], None),
    ]
    assert sent == [
        ([notice.pk], f"{default}.notifications"),
        ([refused.pk], f"{default}.notifications"),
        ([refund.pk], f"{default}.payments"),
        ([other.pk], None),
    ]
