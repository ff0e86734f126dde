"""Order pipeline tasks: ids in, idempotent, enqueued after commit."""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from celery import shared_task

from orders import mail, outbox, services, sweeper
from orders.notifications import unit_notice_send
from shop.patterns import PatternError

logger = logging.getLogger(__name__)


@shared_task(name="orders.unit_route", ignore_result=True)
def unit_route(unit_id: int) -> None:
    # For fault tests only: hold the task open so a worker can be killed mid-task.
    delay = float(os.environ.get("C2M_TEST_ROUTE_DELAY", "0") or 0)
    if delay:
        time.sleep(delay)
    services.unit_route(unit_id=unit_id)


@shared_task(name="orders.units_sweep", ignore_result=True)
def units_sweep() -> None:
    sweeper.units_sweep()


@shared_task(name="orders.cut_plans_sweep", ignore_result=True)
def cut_plans_sweep() -> None:
    sweeper.cut_plans_sweep()


@shared_task(name="orders.unit_notice", ignore_result=True)
def unit_notice(unit_id: int, kind: str) -> None:
    unit_notice_send(unit_id=unit_id, kind=kind)


@shared_task(name="orders.work_order_cut_plan", ignore_result=True)
def work_order_cut_plan(work_order_id: int) -> None:
    try:
        services.cut_plan_apply(work_order_id=work_order_id)
    except PatternError as error:
        # Nothing was written: the consumption estimate stays the work order's figure.
        logger.warning("work order %s has no cut plan: %s", work_order_id, error)


@shared_task(name="orders.mail_send", ignore_result=True)
def mail_send(data: dict[str, Any]) -> None:
    mail.mail_send(data=data)


@shared_task(name="orders.outbox_deliver", ignore_result=True)
def outbox_deliver(message_id: int | list[int]) -> None:
    """One message, or the messages one transaction wrote (a list of ids, in order)."""
    ids = message_id if isinstance(message_id, list) else [message_id]
    outbox.outbox_deliver_all(message_ids=ids)


@shared_task(name="orders.outbox_sweep", ignore_result=True)
def outbox_sweep() -> None:
    outbox.outbox_sweep()
