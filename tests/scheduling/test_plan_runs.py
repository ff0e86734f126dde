"""Planning never stalls, on PostgreSQL and Redis with real worker processes.

- the engine raises: the run ends ``failed`` with the reason on the planning board, and
  the next request plans;
- a worker SIGKILLed mid-replan: the sweeper fails the stale run and a new run plans
  every unit; the lost message, delivered again, does nothing;
- two requests at once share one run;
- another connection sees ``running`` and the progress rising while the plan is computed;
- ``manage.py plan_replay`` recomputes a stored plan exactly.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from orders.models import ProductionUnit
from orders.services import unit_route
from scheduling import tasks
from scheduling.models import PlannedBatch, PlanRun, PlanVersion
from scheduling.requests import replan_request
from scheduling.services import network_replan
from scheduling.sweeper import planning_sweep
from tests.clock import SuiteClock
from tests.orders.factories import paid_order, plant
from tests.services import (
    celery_worker_process,
    measured_report,
    service_required,
    wait_for,
)
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db(transaction=True)


def _routed(count: int) -> list[int]:
    cloth = fabric(stock="1000")
    plant(code="HZ-R", fabrics=(cloth,))
    paid_order(fabric=cloth, garments=count)
    for unit in ProductionUnit.objects.filter(state="paid"):
        unit_route(unit_id=unit.pk)
    return list(ProductionUnit.objects.values_list("pk", flat=True))


def _at_once(call: Callable[[int], object]) -> list[object]:
    """``call(0)`` and ``call(1)`` in two threads released together; results or errors."""
    barrier = threading.Barrier(2)
    results: list[object] = [None, None]

    def one(i: int) -> None:
        try:
            barrier.wait()
            results[i] = call(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _run(pk: int) -> PlanRun:
    return PlanRun.objects.get(pk=pk)


def _board(run: PlanRun) -> str:
    staff = get_user_model().objects.create_user(
        username=f"planner{run.pk}", email=f"p{run.pk}@example.com", password="pw", is_staff=True
    )
    client = Client()
    client.force_login(staff)
    return client.get(f"/en/dashboard/planning/?factory=HZ-R&run={run.pk}").content.decode()


@pytest.mark.services
@pytest.mark.slow
def test_engine_raises_then_the_run_fails_with_the_reason_and_the_next_request_plans(
    real_services: None, broker: None, request: pytest.FixtureRequest
) -> None:
    ids = _routed(3)

    with celery_worker_process(extra_env={"C2M_TEST_ENGINE_RAISES": "no feasible sequence"}):
        failed = replan_request(trigger=PlanRun.Trigger.STAFF, countdown=0)
        wait_for(lambda: _run(failed.pk).status == "failed", timeout=60, what="the run to fail")
    failed.refresh_from_db()
    assert (failed.reason, failed.reason_detail) == (
        "engine_error",
        "RuntimeError: no feasible sequence",
    )
    assert PlanVersion.objects.count() == 0
    page = _board(failed)
    assert "The planner stopped with an error: RuntimeError: no feasible sequence" in page
    row = page.split(f'data-run="{failed.pk}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-status="failed"' in row

    with celery_worker_process():
        again = replan_request(trigger=PlanRun.Trigger.STAFF, countdown=0)
        assert again.pk != failed.pk
        wait_for(lambda: _run(again.pk).status == "done", timeout=90, what="the next plan")
    planned = ProductionUnit.objects.filter(pk__in=ids, state="planned").count()
    measured_report(request, f"engine raised: run {failed.pk} failed; next run planned {planned}")
    assert planned == 3


@pytest.mark.services
@pytest.mark.slow
def test_worker_killed_mid_replan_then_the_sweeper_fails_the_run_and_a_new_one_plans_all(
    real_services: None, broker: None, clock: SuiteClock, request: pytest.FixtureRequest
) -> None:
    ids = _routed(4)

    with celery_worker_process(extra_env={"C2M_TEST_ENGINE_HOLD": "60"}) as worker:
        lost = replan_request(trigger=PlanRun.Trigger.STAFF, countdown=0)
        wait_for(
            lambda: _run(lost.pk).step == "solving", timeout=60, what="the replan to be solving"
        )
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    assert _run(lost.pk).status == "running"

    clock.move_to(timezone.now() + timedelta(minutes=3))
    with celery_worker_process():
        retry = planning_sweep()
        assert retry is not None and retry.pk != lost.pk
        wait_for(lambda: _run(retry.pk).status == "done", timeout=90, what="the new run")
        # The lost message, delivered again after Redis's visibility timeout: nothing.
        tasks.network_replan.run(lost.pk)

    lost.refresh_from_db()
    assert (lost.status, lost.reason) == ("failed", "stale_running")
    assert ProductionUnit.objects.filter(pk__in=ids, state="planned").count() == 4
    assert PlanVersion.objects.count() == 1
    assert "Stopped moving: its worker was lost (no progress for 2 minutes)" in _board(lost)
    measured_report(
        request,
        f"worker killed mid-replan: run {lost.pk} {lost.status} ({lost.reason}); "
        f"run {retry.pk} planned 4 of 4 units",
    )


@pytest.mark.services
@pytest.mark.slow
def test_two_requests_at_once_share_one_run(
    real_services: None, broker: None, request: pytest.FixtureRequest
) -> None:
    _routed(2)
    runs = _at_once(lambda i: replan_request(trigger=PlanRun.Trigger.STAFF, countdown=1).pk)
    with celery_worker_process():
        wait_for(
            lambda: PlanRun.objects.filter(status="done").exists(), timeout=90, what="the plan"
        )
    measured_report(request, f"two requests at once: runs {runs}, {PlanRun.objects.count()} made")
    assert runs[0] == runs[1]
    assert PlanRun.objects.count() == 1
    assert PlanVersion.objects.count() == 1


@pytest.mark.services
@pytest.mark.slow
def test_another_connection_sees_running_and_the_progress_rising(
    real_services: None, broker: None, request: pytest.FixtureRequest
) -> None:
    _routed(2)
    seen: list[tuple[str, int]] = []

    with celery_worker_process(extra_env={"C2M_TEST_ENGINE_HOLD": "6"}):
        run = replan_request(trigger=PlanRun.Trigger.STAFF, countdown=0)

        def finished() -> bool:
            now = PlanRun.objects.values_list("status", "progress").get(pk=run.pk)
            if not seen or seen[-1] != now:
                seen.append(now)
            return now[0] == "done"

        wait_for(finished, timeout=90, interval=0.2, what="the replan to finish")
    running = [progress for status, progress in seen if status == "running"]
    measured_report(request, f"progress seen from another connection: {seen}")
    assert len(running) >= 3
    assert running == sorted(running) and running[-1] > running[0]
    assert seen[-1] == ("done", 100)


def test_plan_replay_recomputes_a_stored_plan_exactly() -> None:
    _routed(5)
    plan = network_replan(seed=7, time_limit=30.0, max_iterations=500)
    assert plan is not None and plan.iterations > 0

    out = StringIO()
    call_command("plan_replay", plan.number, stdout=out)
    assert f"Plan {plan.number} reproduced exactly." in out.getvalue()

    batch = PlannedBatch.objects.filter(plan=plan).first()
    stages = batch.stages
    stages[0]["start"] += 1
    PlannedBatch.objects.filter(pk=batch.pk).update(stages=stages)
    with pytest.raises(CommandError, match="was not reproduced"):
        call_command("plan_replay", plan.number, stdout=StringIO())
    with pytest.raises(CommandError, match="There is no plan 99"):
        call_command("plan_replay", 99, stdout=StringIO())


def test_two_replans_at_once_make_one_version() -> None:
    if connection.vendor != "postgresql":
        service_required("PostgreSQL", "the planning lock is PostgreSQL's advisory lock")
    _routed(6)
    results = _at_once(lambda i: network_replan(seed=i, time_limit=3.0))

    made = [r for r in results if isinstance(r, PlanVersion)]
    assert [type(r).__name__ for r in results].count("NoneType") == 1, results
    assert len(made) == 1
    assert PlanVersion.objects.count() == 1
    assert sorted(PlanRun.objects.values_list("status", flat=True)) == ["done", "skipped"]
