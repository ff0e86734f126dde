"""Writes of the order pipeline: units from a paid order, state transitions with their
events, routing to a factory, cancelling (with the refund) and remaking; a released work
order's cut plan, with the fabric stock corrected by what the lay needs."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factory.calendars import factory_calendar_load
from factory.models import Factory, WorkOrder
from factory.selectors import factory_fabric_lead_time
from orders.cutting import cut_plan_for, cut_plan_inputs_sha256
from orders.event_days import unit_event_count, unit_events_factory_move
from orders.load import unit_load_move
from orders.models import CutPlan, ProductionUnit, UnitEvent, UnitSpecRevision
from orders.notes import Note, note_english, note_make
from orders.notifications import NOTICE_STATES
from orders.outbox import outbox_put
from orders.selectors import promised_ship_date_estimate, routing_choice
from orders.snapshots import SNAPSHOT_VERSION, snapshot_digest, spec_snapshot
from orders.states import CANCELLABLE, SCAN_MOVES, UnitState, transition_allowed
from shop.models import Fabric
from shop.patterns import PatternError
from shop.patterns.marker import marker_pdf, marker_svg
from shop.selectors import garments_for_order

logger = logging.getLogger(__name__)


class IllegalTransition(Exception):
    """The unit cannot go to that state from where it is; nothing was changed."""


def _actor_label(actor: Any, label: str) -> str:
    if label:
        return label
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.get_username()[:60]
    return "system"


def unit_transition(
    *,
    unit_id: int,
    to_state: str,
    actor: Any = None,
    actor_label: str = "",
    reason: str = "",
    note: Note | None = None,
    data: Mapping[str, Any] | None = None,
    expected_from: Collection[str] | None = None,
    changes: Mapping[str, Any] | None = None,
    standard_minutes: Mapping[str, Decimal] | None = None,
) -> ProductionUnit:
    """Move a unit to ``to_state`` and record who, when and why, in one transaction.
    The why is a ``note`` (``orders.notes``), kept with its English as the ``reason``;
    or a ``reason`` alone, a text shown as it was written.

    The only way a unit's state changes. Raises IllegalTransition (changing nothing)
    for a move the state machine does not allow, or when ``expected_from`` is given
    and the unit is elsewhere (someone else moved it first). ``standard_minutes``: the
    unit's minutes (``orders.load.units_minutes``) when the caller has just reckoned
    them, for a unit entering the open load.
    """
    with transaction.atomic():
        unit = ProductionUnit.objects.select_for_update().get(pk=unit_id)
        if expected_from is not None and unit.state not in expected_from:
            raise IllegalTransition(
                _("Unit %(code)s is %(state)s, not %(expected)s.")
                % {
                    "code": unit.code,
                    "state": unit.get_state_display(),
                    "expected": ", ".join(sorted(expected_from)),
                }
            )
        if not transition_allowed(from_state=unit.state, to_state=to_state):
            raise IllegalTransition(
                _("Unit %(code)s cannot go from %(from)s to %(to)s.")
                % {
                    "code": unit.code,
                    "from": unit.get_state_display(),
                    "to": UnitState(to_state).label,
                }
            )
        now = timezone.now()
        fields = {"state": to_state, "state_changed_at": now, **(changes or {})}
        fields["load_minutes"] = unit_load_move(
            unit=unit,
            to_state=to_state,
            to_factory_id=fields.get("factory_id", unit.factory_id),
            standard=standard_minutes,
        )
        if "factory_id" in fields:
            unit_events_factory_move(unit=unit, to_factory_id=fields["factory_id"])
        ProductionUnit.objects.filter(pk=unit.pk).update(**fields)
        event = UnitEvent.objects.create(
            unit=unit,
            from_state=unit.state,
            to_state=to_state,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=_actor_label(actor, actor_label),
            **_why(reason=reason, note=note, data=data),
        )
        unit.refresh_from_db()
        unit_event_count(unit=unit, event=event)
        if to_state in NOTICE_STATES:
            kind = NOTICE_STATES[to_state]
            outbox_put(
                task="orders.unit_notice", args=[unit.pk, kind], key=f"unit-notice:{unit.pk}:{kind}"
            )
        return unit


def unit_transition_revert(
    *,
    unit_id: int,
    event_id: int,
    actor: Any = None,
    reason: str = "",
    note: Note | None = None,
    data: Mapping[str, Any] | None = None,
) -> ProductionUnit:
    """Undo a scan's move with a compensating event that moves the unit back; the
    undone event stays in the log. Only a floor scan's move (``SCAN_MOVES``) that is
    still the unit's latest transition can be undone; otherwise IllegalTransition,
    changing nothing."""
    with transaction.atomic():
        unit = ProductionUnit.objects.select_for_update().get(pk=unit_id)
        last = UnitEvent.objects.filter(
            unit=unit, kind=UnitEvent.Kind.TRANSITION, pk=event_id
        ).first()
        # Every move since that event must itself be undone (or an undo): the unit is
        # back where that event left it.
        later = list(
            UnitEvent.objects.filter(
                unit=unit, kind=UnitEvent.Kind.TRANSITION, pk__gt=event_id
            ).values_list("pk", "data")
        )
        undone = {data.get("undoes") for _pk, data in later}
        if (
            last is None
            or last.to_state != unit.state
            or (last.from_state, last.to_state) not in SCAN_MOVES
            or any(pk not in undone and "undoes" not in data for pk, data in later)
        ):
            raise IllegalTransition(
                _("Garment %(code)s has moved on since that scan; it cannot be undone.")
                % {"code": unit.code}
            )
        now = timezone.now()
        ProductionUnit.objects.filter(pk=unit.pk).update(
            state=last.from_state, state_changed_at=now
        )
        event = UnitEvent.objects.create(
            unit=unit,
            from_state=unit.state,
            to_state=last.from_state,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=_actor_label(actor, ""),
            **_why(reason=reason, note=note, data={**dict(data or {}), "undoes": last.pk}),
        )
        unit.refresh_from_db()
        unit_event_count(unit=unit, event=event)
        return unit


def _why(*, reason: str, note: Note | None, data: Mapping[str, Any] | None) -> dict[str, Any]:
    """An event's ``reason`` and ``data``: with a note, the note in ``data["note"]`` and
    its English as the reason."""
    if note is None:
        return {"reason": reason, "data": dict(data or {})}
    return {"reason": note_english(note=note), "data": {**dict(data or {}), "note": note}}


def unit_note(
    *,
    unit: ProductionUnit,
    reason: str = "",
    note: Note | None = None,
    actor_label: str = "system",
    data: Mapping[str, Any] | None = None,
) -> None:
    """A note on the unit's timeline that does not move it (``note`` as for
    ``unit_transition``)."""
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEvent.Kind.NOTE,
        from_state=unit.state,
        to_state=unit.state,
        actor_label=actor_label,
        **_why(reason=reason, note=note, data=data),
    )


def _unit_create(
    *,
    order_line: Any,
    spec: Any,
    choices: Mapping[str, Any],
    remake_of: ProductionUnit | None,
    promises: dict[str, Any] | None = None,
) -> ProductionUnit:
    """``promises``: the promised ship date by garment type, filled as the units of one
    order are made (one estimate per type, not per garment)."""

    snapshot = (
        remake_of.snapshot
        if remake_of is not None
        else spec_snapshot(spec=spec, order_line=order_line, choices=dict(choices))
    )
    unit = ProductionUnit.objects.create(
        order_line=order_line,
        remake_of=remake_of,
        snapshot=snapshot,
        snapshot_version=SNAPSHOT_VERSION,
        snapshot_sha256=snapshot_digest(snapshot),
        garment_type=snapshot["garment_type"],
        fabric_id=snapshot["fabric"]["id"],
        fabric_metres=snapshot["fabric_metres"],
        promised_ship_date=promises[snapshot["garment_type"]]
        if promises is not None and snapshot["garment_type"] in promises
        else promised_ship_date_estimate(garment_type=snapshot["garment_type"]),
        state=UnitState.PAID,
    )
    UnitSpecRevision.objects.create(
        unit=unit,
        revision=1,
        snapshot=snapshot,
        snapshot_sha256=unit.snapshot_sha256,
        reason=UnitSpecRevision.Reason.PAID,
    )
    event = UnitEvent.objects.create(
        unit=unit,
        from_state="",
        to_state=UnitState.PAID,
        actor_label="payment" if remake_of is None else "qc",
        **_why(
            reason="",
            note=note_make(code="paid_in_order", params={"number": snapshot["order_number"]})
            if remake_of is None
            else note_make(code="remake_of", params={"code": remake_of.code}),
            data=None,
        ),
    )
    unit_event_count(unit=unit, event=event)
    return unit


def production_units_create(
    *,
    order: Any,
    lines: Sequence[Any] | None = None,
    garments: Mapping[int, Any] | None = None,
) -> list[ProductionUnit]:
    """One unit per garment line of a paid order, each routed after commit. Idempotent.

    ``lines`` (the order's lines, in id order) and ``garments`` (``OrderedGarment`` by
    order line id) when the caller has them, as the payment that made the order does:
    read otherwise."""

    if garments is None:
        garments = garments_for_order(order_id=order.pk)
    existing = set(
        ProductionUnit.objects.filter(order_line__order=order, remake_of__isnull=True).values_list(
            "order_line_id", flat=True
        )
    )
    created = []
    promises: dict[str, Any] = {}
    if lines is None:
        lines = order.lines.select_related("order").order_by("pk")
    for line in lines:
        garment = garments.get(line.pk)
        if garment is None or line.pk in existing:
            continue
        unit = _unit_create(
            order_line=line,
            spec=garment.spec,
            choices=garment.choices,
            remake_of=None,
            promises=promises,
        )
        promises.setdefault(unit.garment_type, unit.promised_ship_date)
        outbox_put(task="orders.unit_route", args=[unit.pk], key=f"unit-route:{unit.pk}")
        created.append(unit)
    return created


def unit_route(*, unit_id: int) -> ProductionUnit:
    """Route a paid unit to a factory, or flag it for staff with the reason. Idempotent:
    a unit no longer ``paid`` is left as it is.

    The unit learns when its fabric is at the factory (the lead time, in the factory's
    working days) and until when its customer may change it (the next release cut-off
    from which it could go into production)."""
    with transaction.atomic():
        unit = ProductionUnit.objects.select_for_update().get(pk=unit_id)
        if unit.state != UnitState.PAID:
            return unit
        choice = routing_choice(unit=unit)
        decision = choice.decision
        if decision.factory_id is None:
            reason = note_english(note=decision.note)
            if not unit.needs_attention or unit.attention_note != decision.note:
                ProductionUnit.objects.filter(pk=unit.pk).update(
                    needs_attention=True, attention_reason=reason, attention_note=decision.note
                )
                unit_note(unit=unit, note=decision.note, actor_label="routing")
            unit.refresh_from_db()
            return unit
        # The chosen factory and its calendar as routing read them: not read again.
        arrives_on, changes_until = unit_start_window(
            factory_id=decision.factory_id,
            fabric_id=unit.fabric_id,
            at=timezone.now(),
            factory=choice.factories.get(decision.factory_id),
            calendar=choice.calendars.get(decision.factory_id),
        )
        # Planning sits above: it is told by a task sent by name.
        outbox_put(task="scheduling.units_arrived")
        return unit_transition(
            unit_id=unit.pk,
            to_state=UnitState.ROUTED,
            actor_label="routing",
            note=decision.note,
            expected_from={UnitState.PAID},
            changes={
                "factory_id": decision.factory_id,
                "routing_reason": note_english(note=decision.note),
                "needs_attention": False,
                "attention_reason": "",
                "attention_note": {},
                "fabric_arrives_on": arrives_on,
                "changes_until": changes_until,
            },
            standard_minutes=choice.needed,
        )


def unit_factory_move(*, unit_id: int, factory_id: int) -> ProductionUnit:
    """Give a unit to another factory (the planner keeping a promise), its minutes moving
    with it from one factory's open load to the other's."""
    with transaction.atomic():
        unit = ProductionUnit.objects.select_for_update().get(pk=unit_id)
        recorded = unit_load_move(unit=unit, to_state=unit.state, to_factory_id=factory_id)
        unit_events_factory_move(unit=unit, to_factory_id=factory_id)
        ProductionUnit.objects.filter(pk=unit.pk).update(
            factory_id=factory_id, load_minutes=recorded
        )
        unit.refresh_from_db()
        return unit


def unit_start_window(
    *, factory_id: int, fabric_id: int, at: Any, factory: Any = None, calendar: Any = None
) -> tuple[Any, Any]:
    """(the day the fabric is at the factory, the cut-off before the unit's earliest
    production day) for a unit routed to the factory at ``at``. ``factory`` (that
    factory, its ``fabrics`` best prefetched) and ``calendar`` (its calendar), when the
    caller has them, spare reading them again."""
    if factory is None or factory.pk != factory_id:
        factory = Factory.objects.get(pk=factory_id)
        calendar = None
    if calendar is None:
        calendar = factory_calendar_load(factory=factory)
    lead = factory_fabric_lead_time(factory=factory, fabric_id=fabric_id) or 0
    arrives_on = calendar.working_days_add(at.astimezone(factory.tzinfo).date(), lead)
    first = calendar.first_open_day(at)
    if arrives_on > first:
        first = (
            arrives_on
            if calendar.is_working(arrives_on)
            else calendar.working_day_after(arrives_on)
        )
    return arrives_on, calendar.cutoff_for(first)


def unit_remake(
    *,
    unit_id: int,
    actor: Any = None,
    reason: str = "",
    note: Note | None = None,
    data: Mapping[str, Any] | None = None,
) -> ProductionUnit:
    """A unit failed QC beyond repair: it ends as remade, a new unit re-enters routing.
    ``data`` (and ``note``) go on the remade event (the floor's QC record and its reason
    code)."""
    with transaction.atomic():
        unit = unit_transition(
            unit_id=unit_id,
            to_state=UnitState.REMADE,
            actor=actor,
            actor_label="" if actor else "qc",
            reason=reason,
            note=note,
            data=data,
            expected_from={UnitState.QC},
        )
        new = _unit_create(order_line=unit.order_line, spec=None, choices={}, remake_of=unit)
        outbox_put(task="orders.unit_route", args=[new.pk], key=f"unit-route:{new.pk}")
        return new


#: Why a garment can no longer be changed or cancelled.
RELEASED_MESSAGE = gettext_lazy(
    "This garment has been released to the factory for production, so it can no longer "
    "be changed or cancelled."
)


class ChangeRefused(Exception):
    """The customer's change (cancel, correction) cannot be made now; nothing changed.
    The message says why, in the customer's words."""


