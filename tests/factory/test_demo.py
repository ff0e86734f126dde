"""The demo factories load once, whatever the number of runs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from factory.models import (
    Factory,
    FactoryCapability,
    FactoryFabric,
    FactoryMembership,
    Holiday,
    OperationStandard,
    OptionExtraMinutes,
    Shift,
    WorkCentre,
)
from factory.selectors import (
    factories_capable_of,
    factories_for_user,
    factory_calendar,
    factory_fabric_lead_time,
    garment_minutes,
)
from factory.services import demo_factories_load
from shop.demo import demo_catalogue_load, demo_users_load
from shop.models import Fabric

pytestmark = pytest.mark.django_db

MODELS = (
    Factory,
    FactoryCapability,
    WorkCentre,
    Shift,
    Holiday,
    FactoryFabric,
    OperationStandard,
    OptionExtraMinutes,
    FactoryMembership,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_loader_is_idempotent_and_links_the_demo_fabrics_and_user() -> None:
    demo_catalogue_load()
    demo_users_load()

    assert demo_factories_load() == 3
    first = counts()
    assert demo_factories_load() == 3
    call_command("demo_factories_load", stdout=StringIO())

    assert counts() == first
    fabrics = Fabric.objects.count()
    assert first["Factory"] == 3
    assert first["WorkCentre"] == 15
    assert first["FactoryFabric"] == 3 * fabrics
    assert first["FactoryMembership"] == 1
    (membership,) = FactoryMembership.objects.select_related("user", "factory")
    assert (membership.user.email, membership.factory.code) == ("factory@c2m.example", "HZ-01")
    assert [f.code for f in factories_for_user(user=membership.user)] == ["HZ-01"]


def test_demo_factories_differ_in_what_they_make() -> None:
    demo_factories_load()

    assert [f.code for f in factories_capable_of(garment_type="shirt")] == ["HZ-01", "XA-02"]
    assert [f.code for f in factories_capable_of(garment_type="jacket")] == ["HZ-01", "XY-03"]
    assert [f.code for f in factories_capable_of(garment_type="trousers")] == [
        "HZ-01",
        "XA-02",
        "XY-03",
    ]
    hanzhong, _xian, xianyang = Factory.objects.order_by("priority")
    assert xianyang.cost_index > hanzhong.cost_index
    assert xianyang.priority > hanzhong.priority
    assert FactoryMembership.objects.count() == 0  # no demo factory user yet


def test_demo_calendar_standard_minutes_and_lead_times() -> None:
    demo_catalogue_load()
    demo_factories_load()
    hanzhong = Factory.objects.get(code="HZ-01")
    xianyang = Factory.objects.get(code="XY-03")

    # Friday 13 February 2026 works; Spring Festival runs 15–23 February.
    week = factory_calendar(factory=hanzhong, start=date(2026, 2, 13), days=11)
    assert [day.is_working for day in week] == [True, True] + [False] * 9
    assert week[0].capacity["sewing"] == max(
        w.daily_capacity_minutes for w in WorkCentre.objects.filter(kind="sewing")
    )
    # Xianyang has no Saturday shift; Hanzhong does.
    saturday = date(2026, 3, 7)
    assert factory_calendar(factory=hanzhong, start=saturday, days=1)[0].is_working
    assert not factory_calendar(factory=xianyang, start=saturday, days=1)[0].is_working

    shirt = garment_minutes(garment_type="shirt", choices={})
    assert 60 <= sum(shirt.values()) <= 75
    assert 50 <= sum(garment_minutes(garment_type="trousers", choices={}).values()) <= 60
    assert 180 <= sum(garment_minutes(garment_type="jacket", choices={}).values()) <= 300
    monogram = garment_minutes(
        garment_type="shirt", choices={"monogram_position": "chest", "cuff": "french"}
    )
    assert monogram["finishing"] == shirt["finishing"] + Decimal("8")
    assert monogram["sewing"] == shirt["sewing"] + Decimal("3")

    white_oxford = Fabric.objects.get(code="SH-101").pk
    assert factory_fabric_lead_time(factory=hanzhong, fabric_id=white_oxford) == 0
    assert factory_fabric_lead_time(factory=xianyang, fabric_id=white_oxford) == 3
