"""The per-day counts of unit events (``UnitEventDay``) and the lead times of garments
shipped and delivered (``UnitLead``), kept by the services that write the events, in
their transaction: each transition adds one to its day's row; a unit given to another
factory moves its counted events (and lead times) from the old factory to the new one.
No signals: ``orders.services`` calls these where it writes."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from orders.models import ProductionUnit, UnitEvent, UnitEventDay, UnitLead
from orders.states import UnitState

#: The columns that name a row, in the order of the unique constraint.
#: Moves whose lead time from payment is kept (``UnitLead``).
LEAD_STATES = (UnitState.SHIPPED, UnitState.DELIVERED)
KEY = ("day", "from_state", "to_state", "factory_id", "fabric_id", "garment_type", "why", "remake")
WHY_LENGTH = 100


def event_why(*, from_state: str, data: Any) -> str:
    """The QC reason of a move out of QC (the ``reason``, else the ``qc_reason``, in the
    event's data); empty for any other move."""
    if from_state != UnitState.QC or not isinstance(data, dict):
        return ""
    for name in ("reason", "qc_reason"):
        value = data.get(name)
        if value is not None:
            return str(value)[:WHY_LENGTH]
    return ""


def _key(*, unit: ProductionUnit, event: UnitEvent, factory_id: int | None) -> tuple[Any, ...]:
    cut = event.to_state == UnitState.CUTTING
    return (
        timezone.localtime(event.at).date(),
        event.from_state,
        event.to_state,
        factory_id or 0,
        unit.fabric_id if cut else 0,
        unit.garment_type,
        event_why(from_state=event.from_state, data=event.data),
        event.to_state == UnitState.PAID and unit.remake_of_id is not None,
    )


_deferred = threading.local()


@contextmanager
def unit_event_counts_deferred() -> Iterator[None]:
    """Count the transitions written inside the block at its end, one statement for
    each row they touch, instead of one where each is written: a day's row (every
    garment paid today) is then locked only from the end of the block to the commit.

    Inside the caller's transaction and without a savepoint of its own: an error inside
    the block leaves that transaction to be rolled back, events and counts together."""
    if getattr(_deferred, "rows", None) is not None:  # an enclosing block counts them
        yield
        return
    with transaction.atomic(savepoint=False):
        _deferred.rows = rows = {}
        try:
            yield
        finally:
            _deferred.rows = None
        _add([(key, n, metres) for key, (n, metres) in sorted(rows.items())])


def _add(rows: Iterable[tuple[tuple[Any, ...], int, Decimal]]) -> None:
    """Add (key, n, metres) to the rows, making the missing ones. One statement each
    (inside ``unit_event_counts_deferred``: summed by row, written at its end)."""
    pending = getattr(_deferred, "rows", None)
    if pending is not None:
        for key, n, metres in rows:
            before = pending.get(key, (0, Decimal(0)))
            pending[key] = (before[0] + n, before[1] + metres)
        return
    table = connection.ops.quote_name(UnitEventDay._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in KEY)
    sql = (
        f"INSERT INTO {table} ({columns}, n, metres) "
        f"VALUES ({', '.join(['%s'] * (len(KEY) + 2))}) "
        f"ON CONFLICT ({columns}) DO UPDATE SET n = {table}.n + excluded.n, "
        f"metres = {table}.metres + excluded.metres"
    )
    with connection.cursor() as cursor:
        for key, n, metres in rows:
            cursor.execute(sql, [*key, n, metres])


def unit_event_count(*, unit: ProductionUnit, event: UnitEvent) -> None:
    """Count a transition event just written for ``unit`` (as it is after the move)."""
    if event.kind != UnitEvent.Kind.TRANSITION:
        return
    metres = unit.fabric_metres if event.to_state == UnitState.CUTTING else Decimal(0)
    _add([(_key(unit=unit, event=event, factory_id=unit.factory_id), 1, metres)])
    if event.to_state in LEAD_STATES:
        UnitLead.objects.create(
            event_id=event.pk,
            unit_id=unit.pk,
            to_state=event.to_state,
            day=timezone.localtime(event.at).date(),
            took=event.at - unit.created_at,
            promised=unit.promised_ship_date,
            factory_id=unit.factory_id or 0,
            garment_type=unit.garment_type,
        )


def unit_events_factory_move(*, unit: ProductionUnit, to_factory_id: int | None) -> None:
    """Before ``unit`` (as it is now) goes to another factory: its events counted so far
    leave its factory's rows for the new factory's."""
    if (unit.factory_id or 0) == (to_factory_id or 0):
        return
    moves = []
    events = list(UnitEvent.objects.filter(unit=unit, kind=UnitEvent.Kind.TRANSITION))
    for event in events:
        metres = unit.fabric_metres if event.to_state == UnitState.CUTTING else Decimal(0)
        moves.append((_key(unit=unit, event=event, factory_id=unit.factory_id), -1, -metres))
        moves.append((_key(unit=unit, event=event, factory_id=to_factory_id), 1, metres))
    _add(sorted(moves, key=lambda m: (m[0], m[1])))
    # A unit has lead times only from its moves into LEAD_STATES (a unit routed after
    # payment has none: no statement).
    if any(event.to_state in LEAD_STATES for event in events):
        UnitLead.objects.filter(unit_id=unit.pk).update(factory_id=to_factory_id or 0)
    _empty_rows_delete(days=sorted({key[0] for key, _n, _m in moves}), factory_id=unit.factory_id)


def _empty_rows_delete(*, days: list[Any], factory_id: int | None) -> None:
    """Delete the rows of those days at that factory that count nothing now: one DELETE
    (a queryset's delete reads the rows first, for a search index's signal that takes
    no interest in these)."""
    if not days:
        return
    ops = connection.ops
    meta = UnitEventDay._meta
    column = {
        name: ops.quote_name(meta.get_field(name).column) for name in ("day", "factory_id", "n")
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {ops.quote_name(meta.db_table)} "
            f"WHERE {column['day']} IN ({', '.join(['%s'] * len(days))}) "
            f"AND {column['factory_id']} = %s AND {column['n']} = 0",
            [*(ops.adapt_datefield_value(day) for day in days), factory_id or 0],
        )