def _live_units(*, order_line_id: int) -> list[ProductionUnit]:
    return list(
        ProductionUnit.objects.select_for_update()
        .filter(order_line_id=order_line_id)
        .exclude(state__in=(UnitState.CANCELLED, UnitState.REMADE))
        .order_by("pk")
    )


def _refuse_unless_changeable(units: list[ProductionUnit]) -> None:
    if not units:
        raise ChangeRefused(_("This garment is already cancelled."))
    if any(unit.state not in CANCELLABLE for unit in units):
        raise ChangeRefused(str(RELEASED_MESSAGE))


def order_line_change_hold(*, order_line_id: int) -> list[int]:
    """Hold a garment's units for a change the customer asked for: refused (changing
    nothing) once released, or while another change is being made. Commits at once, so
    the release sees the hold while the payment service is called. Returns the unit ids."""
    with transaction.atomic():
        units = _live_units(order_line_id=order_line_id)
        _refuse_unless_changeable(units)
        if any(unit.change_held_at is not None for unit in units):
            raise ChangeRefused(
                _("Another change to this garment is being made; please try again shortly.")
            )
        ids = [unit.pk for unit in units]
        ProductionUnit.objects.filter(pk__in=ids).update(change_held_at=timezone.now())
    return ids


def order_line_change_release(*, order_line_id: int) -> None:
    """Lift the hold (the change was made, or could not be)."""
    ProductionUnit.objects.filter(order_line_id=order_line_id).update(change_held_at=None)


