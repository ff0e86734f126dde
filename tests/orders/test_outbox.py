"""The outbox: written with the change, delivered after the commit, sent again by the
sweeper until done, each message's handler run once it succeeds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery import shared_task
from django.db import transaction

from config.celery import app
from orders import outbox
from orders.models import OutboxMessage

pytestmark = pytest.mark.django_db

RUNS: list[tuple[int, str]] = []
FAILURES: list[str] = []


@shared_task(name="tests.outbox_probe", ignore_result=True)
def outbox_probe(number: int, word: str) -> None:
    if FAILURES:
        raise RuntimeError(FAILURES.pop())
    RUNS.append((number, word))


@pytest.fixture(autouse=True)
def _fresh() -> None:
    RUNS.clear()
    FAILURES.clear()


def _broker_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(app.tasks["orders.outbox_deliver"], "apply_async", refuse)


def test_a_message_is_delivered_once_after_the_commit(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        message = outbox.outbox_put(task="tests.outbox_probe", args=[7, "seven"])
        assert RUNS == []

    message.refresh_from_db()
    assert len(callbacks) == 1
    assert RUNS == [(7, "seven")]
    assert (message.attempts, message.done_at is not None, message.last_error) == (1, True, "")
    assert outbox.outbox_deliver(message_id=message.pk) is False
    assert RUNS == [(7, "seven")]


def test_a_rolled_back_change_leaves_no_message(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        outbox.outbox_put(task="tests.outbox_probe", args=[1, "one"])
        1 / 0  # noqa: B018

    assert (OutboxMessage.objects.count(), len(callbacks), RUNS) == (0, 0, [])


def test_the_same_key_is_the_same_message(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        first = outbox.outbox_put(task="tests.outbox_probe", args=[1, "a"], key="probe:1")
        second = outbox.outbox_put(task="tests.outbox_probe", args=[1, "a"], key="probe:1")

    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert RUNS == [(1, "a")]


def test_broker_down_at_commit_then_the_sweeper_delivers_after_the_delay(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks, clock, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.OUTBOX_RESEND_AFTER = 120
    with monkeypatch.context() as patch:
        _broker_down(patch)
        with django_capture_on_commit_callbacks(execute=True):
            message = outbox.outbox_put(task="tests.outbox_probe", args=[2, "two"])  # no raise
        assert outbox.outbox_sweep() == 0  # the broker is still down
    assert outbox.outbox_sweep() == 0  # not yet: the delay has not passed
    assert RUNS == []

    clock.move_to(clock.now() + timedelta(seconds=121))
    swept = outbox.outbox_sweep()

    message.refresh_from_db()
    assert (swept, RUNS, message.attempts) == (1, [(2, "two")], 1)
    assert message.done_at is not None
    assert outbox.outbox_sweep() == 0


def test_a_failing_handler_is_tried_again_after_the_delay(
    django_capture_on_commit_callbacks, clock, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.OUTBOX_RESEND_AFTER = 120
    FAILURES.append("the mail server is down")
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.outbox_put(task="tests.outbox_probe", args=[3, "three"])
    message.refresh_from_db()
    assert (RUNS, message.attempts, message.done_at) == ([], 1, None)
    assert "the mail server is down" in message.last_error
    assert outbox.outbox_deliver(message_id=message.pk) is False  # tried just now
    assert outbox.outbox_sweep() == 0

    clock.move_to(clock.now() + timedelta(seconds=121))
    assert outbox.outbox_sweep() == 1

    message.refresh_from_db()
    assert (RUNS, message.attempts, message.last_error) == ([(3, "three")], 2, "")
    assert message.done_at is not None


def test_a_message_for_an_unknown_task_stays_not_done(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.outbox_put(task="tests.no_such_task", args=[])

    message.refresh_from_db()
    assert message.done_at is None
    assert "no task is named 'tests.no_such_task'" in message.last_error
