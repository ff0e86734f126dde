"""What a configured garment comes to: finished dimensions, fabric metres and price.

Pure computation over catalogue rows already loaded (see ``shop.selectors``); it
runs no queries, so the same code prices the live preview, the basket line and
the checkout.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import gettext as _

from shop.drawing import garment_svg
from shop.models import Fabric, GarmentOption, GarmentSpec, OptionChoice
from shop.raster import svg_png
from shop.tailoring.choices import Fit, GarmentType, Sex
from shop.tailoring.consumption import fabric_consumption_m
from shop.tailoring.estimate import estimate_measurements
from shop.tailoring.fit import finished_dimensions
from shop.tailoring.measurements import GARMENT_MEASUREMENTS
from shop.tailoring.pricing import PriceBreakdown, price_breakdown
from shop.tailoring.sizing import SizeCode, SizeKind, size_code

FIT_OPTION = "fit"
MONOGRAM_POSITION = "monogram_position"
NO_MONOGRAM = "none"
REFERENCE_BODY = {
    Sex.MALE: (Decimal("175"), Decimal("70")),
    Sex.FEMALE: (Decimal("162"), Decimal("56")),
}


@dataclass(frozen=True)
class GarmentQuote:
    finished: dict[str, Decimal]
    fabric_metres: Decimal
    price: PriceBreakdown
    #: True while the measurements are incomplete and a reference body was used.
    estimated: bool


def applicable_choices(*, choices: Mapping[str, OptionChoice]) -> dict[str, OptionChoice]:
    """The choices that apply: a choice of an option that depends on another (the monogram's
    thread colour on the monogram) applies only when that other option is chosen too, with a
    choice that does not switch its dependents off ("No monogram"). The others are dropped:
    not charged, not drawn, not kept in the spec. Each choice's option must be loaded.
    """
    by_option_id = {choice.option_id: choice for choice in choices.values()}

    def applies(choice: OptionChoice, seen: frozenset[int]) -> bool:
        parent_id = choice.option.depends_on_id
        if parent_id is None:
            return True
        parent = by_option_id.get(parent_id)
        if parent is None or parent.switches_off_dependents or parent_id in seen:
            return False
        return applies(parent, seen | {choice.option_id})

    return {code: choice for code, choice in choices.items() if applies(choice, frozenset())}


def reference_measurements(*, garment_type: GarmentType, sex: Sex) -> dict[str, Decimal]:
    """A typical adult body, used to price a garment before its measurements are in."""
    height, weight = REFERENCE_BODY[sex]
    body = estimate_measurements(sex=sex, height=height, weight=weight, garment_type=garment_type)
    return {code: body[code] for code in GARMENT_MEASUREMENTS[garment_type]}


def garment_quote(
    *,
    garment_type: GarmentType,
    base_price: Decimal,
    fabric: Fabric,
    choices: Mapping[str, OptionChoice],
    sex: Sex,
    measurements: Mapping[str, Decimal] | None,
) -> GarmentQuote:
    """Price one garment: base + option surcharges + fabric metres x price per metre.

    ``choices`` maps option code to the chosen choice; ``measurements`` may be None
    (or incomplete) for a preview, in which case a reference body stands in. Choices that
    do not apply (see :func:`applicable_choices`) are left out of the price.
    """
    choices = applicable_choices(choices=choices)
    needed = GARMENT_MEASUREMENTS[garment_type]
    estimated = measurements is None or any(code not in measurements for code in needed)
    body = (
        reference_measurements(garment_type=garment_type, sex=sex)
        if estimated
        else {code: measurements[code] for code in needed}  # type: ignore[index]
    )
    fit_choice = choices.get(FIT_OPTION)
    fit = Fit(fit_choice.code) if fit_choice is not None else Fit.REGULAR
    finished = finished_dimensions(garment_type=garment_type, fit=fit, body=body)
    metres = fabric_consumption_m(
        garment_type=garment_type,
        finished=finished,
        fabric_width_cm=fabric.width_cm,
        pattern_repeat_cm=fabric.pattern_repeat_cm,
        french_cuffs=_chosen(choices, "cuff") == "french",
        turn_ups=_chosen(choices, "turn_ups") == "yes",
        double_breasted=_chosen(choices, "buttons") == "double-breasted",
    )
    surcharges = [
        (f"{choice.option.name}: {choice.name}", choice.surcharge)
        for choice in choices.values()
        if choice.surcharge
    ]
    price = price_breakdown(
        base=base_price,
        surcharges=surcharges,
        fabric_metres=metres,
        fabric_price_per_metre=fabric.price_per_metre,
    )
    return GarmentQuote(finished=finished, fabric_metres=metres, price=price, estimated=estimated)


def _chosen(choices: Mapping[str, OptionChoice], option_code: str) -> str | None:
    choice = choices.get(option_code)
    return choice.code if choice is not None else None


def sizes_for(
    *, sex: Sex, measurements: Mapping[str, Decimal]
) -> tuple[SizeCode | None, SizeCode | None]:
    """The GB/T 1335 top and bottom size codes for a body, where it has what they need."""
    height, chest, waist = (measurements.get(code) for code in ("height", "chest", "waist"))
    if height is None or chest is None or waist is None:
        return None, None
    return tuple(  # type: ignore[return-value]
        size_code(sex=sex, height=height, chest=chest, waist=waist, kind=kind)
        for kind in (SizeKind.TOP, SizeKind.BOTTOM)
    )


def fabric_short_message(*, fabric: Fabric, needed: Decimal, already: Decimal) -> str | None:
    """Why a garment cannot be made from the fabric left, or None if there is enough."""
    available = fabric.metres_in_stock - already
    if needed <= available:
        return None
    if available <= 0:
        return _("%(fabric)s is sold out; please choose another fabric.") % {"fabric": fabric.name}
    return _(
        "Only %(left)s m of %(fabric)s is left and this garment needs %(needed)s m; "
        "please choose another fabric."
    ) % {"left": available.quantize(Decimal("0.01")), "fabric": fabric.name, "needed": needed}


DRAWING_CACHE_SECONDS = 24 * 3600


def default_choices(*, options: tuple[GarmentOption, ...]) -> dict[str, OptionChoice]:
    """Each option's default choice (its first offered one if none is marked), those that
    apply. ``options`` carry ``active_choices`` (see ``shop.selectors``)."""
    found = {}
    for option in options:
        offered = list(getattr(option, "active_choices", ()))
        if offered:
            found[option.code] = next((c for c in offered if c.is_default), offered[0])
    return applicable_choices(choices=found)


@dataclass(frozen=True)
class StyleDrawing:
    svg: str
    #: changes whenever anything drawn changes: the HTTP ETag and the cache key
    digest: str


def style_drawing(
    *, garment_type: str, title: str, fabric: Fabric, options: tuple[GarmentOption, ...]
) -> StyleDrawing:
    """A garment style drawn in its default fabric with its default choices, cached under a
    key made of everything drawn (so an edited fabric or default is never served stale)."""
    choices = {code: c.code for code, c in default_choices(options=options).items()}
    parts = [garment_type, title, fabric.colour, fabric.pattern, *sorted(choices.items())]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    svg = cache.get_or_set(
        f"style-drawing:{digest}",
        lambda: garment_svg(
            garment_type=garment_type,
            colour=fabric.colour,
            pattern=fabric.pattern,
            choices=choices,
            title=title,
            # In the reader's language: the title is the product's translated name.
            description=title,
        ),
        DRAWING_CACHE_SECONDS,
    )
    return StyleDrawing(svg=svg, digest=digest)


def spec_drawing_png(*, spec: GarmentSpec, width: int) -> bytes:
    """A configured garment as it was ordered (its fabric, choices and monogram) as a PNG
    ``width`` pixels wide, for mail; cached under a key made of everything drawn."""
    choices = sorted(spec.choices.items())
    parts = [
        spec.garment_type,
        spec.fabric.colour,
        spec.fabric.pattern,
        *choices,
        spec.monogram_text,
        width,
    ]
    key = "spec-drawing-png:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    png = cache.get(key)
    if png is None:
        svg = garment_svg(
            garment_type=spec.garment_type,
            colour=spec.fabric.colour,
            pattern=spec.fabric.pattern,
            choices=dict(choices),
            monogram_text=spec.monogram_text,
        )
        png = svg_png(svg=svg, width=width)
        cache.set(key, png, DRAWING_CACHE_SECONDS)
    return png
