"""Choosing a factory for a unit: capability, fabric, capacity before the promise,
then priority and cost. Pure: candidates in, a choice and the reason out, as a note
(``orders.notes``) that each reader sees in their own language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from orders.notes import Note, note_make, note_render


@dataclass(frozen=True)
class RoutingCandidate:
    factory_id: int
    code: str
    city: str
    #: The city's name in Simplified Chinese ("": the English is shown).
    city_zh: str = field(default="", kw_only=True)
    priority: int
    cost_index: Decimal
    #: 0 if the factory stocks the fabric, its lead time if it can receive it, None if not.
    fabric_lead_days: int | None
    #: minutes per work centre the unit needs, and the minutes free at this factory
    #: between the fabric's arrival and the promised ship date.
    needed: Mapping[str, Decimal] = field(default_factory=dict)
    free: Mapping[str, Decimal] = field(default_factory=dict)

    def blocker(self) -> Note | None:
        """Why this factory cannot take the unit, or None if it can."""
        if self.fabric_lead_days is None:
            return note_make(code="routing_no_fabric", params={"code": self.code})
        short = sorted(k for k, need in self.needed.items() if self.free.get(k, Decimal(0)) < need)
        if short:
            return note_make(
                code="routing_no_capacity", params={"code": self.code, "centres": short}
            )
        return None

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
    note: Note

    @property
    def reason(self) -> str:
        """The reason in the active language."""
        return note_render(note=self.note)


def route_choose(*, candidates: Sequence[RoutingCandidate], garment_type: str) -> RoutingDecision:
    """The factory for a unit among the capable ones, and why.

    Feasible factories are ranked by priority, then cost index, then the one with the
    most capacity left (slack), then code, so the choice is the same every time.
    """
    if not candidates:
        return RoutingDecision(
            None, note_make(code="routing_no_factory", params={"garment": garment_type})
        )
    feasible = [c for c in candidates if not c.blocker()]
    if not feasible:
        blockers = [blocker for c in candidates if (blocker := c.blocker()) is not None]
        return RoutingDecision(
            None, note_make(code="routing_none_can_take", params={"why": blockers})
        )
    ranked = sorted(feasible, key=lambda c: (c.priority, c.cost_index, -c.slack(), c.code))
    chosen = ranked[0]
    fabric = (
        note_make(code="routing_fabric_stocked")
        if chosen.fabric_lead_days == 0
        else note_make(code="routing_fabric_lead", params={"days": chosen.fabric_lead_days})
    )
    params = {
        "code": chosen.code,
        "city": {"en": chosen.city, "zh": chosen.city_zh},
        "garment": garment_type,
        "fabric": fabric,
        "priority": chosen.priority,
        "cost": str(chosen.cost_index),
    }
    others = [c for c in candidates if c is not chosen]
    if not others:
        return RoutingDecision(chosen.factory_id, note_make(code="routing_chosen", params=params))
    params["others"] = [
        c.blocker() or note_make(code="routing_ranks_lower", params={"code": c.code})
        for c in others
    ]
    return RoutingDecision(chosen.factory_id, note_make(code="routing_chosen_among", params=params))
