"""A large network is planned factory by factory on several real workers (Redis,
PostgreSQL): a replan fans out to one task per factory and saves one plan version, the
same plan as planning the same problem factory by factory in one process with the same
seed; a factory's task that fails fails the run, visibly, with nothing of the plan
written."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from orders.models import ProductionUnit
from orders.services import unit_factory_move, unit_transition
from scheduling import engine
from scheduling.models import PlannedBatch, PlannedUnit, PlanRun, PlanRunPart, PlanVersion
from scheduling.replay import plan_replay, problem_from_json
from scheduling.requests import replan_request
from tests.orders.factories import paid_order, plant
from tests.services import (
    celery_worker_process,
    measured_report,
    wait_for,
)
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db(transaction=True)

#: The workers treat a network of this many units as large.
LARGE = {"SCHEDULING_PARALLEL_MIN_UNITS": "4"}
ENDED = ("done", "failed", "skipped")


def _network(units: int) -> list[int]:
    """``units`` shirts routed alternately to two factories, PX-A and PX-B."""
    cloth = fabric(stock="1000")
    factories = [plant(code="PX-A", fabrics=(cloth,)), plant(code="PX-B", fabrics=(cloth,))]
    paid_order(fabric=cloth, garments=units)
    ids = []
    for i, unit in enumerate(ProductionUnit.objects.order_by("pk")):
        factory = factories[i % 2]
        if unit.state == "paid":
            unit_transition(unit_id=unit.pk, to_state="routed", changes={"factory_id": factory.pk})
        else:
            unit_factory_move(unit_id=unit.pk, factory_id=factory.pk)
        ids.append(unit.pk)
    return ids


def _run(pk: int) -> PlanRun:
    return PlanRun.objects.get(pk=pk)


@pytest.mark.services
@pytest.mark.slow
def test_a_large_network_fans_out_per_factory_and_plans_as_one_process_would(
    real_services: None, broker: None, request: pytest.FixtureRequest
) -> None:
    ids = _network(12)

    with celery_worker_process(concurrency=2, extra_env=LARGE) as worker:
        run = replan_request(trigger=PlanRun.Trigger.STAFF, countdown=0)
        wait_for(lambda: _run(run.pk).status in ENDED, timeout=120, what="the replan to end")
        log = worker.log_path.read_text()  # type: ignore[attr-defined]

    run.refresh_from_db()
    assert (run.status, run.reason_detail) == ("done", "")
    parts = list(run.parts.order_by("index"))
    assert [(p.factory_code, p.status) for p in parts] == [("PX-A", "done"), ("PX-B", "done")]
    # Each factory's part was a task of its own, and one more put the plan together.
    for part in parts:
        assert len(problem_from_json(part.problem).units) == 6
    assert log.count("Task scheduling.plan_part_solve[") >= 2
    assert "Task scheduling.plan_parts_assemble[" in log
    assert PlanVersion.objects.count() == 1
    plan = PlanVersion.objects.get()
    assert run.plan_id == plan.pk and plan.split
    assert ProductionUnit.objects.filter(pk__in=ids, state="planned").count() == 12
    assert PlannedUnit.objects.filter(plan=plan).count() == 12
    assert set(PlannedBatch.objects.filter(plan=plan).values_list("factory__code", flat=True)) == {
        "PX-A",
        "PX-B",
    }

    # The same problem and seed, planned factory by factory in this process.
    here = engine.solve_split(
        problem_from_json(plan.problem),
        seed=plan.seed,
        time_limit=3600,
        max_iterations=plan.max_iterations,
        stall_iterations=settings.SCHEDULING_STALL_ITERATIONS,
    )
    assert here.iterations == plan.iterations
    assert here.kpis.weighted_tardiness == plan.kpis["weighted_tardiness"]
    assert here.kpis.batches == plan.kpis["batches"]
    replay = plan_replay(plan=plan)
    assert (replay.same, replay.differences, replay.violations) == (True, [], [])
    measured_report(
        request,
        f"fan-out: {len(parts)} factory tasks, plan {plan.number} with "
        f"{plan.iterations} iterations, replayed in-process identically",
    )


@pytest.mark.services
@pytest.mark.slow
def test_a_failed_factory_task_fails_the_run_with_nothing_of_the_plan_written(
    real_services: None, broker: None
) -> None:
    ids = _network(12)

    with celery_worker_process(
        concurrency=2, extra_env={**LARGE, "C2M_TEST_ENGINE_RAISES_AT": "PX-B"}
    ):
        run = replan_request(trigger=PlanRun.Trigger.STAFF, countdown=0)
        wait_for(lambda: _run(run.pk).status in ENDED, timeout=120, what="the replan to end")
        wait_for(
            lambda: not PlanRunPart.objects.filter(run=run, status="queued").exists(),
            timeout=60,
            what="the other factory's part to finish",
        )

    run.refresh_from_db()
    assert (run.status, run.reason, run.reason_detail) == (
        "failed",
        "engine_error",
        "PX-B: RuntimeError: no feasible sequence at PX-B",
    )
    assert dict(run.parts.values_list("factory_code", "status")) == {
        "PX-A": "done",
        "PX-B": "failed",
    }
    assert PlanVersion.objects.count() == 0
    assert PlannedBatch.objects.count() == 0 and PlannedUnit.objects.count() == 0
    assert ProductionUnit.objects.filter(pk__in=ids, state="routed").count() == 12
    staff = get_user_model().objects.create_user(
        username="planner", email="planner@example.com", password="pw", is_staff=True
    )
    client = Client()
    client.force_login(staff)
    page = client.get(f"/en/dashboard/planning/?run={run.pk}").content.decode()
    assert "The planner stopped with an error: PX-B: RuntimeError: no feasible sequence" in page
