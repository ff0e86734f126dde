"""The one working calendar: shifts, own holidays, China's public holidays and make-up
working days from the official calendar, unknown years flagged, the release cut-off."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factory.calendars import factory_calendar_load, factory_calendars_load
from factory.models import Holiday, Shift, WorkCentre
from tests.factory.builders import make_factory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

BEIJING = ZoneInfo("Asia/Shanghai")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BEIJING)


def test_national_day_is_off_and_the_make_up_sunday_is_worked() -> None:
    calendar = factory_calendar_load(factory=make_factory())

    # 2026: 1–7 October off; Sunday 20 September and Saturday 10 October are worked.
    working = {d: calendar.is_working(date(2026, *d)) for d in ((9, 20), (9, 30), (10, 1))}
    assert working == {(9, 20): True, (9, 30): True, (10, 1): False}
    assert [calendar.is_working(date(2026, 10, n)) for n in range(1, 11)] == [False] * 7 + [
        True,  # Thursday 8
        True,  # Friday 9
        True,  # Saturday 10: make-up working day although there is no Saturday shift
    ]
    assert calendar.day(date(2026, 10, 1)).holiday == "National Day 国庆节"
    assert calendar.day(date(2026, 9, 20)).capacity["sewing"] == 9600
    assert calendar.working_day_after(date(2026, 9, 30)) == date(2026, 10, 8)
    assert calendar.working_days_add(date(2026, 9, 29), 4) == date(2026, 10, 10)


def test_a_factory_that_does_not_observe_them_works_its_shifts() -> None:
    calendar = factory_calendar_load(factory=make_factory(public_holidays=""))

    assert calendar.is_working(date(2026, 10, 1))
    assert not calendar.is_working(date(2026, 9, 20))


def test_a_year_the_library_does_not_know_is_flagged_not_guessed() -> None:
    factory = make_factory()
    Holiday.objects.create(factory=factory, date=date(2027, 2, 8), name="Spring Festival")
    calendar = factory_calendar_load(factory=factory)

    assert calendar.unknown_holiday_years(start=date(2026, 12, 1), end=date(2027, 3, 1)) == [2027]
    assert calendar.unknown_holiday_years(start=date(2026, 1, 1), end=date(2026, 12, 31)) == []
    # Nothing invented for 2027: only what staff entered is off.
    assert calendar.is_working(date(2027, 2, 5))  # Chinese New Year's Eve, a Friday
    assert not calendar.is_working(date(2027, 2, 8))


def test_the_cut_off_for_a_day_is_the_release_time_on_the_working_day_before() -> None:
    calendar = factory_calendar_load(factory=make_factory(release_time=time(17, 30)))

    # Monday 7 December 2026 is released on Friday 4 December at 17:30 Beijing time.
    assert calendar.cutoff_for(date(2026, 12, 7)) == _at("2026-12-04T17:30")
    assert calendar.first_open_day(_at("2026-12-04T17:29")) == date(2026, 12, 7)
    assert calendar.first_open_day(_at("2026-12-04T17:31")) == date(2026, 12, 8)
    assert calendar.first_open_day(_at("2026-12-05T10:00")) == date(2026, 12, 8)
    assert calendar.next_cutoff(_at("2026-12-06T10:00")) == _at("2026-12-07T17:30")
    # Before National Day: work for 8 October is released on 30 September.
    assert calendar.next_cutoff(_at("2026-09-30T10:00")) == _at("2026-09-30T17:30")
    assert calendar.first_open_day(_at("2026-09-30T10:00")) == date(2026, 10, 8)


def test_the_calendar_costs_three_queries(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    factory = make_factory()
    with django_assert_num_queries(3):
        calendar = factory_calendar_load(factory=factory)
    assert len(calendar.days(start=date(2026, 1, 1), count=400)) == 400


@pytest.mark.clock("2026-12-20T10:00:00+08:00")
def test_staff_are_warned_of_a_year_without_known_holidays(client) -> None:  # type: ignore[no-untyped-def]
    from tests.factory.builders import make_user

    make_factory("CN-01")
    make_factory("CN-02")
    make_factory("OWN-01", public_holidays="")
    client.force_login(make_user("staffer", is_staff=True))

    factories = client.get("/en/dashboard/factories/").content.decode()
    board = client.get("/en/dashboard/planning/").content.decode()

    for page in (factories, board):  # one warning naming both factories, not one each
        assert page.count("data-calendar-warning=") == 1
        assert 'data-calendar-warning="CN-01 CN-02"' in page
        assert "CN-01, CN-02: the official public holidays for 2027 are not known" in page


def test_several_calendars_are_read_at_once_as_each_would_be_alone() -> None:
    plain = make_factory(code="P1")
    own_holiday = make_factory(code="P2")
    Holiday.objects.create(factory=own_holiday, date=date(2026, 12, 7), name="Stocktaking")
    Shift.objects.create(factory=own_holiday, weekday=5, start=time(8), end=time(12))
    WorkCentre.objects.filter(factory=own_holiday, kind="sewing").update(daily_capacity_minutes=7)
    bare = make_factory(code="P3", capacity={}, weekdays=())

    with CaptureQueriesContext(connection) as queries:
        together = factory_calendars_load(factories=[plain, own_holiday, bare])

    assert len(queries.captured_queries) == 3
    assert together == {f.pk: factory_calendar_load(factory=f) for f in (plain, own_holiday, bare)}
    assert together[own_holiday.pk].holidays == {date(2026, 12, 7): "Stocktaking"}
    assert together[bare.pk].centres == ()
