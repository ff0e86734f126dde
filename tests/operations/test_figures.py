"""Every figure of the operations page, recomputed here in plain Python from the events
of a small scenario, equals what the database counted."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from factory.floor.models import FloorEvent
from factory.models import OperationStandard, WorkCentre
from operations.selectors import (
    ON_THE_FLOOR,
    Filters,
    changeovers_per_day,
    event_days_recount,
    exceptions,
    fabric_use,
    garments_per_day,
    lead_time,
    quality,
    throughput,
    unit_leads_recount,
    utilisation,
    wip_cells,
)
from operations.services import event_days_rebuild
from orders.models import ProductionUnit, UnitEvent, UnitEventDay, UnitLead
from orders.services import (
    unit_factory_move,
    unit_route,
    unit_transition,
    unit_transition_revert,
)
from tests.operations.scenario import week_of_production
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db

WIP = ("paid", "routed", "planned", "released", "cutting", "sewing", "finishing", "qc", "packed")
STAGE = {"cutting": "cutting", "sewing": "sewing", "finishing": "finishing", "qc": "qc"}


def _events() -> list[dict[str, Any]]:
    units = {u.pk: u for u in ProductionUnit.objects.all()}
    return [
        {
            "unit": units[e.unit_id],
            "from": e.from_state,
            "to": e.to_state,
            "at": e.at,
            "day": timezone.localtime(e.at).date(),
            "data": e.data,
        }
        for e in UnitEvent.objects.filter(kind="transition").order_by("at", "pk")
    ]


def _selected(event: dict[str, Any], f: Filters) -> bool:
    unit = event["unit"]
    return (
        (not f.factory_id or unit.factory_id == f.factory_id)
        and (not f.garment_type or unit.garment_type == f.garment_type)
        and f.start <= event["day"] <= f.end
    )


def _percentile(values: list[float], p: float) -> float | None:
    ordered = sorted(values)
    return ordered[max(math.ceil(p * len(ordered)) - 1, 0)] if ordered else None


def expected(f: Filters) -> dict[str, Any]:
    events = _events()
    inside = [e for e in events if _selected(e, f)]
    columns = {"paid": "paid", "released": "released", "cut": "cutting", "finished": "packed"}
    columns |= {"shipped": "shipped", "delivered": "delivered"}
    daily = []
    for day in f.days:
        row: dict[str, Any] = {"day": day}
        for key, state in columns.items():
            row[key] = sum(
                1
                for e in inside
                if e["day"] == day
                and e["to"] == state
                and not (state == "paid" and e["unit"].remake_of_id)
            )
        daily.append(row)

    # Work in progress: replay every event of every unit.
    last: dict[int, dict[str, Any]] = {}
    for e in events:
        last[e["unit"].pk] = e
    cells: dict[tuple[str, int | None], list[tuple[Any, int, str]]] = defaultdict(list)
    for e in last.values():
        unit = e["unit"]
        if e["to"] not in WIP:
            continue
        if f.factory_id and unit.factory_id != f.factory_id:
            continue
        if f.garment_type and unit.garment_type != f.garment_type:
            continue
        cells[(e["to"], unit.factory_id)].append((e["at"], unit.pk, unit.code))
    wip = sorted(
        (
            {
                "state": state,
                "factory_id": factory_id,
                "units": len(found),
                "oldest": min(found)[2],
                "since": min(found)[0],
            }
            for (state, factory_id), found in cells.items()
        ),
        key=lambda r: (WIP.index(r["state"]), r["factory_id"] or 0),
    )

    leads = {}
    for end in ("shipped", "delivered"):
        durations, kept = [], 0
        for e in inside:
            if e["to"] != end:
                continue
            paid = min(x["at"] for x in events if x["unit"] is e["unit"] and x["to"] == "paid")
            durations.append(round((e["at"] - paid).total_seconds() / 3600, 2))
            kept += e["day"] <= e["unit"].promised_ship_date
        leads[end] = (
            len(durations),
            _percentile(durations, 0.5),
            _percentile(durations, 0.9),
            kept,
        )

    standards = {
        (s.garment_type, s.kind): s.standard_minutes for s in OperationStandard.objects.all()
    }
    scanned: dict[tuple[date, int, str], Decimal] = defaultdict(Decimal)
    for e in inside:
        garment, factory_id = e["unit"].garment_type, e["unit"].factory_id
        if e["from"] in STAGE:
            scanned[(e["day"], factory_id, STAGE[e["from"]])] += standards[(garment, e["from"])]
        if e["from"] == "qc" and e["to"] == "packed":
            scanned[(e["day"], factory_id, "packing")] += standards[(garment, "packing")]

    fabrics_per_day: dict[date, set[tuple[int, int]]] = defaultdict(set)
    metres_per_day: dict[date, Decimal] = defaultdict(Decimal)
    metres_per_fabric: dict[int, Decimal] = defaultdict(Decimal)
    for e in inside:
        if e["to"] == "cutting":
            fabrics_per_day[e["day"]].add((e["unit"].factory_id, e["unit"].fabric_id))
            metres_per_day[e["day"]] += e["unit"].fabric_metres
            metres_per_fabric[e["unit"].fabric_id] += e["unit"].fabric_metres

    decisions = [e for e in inside if e["from"] == "qc"]
    ended_units = {e["unit"].pk for e in decisions if e["to"] in ("packed", "remade")}
    first_pass = {
        pk
        for pk in ended_units
        if any(x["unit"].pk == pk and x["from"] == "qc" and x["to"] == "packed" for x in events)
        and not any(
            x["unit"].pk == pk and x["from"] == "qc" and x["to"] == "sewing" for x in events
        )
    }
    remake_reasons = {
        r.unit_id: r.reason for r in FloorEvent.objects.filter(kind="qc", decision="remake")
    }
    reasons: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for e in decisions:
        why = (
            e["data"].get("reason")
            or e["data"].get("qc_reason")
            or remake_reasons.get(e["unit"].pk, "")
        )
        if e["to"] == "sewing":
            reasons[why][0] += 1
        elif e["to"] == "remade":
            reasons[why][1] += 1
    return {
        "daily": daily,
        "wip": wip,
        "leads": leads,
        "scanned": dict(scanned),
        "changeovers": [len(fabrics_per_day.get(day, ())) for day in f.days],
        "metres_per_day": [metres_per_day.get(day, Decimal(0)) for day in f.days],
        "metres_per_fabric": dict(metres_per_fabric),
        "qc": (
            len(decisions),
            sum(e["to"] == "packed" for e in decisions),
            sum(e["to"] == "sewing" for e in decisions),
            sum(e["to"] == "remade" for e in decisions),
            len(ended_units),
            len(first_pass),
        ),
        "reasons": {why: tuple(n) for why, n in reasons.items()},
    }


def _filter_sets(week: Any) -> list[Filters]:
    whole = Filters(start=date(2026, 11, 23), end=date(2026, 11, 29))
    return [
        whole,
        Filters(start=whole.start, end=whole.end, factory_id=week.first.pk),
        Filters(start=whole.start, end=whole.end, factory_id=week.second.pk),
        Filters(start=whole.start, end=whole.end, garment_type="shirt"),
        Filters(start=whole.start, end=whole.end, garment_type="trousers"),
        Filters(start=date(2026, 11, 26), end=date(2026, 11, 27)),
        Filters(start=date(2026, 11, 28), end=date(2026, 11, 30), factory_id=week.first.pk),
    ]


def _minute(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page shows since when to the minute; a new unit's row and its first event are
    written microseconds apart in the same transaction."""
    return [{**c, "since": c["since"].replace(second=0, microsecond=0)} for c in cells]


