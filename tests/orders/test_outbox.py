"""The outbox: written with the change, delivered after the commit, sent again by the
sweeper until done, each message's handler run once it succeeds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery import shared_task
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

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


def test_a_keyed_message_is_written_by_one_statement_and_asked_again_read_back(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with CaptureQueriesContext(connection) as first_queries:
            first = outbox.outbox_put(task="tests.outbox_probe", args=[1, "a"], key="probe:1")
        with CaptureQueriesContext(connection) as again_queries:
            again = outbox.outbox_put(task="tests.outbox_probe", args=[9, "z"], key="probe:1")

    first_sql = [q["sql"] for q in first_queries.captured_queries]
    assert len(first_sql) == 1
    assert "ON CONFLICT" in first_sql[0] and "DO NOTHING" in first_sql[0]
    assert len(again_queries.captured_queries) == 2  # the insert that did nothing, the read
    assert (again.pk, again.task, again.args, again.key) == (
        first.pk,
        first.task,
        [1, "a"],
        "probe:1",
    )
    stored = OutboxMessage.objects.get()
    assert (stored.pk, stored.args, stored.created_at is not None) == (first.pk, [1, "a"], True)
    assert (len(callbacks), RUNS) == (1, [(1, "a")])


def test_a_keyed_message_rolled_back_with_its_savepoint_can_be_asked_for_again(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            outbox.outbox_put(task="tests.outbox_probe", args=[1, "rolled back"], key="probe:1")
            1 / 0  # noqa: B018
        assert not OutboxMessage.objects.exists()
        again = outbox.outbox_put(task="tests.outbox_probe", args=[2, "again"], key="probe:1")

    assert list(OutboxMessage.objects.values_list("pk", "args")) == [(again.pk, [2, "again"])]
    assert RUNS == [(2, "again")]


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


def _sends_recorded(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The payload of every delivery task sent (then sent as it would be)."""
    task = app.tasks["orders.outbox_deliver"]
    sent: list[object] = []
    real = task.apply_async

    def record(*args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(kwargs["args"][0])
        return real(*args, **kwargs)

    monkeypatch.setattr(task, "apply_async", record)
    return sent


def test_the_messages_of_one_transaction_go_in_one_task_and_each_runs_on_its_own(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    sent = _sends_recorded(monkeypatch)
    FAILURES.append("the first handler fails")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        first = outbox.outbox_put(task="tests.outbox_probe", args=[1, "one"])
        second = outbox.outbox_put(task="tests.outbox_probe", args=[2, "two"], key="probe:2")
        third = outbox.outbox_put(task="tests.outbox_probe", args=[3, "three"])

    assert len(callbacks) == 3
    assert sent == [[first.pk, second.pk, third.pk]]
    # A failing handler leaves its message for the sweeper, and the others run.
    assert RUNS == [(2, "two"), (3, "three")]
    first.refresh_from_db()
    assert (first.attempts, first.done_at, "the first handler fails" in first.last_error) == (
        1,
        None,
        True,
    )
    assert OutboxMessage.objects.filter(done_at__isnull=False).count() == 2

    # A later transaction is a task of its own.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        fourth = outbox.outbox_put(task="tests.outbox_probe", args=[4, "four"])
    assert sent == [[first.pk, second.pk, third.pk], fourth.pk]
    assert RUNS == [(2, "two"), (3, "three"), (4, "four")]


def test_a_message_rolled_back_with_its_savepoint_is_not_run_and_the_others_are(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    sent = _sends_recorded(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox.outbox_put(task="tests.outbox_probe", args=[1, "before"])
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            outbox.outbox_put(task="tests.outbox_probe", args=[2, "rolled back"])
            1 / 0  # noqa: B018
        outbox.outbox_put(task="tests.outbox_probe", args=[3, "after"])

    assert RUNS == [(1, "before"), (3, "after")]
    assert OutboxMessage.objects.count() == 2
    assert not OutboxMessage.objects.filter(done_at__isnull=True).exists()
    assert len(sent) == 2  # the savepoint's rollback began a second task


def test_a_message_written_earlier_and_not_sent_is_not_sent_with_later_ones(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    sent = _sends_recorded(monkeypatch)
    # Written in this (test's) transaction, which never commits: its callback never runs.
    earlier = outbox.outbox_put(task="tests.outbox_probe", args=[1, "earlier"])
    with django_capture_on_commit_callbacks(execute=True):
        later = outbox.outbox_put(task="tests.outbox_probe", args=[2, "later"])

    assert sent == [later.pk]
    assert RUNS == [(2, "later")]
    earlier.refresh_from_db()
    assert (earlier.attempts, earlier.done_at) == (0, None)


def test_a_transaction_s_messages_are_claimed_by_one_statement_each_once() -> None:
    messages = [
        outbox.outbox_put(task="tests.outbox_probe", args=[n, word])
        for n, word in ((1, "one"), (2, "two"), (3, "three"))
    ]
    ids = [m.pk for m in messages]
    assert outbox.outbox_deliver(message_id=ids[1]) is True  # delivered already

    with CaptureQueriesContext(connection) as queries:
        done = outbox.outbox_deliver_all(message_ids=[ids[2], ids[0], ids[1]])

    # One claim for the three, then a done mark for each that ran.
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["UPDATE"] * 3
    assert "RETURNING" in queries.captured_queries[0]["sql"]
    assert done == 2
    assert RUNS == [(2, "two"), (3, "three"), (1, "one")]
    assert outbox.outbox_deliver_all(message_ids=ids) == 0  # none runs twice
    assert list(OutboxMessage.objects.order_by("pk").values_list("attempts", flat=True)) == [
        1,
        1,
        1,
    ]
