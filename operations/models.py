"""Counts of unit events per day, kept so that the operations page reads a few thousand
rows for a range instead of every event in it. Derived data: rebuilt from the events at
any time (``operations.services.event_days_refresh``); the events stay the record."""

from __future__ import annotations

from django.db import models


class EventDayCount(models.Model):
    """The state changes of one day (in ``settings.TIME_ZONE``) counted by move, factory,
    fabric, garment type, QC reason and remake, with the metres of fabric of their units:
    the rows of ``operations.selectors.event_rollup`` for that day."""

    day = models.DateField()
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    factory_id = models.BigIntegerField(null=True, blank=True)
    #: Kept for moves into cutting only (changeovers, fabric used); empty otherwise.
    fabric_id = models.BigIntegerField(null=True, blank=True)
    garment_type = models.CharField(max_length=20)
    why = models.CharField(max_length=100, blank=True)
    remake = models.BooleanField(default=False)
    n = models.PositiveIntegerField()
    metres = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        indexes = [models.Index(fields=("day",), name="event_day_count_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.from_state}->{self.to_state} ×{self.n}"


class EventDayRefresh(models.Model):
    """A day whose counts are in ``EventDayCount``, and when they were counted."""

    day = models.DateField(unique=True)
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.day)
