"""The storefront's own data: fabrics, garment options with surcharges, garment specs
and measurement profiles. Oscar's models are referred to by string foreign keys."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shop.tailoring.choices import fit_choices, garment_type_choices, sex_choices

GARMENT_SPEC_OPTION_CODE = "garment-spec"
"""The Oscar option whose value on a basket or order line is the line's garment spec."""


class BilingualName(models.Model):
    """A name kept in English and Simplified Chinese, shown in the reader's language."""

    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Simplified Chinese)"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if in_chinese() and self.name_zh else self.name_en


def in_chinese() -> bool:
    return (get_language() or "en").lower().startswith("zh")


# The cached Chinese product titles and category names (shop.selectors).
CATALOGUE_NAMES_CACHE_KEY = "shop:chinese-catalogue-names:2"


# The version of every product's cached style catalogue (``shop.selectors``): a new
# value makes each web process load the catalogues again on their next use.
STYLE_CATALOGUE_VERSION_KEY = "shop:style-catalogue:version"


def cache_version_bump(*, key: str) -> None:
    """A new version under ``key`` (``shop.selectors.cache_version``), so what was cached
    under the old one is stale: now, and again once the caller's transaction commits (a
    request that loaded the old rows meanwhile keeps them only under the old version)."""

    def bump() -> None:
        cache.set(key, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def style_catalogue_version_bump() -> None:
    """Every cached style catalogue is stale: now, and again once the caller's
    transaction commits (a request that loaded the old rows meanwhile keeps them only
    under the old version)."""
    cache_version_bump(key=STYLE_CATALOGUE_VERSION_KEY)


# The version of the cached category menu every page's navigation bar shows
# (``shop.selectors.menu_categories``); Oscar's category saves and deletes bump it.
MENU_CATEGORIES_VERSION_KEY = "shop:menu-categories:version"


def menu_categories_version_bump() -> None:
    """The cached category menu is stale: now, and again once the caller's transaction
    commits (Oscar's dashboard moves a category after saving it, in the same
    transaction)."""
    cache_version_bump(key=MENU_CATEGORIES_VERSION_KEY)


# The version of the cached answer to "has the shop any Oscar offer?"
# (``shop.selectors.oscar_offers_exist``); Oscar's offer saves and deletes bump it.
OSCAR_OFFERS_VERSION_KEY = "shop:oscar-offers:version"


def oscar_offers_version_bump() -> None:
    """Whether the shop has offers must be asked again: now, and once the caller's
    transaction commits."""
    cache_version_bump(key=OSCAR_OFFERS_VERSION_KEY)


# The version of the cached flat pages every checkout page offers (``shop.selectors.
# checkout_flatpages``); saving or deleting a flat page, or changing its sites, bumps it.
FLATPAGES_VERSION_KEY = "shop:flatpages:version"


def flatpages_version_bump() -> None:
    """The checkout's flat pages must be read again: now, and once the caller's
    transaction commits."""
    cache_version_bump(key=FLATPAGES_VERSION_KEY)


class InStyleCatalogue(models.Model):
    """A row the configurator's style catalogue is made of: saving or deleting one makes
    every cached catalogue stale (``style_catalogue_version_bump``). A queryset
    ``update`` of such rows calls the bump itself; fabric stock is read fresh on each
    use and needs none."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        style_catalogue_version_bump()

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        style_catalogue_version_bump()
        return super().delete(*args, **kwargs)


class CatalogueTranslation(models.Model):
    """A Chinese name kept beside an Oscar catalogue row; saving or deleting one empties
    the cached names (``shop.selectors.chinese_catalogue_names``)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        cache.delete(CATALOGUE_NAMES_CACHE_KEY)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        cache.delete(CATALOGUE_NAMES_CACHE_KEY)
        return super().delete(*args, **kwargs)


class ProductTranslation(CatalogueTranslation):
    """The Simplified Chinese title and description of an Oscar product: Oscar keeps one
    language, the English, in the product itself."""

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, related_name="translation"
    )
    title_zh = models.CharField(_("title (Simplified Chinese)"), max_length=255)
    description_zh = models.TextField(_("description (Simplified Chinese)"), blank=True)

    def __str__(self) -> str:
        return self.title_zh