def order_line_units_cancel(
    *, order_line_id: int, actor: Any, by_customer: bool, made_anyway: bool = False
) -> list[int]:
    """Stop a refunded garment's production (inside the caller's transaction, which
    records the refund): its units go to ``cancelled`` through the state machine and the
    fabric each one had taken goes back to stock, once (a remake never took any).

    Refused with ChangeRefused, changing nothing, once a unit is released, unless staff
    chose ``made_anyway``: then the units stay in production and only a note says the
    garment was refunded. Returns the ids of the units cancelled.
    """
    units = _live_units(order_line_id=order_line_id)
    if not units:
        if ProductionUnit.objects.filter(order_line_id=order_line_id).exists():
            raise ChangeRefused(_("This garment is already cancelled."))
        return []  # a line that never became a unit: nothing to stop
    if any(unit.change_held_at is not None for unit in units):
        raise ChangeRefused(
            _("Another change to this garment is being made; please try again shortly.")
        )
    released = [unit for unit in units if unit.state not in CANCELLABLE]
    if released and (by_customer or not made_anyway):
        raise ChangeRefused(
            str(RELEASED_MESSAGE)
            if by_customer
            else _(
                "This garment has been released to the factory. To refund it all the same, "
                "choose that it is made anyway: it stays in production."
            )
        )
    if released:
        for unit in units:
            unit_note(
                unit=unit,
                note=note_make(code="refunded_made_anyway"),
                actor_label=_actor_label(actor, ""),
                data={"refunded": True, "made_anyway": True},
            )
        return []
    for unit in units:
        unit_transition(
            unit_id=unit.pk,
            to_state=UnitState.CANCELLED,
            actor=actor,
            note=note_make(code="cancelled_by_customer" if by_customer else "cancelled_by_staff"),
            changes={"change_held_at": None},
        )
        if unit.remake_of_id is None:
            Fabric.objects.filter(pk=unit.fabric_id).update(
                metres_in_stock=F("metres_in_stock") + unit.fabric_metres
            )
    return [unit.pk for unit in units]


