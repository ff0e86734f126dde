"""Writes of the operations app: counting the per-day event rows again from the events
(a database whose events were written in bulk, a check that the kept counts are right)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from operations.selectors import event_days_recount, unit_leads_recount
from orders.models import UnitEventDay, UnitLead


def event_days_rebuild(*, start: date | None = None, end: date | None = None) -> int:
    """Replace the per-day rows and the lead-time rows from ``start`` to ``end`` with a
    recount of the events; idempotent. Returns the per-day rows written."""
    rows = event_days_recount(start=start, end=end)
    leads = unit_leads_recount(start=start, end=end)
    with transaction.atomic():
        for model in (UnitEventDay, UnitLead):
            kept = model.objects.all()
            if start is not None:
                kept = kept.filter(day__gte=start)
            if end is not None:
                kept = kept.filter(day__lte=end)
            kept.delete()
        UnitEventDay.objects.bulk_create(rows, batch_size=2000)
        UnitLead.objects.bulk_create(leads, batch_size=2000)
    return len(rows)
