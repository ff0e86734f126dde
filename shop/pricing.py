"""Prices of the garments in a basket, recomputed from the current catalogue."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.utils.translation import gettext as _

from shop.configurator import GarmentQuote, fabric_short_message, garment_quote
from shop.models import GarmentSpec
from shop.selectors import garment_specs_for_lines, option_choices_by_type
from shop.tailoring.choices import GarmentType, Sex


@dataclass(frozen=True)
class BasketLinePrice:
    spec: GarmentSpec
    quote: GarmentQuote
    currency: str
    stockrecord: object
    #: option code -> the chosen OptionChoice (with its option loaded)
    choices: dict
    #: Empty when the garment can be bought as it is.
    problem: str = ""
    problem_code: str = ""
    #: Garment lines of the same style (stock record) in this basket, this one included.
    lines_of_style: int = 1

    @property
    def total(self) -> Decimal:
        return self.quote.price.total


def spec_quote(
    *, spec: GarmentSpec, base_price: Decimal, choices_by_option: dict
) -> tuple[GarmentQuote, dict, list[str]]:
    """Price a saved spec; also returns the chosen choices and the option codes whose
    choice was withdrawn."""
    chosen = {}
    withdrawn = []
    for option_code, choice_code in spec.choices.items():
        choice = choices_by_option.get(option_code, {}).get(choice_code)
        if choice is None or not choice.is_active:
            withdrawn.append(option_code)
        if choice is not None:
            chosen[option_code] = choice
    quote = garment_quote(
        garment_type=GarmentType(spec.garment_type),
        base_price=base_price,
        fabric=spec.fabric,
        choices=chosen,
        sex=Sex(spec.sex),
        measurements={code: Decimal(value) for code, value in spec.measurements.items()},
    )
    return quote, chosen, withdrawn


def basket_line_prices(*, basket_id: int, lines: list | None = None) -> dict[int, BasketLinePrice]:
    """Every garment line of a basket, priced; three queries whatever the number of lines,
    two when the caller has the basket's lines (with their stock records) loaded."""
    if lines is None:
        line_model = apps.get_model("basket", "Line")
        lines = list(line_model.objects.filter(basket_id=basket_id).select_related("stockrecord"))
    specs = garment_specs_for_lines(line_ids=[line.pk for line in lines])
    choices = option_choices_by_type(garment_types={spec.garment_type for spec in specs.values()})
    needed_by_fabric: dict[int, Decimal] = defaultdict(Decimal)
    lines_of_style = Counter(
        line.stockrecord_id for line in lines if line.pk in specs and line.stockrecord_id
    )
    prices: dict[int, BasketLinePrice] = {}
    for line in lines:
        spec = specs.get(line.pk)
        if spec is None or line.stockrecord is None:
            continue
        quote, chosen, withdrawn = spec_quote(
            spec=spec,
            base_price=line.stockrecord.price,
            choices_by_option=choices[spec.garment_type],
        )
        problem = code = ""
        short = fabric_short_message(
            fabric=spec.fabric, needed=quote.fabric_metres, already=needed_by_fabric[spec.fabric_id]
        )
        needed_by_fabric[spec.fabric_id] += quote.fabric_metres
        if withdrawn:
            problem = _("An option of this garment is no longer offered; please edit it.")
            code = "choice-withdrawn"
        elif short or not spec.fabric.is_active:
            problem = short or _("This fabric is no longer offered; please edit the garment.")
            code = "fabric-short"
        prices[line.pk] = BasketLinePrice(
            spec=spec,
            quote=quote,
            currency=line.stockrecord.price_currency,
            stockrecord=line.stockrecord,
            choices=chosen,
            problem=problem,
            problem_code=code,
            lines_of_style=lines_of_style[line.stockrecord_id],
        )
    return prices
