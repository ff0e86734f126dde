"""The one entry point: a draft spec in, the garment's pattern out."""

from __future__ import annotations

from dataclasses import replace

from shop.patterns import jacket, shirt, trousers
from shop.patterns.pattern import Drafter, Pattern
from shop.patterns.pieces import grain_fitted
from shop.patterns.spec import DraftSpec

DRAFTERS: dict[str, Drafter] = {
    "shirt": shirt.draft,
    "trousers": trousers.draft,
    "jacket": jacket.draft,
}


def pattern_draft(spec: DraftSpec) -> Pattern:
    """Every piece of the garment, drafted from the spec; deterministic."""
    pattern = DRAFTERS[spec.garment](spec)
    return replace(pattern, pieces=tuple(grain_fitted(p) for p in pattern.pieces))
