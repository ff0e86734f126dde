"""The states of a production unit and the transitions between them (pure data)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitState(models.TextChoices):
    PAID = "paid", _("Paid")
    ROUTED = "routed", _("Assigned to a factory")
    PLANNED = "planned", _("Planned")
    RELEASED = "released", _("Released to the factory")
    CUTTING = "cutting", _("Cutting")
    SEWING = "sewing", _("Sewing")
    FINISHING = "finishing", _("Finishing")
    QC = "qc", _("Quality check")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    REMADE = "remade", _("Replaced by a remake")
    CANCELLED = "cancelled", _("Cancelled")


S = UnitState

#: from state -> the states it may go to. QC failure goes back to sewing (rework) or
#: ends the unit as remade (a new unit re-enters routing). Cancelling is allowed only
#: before release; cancelling triggers the refund.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PAID: frozenset({S.ROUTED, S.CANCELLED}),
    S.ROUTED: frozenset({S.PLANNED, S.PAID, S.CANCELLED}),
    S.PLANNED: frozenset({S.RELEASED, S.ROUTED, S.CANCELLED}),
    S.RELEASED: frozenset({S.CUTTING}),
    S.CUTTING: frozenset({S.SEWING}),
    S.SEWING: frozenset({S.FINISHING}),
    S.FINISHING: frozenset({S.QC}),
    S.QC: frozenset({S.PACKED, S.SEWING, S.REMADE}),
    S.PACKED: frozenset({S.SHIPPED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
    S.REMADE: frozenset(),
    S.CANCELLED: frozenset(),
}

#: The moves a scan on the factory floor makes, which a manager may undo with a
#: compensating move back (``orders.services.unit_transition_revert``).
SCAN_MOVES: frozenset[tuple[str, str]] = frozenset(
    {
        (S.RELEASED, S.CUTTING),
        (S.CUTTING, S.SEWING),
        (S.SEWING, S.FINISHING),
        (S.FINISHING, S.QC),
        (S.QC, S.PACKED),
    }
)

CANCELLABLE = frozenset({S.PAID, S.ROUTED, S.PLANNED})
#: Units that still need factory time: they count in their factory's open load.
OPEN_STATES = (S.ROUTED, S.PLANNED, S.RELEASED, S.CUTTING, S.SEWING, S.FINISHING, S.QC)
IN_PRODUCTION = frozenset({S.CUTTING, S.SEWING, S.FINISHING, S.QC, S.PACKED})
#: The customer-facing stages, in order, for the timeline.
STAGES = (
    S.PAID,
    S.ROUTED,
    S.PLANNED,
    S.RELEASED,
    S.CUTTING,
    S.SEWING,
    S.FINISHING,
    S.QC,
    S.PACKED,
    S.SHIPPED,
    S.DELIVERED,
)


def transition_allowed(*, from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS.get(from_state, frozenset())


# Who moved a garment, as ``UnitEvent.actor_label`` stores it when no person did (a
# person's is their username, shown as it is): in the reader's language on staff pages.
SYSTEM_ACTORS = {
    "planner": pgettext_lazy("timeline actor", "planner"),
    "routing": pgettext_lazy("timeline actor", "routing"),
    "payment": pgettext_lazy("timeline actor", "payment"),
    "qc": pgettext_lazy("timeline actor", "quality check station"),
    "scan": pgettext_lazy("timeline actor", "scan station"),
    "system": pgettext_lazy("timeline actor", "system"),
}


def actor_label_shown(label: str) -> str:
    """A timeline event's actor in the reader's language (a username as it is)."""
    name = SYSTEM_ACTORS.get(label)
    return str(name) if name is not None else label
