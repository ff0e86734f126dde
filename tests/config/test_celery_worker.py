"""A real worker runs tasks from committed transactions and never from rolled-back ones."""

import uuid

import pytest
from django.db import transaction

from config import health
from config.tasks import heartbeat
from tests.services import wait_for

pytestmark = pytest.mark.services


class Rollback(Exception):
    pass


def test_worker_runs_task_after_commit_and_never_after_rollback(celery_worker: None) -> None:
    rolled_back = f"rolled-back-{uuid.uuid4()}"
    committed = f"committed-{uuid.uuid4()}"

    with pytest.raises(Rollback), transaction.atomic():
        heartbeat.delay_on_commit(rolled_back)
        raise Rollback
    with transaction.atomic():
        heartbeat.delay_on_commit(committed)
        # Not sent before the commit: the worker cannot have run it yet.
        assert health.heartbeat_seen_at(token=committed) is None

    wait_for(
        lambda: health.heartbeat_seen_at(token=committed),
        timeout=30,
        what="the worker to run the committed task",
    )
    # One worker, one process, prefetch 1, one queue: had the rolled-back task been
    # sent before the committed one, it would have run first.
    assert health.heartbeat_seen_at(token=rolled_back) is None
