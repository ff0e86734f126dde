"""Reads for the storefront: a style's configuration catalogue, profiles, basket quotes.

Each function runs a fixed number of queries, whatever the number of fabrics,
options, choices or basket lines.
"""

from __future__ import annotations

import copy
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from oscar.templatetags.category_tags import get_annotated_list

from shop.models import (
    CATALOGUE_NAMES_CACHE_KEY,
    FABRIC_SUITS_FIELD,
    FLATPAGES_VERSION_KEY,
    GARMENT_SPEC_OPTION_CODE,
    MENU_CATEGORIES_VERSION_KEY,
    OSCAR_OFFERS_VERSION_KEY,
    STYLE_CATALOGUE_VERSION_KEY,
    CategoryTranslation,
    Fabric,
    GarmentOption,
    GarmentSpec,
    MeasurementProfile,
    OptionChoice,
    ProductClassTranslation,
    ProductTranslation,
    StyleOffer,
    in_chinese,
)
from shop.tailoring.choices import GarmentType


@dataclass(frozen=True)
class ChineseCatalogueNames:
    """The Simplified Chinese titles of products and names of categories and product
    types, by id."""

    product_titles: dict[int, str]
    product_descriptions: dict[int, str]
    category_names: dict[int, str]
    product_class_names: dict[int, str]


def chinese_catalogue_names() -> ChineseCatalogueNames:
    """Every Chinese product title and category and product type name, from the cache
    (three queries when it is cold; the translations empty it when they are saved)."""
    names = cache.get(CATALOGUE_NAMES_CACHE_KEY)
    if names is None:
        products = ProductTranslation.objects.values_list(
            "product_id", "title_zh", "description_zh"
        )
        names = ChineseCatalogueNames(
            product_titles={pk: title for pk, title, _ in products},
            product_descriptions={pk: text for pk, _, text in products if text},
            category_names=dict(CategoryTranslation.objects.values_list("category_id", "name_zh")),
            product_class_names=dict(
                ProductClassTranslation.objects.values_list("product_class_id", "name_zh")
            ),
        )
        cache.set(CATALOGUE_NAMES_CACHE_KEY, names, 600)
    return names


def product_title_in_language(*, product_id: int | None, title: str) -> str:
    """A product's title in the reader's language (the English ``title`` otherwise)."""
    if product_id is not None and in_chinese():
        return chinese_catalogue_names().product_titles.get(product_id) or title
    return title


def product_class_name_in_language(*, product_class_id: int | None, name: str) -> str:
    """A product type's name in the reader's language (the English ``name`` otherwise)."""
    if product_class_id is not None and in_chinese():
        return chinese_catalogue_names().product_class_names.get(product_class_id) or name
    return name


def product_description_in_language(*, product_id: int | None, description: str) -> str:
    if product_id is not None and in_chinese():
        return chinese_catalogue_names().product_descriptions.get(product_id) or description
    return description


# Oscar options the platform itself creates, named in the reader's language (the stored
# name is the English).
PLATFORM_OPTION_NAMES: dict[str, Promise] = {GARMENT_SPEC_OPTION_CODE: _("Garment spec")}


def option_name_in_language(*, code: str, name: str) -> str:
    """An Oscar option's name in the reader's language (the stored name otherwise)."""
    label = PLATFORM_OPTION_NAMES.get(code)
    return str(label) if label is not None else name


# The Oscar partner the platform itself sells through (``shop.demo``), named in the
# reader's language; other partners keep the name staff gave them.
PLATFORM_PARTNER_NAMES: dict[str, Promise] = {"c2m-network": _("C2M factory network")}


def partner_name_in_language(*, code: str, name: str) -> str:
    """An Oscar partner's name in the reader's language (the stored name otherwise)."""
    label = PLATFORM_PARTNER_NAMES.get(code)
    return str(label) if label is not None else name


def category_name_in_language(*, category_id: int | None, name: str) -> str:
    """A category's name in the reader's language (the English ``name`` otherwise)."""
    if category_id is not None and in_chinese():
        return chinese_catalogue_names().category_names.get(category_id) or name
    return name


