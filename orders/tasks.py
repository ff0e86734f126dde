"""Order pipeline tasks: ids in, idempotent, enqueued after commit."""

from __future__ import annotations

import os
import time

from celery import shared_task


@shared_task(name="orders.unit_route", ignore_result=True)
def unit_route(unit_id: int) -> None:
    from orders.services import unit_route as route

    # For fault tests only: hold the task open so a worker can be killed mid-task.
    delay = float(os.environ.get("C2M_TEST_ROUTE_DELAY", "0") or 0)
    if delay:
        time.sleep(delay)
    route(unit_id=unit_id)


@shared_task(name="orders.units_sweep", ignore_result=True)
def units_sweep() -> None:
    from orders.sweeper import units_sweep as sweep

    sweep()


@shared_task(name="orders.cut_plans_sweep", ignore_result=True)
def cut_plans_sweep() -> None:
    from orders.sweeper import cut_plans_sweep as sweep

    sweep()


@shared_task(name="orders.unit_notice", ignore_result=True)
def unit_notice(unit_id: int, kind: str) -> None:
    from orders.notifications import unit_notice_send

    unit_notice_send(unit_id=unit_id, kind=kind)


@shared_task(name="orders.work_order_cut_plan", ignore_result=True)
def work_order_cut_plan(work_order_id: int) -> None:
    import logging

    from orders.services import cut_plan_apply
    from shop.patterns import PatternError

    try:
        cut_plan_apply(work_order_id=work_order_id)
    except PatternError as error:
        # Nothing was written: the consumption estimate stays the work order's figure.
        logging.getLogger(__name__).warning(
            "work order %s has no cut plan: %s", work_order_id, error
        )


@shared_task(name="orders.outbox_deliver", ignore_result=True)
def outbox_deliver(message_id: int) -> None:
    from orders.outbox import outbox_deliver as deliver

    deliver(message_id=message_id)


@shared_task(name="orders.outbox_sweep", ignore_result=True)
def outbox_sweep() -> None:
    from orders.outbox import outbox_sweep as sweep

    sweep()
