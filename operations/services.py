"""Writes of the operations app: the per-day event counts the operations page reads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from operations.models import EventDayCount, EventDayRefresh
from operations.selectors import event_rows
from orders.models import UnitEvent

#: Days counted per run of the beat task at most (a first run on a long history).
REFRESH_BATCH = 60


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.get_default_timezone())


def event_days_refresh(*, days: Iterable[date]) -> int:
    """Count each (finished) day's events again into ``EventDayCount``; idempotent.
    Returns the rows written."""
    written = 0
    for day in sorted(set(days)):
        events = UnitEvent.objects.filter(
            kind=UnitEvent.Kind.TRANSITION,
            at__gte=_start(day),
            at__lt=_start(day + timedelta(days=1)),
        )
        rows = event_rows(events)
        with transaction.atomic():
            EventDayCount.objects.filter(day=day).delete()
            EventDayCount.objects.bulk_create(
                EventDayCount(
                    day=r["day"],
                    from_state=r["from"],
                    to_state=r["to"],
                    factory_id=r["factory_id"],
                    fabric_id=r["fabric_id"],
                    garment_type=r["garment_type"],
                    why=r["why"][:100],
                    remake=r["remake"],
                    n=r["n"],
                    metres=r["metres"],
                )
                for r in rows
            )
            EventDayRefresh.objects.update_or_create(
                day=day, defaults={"refreshed_at": timezone.now()}
            )
        written += len(rows)
    return written


def event_days_due(*, today: date | None = None, limit: int = REFRESH_BATCH) -> list[date]:
    """Finished days not counted yet (oldest first, at most ``limit``), and yesterday
    again (a unit moved to another factory late in the day)."""
    today = today or timezone.localdate()
    first = UnitEvent.objects.aggregate(first=Min("at"))["first"]
    if first is None:
        return []
    day = timezone.localtime(first).date()
    done = set(EventDayRefresh.objects.filter(day__gte=day).values_list("day", flat=True))
    due = []
    while day < today and len(due) < limit:
        if day not in done:
            due.append(day)
        day += timedelta(days=1)
    yesterday = today - timedelta(days=1)
    if yesterday >= timezone.localtime(first).date() and yesterday not in due:
        due.append(yesterday)
    return due
