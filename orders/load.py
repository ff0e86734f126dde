"""Each factory's open load: the minutes per work-centre kind that its open units still
need, kept as a running sum (``FactoryLoad``, one row per factory and kind).

A unit enters a factory's load when it is routed there, moves with it when the planner
moves it, and leaves it when it is packed, cancelled or remade. Each move is made in the
transaction of the change (``orders.services``), with the minutes the unit recorded when
it entered (``ProductionUnit.load_minutes``), so the sum never drifts from its units.
Promises and routing read it in one query: their cost does not grow with the backlog.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from factory.selectors import garment_minutes
from orders.models import FactoryLoad, ProductionUnit
from orders.states import OPEN_STATES

Minutes = dict[str, Decimal]


def units_minutes(units: Iterable[ProductionUnit]) -> dict[int, Minutes]:
    """Minutes per work centre of each unit, one lookup per distinct garment configuration."""

    cache: dict[tuple[str, tuple[tuple[str, str], ...]], Minutes] = {}
    found = {}
    for unit in units:
        choices = tuple(
            sorted((code, o["choice"]) for code, o in unit.snapshot.get("options", {}).items())
        )
        key = (unit.garment_type, choices)
        if key not in cache:
            cache[key] = garment_minutes(garment_type=unit.garment_type, choices=dict(choices))
        found[unit.pk] = cache[key]
    return found


def _recorded(unit: ProductionUnit) -> Minutes:
    return {kind: Decimal(value) for kind, value in (unit.load_minutes or {}).items()}


def factory_load_shift(*, deltas: Mapping[int, Mapping[str, Decimal]]) -> None:
    """Add minutes to factories' open load (negative minutes take them away).

    Rows are updated in (factory, kind) order, so two shifts never deadlock; a row is
    created the first time a factory has load of a kind.
    """
    for factory_id, kind in sorted((f, k) for f, kinds in deltas.items() for k in kinds):
        minutes = deltas[factory_id][kind]
        if not minutes:
            continue
        rows = FactoryLoad.objects.filter(factory_id=factory_id, kind=kind)
        if not rows.update(minutes=F("minutes") + minutes):
            FactoryLoad.objects.bulk_create(
                [FactoryLoad(factory_id=factory_id, kind=kind)], ignore_conflicts=True
            )
            rows.update(minutes=F("minutes") + minutes)


def unit_load_move(
    *,
    unit: ProductionUnit,
    to_state: str,
    to_factory_id: int | None,
    standard: Mapping[str, Decimal] | None = None,
) -> dict[str, str]:
    """Move ``unit``'s minutes in the open load for its change to ``to_state`` at
    ``to_factory_id`` (out of its factory, into the new one, or both). Call it inside
    the transaction that makes the change, with the unit locked.

    Returns the minutes to store on the unit (``load_minutes``): those it recorded, or
    its garment's standard minutes now when it enters the load for the first time
    (``standard``: those minutes, when the caller has just reckoned them by
    ``units_minutes``).
    """
    was = unit.factory_id if unit.state in OPEN_STATES else None
    now = to_factory_id if to_state in OPEN_STATES else None
    minutes = _recorded(unit)
    if now is not None and not minutes:
        minutes = dict(standard) if standard is not None else units_minutes([unit])[unit.pk]
    if was != now:
        deltas: dict[int, Minutes] = defaultdict(dict)
        if was is not None:
            for kind, value in minutes.items():
                deltas[was][kind] = -value
        if now is not None:
            for kind, value in minutes.items():
                deltas[now][kind] = deltas[now].get(kind, Decimal(0)) + value
        factory_load_shift(deltas=deltas)
    return {kind: str(value) for kind, value in minutes.items()}


def factory_load_counted() -> dict[int, Minutes]:
    """The open load summed afresh from the open units (what ``FactoryLoad`` must hold)."""
    load: dict[int, Minutes] = defaultdict(lambda: defaultdict(Decimal))
    units = ProductionUnit.objects.filter(state__in=OPEN_STATES, factory__isnull=False)
    for factory_id, recorded in units.values_list("factory_id", "load_minutes").iterator():
        for kind, value in (recorded or {}).items():
            load[factory_id][kind] += Decimal(value)
    return {f: {k: v for k, v in kinds.items() if v} for f, kinds in load.items()}


def factory_load_rebuild() -> dict[int, Minutes]:
    """Rewrite ``FactoryLoad`` from the open units (after an import or a repair by hand).

    Locks the load rows while it counts, so no change slips between count and write.
    """
    with transaction.atomic():
        list(FactoryLoad.objects.select_for_update().values_list("pk", flat=True))
        counted = factory_load_counted()
        FactoryLoad.objects.exclude(
            factory_id__in=list(counted),
        ).update(minutes=Decimal(0))
        for factory_id, kinds in counted.items():
            FactoryLoad.objects.filter(factory_id=factory_id).exclude(kind__in=list(kinds)).update(
                minutes=Decimal(0)
            )
            for kind, value in kinds.items():
                FactoryLoad.objects.update_or_create(
                    factory_id=factory_id, kind=kind, defaults={"minutes": value}
                )
    return counted
