"""The cut plan of a batch: every shell piece of its garments nested on the fabric, the
metres the lay takes, and how that compares with the consumption estimate.

This is the service the factory floor calls for a work order::

    plan = cut_plan_make(units=[(unit.code, unit.snapshot) for unit in units],
                         fabric=fabric_spec(code=..., width_cm=..., pattern=...,
                                            pattern_repeat_cm=..., one_way=...))
    plan.planned_metres   # replaces the sum of the units' estimated metres
    plan.marker           # placements for the cutter; cutplan_svg / cutplan_pdf draw it

Planned metres = lay length x (1 + shrinkage) + the end allowance, rounded up to the
centimetre — the same shrinkage (3 %) and end allowance (10 cm per lay) as the estimate in
:mod:`shop.tailoring.consumption`, so the two are comparable.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from shop.patterns.draft import pattern_draft
from shop.patterns.nesting import (
    Marker,
    NestItem,
    default_iterations,
    nest,
    nest_in_a_row,
    upright,
)
from shop.patterns.pattern import Pattern
from shop.patterns.pieces import Material
from shop.patterns.spec import PatternError, draft_spec_from_snapshot

SELVEDGE_MM = 15.0
SHRINKAGE_PERCENT = 3.0
END_ALLOWANCE_MM = 100.0
#: Fabric patterns whose stripes or checks are matched across the pieces of a garment.
STRIPED = ("stripe", "pinstripe")
CHECKED = ("check",)


@dataclass(frozen=True)
class FabricSpec:
    code: str
    width_mm: float
    one_way: bool = False
    repeat_across_mm: float = 0.0
    repeat_along_mm: float = 0.0
    selvedge_mm: float = SELVEDGE_MM
    shrinkage_percent: float = SHRINKAGE_PERCENT
    end_allowance_mm: float = END_ALLOWANCE_MM

    @property
    def usable_mm(self) -> float:
        return self.width_mm - 2 * self.selvedge_mm

    @property
    def matched(self) -> bool:
        return self.repeat_across_mm > 0 or self.repeat_along_mm > 0


def fabric_spec(
    *,
    code: str,
    width_cm: Decimal | float,
    pattern: str = "solid",
    pattern_repeat_cm: Decimal | float = 0,
    one_way: bool = False,
) -> FabricSpec:
    """A fabric record's cutting facts: stripes are matched across the width, checks both
    ways, when the record gives a repeat."""
    repeat = float(pattern_repeat_cm) * 10
    return FabricSpec(
        code=code,
        width_mm=float(width_cm) * 10,
        one_way=one_way,
        repeat_across_mm=repeat if pattern in STRIPED + CHECKED else 0.0,
        repeat_along_mm=repeat if pattern in CHECKED else 0.0,
    )


@dataclass(frozen=True)
class CutPlan:
    fabric: FabricSpec
    units: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    marker: Marker
    seed: int = 0
    #: The local search's moves: with the same units, fabric and seed, the same marker.
    iterations: int = 0

    @property
    def lay_metres(self) -> float:
        return self.marker.length / 1000

    @property
    def planned_metres(self) -> Decimal:
        mm = self.marker.length * (1 + self.fabric.shrinkage_percent / 100)
        mm += self.fabric.end_allowance_mm
        return (Decimal(mm) / 1000).quantize(Decimal("0.01"), rounding=ROUND_CEILING)

    @property
    def utilisation(self) -> float:
        return self.marker.utilisation


def nest_items(patterns: Sequence[Pattern]) -> list[NestItem]:
    """Every shell piece to cut for the patterns, in pattern and piece order."""
    items = []
    for pattern in patterns:
        unit = pattern.spec.unit_code
        for piece in pattern.pieces:
            if piece.material is not Material.SHELL:
                continue
            for i, (polygon, grain, match) in enumerate(piece.cut_shapes()):
                items.append(
                    NestItem(
                        key=f"{unit}:{piece.code}:{i + 1}",
                        group=unit,
                        polygon=polygon,
                        grain=grain,
                        match_point=match,
                    )
                )
    return items


def cut_plan_make(
    *,
    units: Sequence[tuple[str, Mapping[str, Any]]],
    fabric: FabricSpec,
    seed: int = 0,
    iterations: int | None = None,
) -> CutPlan:
    """Draft every unit from its snapshot and nest all their shell pieces on the fabric.

    ``units`` are ``(unit code, spec snapshot)`` pairs. Raises :class:`PatternError`
    (``no_units``, ``fabric_too_narrow`` or a drafting error) rather than a partial plan.
    """
    if not units:
        raise PatternError("no_units")
    patterns = tuple(
        pattern_draft(draft_spec_from_snapshot(snapshot, unit_code=code))
        for code, snapshot in units
    )
    items = nest_items(patterns)
    widest = max(_upright_width(item) for item in items)
    if widest > fabric.usable_mm:
        raise PatternError(
            "fabric_too_narrow",
            width_cm=round(fabric.width_mm / 10, 1),
            needed_cm=math.ceil((widest + 2 * fabric.selvedge_mm) / 10),
        )
    if iterations is None:
        iterations = default_iterations(len(items))
    marker = nest(
        items,
        width=fabric.usable_mm,
        one_way=fabric.one_way,
        repeat_u=fabric.repeat_across_mm,
        repeat_v=fabric.repeat_along_mm,
        seed=seed,
        iterations=iterations,
    )
    return CutPlan(fabric, tuple(code for code, _ in units), patterns, marker, seed, iterations)


def baseline_marker(plan: CutPlan) -> Marker:
    """The pieces of the same plan in a row, in order: what nesting is measured against."""
    return nest_in_a_row(nest_items(plan.patterns), width=plan.fabric.usable_mm)


def _upright_width(item: NestItem) -> float:
    minx, _, maxx, _ = upright(item).bounds
    return float(maxx - minx + 4)
