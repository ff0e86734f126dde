from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.urls import reverse
from django.utils.html import format_html

from shop.site import site_sync


class ShopConfig(AppConfig):
    verbose_name = "Shop"
    name = "shop"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The web entrypoint migrates at every start, so a changed SITE_DOMAIN is in
        # the links of the next mail.
        post_migrate.connect(site_sync, sender=self, dispatch_uid="shop.site_sync")
        products_titled_in_language()
        product_classes_named_in_language()
        payment_sources_named_in_language()
        countries_named_in_language()
        dashboard_tables_in_language()
        style_catalogue_follows_oscar()
        menu_categories_follow_oscar()
        offers_follow_oscar()
        offers_asked_only_when_any()
        flatpages_follow_saves()
        basket_lines_load_their_options()
        orders_read_their_loaded_discounts()
        order_counters_in_the_payment()


def basket_lines_load_their_options() -> None:
    """Oscar's mini-basket, in every page's header, prints each line's description,
    which reads each line attribute's option, and asks each line's product whether it
    needs shipping, which reads its product type; the order made from the basket reads
    each line's partner: one query per basket line each. Here ``all_lines`` loads the
    attributes with their options in one query, and the product types and partners with
    the lines (Oscar's own: the attributes, then their options, apart).

    And Oscar counts a basket's lines with a query of their own (``num_lines``, behind
    ``is_empty``), though the header that asks then shows them: the count is that of the
    lines loaded once for the request."""
    from django.db.models import Prefetch
    from oscar.apps.basket.abstract_models import AbstractBasket

    oscars_all_lines = AbstractBasket.all_lines

    def all_lines(self: Any) -> Any:
        if self.id is None or self._lines is not None:
            return oscars_all_lines(self)
        attribute_model = self.lines.model.attributes.rel.related_model
        self._lines = (
            self.lines.select_related("product__product_class", "stockrecord__partner")
            .prefetch_related(
                Prefetch("attributes", queryset=attribute_model.objects.select_related("option")),
                "product__images",
            )
            .order_by(self._meta.pk.name)
        )
        return self._lines

    def num_lines(self: Any) -> int:
        return len(self.all_lines())

    AbstractBasket.all_lines = all_lines  # type: ignore[method-assign]
    AbstractBasket.num_lines = property(num_lines)  # type: ignore[method-assign,assignment]


def orders_read_their_loaded_discounts() -> None:
    """Oscar's order totals ask for the order's basket discounts, shipping discounts and
    post-order actions, each a query of the order's discounts by category, even when
    the order was read with its discounts (``shop.selectors.order_for_summary``): then
    they are taken from those, in the same order."""
    from oscar.apps.order.abstract_models import AbstractOrder, AbstractOrderDiscount

    def by_category(category: str, oscars: Any) -> property:
        def discounts(self: Any) -> Any:
            loaded = getattr(self, "_prefetched_objects_cache", {}).get("discounts")
            if loaded is None:
                return oscars.fget(self)
            return [discount for discount in loaded if discount.category == category]

        return property(discounts)

    AbstractOrder.basket_discounts = by_category(  # type: ignore[method-assign,assignment]
        AbstractOrderDiscount.BASKET, AbstractOrder.basket_discounts
    )
    AbstractOrder.shipping_discounts = by_category(  # type: ignore[method-assign,assignment]
        AbstractOrderDiscount.SHIPPING, AbstractOrder.shipping_discounts
    )
    AbstractOrder.post_order_actions = by_category(  # type: ignore[method-assign,assignment]
        AbstractOrderDiscount.DEFERRED, AbstractOrder.post_order_actions
    )


def order_counters_in_the_payment() -> None:
    """Oscar's analytics count an order's products and its customer's orders in a
    receiver of ``order_placed``, from the moment the order is placed, so each product's
    row stays locked for the rest of the payment's transaction; and when two first orders
    of a product race, it catches the IntegrityError inside the transaction, which breaks
    it. The payment counts them itself, late in its transaction and race-safe
    (``shop.payments.services``)."""
    from oscar.apps.analytics import receivers
    from oscar.apps.order.signals import order_placed

    order_placed.disconnect(receivers.receive_order_placed)


