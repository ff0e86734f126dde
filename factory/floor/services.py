"""Writes of the factory floor: accepting a work order, scanning a garment to its next
stage, undoing a scan, recording a QC result, shipping and delivering.

Every unit's move goes through ``orders.services`` (``unit_transition``, ``unit_remake``,
``unit_transition_revert``), which lock the unit and write its event; the floor writes
its own ``FloorEvent`` beside it in the same transaction. Each refusal is a
``FloorError`` whose ``code`` says what kind of refusal and whose ``message`` says it in
words a person on the floor understands; a refusal changes nothing.

A ``client_event_id`` (from a scan station or the factory's own system) makes an action
idempotent: it is unique per factory, and the same id again returns the first result
without doing anything twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factory.floor.models import FloorEvent, QCDecision, QCReason, Shipment
from factory.floor.selectors import floor_role, unit_get_for_factory
from factory.models import Factory, FactoryMembership, WorkCentre, WorkCentreKind, WorkOrder
from orders.carriers import Carrier
from orders.models import ProductionUnit
from orders.notes import note_make
from orders.services import (
    IllegalTransition,
    unit_note,
    unit_remake,
    unit_transition,
    unit_transition_revert,
)
from orders.states import STAGES, UnitState

S = UnitState

#: The state a scan at each kind of work centre moves a garment to, and from where.
SCAN_TARGETS: dict[str, tuple[str, str]] = {
    WorkCentreKind.CUTTING: (S.RELEASED, S.CUTTING),
    WorkCentreKind.SEWING: (S.CUTTING, S.SEWING),
    WorkCentreKind.FINISHING: (S.SEWING, S.FINISHING),
    WorkCentreKind.QC: (S.FINISHING, S.QC),
    WorkCentreKind.PACKING: (S.QC, S.PACKED),
}
#: The stages a garment goes through at the factory, in order.
STAGE_ORDER = STAGES[STAGES.index(S.RELEASED) :]
TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9-]{6,40}$")


class FloorError(Exception):
    """A refused floor action; nothing was changed.

    ``code``: ``unknown`` (no such garment, work order, work centre or shipment here),
    ``out_of_order`` (not the garment's next stage), ``cancelled`` (cancelled or replaced
    by a remake), ``not_yours`` (the user does not work at this factory),
    ``not_allowed`` (a manager's action), ``invalid`` (a bad value, see the message).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ScanResult:
    unit: ProductionUnit
    state: str
    repeated: bool


@dataclass(frozen=True)
class UndoResult:
    unit: ProductionUnit
    state: str
    undone: FloorEvent


@dataclass(frozen=True)
class QCResult:
    unit: ProductionUnit
    passed: bool
    decision: str
    #: The garment made again, for a remake.
    remake: ProductionUnit | None


# --- who may do what ------------------------------------------------------------------


def _require_member(*, factory: Factory, user: Any, manager: bool = False) -> str:
    role = floor_role(factory=factory, user=user)
    if role is None:
        raise FloorError("not_yours", _("You do not work at this factory."))
    if manager and role != FactoryMembership.Role.MANAGER:
        raise FloorError("not_allowed", _("Only a manager of the factory can do this."))
    return role


def _unknown_unit(code: str) -> FloorError:
    return FloorError(
        "unknown",
        _("Unknown garment code %(code)s. Check the ticket and scan again.")
        % {"code": code.strip()[:30] or "—"},
    )


def _unit(*, factory: Factory, code: str) -> ProductionUnit:
    try:
        return unit_get_for_factory(factory=factory, code=code)
    except ProductionUnit.DoesNotExist:
        raise _unknown_unit(code) from None


def _refuse_if_ended(unit: ProductionUnit) -> None:
    if unit.state == S.CANCELLED:
        raise FloorError(
            "cancelled",
            _("Stop: garment %(code)s was cancelled. Put it aside and tell your manager.")
            % {"code": unit.code},
        )
    if unit.state == S.REMADE:
        raise FloorError(
            "cancelled",
            _("Stop: garment %(code)s is being made again; this one is no longer needed.")
            % {"code": unit.code},
        )


T = TypeVar("T")


def _client_id(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not 1 <= len(value) <= 64:
        raise FloorError("invalid", _("A client event id has 1 to 64 characters."))
    return value


def _idempotent(
    *,
    factory: Factory,
    client_event_id: str | None,
    kind: str,
    first_result: Callable[[FloorEvent], T],
    apply: Callable[[], T],
) -> T:
    """Apply once per client event id: an id seen before returns the first result."""
    if client_event_id is not None:

        def seen() -> FloorEvent | None:
            return (
                FloorEvent.objects.filter(factory=factory, client_event_id=client_event_id)
                .select_related("unit", "remake")
                .first()
            )

        earlier = seen()
        if earlier is not None:
            if earlier.kind != kind:
                raise FloorError(
                    "invalid",
                    _("That client event id was already used for another kind of action."),
                )
            return first_result(earlier)
        try:
            return apply()
        except IntegrityError:
            earlier = seen()  # the same id applied meanwhile by a concurrent request
            if earlier is None or earlier.kind != kind:
                raise
            return first_result(earlier)
    return apply()


# --- work orders ------------------------------------------------------------------------


def work_order_accept(*, factory: Factory, work_order_id: int, user: Any) -> WorkOrder:
    """A manager accepts a released work order (recorded as a floor event, once; accepting
    again is harmless). Refused for another factory's work order (``unknown``) and for an
    operator (``not_allowed``)."""
    _require_member(factory=factory, user=user, manager=True)
    try:
        with transaction.atomic():
            order = WorkOrder.objects.select_for_update().get(pk=work_order_id, factory=factory)
            if not FloorEvent.objects.filter(
                work_order=order, kind=FloorEvent.Kind.ACCEPT
            ).exists():
                FloorEvent.objects.create(
                    factory=factory, kind=FloorEvent.Kind.ACCEPT, work_order=order, actor=user
                )
    except WorkOrder.DoesNotExist:
        raise FloorError("unknown", _("There is no such work order at this factory.")) from None
    return order


# --- scans ------------------------------------------------------------------------------


def _work_centre(*, factory: Factory, work_centre_id: int) -> WorkCentre:
    try:
        return WorkCentre.objects.get(pk=work_centre_id, factory=factory)
    except (WorkCentre.DoesNotExist, ValueError, TypeError):
        raise FloorError(
            "unknown", _("There is no such work centre at this factory. Pick yours again.")
        ) from None


def unit_scan(
    *,
    factory: Factory,
    work_centre_id: int,
    code: str,
    user: Any,
    client_event_id: str | None = None,
) -> ScanResult:
    """A garment's ticket scanned at a work centre moves it to that stage.

    A garment already at that stage is left as it is (``repeated``). Refused, changing
    nothing: an unknown code or another factory's garment (``unknown``), a cancelled or
    remade one (``cancelled``), a garment not coming from the previous stage, or one at
    packing whose quality check has not passed (``out_of_order``)."""
    _require_member(factory=factory, user=user)
    client_event_id = _client_id(client_event_id)
    centre = _work_centre(factory=factory, work_centre_id=work_centre_id)

    def first_result(event: FloorEvent) -> ScanResult:
        assert event.unit is not None
        return ScanResult(unit=event.unit, state=event.to_state, repeated=event.repeated)

    def apply() -> ScanResult:
        with transaction.atomic():
            unit = _unit(factory=factory, code=code)
            unit = ProductionUnit.objects.select_for_update().get(pk=unit.pk)
            _refuse_if_ended(unit)
            before, target = SCAN_TARGETS[centre.kind]
            work_order = unit.work_orders.filter(factory=factory).first()
            if unit.state == target:
                FloorEvent.objects.create(
                    factory=factory,
                    kind=FloorEvent.Kind.SCAN,
                    work_order=work_order,
                    unit=unit,
                    work_centre=centre,
                    from_state=unit.state,
                    to_state=unit.state,
                    repeated=True,
                    client_event_id=client_event_id,
                    actor=user,
                )
                return ScanResult(unit=unit, state=unit.state, repeated=True)
            if unit.state != before:
                raise _out_of_order(unit=unit, centre=centre)
            if target == S.PACKED and not _qc_passed(unit):
                raise FloorError(
                    "out_of_order",
                    _(
                        "Garment %(code)s has not passed its quality check yet. "
                        "Take it back to quality control."
                    )
                    % {"code": unit.code},
                )
            event = FloorEvent.objects.create(
                factory=factory,
                kind=FloorEvent.Kind.SCAN,
                work_order=work_order,
                unit=unit,
                work_centre=centre,
                from_state=unit.state,
                to_state=target,
                client_event_id=client_event_id,
                actor=user,
            )
            unit = unit_transition(
                unit_id=unit.pk,
                to_state=target,
                actor=user,
                expected_from={before},
                data={"floor_event": event.pk, "work_centre": centre.kind},
            )
            return ScanResult(unit=unit, state=target, repeated=False)

    return _idempotent(
        factory=factory,
        client_event_id=client_event_id,
        kind=FloorEvent.Kind.SCAN,
        first_result=first_result,
        apply=apply,
    )


def _out_of_order(*, unit: ProductionUnit, centre: WorkCentre) -> FloorError:
    target = SCAN_TARGETS[centre.kind][1]
    stage = unit.get_state_display()
    if unit.state in STAGE_ORDER and STAGE_ORDER.index(unit.state) > STAGE_ORDER.index(target):
        message = _(
            "Garment %(code)s is already past %(station)s: it is at %(stage)s. Nothing changed."
        )
    elif unit.state not in STAGE_ORDER:
        message = _(
            "Garment %(code)s is not released to the factory yet (it is %(stage)s). "
            "Put it aside and tell your manager."
        )
    else:
        message = _(
            "Wrong station: garment %(code)s is at %(stage)s and must go there first, "
            "not to %(station)s."
        )
    return FloorError(
        "out_of_order",
        message % {"code": unit.code, "stage": stage, "station": centre.get_kind_display()},
    )


def _qc_passed(unit: ProductionUnit) -> bool:
    latest = (
        FloorEvent.objects.filter(unit=unit, kind=FloorEvent.Kind.QC).order_by("-at", "-pk").first()
    )
    return bool(latest is not None and latest.passed)


def scan_undo(*, factory: Factory, user: Any) -> UndoResult:
    """A manager undoes the factory's latest scan that moved a garment: a compensating
    event moves it back; the scan stays in the log. Refused (``not_allowed``) for an
    operator, (``unknown``) when there is no scan to undo, (``out_of_order``) when the
    garment has moved on since."""
    _require_member(factory=factory, user=user, manager=True)
    with transaction.atomic():
        scan = (
            FloorEvent.objects.select_for_update(of=("self",))
            .filter(
                factory=factory,
                kind=FloorEvent.Kind.SCAN,
                repeated=False,
                undone_by__isnull=True,
            )
            .select_related("unit")
            .order_by("-at", "-pk")
            .first()
        )
        if scan is None or scan.unit is None:
            raise FloorError("unknown", _("There is no scan to undo."))
        unit_event = (
            scan.unit.events.filter(data__floor_event=scan.pk).order_by("-pk").first()
            if scan.unit_id
            else None
        )
        if unit_event is None:
            raise FloorError("unknown", _("There is no scan to undo."))
        try:
            unit = unit_transition_revert(
                unit_id=scan.unit.pk,
                event_id=unit_event.pk,
                actor=user,
                note=note_make(code="scan_undone"),
                data={"floor_undo_of": scan.pk},
            )
        except IllegalTransition:
            raise FloorError(
                "out_of_order",
                _(
                    "Garment %(code)s has moved on since the last scan, so it cannot be "
                    "undone. Nothing changed."
                )
                % {"code": scan.unit.code},
            ) from None
        FloorEvent.objects.create(
            factory=factory,
            kind=FloorEvent.Kind.UNDO,
            work_order=scan.work_order,
            unit=unit,
            work_centre=scan.work_centre,
            from_state=scan.to_state,
            to_state=unit.state,
            undoes=scan,
            actor=user,
        )
        return UndoResult(unit=unit, state=unit.state, undone=scan)


# --- quality control ------------------------------------------------------------------


def unit_qc_record(
    *,
    factory: Factory,
    code: str,
    passed: bool,
    reason: str = "",
    note: str = "",
    decision: str | None = None,
    user: Any,
    client_event_id: str | None = None,
) -> QCResult:
    """Record a garment's quality check. A pass leaves it at QC, ready for packing; a
    failure needs a reason code (``QCReason``; ``other`` needs a note) and a decision:
    ``rework`` sends the same garment back to sewing, ``remake`` ends it as remade and a
    new garment with the same spec re-enters routing (its fabric taken again).

    Refused, changing nothing: unknown/another factory's code, a garment not at QC, a
    missing or unknown reason or decision."""
    _require_member(factory=factory, user=user)
    client_event_id = _client_id(client_event_id)
    note = (note or "").strip()
    if len(note) > 500:
        raise FloorError("invalid", _("Keep the note under 500 characters."))
    if not passed:
        if reason not in QCReason.values:
            raise FloorError("invalid", _("Choose why the garment failed its check."))
        if reason == QCReason.OTHER and not note:
            raise FloorError("invalid", _("Say what is wrong in the note."))
        if decision not in QCDecision.values:
            raise FloorError("invalid", _("Choose rework or remake for a failed garment."))
    else:
        reason, decision = "", None

    def first_result(event: FloorEvent) -> QCResult:
        assert event.unit is not None
        return QCResult(
            unit=event.unit,
            passed=bool(event.passed),
            decision=event.decision,
            remake=event.remake,
        )

    def apply() -> QCResult:
        with transaction.atomic():
            unit = _unit(factory=factory, code=code)
            unit = ProductionUnit.objects.select_for_update().get(pk=unit.pk)
            _refuse_if_ended(unit)
            if unit.state != S.QC:
                raise FloorError(
                    "out_of_order",
                    _(
                        "Garment %(code)s is at %(stage)s, not at quality control. "
                        "Scan it in at the QC station first."
                    )
                    % {"code": unit.code, "stage": unit.get_state_display()},
                )
            work_order = unit.work_orders.filter(factory=factory).first()
            event = FloorEvent.objects.create(
                factory=factory,
                kind=FloorEvent.Kind.QC,
                work_order=work_order,
                unit=unit,
                from_state=unit.state,
                to_state=unit.state,
                passed=passed,
                reason=reason,
                decision=decision or "",
                note=note,
                client_event_id=client_event_id,
                actor=user,
            )
            data = {"floor_event": event.pk, "qc": "pass" if passed else "fail", "reason": reason}
            remake = None
            if passed:
                unit_note(
                    unit=unit,
                    note=note_make(code="qc_passed"),
                    actor_label=user.get_username()[:60],
                    data=data,
                )
            elif decision == QCDecision.REWORK:
                unit = unit_transition(
                    unit_id=unit.pk,
                    to_state=S.SEWING,
                    actor=user,
                    expected_from={S.QC},
                    note=note_make(code="qc_rework", params={"qc_reason": reason}),
                    data={**data, "decision": "rework"},
                )
            else:
                remake = unit_remake(
                    unit_id=unit.pk,
                    actor=user,
                    note=note_make(code="qc_remake", params={"qc_reason": reason}),
                    data={**data, "decision": "remake"},
                )
                unit.refresh_from_db()
                FloorEvent.objects.filter(pk=event.pk).update(remake=remake)
            return QCResult(unit=unit, passed=passed, decision=decision or "", remake=remake)

    return _idempotent(
        factory=factory,
        client_event_id=client_event_id,
        kind=FloorEvent.Kind.QC,
        first_result=first_result,
        apply=apply,
    )


# --- packing and shipping ---------------------------------------------------------------


def shipment_create(
    *,
    factory: Factory,
    unit_codes: Sequence[str],
    carrier: str,
    tracking_number: str,
    user: Any,
) -> Shipment:
    """Ship a customer order's packed garments in one parcel: the units go to
    ``shipped`` (which sends the customer's email, once per parcel) and keep the
    carrier and tracking number.

    Refused, changing nothing: no garments, an unknown/another factory's code, a garment
    not packed, garments of different orders, an unknown carrier, a tracking number that
    is not 6–40 letters, digits or hyphens, or one already used."""
    _require_member(factory=factory, user=user)
    codes = list(dict.fromkeys(c.strip().upper() for c in unit_codes if c and c.strip()))
    if not codes:
        raise FloorError("invalid", _("Choose the garments that go in the parcel."))
    if carrier not in Carrier.values:
        raise FloorError("invalid", _("Choose a carrier from the list."))
    tracking_number = (tracking_number or "").strip()
    if not TRACKING_NUMBER.match(tracking_number):
        raise FloorError(
            "invalid",
            _("A tracking number has 6 to 40 letters, digits or hyphens."),
        )
    with transaction.atomic():
        units = list(
            ProductionUnit.objects.select_for_update()
            .filter(code__in=codes, factory=factory)
            .select_related("order_line")
            .order_by("pk")
        )
        found = {u.code for u in units}
        missing = [c for c in codes if c not in found]
        if missing:
            raise _unknown_unit(missing[0])
        for unit in units:
            _refuse_if_ended(unit)
            if unit.state != S.PACKED:
                raise FloorError(
                    "out_of_order",
                    _("Garment %(code)s is at %(stage)s: only packed garments can ship.")
                    % {"code": unit.code, "stage": unit.get_state_display()},
                )
        if len({u.order_line.order_id for u in units}) > 1:
            raise FloorError(
                "invalid", _("A parcel holds the garments of one customer order only.")
            )
        if Shipment.objects.filter(carrier=carrier, tracking_number=tracking_number).exists():
            raise FloorError("invalid", _("That tracking number is already on another parcel."))
        shipment = Shipment.objects.create(
            factory=factory,
            order_id=units[0].order_line.order_id,
            carrier=carrier,
            tracking_number=tracking_number,
            created_by=user,
        )
        shipment.units.set(units)
        for unit in units:
            _parcel_move(
                shipment=shipment,
                unit=unit,
                kind=FloorEvent.Kind.SHIP,
                to_state=S.SHIPPED,
                user=user,
                changes={"carrier": carrier, "tracking_number": tracking_number},
            )
    return shipment


def _parcel_move(
    *,
    shipment: Shipment,
    unit: ProductionUnit,
    kind: str,
    to_state: str,
    user: Any,
    changes: dict[str, Any] | None = None,
) -> None:
    """One garment of a parcel shipped or delivered: the floor event and the unit's move."""
    FloorEvent.objects.create(
        factory=shipment.factory,
        kind=kind,
        unit=unit,
        work_order=unit.work_orders.filter(factory=shipment.factory).first(),
        shipment=shipment,
        from_state=unit.state,
        to_state=to_state,
        actor=user,
    )
    unit_transition(
        unit_id=unit.pk,
        to_state=to_state,
        actor=user,
        expected_from={unit.state},
        data={"shipment": shipment.pk, "carrier": shipment.carrier},
        changes=changes,
    )


def shipment_deliver(*, factory: Factory, shipment_id: int, user: Any) -> Shipment:
    """The parcel reached the customer: its garments go to ``delivered``. Delivering again
    is harmless. Refused for another factory's shipment (``unknown``)."""
    _require_member(factory=factory, user=user)
    with transaction.atomic():
        try:
            shipment = Shipment.objects.select_for_update().get(pk=shipment_id, factory=factory)
        except (Shipment.DoesNotExist, ValueError, TypeError):
            raise FloorError("unknown", _("There is no such parcel at this factory.")) from None
        if shipment.delivered_at is not None:
            return shipment
        now = timezone.now()
        for unit in shipment.units.order_by("pk"):
            if unit.state == S.SHIPPED:
                _parcel_move(
                    shipment=shipment,
                    unit=unit,
                    kind=FloorEvent.Kind.DELIVER,
                    to_state=S.DELIVERED,
                    user=user,
                )
        Shipment.objects.filter(pk=shipment.pk).update(delivered_at=now)
        shipment.delivered_at = now
    return shipment
