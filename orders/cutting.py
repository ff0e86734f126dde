"""Patterns and cut plans of production units: the adapter between the rows and the pure
drafting and nesting in :mod:`shop.patterns`.

The factory floor calls :func:`cut_plan_for` with a work order's units and fabric when it
plans the cutting of a batch; staff preview any unit's pattern with :func:`unit_pattern`.
Drafting errors and warnings carry codes; :func:`pattern_error_text` and
:func:`pattern_warning_text` say them in the reader's language.

Storing a work order's cut plan
-------------------------------
``orders.services.cut_plan_apply(work_order_id=…)`` runs once per released work order (a
task sent after the release commits): it computes the plan outside any transaction, then
in one short transaction locks the fabric row, stores :class:`orders.models.CutPlan` (the
one-to-one with the work order is the idempotency key) with the marker as drawn, and
corrects the stock by ``estimated - planned`` metres with an ``F()`` update. A plan is
deterministic for (the units' snapshot digests, the fabric's width, pattern and repeat, the
seed and the search's moves); :func:`cut_plan_replay` computes it again from those, and
:func:`cut_plan_inputs_sha256` fingerprints them. Each unit's cut files are drawn on
request from its frozen snapshot (:mod:`shop.patterns.svg`/``pdf``/``dxf``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from orders.models import CutPlan as StoredCutPlan
from orders.models import ProductionUnit
from shop.models import Fabric
from shop.patterns import Pattern, PatternError, draft_spec_from_snapshot, pattern_draft
from shop.patterns.cutplan import CutPlan, FabricSpec, cut_plan_make, fabric_spec

PATTERN_ERRORS: dict[str, Any] = {
    "unknown_garment": _("The pattern system does not draft “%(garment)s” garments."),
    "unknown_fit": _("The pattern system does not know the fit “%(fit)s”."),
    "unknown_style": _(
        "The pattern system does not know the %(option)s “%(choice)s” yet, so this "
        "garment cannot be drafted; teach the drafting system the style first."
    ),
    "missing_dimension": _("The unit's spec has no “%(dimension)s”, which the pattern needs."),
    "bad_number": _("The unit's spec holds “%(value)s” where a size in centimetres belongs."),
    "no_units": _("There is no garment to plan."),
    "mixed_fabrics": _("The garments of one cut plan must all be cut from the same fabric."),
    "fabric_too_narrow": _(
        "The fabric (%(width_cm)s cm) is too narrow for these pieces; they need %(needed_cm)s cm."
    ),
    "fabric_short": _(
        "The lay needs %(extra)s m more %(fabric)s than was reserved and only %(left)s m is "
        "in stock; the cut plan was not stored."
    ),
}

PATTERN_WARNINGS: dict[str, Any] = {
    "armhole_deepened_for_bicep": _("The armhole was lowered so the sleeve fits this upper arm."),
    "sleeve_cap_ease_out_of_range": _(
        "The sleeve cap could not take its usual ease for this armhole; check the sleeve."
    ),
    "armhole_depth_clamped": _(
        "The armhole measurement could not be reached with this chest; the armhole is drafted "
        "as close to it as the block allows."
    ),
    "waist_suppression_limited": _(
        "The waist is much smaller than the chest; the jacket is suppressed as far as the "
        "panels allow and is wider than asked at the waist."
    ),
    "sleeve_opening_wider_than_bicep": _("The sleeve opening is wider than the bicep."),
    "thigh_wider_than_measured": _(
        "The thigh is small for the hip; the legs keep the minimum crotch extensions."
    ),
    "outseam_not_reachable": _("The outseam could not be reached with this rise."),
    "back_seams_unbalanced": _("The back and front leg seams could not be made equal."),
    "proportion_adjusted": _(
        "“%(dimension)s” is outside the proportions the drafting system can draft; it was "
        "drafted at the nearest value it can, see its check."
    ),
}


def pattern_error_text(error: PatternError) -> str:
    message = PATTERN_ERRORS.get(error.code)
    if message is None:
        return str(_("The pattern cannot be drafted (%(code)s).") % {"code": error.code})
    return str(message) % error.params


def pattern_warning_text(code: str) -> str:
    name, _sep, param = code.partition(":")
    message = PATTERN_WARNINGS.get(name)
    if message is None:
        return code
    return str(message) % {"dimension": param} if param else str(message)


def fabric_spec_for(*, fabric: Fabric) -> FabricSpec:
    """The cutting facts of a fabric record. The record has no nap flag yet; none of the
    catalogue's weaves is one-way, so every fabric may be cut either way up."""
    return fabric_spec(
        code=fabric.code,
        width_cm=fabric.width_cm,
        pattern=fabric.pattern,
        pattern_repeat_cm=fabric.pattern_repeat_cm,
    )


def unit_pattern(*, unit: ProductionUnit) -> Pattern:
    """The unit's pattern, drafted from its frozen snapshot (raises :class:`PatternError`)."""
    return pattern_draft(draft_spec_from_snapshot(unit.snapshot, unit_code=unit.code))


def cut_plan_for(
    *,
    units: Sequence[ProductionUnit],
    fabric: Fabric,
    seed: int = 0,
    iterations: int | None = None,
) -> CutPlan:
    """Every shell piece of the units nested on the fabric: the batch's cut plan.

    The units must all be cut from ``fabric`` (``mixed_fabrics`` otherwise). Pure: nothing
    is written; the caller stores the plan and corrects the fabric stock by the difference
    between ``plan.planned_metres`` and the units' ``fabric_metres``.
    """
    if any(unit.fabric_id != fabric.pk for unit in units):
        raise PatternError("mixed_fabrics")
    ordered = sorted(units, key=lambda u: u.code)
    return cut_plan_make(
        units=[(unit.code, unit.snapshot) for unit in ordered],
        fabric=fabric_spec_for(fabric=fabric),
        seed=seed,
        iterations=iterations,
    )


def cut_plan_inputs_sha256(
    *, units: Sequence[ProductionUnit], fabric: Fabric, seed: int, iterations: int
) -> str:
    """A fingerprint of everything a cut plan is computed from."""
    facts = {
        "units": sorted((unit.code, unit.snapshot_sha256) for unit in units),
        "fabric": dataclasses.asdict(fabric_spec_for(fabric=fabric)),
        "seed": seed,
        "iterations": iterations,
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def cut_plan_replay(*, stored: StoredCutPlan) -> CutPlan:
    """The stored plan computed again from its work order's units, fabric, seed and moves."""
    units = list(stored.work_order.units.all())
    return cut_plan_for(
        units=units, fabric=stored.fabric, seed=stored.seed, iterations=stored.iterations
    )