def _stale_when_oscar_saves(
    models: tuple[type, ...], *, bump: Callable[[], None], uid: str
) -> None:
    """Call ``bump`` whenever Oscar saves or deletes a row of ``models`` (its dashboard
    saves them without our services)."""
    from django.db.models.signals import post_delete, post_save

    def stale(**_: object) -> None:
        bump()

    for model in models:
        label = model._meta.label_lower  # type: ignore[attr-defined]
        post_save.connect(stale, sender=model, weak=False, dispatch_uid=f"{uid}.{label}")
        post_delete.connect(stale, sender=model, weak=False, dispatch_uid=f"{uid}.d.{label}")


def style_catalogue_follows_oscar() -> None:
    """Oscar's own dashboard saves its products, product types and stock records (the
    price a style starts from) without our services: those saves make the cached style
    catalogues stale (``shop.models.style_catalogue_version_bump``). Our own rows do it
    in their ``save``."""
    from oscar.apps.catalogue.models import Product, ProductClass
    from oscar.apps.partner.models import StockRecord

    from shop.models import style_catalogue_version_bump

    _stale_when_oscar_saves(
        (Product, ProductClass, StockRecord), bump=style_catalogue_version_bump, uid="shop.styles"
    )


def menu_categories_follow_oscar() -> None:
    """The navigation bar's cached category menu (``shop.selectors.menu_categories``)
    is stale once Oscar saves or deletes a category (its dashboard, or treebeard)."""
    from oscar.apps.catalogue.models import Category

    from shop.models import menu_categories_version_bump

    _stale_when_oscar_saves((Category,), bump=menu_categories_version_bump, uid="shop.menu")


def offers_follow_oscar() -> None:
    """Whether the shop has Oscar offers (``shop.selectors.oscar_offers_exist``, which
    spares every page applying none) is asked again once Oscar saves or deletes one."""
    from oscar.apps.offer.models import ConditionalOffer

    from shop.models import oscar_offers_version_bump

    _stale_when_oscar_saves((ConditionalOffer,), bump=oscar_offers_version_bump, uid="shop.offers")


def flatpages_follow_saves() -> None:
    """The checkout's cached flat pages (``shop.selectors.checkout_flatpages``) are stale
    once a flat page is saved or deleted, or its sites change (the admin's form)."""
    from django.contrib.flatpages.models import FlatPage
    from django.db.models.signals import m2m_changed

    from shop.models import flatpages_version_bump

    _stale_when_oscar_saves((FlatPage,), bump=flatpages_version_bump, uid="shop.flatpages")

    def stale(**_: object) -> None:
        flatpages_version_bump()

    m2m_changed.connect(
        stale, sender=FlatPage.sites.through, weak=False, dispatch_uid="shop.flatpages.sites"
    )


def offers_asked_only_when_any() -> None:
    """Oscar's applicator gathers the offers a basket could have (the site's, its
    vouchers', the customer's) each time it is asked, as the basket page does for its
    "spend this much more" messages: two queries that find nothing in a shop without
    offers. Without any (``shop.selectors.oscar_offers_exist``), it answers that there
    are none, as it would."""
    from oscar.apps.offer.applicator import Applicator

    from shop.selectors import oscar_offers_exist

    oscars_get_offers = Applicator.get_offers

    def get_offers(self: Any, basket: Any, user: Any = None, request: Any = None) -> Any:
        if not oscar_offers_exist():
            return []
        return oscars_get_offers(self, basket, user, request)

    Applicator.get_offers = get_offers  # type: ignore[method-assign]


def products_titled_in_language() -> None:
    """Oscar's ``Product.get_title`` (what every catalogue, basket, search and dashboard
    page prints) answers in the reader's language: the Chinese title kept beside the
    product (``shop.models.ProductTranslation``) when the page is in Chinese. Oscar holds
    one title per product and offers no other seam short of forking its catalogue."""
    from oscar.apps.catalogue.models import Product

    from shop.selectors import product_title_in_language

    english_title = Product.get_title
    if getattr(english_title, "in_language", False):
        return

    def get_title(self: Product) -> str:
        return product_title_in_language(
            product_id=self.pk if self.title else self.parent_id, title=english_title(self)
        )

    get_title.in_language = True  # type: ignore[attr-defined]
    get_title.short_description = english_title.short_description  # type: ignore[attr-defined]
    Product.get_title = get_title


