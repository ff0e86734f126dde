"""Planning tasks: ids in, idempotent, enqueued after commit."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from scheduling import release, requests, services, sweeper
from scheduling.models import PlanRun


@shared_task(name="scheduling.network_replan", ignore_result=True, soft_time_limit=240)
def network_replan(run_id: int) -> None:
    services.network_replan(run_id=run_id)


@shared_task(name="scheduling.plan_part_solve", ignore_result=True, soft_time_limit=240)
def plan_part_solve(part_id: int) -> None:
    services.plan_part_solve(part_id=part_id)


@shared_task(name="scheduling.plan_parts_assemble", ignore_result=True, soft_time_limit=240)
def plan_parts_assemble(run_id: int) -> None:
    services.plan_parts_assemble(run_id=run_id)


@shared_task(name="scheduling.replan_beat", ignore_result=True)
def replan_beat() -> None:
    requests.replan_request(trigger=PlanRun.Trigger.BEAT)


@shared_task(name="scheduling.units_arrived", ignore_result=True)
def units_arrived() -> None:
    requests.units_arrived()


@shared_task(name="scheduling.sweep", ignore_result=True)
def planning_sweep() -> None:
    sweeper.planning_sweep()


@shared_task(name="scheduling.releases_due", ignore_result=True)
def releases_due() -> None:
    release.releases_due(at=timezone.now())
