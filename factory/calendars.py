"""A factory's working calendar: which days it works, how many minutes each work centre
gives on them, and when work for a day is released to it.

One place for working-day arithmetic: promises, routing, the release cut-off and the
planner all ask a ``FactoryCalendar``. A day is a working day when the factory has a
shift on its weekday, unless it is one of the factory's own holidays or a public
holiday; a make-up working day (调休: a weekend day the State Council declares a
working day) is worked even without a shift on that weekday.

China's public holidays and make-up days come from the ``chinesecalendar`` library
(the State Council's yearly notice). A year the library does not know yet is never
guessed: its weekdays count as working days, and ``unknown_holiday_years`` names it so
that staff are warned (planning board, factory page) and can add the holidays by hand.

Release cut-off: a factory takes its work at ``release_time`` (its local time) on a
working day, for the next working day. So the cut-off for production day P is the
release time on the working day before P, and a garment can be changed until the
cut-off of the day its batch starts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

import chinese_calendar

from factory.models import WORK_CENTRE_KINDS, Factory, Holiday, PublicHolidays, Shift, WorkCentre

#: How far to look for a working day before giving up (a factory with no shifts).
SEARCH_DAYS = 366


@dataclass(frozen=True)
class WorkingDay:
    """One calendar day at a factory and the standard minutes each kind of work centre
    can do on it: the centre's daily capacity on a working day, zero otherwise.
    ``capacity`` has every work-centre kind the factory has, in the order cutting,
    sewing, finishing, qc, packing."""

    date: date
    capacity: Mapping[str, int] = field(default_factory=dict)
    holiday: str = ""

    @property
    def is_working(self) -> bool:
        return any(minutes > 0 for minutes in self.capacity.values())


@cache
def china_known_years() -> frozenset[int]:
    """The years whose public holidays and make-up days the library has."""
    return frozenset(day.year for day in chinese_calendar.holidays)


def _china_holiday_name(day: date) -> str:
    english = chinese_calendar.holidays.get(day)
    if not english:
        return ""
    try:
        return f"{english} {chinese_calendar.Holiday(english).chinese}"
    except ValueError:
        return str(english)


@dataclass(frozen=True)
class FactoryCalendar:
    factory: Factory
    #: (kind, daily capacity minutes), in stage order.
    centres: tuple[tuple[str, int], ...]
    shift_weekdays: frozenset[int]
    holidays: Mapping[date, str]

    @property
    def observes_china(self) -> bool:
        return self.factory.public_holidays == PublicHolidays.CHINA

    def _public(self, day: date) -> tuple[str, bool]:
        """(public holiday name or "", make-up working day) for a known year."""
        if not self.observes_china or day.year not in china_known_years():
            return "", False
        return _china_holiday_name(day), day in chinese_calendar.workdays

    def day(self, day: date) -> WorkingDay:
        own = self.holidays.get(day, "")
        public, makeup = self._public(day)
        holiday = own or public
        working = not holiday and (day.weekday() in self.shift_weekdays or makeup)
        return WorkingDay(
            date=day,
            capacity={kind: (minutes if working else 0) for kind, minutes in self.centres},
            holiday=holiday,
        )

    def is_working(self, day: date) -> bool:
        own = day in self.holidays
        public, makeup = self._public(day)
        return not own and not public and (day.weekday() in self.shift_weekdays or makeup)

    def days(self, *, start: date, count: int) -> list[WorkingDay]:
        return [self.day(start + timedelta(days=n)) for n in range(max(count, 0))]

    def working_day_after(self, day: date, *, step: int = 1) -> date:
        """The next working day after ``day`` (``step=-1``: the one before)."""
        current = day
        for _ in range(SEARCH_DAYS):
            current += timedelta(days=step)
            if self.is_working(current):
                return current
        raise ValueError(f"{self.factory.code} has no working day within a year of {day}")

    def working_days_add(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself when 0)."""
        for _ in range(count):
            day = self.working_day_after(day)
        return day

    def cutoff_for(self, production_day: date) -> datetime:
        """When work for ``production_day`` is released: the release time on the working
        day before it, in the factory's time zone."""
        previous = self.working_day_after(production_day, step=-1)
        return datetime.combine(previous, self.factory.release_time, tzinfo=self.factory.tzinfo)

    def first_open_day(self, at: datetime) -> date:
        """The first working day whose work has not been released by ``at``."""
        day = self.working_day_after(at.astimezone(self.factory.tzinfo).date(), step=-1)
        for _ in range(SEARCH_DAYS):
            day = self.working_day_after(day)
            if self.cutoff_for(day) > at:
                return day
        raise ValueError(f"{self.factory.code} has no open working day after {at}")

    def next_cutoff(self, at: datetime) -> datetime:
        """The next release cut-off after ``at``: until then a new garment can change."""
        return self.cutoff_for(self.first_open_day(at))

    def unknown_holiday_years(self, *, start: date, end: date) -> list[int]:
        return unknown_holiday_years(factory=self.factory, start=start, end=end)