def product_classes_named_in_language() -> None:
    """Oscar prints a product type as ``str(product_class)`` (the dashboard's product list,
    its type filter and "create a product of type" menu): its name in the reader's
    language, the Chinese one kept beside it (``shop.models.ProductClassTranslation``)
    when the page is in Chinese, from the cached names (no query per row)."""
    from oscar.apps.catalogue.models import ProductClass

    from shop.selectors import product_class_name_in_language

    if getattr(ProductClass.__str__, "in_language", False):
        return

    def name_in_language(self: ProductClass) -> str:
        return product_class_name_in_language(product_class_id=self.pk, name=self.name)

    name_in_language.in_language = True  # type: ignore[attr-defined]
    ProductClass.__str__ = name_in_language  # type: ignore[method-assign]


def payment_sources_named_in_language() -> None:
    """Oscar prints a payment source type as ``str(source_type)`` (the dashboard order's
    payment tab): the name stored in English ("Stripe card") in the reader's language."""
    from oscar.apps.payment.models import SourceType

    from shop.statuses import status_label

    if getattr(SourceType.__str__, "in_language", False):
        return

    def name_in_language(self: SourceType) -> str:
        return status_label(self.name)

    name_in_language.in_language = True  # type: ignore[attr-defined]
    SourceType.__str__ = name_in_language  # type: ignore[method-assign]


def countries_named_in_language() -> None:
    """Oscar prints a country as ``str(country)`` (the address book's country menu): its
    printable name through the platform's catalogue, so the demo's "China" reads 中国 on
    Chinese pages; a name the catalogue does not hold is printed as stored."""
    from django.utils.translation import gettext
    from oscar.apps.address.models import Country

    if getattr(Country.__str__, "in_language", False):
        return

    def name_in_language(self: Country) -> str:
        name = self.printable_name or self.name
        return gettext(name) if name else name

    name_in_language.in_language = True  # type: ignore[attr-defined]
    Country.__str__ = name_in_language  # type: ignore[method-assign]


def dashboard_tables_in_language() -> None:
    """Oscar's dashboard tables (django-tables2) print category and option names as stored
    (the English) and head some columns with the attribute's own name ("Actions", "Name")
    untranslated, and the user table's active and staff flags as "True"/"False". Here the
    names come in the reader's language (from the cached names: no query per row), the
    headers through the catalogue and the flags as yes/no."""
    from django.template.defaultfilters import yesno
    from django.utils.translation import gettext_lazy as _
    from oscar.core.loading import get_class
    from oscar.forms.widgets import NullBooleanSelect

    from shop.selectors import category_name_in_language, option_name_in_language

    category_table = get_class("dashboard.catalogue.tables", "CategoryTable")
    option_table = get_class("dashboard.catalogue.tables", "OptionTable")
    user_table = get_class("dashboard.users.tables", "UserTable")
    if getattr(category_table, "in_language", False):
        return

    english_category_name = category_table.render_name

    def render_category_name(self: Any, value: str, record: Any) -> Any:
        name = category_name_in_language(category_id=record.pk, name=value)
        if name == value:
            return english_category_name(self, value, record)
        url = reverse("dashboard:catalogue-category-update", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, name)

    def render_option_name(
        self: Any, value: str, record: Any, bound_column: Any, bound_row: Any
    ) -> Any:
        name = option_name_in_language(code=record.code, name=value)
        return bound_column.column.render(
            record=record, table=self, value=name, bound_column=bound_column, bound_row=bound_row
        )

    def render_flag(self: Any, value: Any) -> str:
        return yesno(value)

    category_table.render_name = render_category_name
    category_table.base_columns["actions"].verbose_name = _("Actions")
    option_table.render_name = render_option_name
    user_table.base_columns["name"].verbose_name = _("Name")
    user_table.render_active = render_flag
    user_table.render_staff = render_flag
    category_table.in_language = True

    # Oscar's yes/no menus (offer and voucher searches) are built with their labels
    # already translated when the form's module was imported (in English); lazy ones here.
    for module, form in (
        ("dashboard.offers.forms", "OfferSearchForm"),
        ("dashboard.vouchers.forms", "VoucherSearchForm"),
    ):
        for field in get_class(module, form).base_fields.values():
            if isinstance(field.widget, NullBooleanSelect):
                field.widget.choices = [
                    ("unknown", "---------"),
                    ("true", _("Yes")),
                    ("false", _("No")),
                ]
