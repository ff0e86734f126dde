"""Writes of the order pipeline: units from a paid order, state transitions with their
events, routing to a factory, cancelling (with the refund) and remaking."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import ProductionUnit, UnitEvent
from orders.notifications import NOTICE_STATES
from orders.snapshots import SNAPSHOT_VERSION, snapshot_digest, spec_snapshot
from orders.states import CANCELLABLE, UnitState, transition_allowed

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
    data: Mapping[str, Any] | None = None,
    expected_from: Collection[str] | None = None,
    changes: Mapping[str, Any] | None = None,
) -> ProductionUnit:
    """Move a unit to ``to_state`` and record who, when and why, in one transaction.

    The only way a unit's state changes. Raises IllegalTransition (changing nothing)
    for a move the state machine does not allow, or when ``expected_from`` is given
    and the unit is elsewhere (someone else moved it first).
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
        ProductionUnit.objects.filter(pk=unit.pk).update(**fields)
        UnitEvent.objects.create(
            unit=unit,
            from_state=unit.state,
            to_state=to_state,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=_actor_label(actor, actor_label),
            reason=reason,
            data=dict(data or {}),
        )
        unit.refresh_from_db()
        if to_state in NOTICE_STATES:
            from orders import tasks

            tasks.unit_notice.delay_on_commit(unit.pk, NOTICE_STATES[to_state])
        return unit


def unit_note(*, unit: ProductionUnit, reason: str, actor_label: str = "system", data=None) -> None:  # type: ignore[no-untyped-def]
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEvent.Kind.NOTE,
        from_state=unit.state,
        to_state=unit.state,
        actor_label=actor_label,
        reason=reason,
        data=dict(data or {}),
    )


def _unit_create(
    *, order_line: Any, spec: Any, choices: Mapping[str, Any], remake_of: ProductionUnit | None
) -> ProductionUnit:
    from orders.selectors import promised_ship_date_estimate

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
        promised_ship_date=promised_ship_date_estimate(garment_type=snapshot["garment_type"]),
        state=UnitState.PAID,
    )
    UnitEvent.objects.create(
        unit=unit,
        from_state="",
        to_state=UnitState.PAID,
        actor_label="payment" if remake_of is None else "qc",
        reason=(
            _("Paid in order %(number)s.") % {"number": snapshot["order_number"]}
            if remake_of is None
            else _("Remake of %(code)s after a failed quality check.") % {"code": remake_of.code}
        ),
    )
    return unit


def production_units_create(*, order: Any) -> list[ProductionUnit]:
    """One unit per garment line of a paid order, each routed after commit. Idempotent."""
    from orders import tasks
    from shop.selectors import garments_for_order

    garments = garments_for_order(order_id=order.pk)
    existing = set(
        ProductionUnit.objects.filter(order_line__order=order, remake_of__isnull=True).values_list(
            "order_line_id", flat=True
        )
    )
    created = []
    for line in order.lines.select_related("order").order_by("pk"):
        garment = garments.get(line.pk)
        if garment is None or line.pk in existing:
            continue
        unit = _unit_create(
            order_line=line, spec=garment.spec, choices=garment.choices, remake_of=None
        )
        tasks.unit_route.delay_on_commit(unit.pk)
        created.append(unit)
    return created


def unit_route(*, unit_id: int) -> ProductionUnit:
    """Route a paid unit to a factory, or flag it for staff with the reason. Idempotent:
    a unit no longer ``paid`` is left as it is."""
    from orders.selectors import routing_candidates

    with transaction.atomic():
        unit = ProductionUnit.objects.select_for_update().get(pk=unit_id)
        if unit.state != UnitState.PAID:
            return unit
        decision = routing_candidates(unit=unit)
        if decision.factory_id is None:
            if not unit.needs_attention or unit.attention_reason != decision.reason:
                ProductionUnit.objects.filter(pk=unit.pk).update(
                    needs_attention=True, attention_reason=decision.reason
                )
                unit_note(unit=unit, reason=decision.reason, actor_label="routing")
            unit.refresh_from_db()
            return unit
        from scheduling.requests import replan_on_arrival

        replan_on_arrival()
        return unit_transition(
            unit_id=unit.pk,
            to_state=UnitState.ROUTED,
            actor_label="routing",
            reason=decision.reason,
            expected_from={UnitState.PAID},
            changes={
                "factory_id": decision.factory_id,
                "routing_reason": decision.reason,
                "needs_attention": False,
                "attention_reason": "",
            },
        )


def unit_remake(*, unit_id: int, actor: Any = None, reason: str = "") -> ProductionUnit:
    """A unit failed QC beyond repair: it ends as remade, a new unit re-enters routing."""
    from orders import tasks

    with transaction.atomic():
        unit = unit_transition(
            unit_id=unit_id,
            to_state=UnitState.REMADE,
            actor=actor,
            actor_label="" if actor else "qc",
            reason=reason,
            expected_from={UnitState.QC},
        )
        new = _unit_create(order_line=unit.order_line, spec=None, choices={}, remake_of=unit)
        tasks.unit_route.delay_on_commit(new.pk)
        return new


def order_line_cancel(*, order: Any, line_id: int, actor: Any, by_customer: bool) -> Any:
    """Cancel a garment before release: its units become cancelled and the line is refunded.

    All in one transaction: if the refund fails, no unit is cancelled.
    """
    from shop.payments.refunds import RefundError, order_lines_refund

    with transaction.atomic():
        units = list(
            ProductionUnit.objects.select_for_update()
            .filter(order_line_id=line_id, order_line__order=order)
            .exclude(state__in=(UnitState.CANCELLED, UnitState.REMADE))
        )
        if any(unit.state not in CANCELLABLE for unit in units):
            raise RefundError(
                _("This garment has gone to the factory and can no longer be cancelled.")
            )
        for unit in units:
            unit_transition(
                unit_id=unit.pk,
                to_state=UnitState.CANCELLED,
                actor=actor,
                reason=_("Cancelled by the customer") if by_customer else _("Cancelled by staff"),
            )
        return order_lines_refund(
            order=order,
            line_ids=[line_id],
            reason="cancelled by customer" if by_customer else "cancelled by staff",
            by_customer=by_customer,
        )
