"""Exactly once under faults, on PostgreSQL and Redis with real worker processes.

- the routing task delivered twice routes the unit once;
- a worker killed with SIGKILL in the middle of routing: after a restart the sweeper
  re-enqueues it and the unit is routed exactly once;
- Redis restarted with routing tasks queued (and lost): the sweeper routes every unit.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection

from config.celery import app as celery_app
from orders import outbox, tasks
from orders.models import ProductionUnit, UnitEvent
from tests.orders.factories import paid_order, plant
from tests.services import (
    ROOT,
    celery_worker_process,
    free_port,
    measured_report,
    redis_client,
    redis_server_process,
    service_required,
    subprocess_env,
    wait_for,
)
from tests.shop.factories import fabric

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _real_services() -> Iterator[None]:
    if connection.vendor != "postgresql":
        service_required("PostgreSQL", "DATABASE_URL does not point at PostgreSQL")
    redis_client()
    yield


def _units(count: int, monkeypatch: pytest.MonkeyPatch) -> list[ProductionUnit]:
    """Paid units whose routing message was lost (never sent)."""
    cloth = fabric(stock="1000")
    plant(code="HZ-T", fabrics=(cloth,))
    with monkeypatch.context() as patch:
        patch.setattr(outbox, "_send", lambda message_id: False)
        order = paid_order(fabric=cloth, garments=count)
    units = list(ProductionUnit.objects.filter(order_line__order=order))
    assert {u.state for u in units} == {"paid"}
    return units


def _routed_events(unit_ids: list[int]) -> int:
    return UnitEvent.objects.filter(unit_id__in=unit_ids, to_state="routed").count()


def _all_routed(unit_ids: list[int]) -> bool:
    return ProductionUnit.objects.filter(pk__in=unit_ids, state="routed").count() == len(unit_ids)


@contextmanager
def _broker_tasks() -> Iterator[None]:
    """Tasks sent from this process go through Redis instead of running eagerly."""
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = True


def test_routing_task_delivered_twice_routes_once(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    units = _units(3, monkeypatch)
    ids = [u.pk for u in units]

    with celery_worker_process(concurrency=2), _broker_tasks():
        for unit_id in ids:
            tasks.unit_route.delay(unit_id)
            tasks.unit_route.delay(unit_id)
        wait_for(lambda: _all_routed(ids), timeout=60, what="the units to be routed")

    routed = _routed_events(ids)
    measured_report(request, f"6 routing messages for 3 units: {routed} routings")
    assert routed == 3


def _worker_has_started(proc, unit_id: int) -> bool:  # type: ignore[no-untyped-def]
    log = proc.log_path.read_text()
    return "orders.unit_route" in log and "received" in log


def test_worker_killed_mid_task_then_the_unit_is_routed_exactly_once(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    (unit,) = _units(1, monkeypatch)

    with (
        celery_worker_process(extra_env={"C2M_TEST_ROUTE_DELAY": "30"}) as worker,
        _broker_tasks(),
    ):
        tasks.unit_route.delay(unit.pk)
        wait_for(lambda: _worker_has_started(worker, unit.pk), timeout=30, what="the task to start")
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    assert ProductionUnit.objects.get(pk=unit.pk).state == "paid"

    with celery_worker_process(), _broker_tasks():
        from datetime import timedelta

        from orders.sweeper import units_sweep

        swept = units_sweep(stale_after=timedelta(0))
        wait_for(lambda: _all_routed([unit.pk]), timeout=60, what="the unit to be routed")

    routed = _routed_events([unit.pk])
    measured_report(
        request,
        f"worker killed mid-task; after restart the sweeper re-enqueued {swept}: {routed} routing",
    )
    assert (swept, routed) == (1, 1)


def _send_from_child(code: str, redis_url: str) -> str:
    """Run ``code`` in a child process of the platform wired to ``redis_url``."""
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=subprocess_env(redis_url=redis_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_redis_restarted_with_tasks_queued_then_the_sweeper_routes_every_unit(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    if not shutil.which("redis-server"):
        service_required("redis-server", "the redis-server program is not installed")
    units = _units(5, monkeypatch)
    ids = [u.pk for u in units]
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    workdir = tempfile.mkdtemp(prefix="c2m-redis-")

    with redis_server_process(port=port, workdir=workdir):
        _send_from_child(
            f"from orders import tasks\nfor i in {ids!r}: tasks.unit_route.delay(i)", url
        )
    with redis_server_process(port=port, workdir=workdir):  # restarted: nothing was kept
        import redis

        queued = redis.Redis(port=port).llen(os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "x"))
        with celery_worker_process(redis_url=url):
            swept = _send_from_child(
                "from datetime import timedelta\nfrom orders.sweeper import units_sweep\n"
                "print(units_sweep(stale_after=timedelta(0)))",
                url,
            )
            wait_for(lambda: _all_routed(ids), timeout=90, what="every unit to be routed")
    shutil.rmtree(workdir, ignore_errors=True)

    routed = _routed_events(ids)
    measured_report(
        request,
        f"Redis restarted with 5 routing tasks queued ({queued} left after restart); "
        f"sweeper re-enqueued {swept}; {routed} units routed",
    )
    assert (int(swept), routed) == (5, 5)