def _kept() -> list[tuple]:
    return sorted(
        UnitEventDay.objects.filter(n__gt=0).values_list(
            "day",
            "from_state",
            "to_state",
            "factory_id",
            "fabric_id",
            "garment_type",
            "why",
            "remake",
            "n",
            "metres",
        )
    )


def _leads(rows) -> list[tuple]:  # type: ignore[no-untyped-def]
    return sorted(
        (r.event_id, r.unit_id, r.to_state, r.day, r.took, r.promised, r.factory_id, r.garment_type)
        for r in rows
    )


def _recounted() -> list[tuple]:
    return sorted(
        (
            r.day,
            r.from_state,
            r.to_state,
            r.factory_id,
            r.fabric_id,
            r.garment_type,
            r.why,
            r.remake,
            r.n,
            r.metres,
        )
        for r in event_days_recount()
    )


@pytest.mark.parametrize("counted", ["kept", "rebuilt"])
def test_every_figure_equals_a_recount_of_the_events_in_python(clock, counted: str) -> None:  # type: ignore[no-untyped-def]
    """From the per-day counts the services kept as they wrote the events, and from the
    same counts rebuilt by the database from the events: both equal the Python recount."""
    week = week_of_production(clock, extra_units=2)
    assert _kept() == _recounted()
    assert _leads(UnitLead.objects.all()) == _leads(unit_leads_recount())
    assert (
        UnitLead.objects.count()
        == UnitEvent.objects.filter(to_state__in=("shipped", "delivered")).count()
    )
    if counted == "rebuilt":
        before = _kept()
        assert event_days_rebuild() == len(before)
        assert _kept() == before

    for f in _filter_sets(week):
        want = expected(f)

        assert garments_per_day(filters=f) == want["daily"], f
        assert _minute(wip_cells(filters=f)) == _minute(want["wip"]), f
        for end in ("shipped", "delivered"):
            got = lead_time(filters=f, end_state=end)
            assert (got.units, got.p50_hours, got.p90_hours, got.kept) == want["leads"][end], f
        rows = utilisation(filters=f)
        assert {
            (r["day"], r["factory_id"], r["work_centre"]): r["scanned_minutes"]
            for r in rows
            if r["scanned_minutes"]
        } == want["scanned"], f
        capacity = {
            (w.factory_id, w.kind): w.daily_capacity_minutes for w in WorkCentre.objects.all()
        }
        for r in rows:
            cap = capacity[(r["factory_id"], r["work_centre"])]
            assert r["capacity_minutes"] == cap
            assert r["utilisation_pct"] == round(float(100 * r["scanned_minutes"] / cap), 1)
        assert [r["changeovers"] for r in changeovers_per_day(filters=f)] == want["changeovers"]
        days, fabrics = fabric_use(filters=f)
        assert [r["metres"] for r in days] == want["metres_per_day"], f
        assert {x["fabric_id"]: x["used"] for x in fabrics if x["used"]} == want[
            "metres_per_fabric"
        ], f
        qc = quality(filters=f)
        assert (
            qc.decisions,
            qc.passed,
            qc.reworks,
            qc.remakes,
            qc.ended,
            qc.first_pass,
        ) == want["qc"], f
        assert {r["reason"]: (r["rework"], r["remake"]) for r in qc.by_reason} == want["reasons"]


