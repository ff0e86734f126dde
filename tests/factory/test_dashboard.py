"""The staff pages for factories and standard minutes."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.apps.dashboard.menu import get_nodes

from factory.models import (
    Factory,
    FactoryCapability,
    FactoryFabric,
    Holiday,
    OperationStandard,
    OptionExtraMinutes,
    Shift,
    WorkCentre,
)
from tests.factory.builders import make_fabric, make_factory, make_member, make_user

pytestmark = pytest.mark.django_db

PREFIXES = ("capabilities", "work_centres", "shifts", "holidays", "fabrics")

FACTORY_VALUES = {
    "code": "bj-04",
    "name_en": "Baoji plant",
    "name_zh": "宝鸡工厂",
    "city_en": "Baoji",
    "city_zh": "宝鸡",
    "timezone": "Asia/Shanghai",
    "is_active": "on",
    "priority": "40",
    "cost_index": "1.100",
    "max_plies_per_lay": "50",
    "max_garments_per_batch": "45",
    "public_holidays": "CN",
    "release_time": "18:00",
}


def formset_data(prefix: str, rows: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def factory_post(
    values: dict[str, Any] | None = None,
    rows: dict[str, list[dict[str, Any]]] | None = None,
    initial: dict[str, int] | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = dict(FACTORY_VALUES if values is None else values)
    for prefix in PREFIXES:
        data.update(
            formset_data(prefix, (rows or {}).get(prefix, []), (initial or {}).get(prefix, 0))
        )
    return data


def existing_rows(factory: Factory) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
    """The rows of the edit page as the browser would send them back unchanged."""
    rows = {
        "capabilities": [
            {"id": c.pk, "factory": factory.pk, "garment_type": c.garment_type}
            for c in factory.capabilities.order_by("pk")
        ],
        "work_centres": [
            {
                "id": w.pk,
                "factory": factory.pk,
                "kind": w.kind,
                "daily_capacity_minutes": w.daily_capacity_minutes,
            }
            for w in factory.work_centres.order_by("pk")
        ],
        "shifts": [
            {
                "id": s.pk,
                "factory": factory.pk,
                "weekday": s.weekday,
                "start": s.start.strftime("%H:%M"),
                "end": s.end.strftime("%H:%M"),
            }
            for s in factory.shifts.order_by("pk")
        ],
        "holidays": [
            {"id": h.pk, "factory": factory.pk, "date": h.date.isoformat(), "name": h.name}
            for h in factory.holidays.order_by("pk")
        ],
        "fabrics": [
            {
                "id": f.pk,
                "factory": factory.pk,
                "fabric": f.fabric_id,
                "stocked": "on" if f.stocked else "",
                "lead_time_days": "" if f.lead_time_days is None else f.lead_time_days,
            }
            for f in factory.fabrics.order_by("pk")
        ],
    }
    for prefix_rows in rows.values():
        for row in prefix_rows:
            if row.get("stocked") == "":
                del row["stocked"]
    return rows, {prefix: len(prefix_rows) for prefix, prefix_rows in rows.items()}


def factory_state() -> dict[str, list]:
    return {
        "factories": list(
            Factory.objects.order_by("code").values_list(
                "code", "name_en", "timezone", "priority", "cost_index", "is_active"
            )
        ),
        "capabilities": list(
            FactoryCapability.objects.order_by("factory__code", "garment_type").values_list(
                "factory__code", "garment_type"
            )
        ),
        "work_centres": list(
            WorkCentre.objects.order_by("factory__code", "kind").values_list(
                "factory__code", "kind", "daily_capacity_minutes"
            )
        ),
        "shifts": list(
            Shift.objects.order_by("factory__code", "weekday", "start").values_list(
                "factory__code", "weekday", "start", "end"
            )
        ),
        "holidays": list(
            Holiday.objects.order_by("factory__code", "date").values_list(
                "factory__code", "date", "name"
            )
        ),
        "fabrics": list(
            FactoryFabric.objects.order_by("factory__code", "fabric__code").values_list(
                "factory__code", "fabric__code", "stocked", "lead_time_days"
            )
        ),
    }


# --- Access --------------------------------------------------------------------------


def page_urls(factory: Factory) -> list[str]:
    return [
        reverse("factory-dashboard:factory-list"),
        reverse("factory-dashboard:factory-create"),
        reverse("factory-dashboard:factory-update", kwargs={"pk": factory.pk}),
        reverse("factory-dashboard:standard-minutes"),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    factory = make_factory()
    for url in page_urls(factory):
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("dashboard:login") in response["Location"]


def test_customers_and_factory_users_are_refused_and_change_nothing(client: Client) -> None:
    factory = make_factory()
    before = factory_state()
    for user in (make_user("customer"), make_member("operator", factory, role="manager")):
        client.force_login(user)
        for url in page_urls(factory):
            assert client.get(url).status_code == 403, url
            assert client.post(url, factory_post()).status_code == 403, url
    assert factory_state() == before
    assert OperationStandard.objects.count() == 0


def test_staff_open_every_page(staff_client: Client) -> None:
    factory = make_factory()
    for url in page_urls(factory):
        assert staff_client.get(url).status_code == 200, url


def test_unknown_factory_is_404(staff_client: Client) -> None:
    url = reverse("factory-dashboard:factory-update", kwargs={"pk": 999999})
    assert staff_client.get(url).status_code == 404
    assert staff_client.post(url, factory_post()).status_code == 404


def test_menu_entry_for_staff_only(staff_user: Any, staff_client: Client) -> None:
    def labels(user: Any) -> list[str]:
        return [str(node.label) for node in get_nodes(user)]

    assert "Factories" in labels(staff_user)
    assert "Factories" not in labels(make_user("customer"))
    body = staff_client.get(reverse("dashboard:index")).content.decode()
    assert f'href="{reverse("factory-dashboard:factory-list")}"' in body
    assert f'href="{reverse("factory-dashboard:standard-minutes")}"' in body


# --- List ------------------------------------------------------------------------------


def test_list_shows_empty_state(staff_client: Client) -> None:
    response = staff_client.get(reverse("factory-dashboard:factory-list"))
    assert response.status_code == 200
    assert "There are no factories yet." in response.content.decode()


def test_list_shows_factories_searches_and_paginates(staff_client: Client) -> None:
    make_factory("HZ-01", garment_types=("shirt", "jacket"), priority=10, city_en="Hanzhong")
    make_factory("XA-02", priority=20, city_en="Xi'an")
    for number in range(25):
        make_factory(f"Z-{number:02d}", priority=90)
    url = reverse("factory-dashboard:factory-list")

    first = staff_client.get(url)
    second = staff_client.get(url, {"page": 2})
    found = staff_client.get(url, {"q": "xi'an"})

    assert [f.code for f in first.context["factories"]][:3] == ["HZ-01", "XA-02", "Z-00"]
    assert len(first.context["factories"]) == 25
    assert [f.code for f in second.context["factories"]] == ["Z-23", "Z-24"]
    assert [f.code for f in found.context["factories"]] == ["XA-02"]
    body = first.content.decode()
    assert "Factories found: 27" in body
    assert "Suit jacket, Dress shirt" in body


def test_list_query_count_does_not_grow_with_rows(staff_client: Client) -> None:
    url = reverse("factory-dashboard:factory-list")
    for number in range(3):
        make_factory(f"A-{number:02d}", garment_types=("shirt", "trousers"))
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(url).status_code == 200
    for number in range(20):
        make_factory(f"B-{number:02d}", garment_types=("shirt", "trousers", "jacket"))
    with CaptureQueriesContext(connection) as many:
        assert staff_client.get(url).status_code == 200
    assert len(many) == len(few)


# --- Create and edit -----------------------------------------------------------------


def test_staff_create_a_factory_with_its_rows(staff_client: Client) -> None:
    fabric = make_fabric("SH-101")
    data = factory_post(
        rows={
            "capabilities": [{"garment_type": "shirt"}, {"garment_type": "trousers"}],
            "work_centres": [
                {"kind": "cutting", "daily_capacity_minutes": "2400"},
                {"kind": "sewing", "daily_capacity_minutes": "9600"},
            ],
            "shifts": [{"weekday": "0", "start": "08:00", "end": "12:00"}],
            "holidays": [{"date": "2026-10-01", "name": "National Day"}],
            "fabrics": [{"fabric": fabric.pk, "lead_time_days": "3"}],
        }
    )

    response = staff_client.post(reverse("factory-dashboard:factory-create"), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("factory-dashboard:factory-list")
    assert factory_state() == {
        "factories": [
            ("BJ-04", "Baoji plant", "Asia/Shanghai", 40, Decimal("1.100"), True),
        ],
        "capabilities": [("BJ-04", "shirt"), ("BJ-04", "trousers")],
        "work_centres": [("BJ-04", "cutting", 2400), ("BJ-04", "sewing", 9600)],
        "shifts": [("BJ-04", 0, time(8), time(12))],
        "holidays": [("BJ-04", date(2026, 10, 1), "National Day")],
        "fabrics": [("BJ-04", "SH-101", False, 3)],
    }
    factory = Factory.objects.get()
    assert (factory.city_zh, factory.max_plies_per_lay, factory.max_garments_per_batch) == (
        "宝鸡",
        50,
        45,
    )


def test_staff_edit_a_factory_and_its_rows(staff_client: Client) -> None:
    factory = make_factory("HZ-01", garment_types=("shirt", "jacket"), weekdays=(0,))
    other = make_factory("XA-02")
    fabric = make_fabric("SU-201", for_jackets=True)
    Holiday.objects.create(factory=factory, date=date(2026, 1, 1), name="New Year")
    other_before = factory_state()
    rows, initial = existing_rows(factory)
    rows["capabilities"][1]["DELETE"] = "on"  # jacket
    for row in rows["work_centres"]:
        if row["kind"] == "sewing":
            row["daily_capacity_minutes"] = "12000"
    rows["holidays"][0]["name"] = "New Year's Day"
    rows["holidays"].append({"date": "2026-02-16", "name": "Spring Festival"})
    rows["fabrics"].append({"fabric": fabric.pk, "stocked": "on"})
    values = {
        **FACTORY_VALUES,
        "code": "HZ-01",
        "name_en": "Hanzhong main plant",
        "priority": "5",
    }
    del values["is_active"]  # unticked

    response = staff_client.post(
        reverse("factory-dashboard:factory-update", kwargs={"pk": factory.pk}),
        factory_post(values, rows, initial),
    )

    assert response.status_code == 302
    state = factory_state()
    assert state["factories"] == [
        ("HZ-01", "Hanzhong main plant", "Asia/Shanghai", 5, Decimal("1.100"), False),
        ("XA-02", "Plant XA-02", "Asia/Shanghai", 100, Decimal("1.000"), True),
    ]
    assert [row for row in state["capabilities"] if row[0] == "HZ-01"] == [("HZ-01", "shirt")]
    assert [row for row in state["work_centres"] if row[0] == "HZ-01"] == [
        ("HZ-01", "cutting", 2400),
        ("HZ-01", "finishing", 2880),
        ("HZ-01", "packing", 480),
        ("HZ-01", "qc", 960),
        ("HZ-01", "sewing", 12000),
    ]
    assert [row for row in state["holidays"] if row[0] == "HZ-01"] == [
        ("HZ-01", date(2026, 1, 1), "New Year's Day"),
        ("HZ-01", date(2026, 2, 16), "Spring Festival"),
    ]
    assert state["fabrics"] == [("HZ-01", "SU-201", True, None)]
    for key in ("capabilities", "work_centres", "shifts"):
        assert [r for r in state[key] if r[0] == "XA-02"] == [
            r for r in other_before[key] if r[0] == "XA-02"
        ]
    assert other.capabilities.count() == 1


def test_invalid_input_is_shown_again_and_nothing_is_saved(staff_client: Client) -> None:
    factory = make_factory("HZ-01")
    before = factory_state()
    rows, initial = existing_rows(factory)
    rows["shifts"][0]["end"] = "07:00"  # before its 08:00 start
    rows["work_centres"][0]["daily_capacity_minutes"] = "-5"
    rows["holidays"].append({"date": "2026-10-01", "name": "National Day"})
    values = {**FACTORY_VALUES, "code": "HZ-01", "timezone": "Mars/Olympus", "name_en": "New"}

    response = staff_client.post(
        reverse("factory-dashboard:factory-update", kwargs={"pk": factory.pk}),
        factory_post(values, rows, initial),
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "nothing was saved" in body
    assert "Mars/Olympus is not an IANA time zone name" in body
    assert "The shift must end after it starts." in body
    assert response.context["form"].errors["timezone"]
    assert response.context["work_centres_formset"].errors[0]["daily_capacity_minutes"]
    assert factory_state() == before
    assert response.context["factory"].name_en == "Plant HZ-01"


def test_duplicate_rows_and_duplicate_code_are_refused(staff_client: Client) -> None:
    make_factory("HZ-01")
    data = factory_post(
        {**FACTORY_VALUES, "code": "hz-01"},
        rows={
            "work_centres": [
                {"kind": "cutting", "daily_capacity_minutes": "100"},
                {"kind": "cutting", "daily_capacity_minutes": "200"},
            ]
        },
    )
    before = factory_state()

    response = staff_client.post(reverse("factory-dashboard:factory-create"), data)

    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert response.context["work_centres_formset"].non_form_errors()
    assert factory_state() == before


def test_not_stocked_fabric_needs_a_lead_time(staff_client: Client) -> None:
    fabric = make_fabric("SH-101")
    data = factory_post(rows={"fabrics": [{"fabric": fabric.pk}]})

    response = staff_client.post(reverse("factory-dashboard:factory-create"), data)

    assert response.status_code == 400
    assert "Give a lead time for a fabric that is not stocked." in response.content.decode()
    assert Factory.objects.count() == 0


def test_rows_of_another_factory_cannot_be_edited_through_this_one(
    staff_client: Client,
) -> None:
    factory = make_factory("HZ-01")
    other = make_factory("XA-02")
    theirs = Holiday.objects.create(factory=other, date=date(2026, 5, 1), name="Labour Day")
    before = factory_state()
    rows, initial = existing_rows(factory)
    rows["holidays"] = [
        {"id": theirs.pk, "factory": factory.pk, "date": "2026-05-02", "name": "Hijacked"}
    ]
    initial["holidays"] = 1

    response = staff_client.post(
        reverse("factory-dashboard:factory-update", kwargs={"pk": factory.pk}),
        factory_post({**FACTORY_VALUES, "code": "HZ-01"}, rows, initial),
    )

    assert response.status_code == 400
    assert "This row no longer exists." in response.content.decode()
    assert factory_state() == before


# --- Standard minutes ----------------------------------------------------------------


def test_staff_edit_standard_minutes_and_option_extras(staff_client: Client) -> None:
    sewing = OperationStandard.objects.create(
        garment_type="shirt", kind="sewing", standard_minutes=Decimal("45")
    )
    data = {
        **formset_data(
            "standards",
            [
                {
                    "id": sewing.pk,
                    "garment_type": "shirt",
                    "kind": "sewing",
                    "standard_minutes": "44.5",
                },
                {"garment_type": "shirt", "kind": "cutting", "standard_minutes": "6"},
            ],
            initial=1,
        ),
        **formset_data(
            "extras",
            [
                {
                    "garment_type": "shirt",
                    "option_code": "monogram_position",
                    "choice_code": "chest",
                    "kind": "finishing",
                    "extra_minutes": "8",
                }
            ],
        ),
    }

    response = staff_client.post(reverse("factory-dashboard:standard-minutes"), data)

    assert response.status_code == 302
    assert list(
        OperationStandard.objects.order_by("kind").values_list(
            "garment_type", "kind", "standard_minutes"
        )
    ) == [("shirt", "cutting", Decimal("6.00")), ("shirt", "sewing", Decimal("44.50"))]
    assert list(
        OptionExtraMinutes.objects.values_list(
            "garment_type", "option_code", "choice_code", "kind", "extra_minutes"
        )
    ) == [("shirt", "monogram_position", "chest", "finishing", Decimal("8.00"))]


def test_invalid_standard_minutes_save_nothing(staff_client: Client) -> None:
    OperationStandard.objects.create(
        garment_type="shirt", kind="sewing", standard_minutes=Decimal("45")
    )
    data = {
        **formset_data(
            "standards",
            [
                {"garment_type": "shirt", "kind": "cutting", "standard_minutes": "0"},
                {"garment_type": "shirt", "kind": "sewing", "standard_minutes": "40"},
            ],
        ),
        **formset_data(
            "extras",
            [
                {
                    "garment_type": "shirt",
                    "option_code": "cuff",
                    "choice_code": "french",
                    "kind": "sewing",
                    "extra_minutes": "3",
                }
            ],
        ),
    }

    response = staff_client.post(reverse("factory-dashboard:standard-minutes"), data)

    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    assert list(OperationStandard.objects.values_list("kind", "standard_minutes")) == [
        ("sewing", Decimal("45.00"))
    ]
    assert OptionExtraMinutes.objects.count() == 0
