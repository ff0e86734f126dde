"""A small week at two factories, written through the same services the platform uses
(payment, ``unit_transition``, ``unit_remake``), with the clock moved between steps so
that events fall on different days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from factory.models import Factory
from orders.models import ProductionUnit
from orders.services import unit_remake, unit_transition
from shop.models import Fabric
from tests.clock import SuiteClock
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric


@dataclass
class Week:
    first: Factory
    second: Factory
    cotton: Fabric
    linen: Fabric
    units: list[ProductionUnit]


def _move(unit: ProductionUnit, *states: str, data: dict[str, Any] | None = None) -> None:
    for state in states:
        unit_transition(unit_id=unit.pk, to_state=state, actor_label="scan", data=data)


def week_of_production(clock: SuiteClock, *, extra_units: int = 0) -> Week:
    """Monday 23 to Sunday 29 November 2026, then the clock back at the suite's instant.

    Five shirts paid on Monday (three cotton, two linen), routed to two factories on
    Tuesday and released; cut, sewn and finished on Wednesday; on Thursday QC passes one,
    sends one back to sewing (it passes later that day), remakes one, passes a fourth and
    leaves the fifth waiting; three ship on Friday, two are delivered on Saturday; one more
    shirt, in silk, is paid on Sunday and no factory can take it. ``extra_units`` more go
    the whole way.
    """
    now = clock.now()
    cotton, linen = fabric(code="COT-1", stock="100"), fabric(code="LIN-1", stock="500")
    silk = fabric(code="SLK-1", stock="100")

    # Paid before the factories exist, so that routing (which runs after commit when the
    # test commits) leaves them to the routing done by hand below.
    clock.move_to("2026-11-23T10:00:00+08:00")
    paid_order(fabric=cotton, garments=3 + extra_units)
    paid_order(fabric=linen, garments=2)
    units = list(ProductionUnit.objects.order_by("pk"))
    first = plant(code="OPS-A", fabrics=(cotton, linen), lead_time_days=3)
    second = plant(code="OPS-B", fabrics=(cotton, linen), lead_time_days=5)

    clock.move_to("2026-11-24T09:00:00+08:00")
    for i, unit in enumerate(units):
        factory = first if i % 2 == 0 else second
        unit_transition(
            unit_id=unit.pk,
            to_state="routed",
            actor_label="routing",
            changes={"factory_id": factory.pk, "needs_attention": False, "attention_reason": ""},
        )
        _move(unit, "planned")
    clock.move_to("2026-11-24T18:00:00+08:00")
    for unit in units:
        _move(unit, "released")

    for at, state in (("08:30", "cutting"), ("10:00", "sewing"), ("15:00", "finishing")):
        clock.move_to(f"2026-11-25T{at}:00+08:00")
        for unit in units:
            _move(unit, state)
    clock.move_to("2026-11-26T09:00:00+08:00")
    for unit in units:
        _move(unit, "qc")

    clock.move_to("2026-11-26T10:00:00+08:00")
    passed_first, reworked, remade, passed_late, _waiting, *more = units
    _move(passed_first, "packed")
    _move(reworked, "sewing", data={"reason": "seam"})
    unit_remake(unit_id=remade.pk, reason="Fabric flaw")
    # The remake's reason comes with the floor's QC record; the event of this one is
    # written by unit_remake without data, so it counts under "no reason given".
    _move(passed_late, "packed")
    for unit in more:
        _move(unit, "packed")
    clock.move_to("2026-11-26T14:00:00+08:00")
    _move(reworked, "finishing", "qc")
    clock.move_to("2026-11-26T16:00:00+08:00")
    _move(reworked, "packed")

    # The first shirt was promised for Thursday: shipped on Friday, its promise is missed.
    ProductionUnit.objects.filter(pk=passed_first.pk).update(promised_ship_date=date(2026, 11, 26))
    ProductionUnit.objects.filter(pk__in=[u.pk for u in units]).exclude(pk=passed_first.pk).update(
        promised_ship_date=date(2026, 12, 4)
    )
    clock.move_to("2026-11-27T10:00:00+08:00")
    for unit in (passed_first, reworked, passed_late, *more):
        _move(unit, "shipped")
    clock.move_to("2026-11-28T12:00:00+08:00")
    for unit in (passed_first, reworked, *more):
        _move(unit, "delivered")

    clock.move_to("2026-11-29T11:00:00+08:00")
    paid_order(fabric=silk, garments=1)  # no factory has silk
    stranded = ProductionUnit.objects.order_by("-pk").first()
    assert stranded is not None
    ProductionUnit.objects.filter(pk=stranded.pk).update(
        needs_attention=True, attention_reason="No factory has this fabric."
    )
    # Little cotton is left: at this week's rate it runs out before a delivery could come.
    Fabric.objects.filter(pk=cotton.pk).update(metres_in_stock=Decimal("2"))
    clock.move_to(now)
    return Week(first, second, cotton, linen, list(ProductionUnit.objects.order_by("pk")))
