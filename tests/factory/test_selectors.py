"""The reads routing and planning build on: calendars, minutes, lead times, capability."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factory.models import FactoryFabric, Holiday, OperationStandard, OptionExtraMinutes
from factory.selectors import (
    WorkingDay,
    factories_capable_of,
    factory_calendar,
    factory_fabric_lead_time,
    garment_minutes,
)
from tests.factory.builders import STANDARD_CAPACITY, make_fabric, make_factory

pytestmark = pytest.mark.django_db

CLOSED = dict.fromkeys(STANDARD_CAPACITY, 0)


def test_calendar_gives_capacity_on_shift_days_and_zero_on_weekends_and_holidays() -> None:
    # Only its own holidays: public holidays are tested in test_calendars.
    factory = make_factory(weekdays=(0, 1, 2, 3, 4, 5), public_holidays="")
    Holiday.objects.create(factory=factory, date=date(2026, 10, 1), name="National Day")

    # Monday 28 September 2026 to Monday 5 October.
    calendar = factory_calendar(factory=factory, start=date(2026, 9, 28), days=8)

    assert [day.date for day in calendar] == [date(2026, 9, 28 + n) for n in range(3)] + [
        date(2026, 10, n) for n in range(1, 6)
    ]
    assert [day.capacity for day in calendar] == [
        STANDARD_CAPACITY,  # Mon
        STANDARD_CAPACITY,  # Tue
        STANDARD_CAPACITY,  # Wed
        CLOSED,  # Thu 1 October: holiday
        STANDARD_CAPACITY,  # Fri
        STANDARD_CAPACITY,  # Sat: this factory has Saturday shifts
        CLOSED,  # Sun: no shifts
        STANDARD_CAPACITY,  # Mon
    ]
    assert calendar[3] == WorkingDay(
        date=date(2026, 10, 1), capacity=CLOSED, holiday="National Day"
    )
    assert not calendar[3].is_working
    assert calendar[0].is_working
    assert list(calendar[0].capacity) == ["cutting", "sewing", "finishing", "qc", "packing"]


def test_calendar_capacity_is_per_kind_the_factory_has() -> None:
    factory = make_factory(capacity={"sewing": 4800, "cutting": 1200})

    (monday, sunday) = (
        factory_calendar(factory=factory, start=date(2026, 3, 2), days=1)[0],
        factory_calendar(factory=factory, start=date(2026, 3, 1), days=1)[0],
    )

    assert monday.capacity == {"cutting": 1200, "sewing": 4800}
    assert sunday.capacity == {"cutting": 0, "sewing": 0}


def test_calendar_costs_three_queries_however_long() -> None:
    factory = make_factory()
    Holiday.objects.create(factory=factory, date=date(2026, 1, 1), name="New Year")
    with CaptureQueriesContext(connection) as short:
        factory_calendar(factory=factory, start=date(2026, 1, 1), days=7)
    with CaptureQueriesContext(connection) as long:
        factory_calendar(factory=factory, start=date(2026, 1, 1), days=365)
    assert len(short) == len(long) == 3
    assert factory_calendar(factory=factory, start=date(2026, 1, 1), days=0) == []


def _shirt_standards() -> None:
    for kind, minutes in {
        "cutting": "6",
        "sewing": "45",
        "finishing": "8",
        "qc": "3",
        "packing": "2",
    }.items():
        OperationStandard.objects.create(
            garment_type="shirt", kind=kind, standard_minutes=Decimal(minutes)
        )
    OperationStandard.objects.create(
        garment_type="jacket", kind="sewing", standard_minutes=Decimal("180")
    )
    OptionExtraMinutes.objects.create(
        garment_type="shirt",
        option_code="monogram_position",
        choice_code="chest",
        kind="finishing",
        extra_minutes=Decimal("8"),
    )
    OptionExtraMinutes.objects.create(
        garment_type="shirt",
        option_code="cuff",
        choice_code="french",
        kind="sewing",
        extra_minutes=Decimal("3"),
    )
    OptionExtraMinutes.objects.create(
        garment_type="shirt",
        option_code="cuff",
        choice_code="french",
        kind="qc",
        extra_minutes=Decimal("0.5"),
    )
    # Same option and choice codes on another garment type: not counted for shirts.
    OptionExtraMinutes.objects.create(
        garment_type="jacket",
        option_code="cuff",
        choice_code="french",
        kind="sewing",
        extra_minutes=Decimal("50"),
    )


def test_garment_minutes_are_standards_plus_chosen_extras() -> None:
    _shirt_standards()

    plain = garment_minutes(garment_type="shirt", choices={"cuff": "barrel", "collar": "kent"})
    extras = garment_minutes(
        garment_type="shirt",
        choices={"cuff": "french", "monogram_position": "chest", "collar": "kent"},
    )

    assert plain == {
        "cutting": Decimal("6"),
        "sewing": Decimal("45"),
        "finishing": Decimal("8"),
        "qc": Decimal("3"),
        "packing": Decimal("2"),
    }
    assert extras == {
        "cutting": Decimal("6"),
        "sewing": Decimal("48"),
        "finishing": Decimal("16"),
        "qc": Decimal("3.5"),
        "packing": Decimal("2"),
    }
    assert list(extras) == ["cutting", "sewing", "finishing", "qc", "packing"]
    assert garment_minutes(garment_type="jacket", choices={}) == {"sewing": Decimal("180")}
    assert garment_minutes(garment_type="trousers", choices={"cuff": "french"}) == {}


def test_garment_minutes_cost_two_queries_however_many_choices() -> None:
    _shirt_standards()
    many = {f"option-{n}": f"choice-{n}" for n in range(30)}
    with CaptureQueriesContext(connection) as captured:
        garment_minutes(garment_type="shirt", choices=many)
    assert len(captured) == 2


def test_fabric_lead_time_is_zero_when_stocked_days_when_receivable_else_none() -> None:
    factory = make_factory()
    other = make_factory("T-02")
    stocked, receivable, unknown = make_fabric("F1"), make_fabric("F2"), make_fabric("F3")
    FactoryFabric.objects.create(factory=factory, fabric=stocked, stocked=True)
    FactoryFabric.objects.create(factory=factory, fabric=receivable, lead_time_days=3)
    FactoryFabric.objects.create(factory=other, fabric=unknown, stocked=True)

    assert factory_fabric_lead_time(factory=factory, fabric_id=stocked.pk) == 0
    assert factory_fabric_lead_time(factory=factory, fabric_id=receivable.pk) == 3
    assert factory_fabric_lead_time(factory=factory, fabric_id=unknown.pk) is None
    assert factory_fabric_lead_time(factory=other, fabric_id=stocked.pk) is None


def test_factories_capable_of_lists_active_capable_factories_preferred_first() -> None:
    fabric = make_fabric()
    cheap = make_factory("C-01", garment_types=("shirt", "jacket"), priority=20)
    preferred = make_factory("P-01", garment_types=("shirt",), priority=10)
    make_factory("J-01", garment_types=("jacket",), priority=1)
    make_factory("X-01", garment_types=("shirt",), priority=1, is_active=False)
    FactoryFabric.objects.create(factory=preferred, fabric=fabric, stocked=True)

    shirts = factories_capable_of(garment_type="shirt")

    assert [factory.code for factory in shirts] == ["P-01", "C-01"]
    assert [f.code for f in factories_capable_of(garment_type="jacket")] == ["J-01", "C-01"]
    assert factories_capable_of(garment_type="trousers") == []
    with CaptureQueriesContext(connection) as captured:
        assert sorted(c.garment_type for c in shirts[1].capabilities.all()) == [
            "jacket",
            "shirt",
        ]
        assert len(shirts[0].work_centres.all()) == 5
        assert [row.lead_time for row in shirts[0].fabrics.all()] == [0]
        assert cheap.pk == shirts[1].pk
    assert len(captured) == 0


def test_factories_capable_of_query_count_does_not_grow() -> None:
    for n in range(2):
        make_factory(f"A-{n}")
    with CaptureQueriesContext(connection) as few:
        factories_capable_of(garment_type="shirt")
    for n in range(10):
        make_factory(f"B-{n}")
    with CaptureQueriesContext(connection) as many:
        factories_capable_of(garment_type="shirt")
    assert len(few) == len(many) == 4
