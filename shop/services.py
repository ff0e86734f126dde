"""Writes of the storefront: garments into the basket, measurement profiles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction

from shop.configurator import (
    GarmentQuote,
    applicable_choices,
    fabric_short_message,
    garment_quote,
)
from shop.models import (
    GARMENT_SPEC_OPTION_CODE,
    CategoryTranslation,
    Fabric,
    GarmentSpec,
    MeasurementProfile,
    OptionChoice,
    ProductClassTranslation,
    ProductTranslation,
)
from shop.search import product_search_index_update
from shop.selectors import StyleCatalogue, fabric_metres_in_basket
from shop.tailoring.choices import Fit, Sex


class FabricShortError(Exception):
    """The fabric left in stock cannot make this garment; nothing was saved."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class GarmentConfiguration:
    """A validated configuration, as the configurator form cleaned it."""

    fabric: Fabric
    choices: Mapping[str, OptionChoice]
    monogram_text: str
    sex: Sex
    measurements: Mapping[str, Decimal]
    profile: MeasurementProfile | None = None


def _spec_option() -> Any:
    option_model = apps.get_model("catalogue", "Option")
    option, _ = option_model.objects.get_or_create(
        code=GARMENT_SPEC_OPTION_CODE,
        defaults={"name": "Garment spec", "type": "text", "required": False},
    )
    return option


def _quote(*, catalogue: StyleCatalogue, configuration: GarmentConfiguration) -> GarmentQuote:
    return garment_quote(
        garment_type=catalogue.garment_type,
        base_price=catalogue.base_price,
        fabric=configuration.fabric,
        choices=configuration.choices,
        sex=configuration.sex,
        measurements=configuration.measurements,
    )


def _check_fabric(
    *, basket: Any, configuration: GarmentConfiguration, quote: GarmentQuote, line_id: int | None
) -> None:
    # Lock the fabric row so two adds to one basket are checked one after the other.
    fabric = Fabric.objects.select_for_update().get(pk=configuration.fabric.pk)
    already = (
        fabric_metres_in_basket(basket_id=basket.pk, fabric_id=fabric.pk, exclude_line_id=line_id)
        if basket.pk
        else Decimal("0")
    )
    message = fabric_short_message(fabric=fabric, needed=quote.fabric_metres, already=already)
    if message:
        raise FabricShortError(message)


def _spec_fields(
    *, catalogue: StyleCatalogue, configuration: GarmentConfiguration, quote: GarmentQuote
) -> dict[str, Any]:
    choices = applicable_choices(choices=configuration.choices)
    fit = choices.get("fit")
    return {
        "product": catalogue.product,
        "garment_type": catalogue.garment_type.value,
        "fabric": configuration.fabric,
        "fit": fit.code if fit is not None else Fit.REGULAR.value,
        "choices": {code: choice.code for code, choice in choices.items()},
        "monogram_text": configuration.monogram_text,
        "sex": configuration.sex.value,
        "measurements": {code: str(value) for code, value in configuration.measurements.items()},
        "finished": {code: str(value) for code, value in quote.finished.items()},
        "fabric_metres": quote.fabric_metres,
        "profile": configuration.profile,
    }


@transaction.atomic
def garment_line_add(
    *, basket: Any, catalogue: StyleCatalogue, configuration: GarmentConfiguration
) -> GarmentSpec:
    """Put one configured garment in the basket as a line of its own.

    Raises FabricShortError (and saves nothing) when the fabric left cannot make it.
    """
    quote = _quote(catalogue=catalogue, configuration=configuration)
    _check_fabric(basket=basket, configuration=configuration, quote=quote, line_id=None)
    spec = GarmentSpec.objects.create(
        **_spec_fields(catalogue=catalogue, configuration=configuration, quote=quote)
    )
    line, _ = basket.add_product(
        catalogue.product,
        quantity=1,
        options=[{"option": _spec_option(), "value": spec.reference}],
    )
    line.price_excl_tax = line.price_incl_tax = quote.price.total
    line.save(update_fields=["price_excl_tax", "price_incl_tax"])
    spec.basket_line = line
    spec.save(update_fields=["basket_line"])
    return spec


@transaction.atomic
def garment_line_update(
    *, basket: Any, line: Any, catalogue: StyleCatalogue, configuration: GarmentConfiguration
) -> GarmentSpec:
    """Replace the configuration of a garment already in the basket (same line)."""
    spec = GarmentSpec.objects.select_for_update().get(basket_line=line)
    quote = _quote(catalogue=catalogue, configuration=configuration)
    _check_fabric(basket=basket, configuration=configuration, quote=quote, line_id=line.pk)
    for field, value in _spec_fields(
        catalogue=catalogue, configuration=configuration, quote=quote
    ).items():
        setattr(spec, field, value)
    spec.save()
    line.price_excl_tax = line.price_incl_tax = quote.price.total
    line.save(update_fields=["price_excl_tax", "price_incl_tax"])
    return spec


@transaction.atomic
def measurement_profile_save(
    *,
    owner: Any,
    name: str,
    sex: str,
    measurements: Mapping[str, Decimal],
    profile: MeasurementProfile | None = None,
) -> MeasurementProfile:
    """Create a profile, or replace the name, sex and values of ``profile``."""
    if profile is None:
        profile = MeasurementProfile(owner=owner)
    elif profile.owner_id != owner.pk:
        raise PermissionError("not the owner of this profile")
    profile.name = name
    profile.sex = Sex(sex).value
    profile.values = {code: str(value) for code, value in measurements.items()}
    profile.save()
    return profile


def measurement_profile_delete(*, owner: Any, profile: MeasurementProfile) -> None:
    if profile.owner_id != owner.pk:
        raise PermissionError("not the owner of this profile")
    profile.delete()


def product_translation_set(
    *, product: Any, title_zh: str, description_zh: str = ""
) -> ProductTranslation:
    """Give a product its Chinese title (and description), and re-index it for search."""
    translation, _created = ProductTranslation.objects.update_or_create(
        product=product, defaults={"title_zh": title_zh, "description_zh": description_zh}
    )
    transaction.on_commit(lambda: product_search_index_update(product=product))
    return translation


def product_class_translation_set(*, product_class: Any, name_zh: str) -> ProductClassTranslation:
    """Give a product type its Chinese name."""
    translation, _created = ProductClassTranslation.objects.update_or_create(
        product_class=product_class, defaults={"name_zh": name_zh}
    )
    return translation


def category_translation_set(*, category: Any, name_zh: str) -> CategoryTranslation:
    """Give a category its Chinese name, and re-index its products for search."""
    translation, _created = CategoryTranslation.objects.update_or_create(
        category=category, defaults={"name_zh": name_zh}
    )
    products = list(category.product_set.all())
    transaction.on_commit(
        lambda: [product_search_index_update(product=product) for product in products]
    )
    return translation
