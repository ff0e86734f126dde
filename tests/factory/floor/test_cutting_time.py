"""When cutting starts, as the portal shows it: the plan's clock minute placed in the
factory's shifts and shown on the factory's wall clock (the first batch of a day starts
with the first shift, not at midnight)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from factory.calendars import shift_clock_time
from factory.floor.selectors import work_order_cutting_starts_at
from factory.models import Factory, Shift
from tests.factory.floor.builders import floor_with_work_order

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _cutting_starts(floor: Any, minute: int) -> date:
    """Move the work order's batch to start cutting at ``minute``; its production day."""
    batch = floor.work_order.plan_batch
    stage = {**batch.stages[0], "start": minute, "end": minute + 60}
    batch.stages = [stage]
    batch.start_minute = minute
    batch.save(update_fields=["stages", "start_minute"])
    return batch.plan.horizon_start + timedelta(days=minute // 1440)


def _inbox(floor: Any) -> str:
    client = Client()
    client.force_login(floor.manager)
    response = client.get("/en/factory/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_first_batch_of_a_day_starts_cutting_when_the_first_shift_starts() -> None:
    floor = floor_with_work_order(garments=1)
    day = _cutting_starts(floor, 1440)  # the plan's first minute of day 1

    assert work_order_cutting_starts_at(floor.work_order) == datetime.combine(
        day, time(8, 0), tzinfo=SHANGHAI
    )
    assert f'datetime="{day.isoformat()}T08:00:00+08:00"' in _inbox(floor)


def test_a_batch_halfway_through_the_day_starts_after_the_lunch_break() -> None:
    # Shifts 08:00-12:00 and 13:00-17:30 (510 minutes): half of them is 255 minutes,
    # 240 in the morning and 15 after lunch.
    floor = floor_with_work_order(garments=1)
    day = _cutting_starts(floor, 2 * 1440 + 720)
    Shift.objects.filter(factory=floor.factory).delete()
    for weekday in range(7):
        Shift.objects.create(factory=floor.factory, weekday=weekday, start=time(8), end=time(12))
        Shift.objects.create(
            factory=floor.factory, weekday=weekday, start=time(13), end=time(17, 30)
        )

    assert work_order_cutting_starts_at(floor.work_order) == datetime.combine(
        day, time(13, 15), tzinfo=SHANGHAI
    )


def test_a_factory_in_another_time_zone_sees_its_own_wall_clock() -> None:
    floor = floor_with_work_order(garments=1)
    Factory.objects.filter(pk=floor.factory.pk).update(timezone="Asia/Ho_Chi_Minh")
    floor.work_order.factory.refresh_from_db()
    day = _cutting_starts(floor, 1440)

    page = _inbox(floor)

    # 08:00 in Ho Chi Minh City (UTC+7), not converted to Shanghai's 09:00.
    assert f'datetime="{day.isoformat()}T08:00:00+07:00"' in page
    assert "+08:00" not in page.split("<tbody", 1)[1]


def test_shift_clock_time_edges() -> None:
    factory = Factory(code="X", timezone="Asia/Shanghai")
    shifts = {0: [(time(8), time(12)), (time(13), time(17, 30))]}
    monday = date(2026, 11, 30)
    saturday = date(2026, 12, 5)

    def at(day: date, share: float) -> datetime:
        return shift_clock_time(factory=factory, shifts=shifts, day=day, share=share)

    assert at(monday, 0.0) == datetime(2026, 11, 30, 8, 0, tzinfo=SHANGHAI)
    # The end of the morning's work is the start of the afternoon's.
    assert at(monday, 240 / 510) == datetime(2026, 11, 30, 13, 0, tzinfo=SHANGHAI)
    assert at(monday, 1.0) == datetime(2026, 11, 30, 17, 30, tzinfo=SHANGHAI)
    # A make-up Saturday works Monday's shifts; no shifts at all keeps the plan's clock.
    assert at(saturday, 0.0) == datetime(2026, 12, 5, 8, 0, tzinfo=SHANGHAI)
    assert shift_clock_time(factory=factory, shifts={}, day=monday, share=0.25) == datetime(
        2026, 11, 30, 6, 0, tzinfo=SHANGHAI
    )