def unit_spec_correct(
    *,
    order_line_id: int,
    measurements: Mapping[str, str],
    finished: Mapping[str, str],
    fabric_metres: Any,
    price_paid: Any,
    actor: Any,
) -> list[ProductionUnit]:
    """New measurements for a garment before release (inside the caller's transaction):
    each unit gets a new spec revision; the earlier ones are kept. Refused, changing
    nothing, once released."""
    units = _live_units(order_line_id=order_line_id)
    _refuse_unless_changeable(units)
    changed = []
    for unit in units:
        snapshot = {
            **unit.snapshot,
            "measurements_cm": dict(sorted(measurements.items())),
            "finished_cm": dict(sorted(finished.items())),
            "fabric_metres": str(fabric_metres),
            "price_paid": str(price_paid),
        }
        revision = unit.spec_revision + 1
        digest = snapshot_digest(snapshot)
        UnitSpecRevision.objects.create(
            unit=unit,
            revision=revision,
            snapshot=snapshot,
            snapshot_sha256=digest,
            reason=UnitSpecRevision.Reason.MEASUREMENTS,
        )
        ProductionUnit.objects.filter(pk=unit.pk).update(
            snapshot=snapshot,
            snapshot_sha256=digest,
            spec_revision=revision,
            fabric_metres=fabric_metres,
            change_held_at=None,
        )
        unit_note(
            unit=unit,
            note=note_make(code="measurements_corrected", params={"revision": revision}),
            actor_label=_actor_label(actor, ""),
            data={"revision": revision},
        )
        unit.refresh_from_db()
        changed.append(unit)
    return changed