def test_the_scenario_gives_the_figures_a_person_would_count(clock) -> None:  # type: ignore[no-untyped-def]
    """The same week, read by hand: the recount above is not comparing two empty lists."""
    week = week_of_production(clock)
    data = throughput(filters=Filters(start=date(2026, 11, 23), end=date(2026, 11, 29)))

    by_day = {r["day"].day: r for r in data.daily}
    assert (by_day[23]["paid"], by_day[29]["paid"], by_day[25]["cut"]) == (5, 1, 5)
    assert (by_day[26]["finished"], by_day[27]["shipped"], by_day[28]["delivered"]) == (3, 3, 2)
    assert data.shipped.units == 3 and data.shipped.kept == 2
    assert data.shipped.p50_hours == 96.0  # Monday 10:00 to Friday 10:00
    assert data.delivered.units == 2 and data.delivered.p90_hours == 122.0
    assert (data.quality.decisions, data.quality.reworks, data.quality.remakes) == (5, 1, 1)
    assert (data.quality.ended, data.quality.first_pass) == (4, 2)
    assert data.quality.first_pass_yield_pct == 50.0
    assert {r["reason"]: (r["rework"], r["remake"]) for r in data.quality.by_reason} == {
        "seam": (1, 0),
        "fabric_flaw": (0, 1),
    }
    assert [(c["state"], c["units"]) for c in data.wip] == [("paid", 2), ("qc", 1)]
    assert [r["changeovers"] for r in data.changeovers] == [0, 0, 4, 0, 0, 0, 0]
    cotton = next(f for f in data.fabrics if f["code"] == "COT-1")
    assert cotton["short"] is True
    assert data.exceptions["unroutable"].rows[0][0] == week.units[-1].code
    assert [row[0] for row in data.exceptions["idle"].rows] == [week.units[4].code]
    assert [row[0] for row in data.exceptions["fabric-short"].rows] == ["COT-1"]