class ProductClassTranslation(CatalogueTranslation):
    """The Simplified Chinese name of an Oscar product type (its English is the type's)."""

    product_class = models.OneToOneField(
        "catalogue.ProductClass", on_delete=models.CASCADE, related_name="translation"
    )
    name_zh = models.CharField(_("name (Simplified Chinese)"), max_length=128)

    def __str__(self) -> str:
        return self.name_zh


class CategoryTranslation(CatalogueTranslation):
    """The Simplified Chinese name of an Oscar category (its English is the category's)."""

    category = models.OneToOneField(
        "catalogue.Category", on_delete=models.CASCADE, related_name="translation"
    )
    name_zh = models.CharField(_("name (Simplified Chinese)"), max_length=255)

    def __str__(self) -> str:
        return self.name_zh


class GarmentStyle(InStyleCatalogue):
    """Which kind of garment an Oscar product class is (shirt, trousers, jacket)."""

    product_class = models.OneToOneField(
        "catalogue.ProductClass", on_delete=models.CASCADE, related_name="garment_style"
    )
    garment_type = models.CharField(
        _("garment type"), max_length=20, choices=garment_type_choices()
    )

    def __str__(self) -> str:
        return f"{self.product_class} ({self.garment_type})"


FABRIC_SUITS_FIELD = {"shirt": "for_shirts", "trousers": "for_trousers", "jacket": "for_jackets"}