def unknown_holiday_years(*, factory: Factory, start: date, end: date) -> list[int]:
    """Years between ``start`` and ``end`` whose public holidays the factory observes but
    the library does not know yet (no query)."""
    if factory.public_holidays != PublicHolidays.CHINA:
        return []
    return [y for y in range(start.year, end.year + 1) if y not in china_known_years()]


def factory_calendar_load(*, factory: Factory) -> FactoryCalendar:
    """The factory's calendar, read in three queries (work centres, shifts, holidays)."""
    centres = tuple(
        sorted(
            WorkCentre.objects.filter(factory=factory).values_list(
                "kind", "daily_capacity_minutes"
            ),
            key=lambda row: WORK_CENTRE_KINDS.index(row[0]),
        )
    )
    weekdays = frozenset(
        Shift.objects.filter(factory=factory).values_list("weekday", flat=True).distinct()
    )
    holidays = dict(Holiday.objects.filter(factory=factory).values_list("date", "name"))
    return FactoryCalendar(
        factory=factory, centres=centres, shift_weekdays=weekdays, holidays=holidays
    )


def factory_calendars_load(*, factories: Sequence[Factory]) -> dict[int, FactoryCalendar]:
    """The calendars of several factories, by factory id, read in three queries whatever
    their number (work centres, shifts, holidays): ``factory_calendar_load`` for each.
    Two when every factory has its ``work_centres`` prefetched (``factories_capable_of``)."""
    ids = [factory.pk for factory in factories]
    centres: dict[int, list[tuple[str, int]]] = {pk: [] for pk in ids}
    if all("work_centres" in getattr(f, "_prefetched_objects_cache", {}) for f in factories):
        for factory in factories:
            centres[factory.pk] = [
                (centre.kind, centre.daily_capacity_minutes)
                for centre in factory.work_centres.all()
            ]
    else:
        for factory_id, kind, minutes in WorkCentre.objects.filter(factory_id__in=ids).values_list(
            "factory_id", "kind", "daily_capacity_minutes"
        ):
            centres[factory_id].append((kind, minutes))
    weekdays: dict[int, set[int]] = {pk: set() for pk in ids}
    for factory_id, weekday in Shift.objects.filter(factory_id__in=ids).values_list(
        "factory_id", "weekday"
    ):
        weekdays[factory_id].add(weekday)
    holidays: dict[int, dict[date, str]] = {pk: {} for pk in ids}
    for factory_id, day, name in Holiday.objects.filter(factory_id__in=ids).values_list(
        "factory_id", "date", "name"
    ):
        holidays[factory_id][day] = name
    return {
        factory.pk: FactoryCalendar(
            factory=factory,
            centres=tuple(
                sorted(centres[factory.pk], key=lambda row: WORK_CENTRE_KINDS.index(row[0]))
            ),
            shift_weekdays=frozenset(weekdays[factory.pk]),
            holidays=holidays[factory.pk],
        )
        for factory in factories
    }


#: Minutes of a calendar day: the planner's clock counts a day's work over all of them.
DAY_MINUTES = 24 * 60

#: A factory's shifts: weekday (0 = Monday) -> its (start, end) periods, in order.
Shifts = Mapping[int, Sequence[tuple[time, time]]]


def factory_shifts_load(*, factory: Factory) -> dict[int, list[tuple[time, time]]]:
    """The factory's shifts by weekday, each day's in order of start. One query."""
    shifts: dict[int, list[tuple[time, time]]] = {}
    for weekday, start, end in (
        Shift.objects.filter(factory=factory)
        .order_by("weekday", "start")
        .values_list("weekday", "start", "end")
    ):
        shifts.setdefault(weekday, []).append((start, end))
    return shifts


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def shift_clock_time(*, factory: Factory, shifts: Shifts, day: date, share: float) -> datetime:
    """The wall-clock moment, in the factory's time zone, at which ``share`` (0..1) of
    ``day``'s work is done when the work is spread over that day's shifts.

    The planner counts a day's work at a constant rate over the whole day (clock minute
    ``m`` of a day is ``m / 1440`` of its capacity used): the floor works it inside its
    shifts, so the first batch of a day starts when the first shift does, not at
    midnight. A working day without shifts of its own (a make-up day) works the shifts
    of the factory's first weekday that has some; a factory with no shifts at all keeps
    the planner's clock."""
    periods = list(shifts.get(day.weekday()) or next((shifts[w] for w in sorted(shifts)), []))
    share = min(max(share, 0.0), 1.0)
    if not periods:
        return datetime.combine(day, time.min, tzinfo=factory.tzinfo) + timedelta(
            minutes=round(share * DAY_MINUTES)
        )
    total = sum(_minutes(end) - _minutes(start) for start, end in periods)
    left = round(share * total)
    for index, (start, end) in enumerate(periods):
        length = _minutes(end) - _minutes(start)
        # The end of one shift is the start of the next: a batch starts in the next one.
        if left < length or index == len(periods) - 1:
            at = datetime.combine(day, start, tzinfo=factory.tzinfo)
            return at + timedelta(minutes=min(left, length))
        left -= length
    raise AssertionError("unreachable")  # pragma: no cover
