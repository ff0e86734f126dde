"""Choosing a factory for a unit: capability, fabric, capacity before the promise,
then priority and cost. Pure: candidates in, a choice and the reason in words out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RoutingCandidate:
    factory_id: int
    code: str
    city: str
    priority: int
    cost_index: Decimal
    #: 0 if the factory stocks the fabric, its lead time if it can receive it, None if not.
    fabric_lead_days: int | None
    #: minutes per work centre the unit needs, and the minutes free at this factory
    #: between the fabric's arrival and the promised ship date.
    needed: Mapping[str, Decimal] = field(default_factory=dict)
    free: Mapping[str, Decimal] = field(default_factory=dict)

    def blocker(self) -> str:
        """Why this factory cannot take the unit, or "" if it can."""
        if self.fabric_lead_days is None:
            return _("%(code)s neither stocks nor can receive the fabric") % {"code": self.code}
        short = sorted(k for k, need in self.needed.items() if self.free.get(k, Decimal(0)) < need)
        if short:
            return _("%(code)s has no %(centres)s capacity left before the promised date") % {
                "code": self.code,
                "centres": ", ".join(short),
            }
        return ""

    def slack(self) -> Decimal:
        """The smallest share of free capacity left after taking the unit (0..1)."""
        shares = [
            (self.free.get(k, Decimal(0)) - need) / self.free[k]
            for k, need in self.needed.items()
            if self.free.get(k)
        ]
        return min(shares) if shares else Decimal(0)


@dataclass(frozen=True)
class RoutingDecision:
    factory_id: int | None
    reason: str


def route_choose(*, candidates: Sequence[RoutingCandidate], garment_label: str) -> RoutingDecision:
    """The factory for a unit among the capable ones, and why, in a sentence.

    Feasible factories are ranked by priority, then cost index, then the one with the
    most capacity left (slack), then code, so the choice is the same every time.
    """
    if not candidates:
        return RoutingDecision(
            None, _("No active factory makes %(garment)s.") % {"garment": garment_label}
        )
    feasible = [c for c in candidates if not c.blocker()]
    if not feasible:
        blockers = "; ".join(c.blocker() for c in candidates)
        return RoutingDecision(None, _("No factory can take it: %(why)s.") % {"why": blockers})
    ranked = sorted(feasible, key=lambda c: (c.priority, c.cost_index, -c.slack(), c.code))
    chosen = ranked[0]
    fabric = (
        _("stocks the fabric")
        if chosen.fabric_lead_days == 0
        else _("receives the fabric in %(days)s days") % {"days": chosen.fabric_lead_days}
    )
    reason = _(
        "%(code)s (%(city)s) makes %(garment)s, %(fabric)s and has capacity before the "
        "promised date (priority %(priority)s, cost index %(cost)s)."
    ) % {
        "code": chosen.code,
        "city": chosen.city,
        "garment": garment_label,
        "fabric": fabric,
        "priority": chosen.priority,
        "cost": chosen.cost_index,
    }
    others = [c for c in candidates if c is not chosen]
    if others:
        reason += " " + _("Also considered: %(others)s.") % {
            "others": "; ".join(
                c.blocker() or _("%(code)s ranks lower") % {"code": c.code} for c in others
            )
        }
    return RoutingDecision(chosen.factory_id, reason)