class Fabric(BilingualName, InStyleCatalogue):
    class Pattern(models.TextChoices):
        SOLID = "solid", _("Solid")
        STRIPE = "stripe", _("Stripe")
        PINSTRIPE = "pinstripe", _("Pinstripe")
        CHECK = "check", _("Check")
        HERRINGBONE = "herringbone", _("Herringbone")
        TWILL = "twill", _("Twill")

    code = models.CharField(_("code"), max_length=20, unique=True)
    composition = models.CharField(_("composition"), max_length=100)
    composition_zh = models.CharField(
        _("composition (Simplified Chinese)"), max_length=100, blank=True
    )
    weight_gsm = models.PositiveIntegerField(
        _("weight (g/m²)"), validators=[MinValueValidator(50), MaxValueValidator(800)]
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour like #1a2b3c."))],
    )
    pattern = models.CharField(_("pattern"), max_length=20, choices=Pattern.choices)
    pattern_repeat_cm = models.DecimalField(
        _("pattern repeat (cm)"), max_digits=5, decimal_places=1, default=Decimal("0")
    )
    width_cm = models.DecimalField(
        _("width (cm)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("50")), MaxValueValidator(Decimal("330"))],
    )
    price_per_metre = models.DecimalField(
        _("price per metre (CNY)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    metres_in_stock = models.DecimalField(
        _("metres in stock"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    swatch = models.ImageField(_("swatch image"), upload_to="fabrics/", blank=True)
    for_shirts = models.BooleanField(_("for shirts"), default=False)
    for_trousers = models.BooleanField(_("for trousers"), default=False)
    for_jackets = models.BooleanField(_("for jackets"), default=False)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ("code",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(metres_in_stock__gte=0), name="fabric_stock_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(width_cm__gt=0), name="fabric_width_positive"
            ),
        ]

    def suits(self, garment_type: str) -> bool:
        return bool(getattr(self, FABRIC_SUITS_FIELD[garment_type]))

    @property
    def composition_in_language(self) -> str:
        return self.composition_zh if in_chinese() and self.composition_zh else self.composition


class GarmentOption(BilingualName, InStyleCatalogue):
    """A choice the customer makes for one garment type: collar, cuff, fit, lapel…"""

    garment_type = models.CharField(
        _("garment type"), max_length=20, choices=garment_type_choices()
    )
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    depends_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependents",
        verbose_name=_("depends on"),
        help_text=_(
            "This option applies only when the option named here is chosen with a choice "
            "that does not switch its dependents off (e.g. thread colour needs a monogram)."
        ),
    )

    class Meta:
        ordering = ("garment_type", "position", "code")
        constraints = [
            models.UniqueConstraint(fields=("garment_type", "code"), name="garment_option_code")
        ]


class OptionChoice(BilingualName, InStyleCatalogue):
    option = models.ForeignKey(GarmentOption, on_delete=models.CASCADE, related_name="choices")
    code = models.SlugField(_("code"), max_length=40)
    surcharge = models.DecimalField(
        _("surcharge (CNY)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_default = models.BooleanField(_("default"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)
    switches_off_dependents = models.BooleanField(
        _("switches off dependent options"),
        default=False,
        help_text=_(
            'Choosing this leaves out the options that depend on this one (e.g. "No '
            "monogram\" leaves out the monogram's font and thread colour): they are "
            "neither shown, nor charged, nor kept in the garment's spec."
        ),
    )

    class Meta:
        ordering = ("option", "position", "code")
        constraints = [
            models.UniqueConstraint(fields=("option", "code"), name="option_choice_code"),
            models.CheckConstraint(
                condition=models.Q(surcharge__gte=0), name="surcharge_not_negative"
            ),
        ]


class StyleOffer(InStyleCatalogue):
    """What one garment style offers when it is narrower than its garment type: the two
    shirts of the catalogue are cut from different cloths, and a single-breasted jacket
    has no double-breasted front. Without an offer a style offers everything."""

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, related_name="style_offer"
    )
    fabrics = models.ManyToManyField(
        Fabric,
        blank=True,
        related_name="+",
        verbose_name=_("fabrics"),
        help_text=_("The fabrics of this style; none ticked: every fabric for its garment."),
    )
    excluded_choices = models.ManyToManyField(
        OptionChoice,
        blank=True,
        related_name="+",
        verbose_name=_("choices not offered"),
    )

    def __str__(self) -> str:
        return str(self.product)


def _new_reference() -> str:
    return "GS-" + secrets.token_hex(5).upper()


class MeasurementProfile(models.Model):
    """A named set of body measurements a customer keeps ("me", "my father")."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measurement_profiles"
    )
    name = models.CharField(_("name"), max_length=60)
    sex = models.CharField(_("sex"), max_length=10, choices=sex_choices())
    values = models.JSONField(_("measurements (cm)"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(fields=("owner", "name"), name="profile_name_per_owner")
        ]

    def __str__(self) -> str:
        return self.name


def delete_unless_ordered(collector, field, sub_objs, using):  # type: ignore[no-untyped-def]
    """``on_delete`` for a spec's basket line: a spec not yet ordered goes with its line
    (it is nothing without it); an ordered one stays, only unlinked from the line."""
    ordered = [spec for spec in sub_objs if spec.order_line_id is not None]
    unordered = [spec for spec in sub_objs if spec.order_line_id is None]
    if unordered:
        models.CASCADE(collector, field, unordered, using)
    if ordered:
        models.SET_NULL(collector, field, ordered, using)


class GarmentSpec(models.Model):
    """One configured garment: style, fabric, options and measurements, as priced.

    Each basket line holds exactly one spec. The price is never stored as truth:
    it is recomputed from the current fabric and surcharges whenever it is shown.
    """

    reference = models.CharField(max_length=16, unique=True, default=_new_reference)
    product = models.ForeignKey("catalogue.Product", on_delete=models.PROTECT, related_name="+")
    garment_type = models.CharField(max_length=20, choices=garment_type_choices())
    fabric = models.ForeignKey(Fabric, on_delete=models.PROTECT, related_name="specs")
    fit = models.CharField(max_length=10, choices=fit_choices())
    choices = models.JSONField(default=dict)
    monogram_text = models.CharField(max_length=12, blank=True)
    sex = models.CharField(max_length=10, choices=sex_choices())
    measurements = models.JSONField(default=dict)
    finished = models.JSONField(default=dict)
    fabric_metres = models.DecimalField(max_digits=6, decimal_places=2)
    profile = models.ForeignKey(
        MeasurementProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    basket_line = models.OneToOneField(
        "basket.Line",
        null=True,
        blank=True,
        on_delete=delete_unless_ordered,
        related_name="garment_spec",
    )
    order_line = models.OneToOneField(
        "order.Line",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="garment_spec",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.reference


from shop.payments.models import (  # noqa: E402, F401  (registered here)
    CheckoutPayment,
    GarmentCorrection,
    PaymentRefund,
    StripeEvent,
)
