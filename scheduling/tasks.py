"""Planning tasks: one replan at a time (the service holds a lock), debounced requests."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="scheduling.network_replan", ignore_result=True, soft_time_limit=240)
def network_replan(run_id: int | None = None) -> None:
    from scheduling.services import network_replan as replan

    replan(run_id=run_id)


@shared_task(name="scheduling.replan_beat", ignore_result=True)
def replan_beat() -> None:
    from scheduling.requests import replan_request

    replan_request(reason="beat")