def test_the_kept_counts_follow_a_unit_moved_to_another_factory_and_an_undone_scan(clock) -> None:  # type: ignore[no-untyped-def]
    week = week_of_production(clock)
    clock.move_to("2026-11-30T09:00:00+08:00")
    paid_order(fabric=week.cotton, garments=1)
    unit = ProductionUnit.objects.order_by("-pk").first()
    assert unit is not None
    unit_transition(unit_id=unit.pk, to_state="routed", changes={"factory_id": week.first.pk})
    unit_transition(unit_id=unit.pk, to_state="planned")
    day = Filters(start=date(2026, 11, 30), end=date(2026, 11, 30), factory_id=week.first.pk)
    assert [r["paid"] for r in garments_per_day(filters=day)] == [1]

    # The planner gives it to the second factory: its paid, routed and planned events go
    # with it.
    unit_factory_move(unit_id=unit.pk, factory_id=week.second.pk)
    unit_transition(unit_id=unit.pk, to_state="released")
    cut = unit_transition(unit_id=unit.pk, to_state="cutting")
    scan = UnitEvent.objects.filter(unit=unit).order_by("-pk").first()
    assert scan is not None and cut.state == "cutting"
    unit_transition_revert(unit_id=unit.pk, event_id=scan.pk)
    unit_transition(unit_id=unit.pk, to_state="cutting")

    assert _kept() == _recounted()
    assert [r["paid"] for r in garments_per_day(filters=day)] == [0]
    second = Filters(start=day.start, end=day.end, factory_id=week.second.pk)
    assert [(r["paid"], r["released"], r["cut"]) for r in garments_per_day(filters=second)] == [
        (1, 2, 2)
    ]
    # No row of the first factory is left holding nothing.
    assert not UnitEventDay.objects.filter(n=0).exists()


def test_the_idle_garments_index_holds_exactly_the_states_on_the_floor() -> None:
    index = next(i for i in ProductionUnit._meta.indexes if i.name == "unit_on_the_floor_since")
    assert set(dict(index.condition.children)["state__in"]) == set(ON_THE_FLOOR)


def test_a_garment_no_factory_can_take_says_why_in_the_reader_s_language() -> None:
    cloth = fabric(stock="100")
    plant(code="NO-CLOTH")
    unit = ProductionUnit.objects.get(order_line__order=paid_order(fabric=cloth))
    unit_route(unit_id=unit.pk)
    today = timezone.localdate()
    filters = Filters(start=today, end=today)

    with translation.override("en"):
        english = exceptions(filters=filters, fabrics=[])["unroutable"].rows
    with translation.override("zh-hans"):
        chinese = exceptions(filters=filters, fabrics=[])["unroutable"].rows

    assert [(row[0], row[1], row[3]) for row in english] == [
        (
            unit.code,
            "Dress shirt",
            "No factory can take it: NO-CLOTH neither stocks nor can receive the fabric.",
        )
    ]
    assert [(row[0], row[1], row[3]) for row in chinese] == [
        (unit.code, "正装衬衫", "没有工厂能接：NO-CLOTH 既无此面料库存，也无法到货。")
    ]
