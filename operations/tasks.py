"""Operations tasks: idempotent, no arguments to lose."""

from __future__ import annotations

from celery import shared_task

from operations import services


@shared_task(name="operations.event_days_refresh", ignore_result=True)
def event_days_refresh() -> None:
    services.event_days_refresh(days=services.event_days_due())