def dashboard_link_shown(*, user: Any) -> bool:
    """Whether the account bar links ``user`` to Oscar's dashboard: Oscar's test
    (``user.is_staff or perms.partner.dashboard_access``) in one query, where Django's
    permission check reads the user's own and their groups' permissions apart; none for
    staff, superusers and anyone signed out or inactive."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    permission_model = apps.get_model("auth", "Permission")
    return bool(
        permission_model.objects.filter(
            Q(user=user) | Q(group__user=user),
            content_type__app_label="partner",
            codename="dashboard_access",
        ).exists()
    )


def cache_version(*, key: str) -> str:
    """The version stored under ``key``, the part of cache keys that changes when what
    they hold is edited (the bump replaces it); set once, by whichever process asks
    first, when the cache has none."""
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key) or ""
    return str(version)


def oscar_offers_exist() -> bool:
    """Whether the shop has any Oscar offer at all (site, voucher, user or session,
    whatever its status or dates): without one, applying offers to a basket finds none.
    From the cache; one query when it is cold or an offer was saved or deleted since
    (``oscar_offers_version_bump``)."""
    version = cache_version(key=OSCAR_OFFERS_VERSION_KEY)
    key = f"shop:oscar-offers:exist:{version}"
    found = cache.get(key)
    if found is None:
        found = apps.get_model("offer", "ConditionalOffer").objects.exists()
        cache.set(key, found, 24 * 3600)
    return bool(found)


@dataclass(frozen=True)
class FlatPageShown:
    """What a checkout page shows of a flat page: its title and content."""

    title: str
    content: str


def checkout_flatpages(*, site_id: int) -> list[FlatPageShown]:
    """The flat pages every checkout page offers (Oscar's ``get_flatpages '/order/'``:
    the site's public pages under /order/, by address), from the cache: one query when
    it is cold or a flat page changed since (``flatpages_version_bump``)."""
    version = cache_version(key=FLATPAGES_VERSION_KEY)
    key = f"shop:checkout-flatpages:{version}:{site_id}"
    found = cache.get(key)
    if found is None:
        pages = apps.get_model("flatpages", "FlatPage").objects.filter(
            sites__id=site_id, url__startswith="/order/", registration_required=False
        )
        found = [FlatPageShown(title=page.title, content=page.content) for page in pages]
        cache.set(key, found, 24 * 3600)
    return list(found)


@dataclass(frozen=True)
class MenuCategory:
    """A top-level category as the navigation bar links it (what the template reads of
    Oscar's category: its id and English name for ``category_name``, and its URL)."""

    pk: int
    name: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


def menu_categories(*, language: str) -> list[MenuCategory]:
    """The categories of every page's "Browse store" menu (Oscar's ``category_tree``
    at depth 1: public, not excluded from the menu), from the cache: two queries when
    it is cold or a category was saved since (``menu_categories_version_bump``)."""
    version = cache_version(key=MENU_CATEGORIES_VERSION_KEY)
    key = f"shop:menu-categories:{version}:{language}"
    found = cache.get(key)
    if found is None:
        found = [
            MenuCategory(pk=item.pk, name=item.category.name, url=item.get_absolute_url())
            for item in get_annotated_list(depth=1)
        ]
        cache.set(key, found, 24 * 3600)
    return found


@dataclass(frozen=True)
class StyleCatalogue:
    """Everything the configurator needs for one garment style."""

    product: object
    garment_type: GarmentType
    base_price: Decimal
    fabrics: tuple[Fabric, ...]
    options: tuple[GarmentOption, ...]

    def fabric(self, code: str) -> Fabric | None:
        return next((f for f in self.fabrics if f.code == code), None)

    def option(self, code: str) -> GarmentOption | None:
        return next((o for o in self.options if o.code == code), None)


def _active_choices() -> Prefetch:
    return Prefetch(
        "choices",
        queryset=OptionChoice.objects.filter(is_active=True).order_by("position", "code"),
        to_attr="active_choices",
    )


def garment_options_for(*, garment_type: str) -> tuple[GarmentOption, ...]:
    return tuple(
        GarmentOption.objects.filter(garment_type=garment_type)
        .prefetch_related(_active_choices())
        .order_by("position", "code")
    )


def fabrics_for(*, garment_type: str) -> QuerySet[Fabric]:
    return Fabric.objects.filter(is_active=True, **{FABRIC_SUITS_FIELD[garment_type]: True})


#: This process's style catalogues: product id -> (the version they were loaded at, the
#: catalogue or None). Shared by the requests (threads, greenlets) of the process, so
#: never changed in place: each use gets a copy of the fabrics with their stock of now.
_style_catalogues: dict[int, tuple[str, StyleCatalogue | None]] = {}


def style_catalogue_version() -> str:
    """The style catalogue's version: changes whenever a fabric, option, choice, offer,
    style, product or stock record does (keys caches of what is rendered from it)."""
    return cache_version(key=STYLE_CATALOGUE_VERSION_KEY)


def style_catalogue_get(*, product_id: int) -> StyleCatalogue | None:
    """The configuration catalogue of a public garment product, or None if it is not one.

    Kept per product in this process until a fabric, option, choice, offer, style,
    product or stock record changes (``shop.models.style_catalogue_version_bump``, one
    cache read per call to learn it); the fabrics' stock is read fresh each time (one
    query), as every order changes it."""
    version = style_catalogue_version()
    cached = _style_catalogues.get(product_id)
    if cached is not None and cached[0] == version:
        catalogue = cached[1]
    else:
        catalogue = _style_catalogue_load(product_id=product_id)
        _style_catalogues[product_id] = (version, catalogue)
    if catalogue is None or not catalogue.fabrics:
        return catalogue
    stock = dict(
        Fabric.objects.filter(pk__in=[f.pk for f in catalogue.fabrics]).values_list(
            "pk", "metres_in_stock"
        )
    )
    fabrics = []
    for cached_fabric in catalogue.fabrics:
        fabric = copy.copy(cached_fabric)
        fabric.metres_in_stock = stock.get(fabric.pk, fabric.metres_in_stock)
        fabrics.append(fabric)
    return replace(catalogue, fabrics=tuple(fabrics))


def _style_catalogue_load(*, product_id: int) -> StyleCatalogue | None:
    product_model = apps.get_model("catalogue", "Product")
    product = (
        product_model.objects.filter(pk=product_id, is_public=True)
        .select_related("product_class__garment_style")
        .prefetch_related("stockrecords")
        .first()
    )
    if product is None:
        return None
    style = getattr(product.get_product_class(), "garment_style", None)
    stockrecords = list(product.stockrecords.all())
    if style is None or not stockrecords:
        return None
    garment_type = GarmentType(style.garment_type)
    fabrics = fabrics_for(garment_type=garment_type)
    options = garment_options_for(garment_type=garment_type)
    offer = (
        StyleOffer.objects.filter(product_id=product.pk)
        .prefetch_related("fabrics", "excluded_choices")
        .first()
    )
    if offer is not None:
        offered = {fabric.pk for fabric in offer.fabrics.all()}
        if offered:
            fabrics = fabrics.filter(pk__in=offered)
        excluded = {choice.pk for choice in offer.excluded_choices.all()}
        for option in options:
            option.active_choices = [  # type: ignore[attr-defined]
                choice
                for choice in option.active_choices  # type: ignore[attr-defined]
                if choice.pk not in excluded
            ]
    return StyleCatalogue(
        product=product,
        garment_type=garment_type,
        base_price=stockrecords[0].price,
        fabrics=tuple(fabrics),
        options=options,
    )


@dataclass(frozen=True)
class HomeStyle:
    product: object
    garment_type: str
    base_price: Decimal
    currency: str


def garment_styles_for_home() -> list[HomeStyle]:
    """The public garment styles with their base price, for the home page (one query)."""
    product_model = apps.get_model("catalogue", "Product")
    products = (
        product_model.objects.filter(is_public=True, product_class__garment_style__isnull=False)
        .select_related("product_class__garment_style")
        .prefetch_related("stockrecords")
        .order_by("pk")
    )
    styles = []
    for product in products:
        records = list(product.stockrecords.all())
        if records:
            styles.append(
                HomeStyle(
                    product=product,
                    garment_type=product.product_class.garment_style.garment_type,
                    base_price=records[0].price,
                    currency=records[0].price_currency,
                )
            )
    return styles


def measurement_profiles_for(*, user: object) -> QuerySet[MeasurementProfile]:
    if not getattr(user, "is_authenticated", False):
        return MeasurementProfile.objects.none()
    return MeasurementProfile.objects.filter(owner=user).order_by("name")


def measurement_profile_get(*, user: object, profile_id: object) -> MeasurementProfile | None:
    """The user's own profile with that id; None for anyone else's or a malformed id."""
    try:
        pk = int(str(profile_id))
    except ValueError:
        return None
    return measurement_profiles_for(user=user).filter(pk=pk).first()


def garment_specs_for_lines(*, line_ids: list[int]) -> dict[int, GarmentSpec]:
    """The specs of these basket lines, keyed by line id, with fabric and product loaded."""
    specs = GarmentSpec.objects.filter(basket_line_id__in=line_ids).select_related(
        "fabric", "product"
    )
    return {spec.basket_line_id: spec for spec in specs}


#: This process's option choices: garment type -> (the style catalogue version they were
#: loaded at, option code -> choice code -> choice). Shared by the requests of the
#: process, so never changed in place.
_option_choices: dict[str, tuple[str, dict[str, dict[str, OptionChoice]]]] = {}


def option_choices_by_type(
    *, garment_types: set[str]
) -> dict[str, dict[str, dict[str, OptionChoice]]]:
    """garment type -> option code -> choice code -> choice (active or not: a basket may
    hold a choice withdrawn since; it is still priced, and flagged by the caller).

    Kept in this process until an option or a choice changes (the style catalogue's
    version, one cache read per call): one query when a garment type is not kept yet.
    What is returned is shared: read it, never change it."""
    version = style_catalogue_version() if garment_types else ""
    found: dict[str, dict[str, dict[str, OptionChoice]]] = defaultdict(dict)
    missing = set()
    for garment_type in garment_types:
        kept = _option_choices.get(garment_type)
        if kept is not None and kept[0] == version:
            found[garment_type] = kept[1]
        else:
            missing.add(garment_type)
    if missing:
        loaded: dict[str, dict[str, dict[str, OptionChoice]]] = {
            garment_type: defaultdict(dict) for garment_type in missing
        }
        choices = OptionChoice.objects.filter(option__garment_type__in=missing)
        for choice in choices.select_related("option"):
            loaded[choice.option.garment_type][choice.option.code][choice.code] = choice
        for garment_type, by_option in loaded.items():
            kept_choices = {code: dict(choices) for code, choices in by_option.items()}
            _option_choices[garment_type] = (version, kept_choices)
            found[garment_type] = kept_choices
    return found


def fabric_metres_in_basket(
    *, basket_id: int, fabric_id: int, exclude_line_id: int | None
) -> Decimal:
    """Metres of one fabric the other lines of a basket already need."""
    specs = GarmentSpec.objects.filter(basket_line__basket_id=basket_id, fabric_id=fabric_id)
    if exclude_line_id is not None:
        specs = specs.exclude(basket_line_id=exclude_line_id)
    return sum((spec.fabric_metres for spec in specs), Decimal("0"))


@dataclass(frozen=True)
class OrderedGarment:
    spec: GarmentSpec
    choices: dict[str, OptionChoice]

    @property
    def title(self) -> str:
        """The garment style's title in the reader's language."""
        product = self.spec.product
        return product_title_in_language(product_id=product.pk, title=product.title)


def garments_for_order(*, order_id: int) -> dict[int, OrderedGarment]:
    """The garment spec of each line of an order, keyed by order line id (two queries,
    three when the option choices are not kept yet)."""
    attribute_model = apps.get_model("order", "LineAttribute")

    references = dict(
        attribute_model.objects.filter(
            line__order_id=order_id, option__code=GARMENT_SPEC_OPTION_CODE
        ).values_list("value", "line_id")
    )
    specs = GarmentSpec.objects.filter(reference__in=list(references)).select_related(
        "fabric", "product"
    )
    return ordered_garments(specs_by_line={references[spec.reference]: spec for spec in specs})


def ordered_garments(*, specs_by_line: Mapping[int, GarmentSpec]) -> dict[int, OrderedGarment]:
    """The garment of each order line from its spec (with fabric and product loaded),
    keyed as given: what ``garments_for_order`` reads, for a caller that has the specs."""
    choices = option_choices_by_type(
        garment_types={spec.garment_type for spec in specs_by_line.values()}
    )
    found = {}
    for line_id, spec in specs_by_line.items():
        by_option = choices[spec.garment_type]
        chosen = {
            code: by_option[code][value]
            for code, value in spec.choices.items()
            if value in by_option.get(code, {})
        }
        found[line_id] = OrderedGarment(spec=spec, choices=chosen)
    return found


def order_for_summary(**lookup: object) -> Any | None:
    """The order ``lookup`` names (None if none) with what its summary shows loaded: its
    customer, address and country, lines and their products, payments, discounts and
    surcharges (six queries whatever the number of lines, then none for any of them)."""
    order_model = apps.get_model("order", "Order")
    return (
        order_model._default_manager.filter(**lookup)
        .select_related("user", "shipping_address__country")
        .prefetch_related("lines__product", "sources", "discounts", "surcharges")
        .first()
    )


def garment_spec_ordered_by(*, user: object, order_line_id: object) -> GarmentSpec | None:
    """The spec of one of the user's own ordered garments (None for anyone else's)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        pk = int(str(order_line_id))
    except ValueError:
        return None
    return (
        GarmentSpec.objects.filter(order_line_id=pk, order_line__order__user=user)
        .select_related("fabric")
        .first()
    )