def cut_plan_apply(*, work_order_id: int, seed: int = 0) -> CutPlan:
    """Nest every shell piece of the work order's garments on its fabric, store the plan,
    and correct the fabric's stock by the consumption estimate less the planned metres.

    Idempotent: a work order has one plan; a second call returns it and changes nothing.
    The nesting runs outside any transaction; the plan row and the stock correction are
    written together under the fabric's row lock. Raises :class:`PatternError` (a drafting
    error, ``fabric_too_narrow``, or ``fabric_short`` when the lay needs more than was
    reserved and the stock cannot give it), having written nothing.
    """
    stored = CutPlan.objects.filter(work_order_id=work_order_id).first()
    if stored is not None:
        return stored
    order = WorkOrder.objects.select_related("fabric").get(pk=work_order_id)
    units = list(order.units.order_by("code"))
    plan = cut_plan_for(units=units, fabric=order.fabric, seed=seed)
    estimated = sum((unit.fabric_metres for unit in units), Decimal("0"))
    correction = estimated - plan.planned_metres
    fields = {
        "fabric": order.fabric,
        "seed": plan.seed,
        "iterations": plan.iterations,
        "inputs_sha256": cut_plan_inputs_sha256(
            units=units, fabric=order.fabric, seed=plan.seed, iterations=plan.iterations
        ),
        "garments": len(units),
        "pieces": len(plan.marker.placements),
        "lay_mm": round(plan.marker.length),
        "usable_width_mm": round(plan.marker.width),
        "estimated_metres": estimated,
        "planned_metres": plan.planned_metres,
        "stock_correction_metres": correction,
        "utilisation": Decimal(str(round(plan.utilisation, 4))),
        "marker_svg": marker_svg(plan),
        "marker_pdf": marker_pdf(plan),
    }
    try:
        with transaction.atomic():
            fabric = Fabric.objects.select_for_update().get(pk=order.fabric_id)
            stored = CutPlan.objects.filter(work_order_id=work_order_id).first()
            if stored is not None:
                return stored  # planned by another worker while this one nested
            if fabric.metres_in_stock + correction < 0:
                raise PatternError(
                    "fabric_short",
                    extra=-correction,
                    fabric=fabric.code,
                    left=fabric.metres_in_stock,
                )
            stored = CutPlan.objects.create(work_order=order, **fields)
            Fabric.objects.filter(pk=fabric.pk).update(
                metres_in_stock=F("metres_in_stock") + correction
            )
    except IntegrityError:
        stored = CutPlan.objects.filter(work_order_id=work_order_id).first()
        if stored is None:
            raise
        return stored  # stored by another worker between the check and the insert
    logger.info(
        "work order %s: cut plan %s m for an estimate of %s m (stock %+.2f m)",
        order.code,
        plan.planned_metres,
        estimated,
        correction,
    )
    return stored
