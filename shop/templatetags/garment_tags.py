"""Template tags for showing configured garments in the basket and orders."""

from __future__ import annotations

import copy
import functools
import re
from html import unescape
from typing import Any

from babel import Locale
from django import template
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.template.base import render_value_in_context
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, to_locale

from shop.drawing import garment_svg
from shop.forks.shipping.repository import shipping_method_by_code
from shop.selectors import (
    category_name_in_language,
    chinese_catalogue_names,
    dashboard_link_shown,
    menu_categories,
    partner_name_in_language,
    product_title_in_language,
)
from shop.selectors import checkout_flatpages as checkout_flatpages_of_site
from shop.selectors import garments_for_order as garments_of_order
from shop.statuses import payment_reason_customer_label, payment_reference_label, status_label
from shop.tailoring.measurements import MEASUREMENTS

register = template.Library()


@register.simple_tag(takes_context=True)
def garment_line(context: dict[str, Any], line: Any) -> Any:
    """The priced garment of a basket line, from the request's (batched) pricing strategy."""
    request = context.get("request")
    strategy = getattr(request, "strategy", None)
    if strategy is None or not hasattr(strategy, "line_price"):
        return None
    return strategy.line_price(line)


PICKER_TEMPLATE = "shop/partials/configurator_picker.html"
PICKER_CACHE_SECONDS = 24 * 3600
#: Where a fabric's stock goes in the cached fabric and option block.
_STOCK_MARK = "\x00stock:{}\x00"


@register.simple_tag(takes_context=True)
def configurator_picker(context: Any) -> str:
    """The configurator's fabric and option block, kept in the cache under the view's
    ``picker_key`` (rendered each time when it is None) with each fabric's stock left
    out: the stock of now is written into it on each use, so an order taking fabric
    leaves the block cached."""
    picker = context.template.engine.get_template(PICKER_TEMPLATE)
    key = context.get("picker_key")
    if not key:
        return str(picker.render(context))
    cache_key = f"shop:configurator-picker:{key}"
    html = cache.get(cache_key)
    if html is None:
        with context.push(picker_stock_marked=True):
            html = str(picker.render(context))
        cache.set(cache_key, html, PICKER_CACHE_SECONDS)
    for fabric in context["catalogue"].fabrics:
        stock = render_value_in_context(fabric.metres_in_stock, context)
        html = html.replace(_STOCK_MARK.format(fabric.pk), stock)
    return mark_safe(html)


@register.simple_tag(takes_context=True)
def fabric_stock(context: Any, fabric: Any) -> str:
    """A fabric's metres in stock as ``{{ fabric.metres_in_stock }}`` writes them, or
    its place in the block ``configurator_picker`` keeps."""
    if context.get("picker_stock_marked"):
        return mark_safe(_STOCK_MARK.format(fabric.pk))
    return render_value_in_context(fabric.metres_in_stock, context)


@register.simple_tag(takes_context=True)
def checkout_flatpages(context: Any) -> list[Any]:
    """The flat pages a checkout page offers (``shop.selectors.checkout_flatpages``) for
    the request's site, as Django's ``get_flatpages '/order/'`` finds them."""
    request = context.get("request")
    site_id = get_current_site(request).pk if request is not None else settings.SITE_ID
    return checkout_flatpages_of_site(site_id=site_id)


@register.simple_tag
def account_bar_perms(user: Any) -> dict[str, dict[str, bool]]:
    """What Oscar's account bar reads of ``perms`` (``perms.partner.dashboard_access``,
    after ``user.is_staff``), asked in one query (``shop.selectors.dashboard_link_shown``)
    instead of Django's two."""
    return {"partner": {"dashboard_access": dashboard_link_shown(user=user)}}


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def radio_input(radio: Any) -> str:
    """A radio button's ``<input>``, the same HTML as ``{{ radio.tag }}`` without going
    through the form renderer's templates (two template renders per radio; the
    configurator shows dozens)."""
    widget = radio.data
    parts = [format_html('<input type="{}" name="{}"', widget["type"], widget["name"])]
    if widget["value"] is not None:
        parts.append(format_html(' value="{}"', str(widget["value"])))
    for name, value in widget["attrs"].items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False:
            parts.append(format_html(' {}="{}"', name, str(value)))
    parts.append(">")
    return mark_safe("".join(parts))  # each part is escaped by format_html


@register.inclusion_tag("shop/partials/garment_summary.html")
def garment_summary(spec: Any, choices: Any) -> dict[str, Any]:
    """Fabric, choices, monogram and measurements of a garment spec, with their names."""
    rows = [
        {"name": MEASUREMENTS[code].name, "value": value}
        for code, value in spec.measurements.items()
        if code in MEASUREMENTS
    ]
    return {"spec": spec, "choices": choices, "measurements": rows}


@register.simple_tag
def garments_for_order(order: Any) -> Any:
    """Order line id -> its garment (spec and chosen options), loaded in one batch."""
    return garments_of_order(order_id=order.pk) if order is not None and order.pk else {}


@register.filter(name="status_label")
def status_label_filter(status: Any) -> str:
    """An Oscar order or line status, or payment event name, in the reader's language."""
    return status_label(str(status)) if status else ""


STATUS_OPTION = re.compile(r'<option( value="[^"]*")?>([^<]*)</option>')


@register.filter
def status_options(html: str) -> str:
    """Oscar's "change status" menus print each status as ``<option>Paid</option>``, the
    text being the value sent, and its payment event menu the event's stored English
    name: the same options, sending the same values, with the statuses and event names
    in the reader's language (other options as they are)."""

    def labelled(match: re.Match[str]) -> str:
        text = unescape(match.group(2)).strip()
        if match.group(1):
            label = status_label(text)
            return (
                match.group(0)
                if label == text
                else f"<option{match.group(1)}>{escape(label)}</option>"
            )
        return format_html('<option value="{}">{}</option>', text, status_label(text))

    return mark_safe(STATUS_OPTION.sub(labelled, str(html)))  # each option is escaped


STATUS_LINK = re.compile(r'(<a href="[^"]*[?&]status=[^"]*">)([^<]*)(</a>)')


@register.filter
def status_links(html: str) -> str:
    """Oscar's order statistics link each status to the orders in it, the link's text
    being the stored English status: the same links with the text in the reader's
    language."""

    def labelled(match: re.Match[str]) -> str:
        label = status_label(unescape(match.group(2)).strip())
        return match.group(1) + str(escape(label)) + match.group(3)

    return mark_safe(STATUS_LINK.sub(labelled, str(html)))  # the label is escaped


STATUS_CELL = re.compile(r"(<td\s*>)([^<]*)(</td>)")


@register.filter
def status_cells(html: str) -> str:
    """Oscar's order page prints each payment event's stored English name ("Paid") and its
    reference ("re_123: cancelled by customer") in table cells of their own: the same
    cells with those names, and the reasons in the references, in the reader's language."""

    def labelled(match: re.Match[str]) -> str:
        text = unescape(match.group(2)).strip()
        label = status_label(text)
        if label == text:
            label = payment_reference_label(text)
        if label == text:
            return match.group(0)
        return match.group(1) + str(escape(label)) + match.group(3)

    return mark_safe(STATUS_CELL.sub(labelled, str(html)))  # the labels are escaped


@register.filter
def refund_reason(reason: str) -> str:
    """A refund's reason code as the customer reads it, in the active language ("" for
    none)."""
    return payment_reason_customer_label(reason)


@register.simple_tag
def product_classes_in_language(classes: Any) -> list[Any]:
    """Copies of the product types with ``name`` in the reader's language, for Oscar's
    product type list (which prints ``class.name``); nothing is saved."""
    named = []
    for product_class in classes:
        shown = copy.copy(product_class)
        shown.name = str(product_class)
        named.append(shown)
    return named


@register.simple_tag
def partners_in_language(partners: Any) -> list[Any]:
    """Copies of the partners with ``name`` in the reader's language, for Oscar's partner
    list (which prints ``partner.name``); nothing is saved."""
    named = []
    for partner in partners:
        shown = copy.copy(partner)
        shown.name = partner_name_in_language(code=partner.code, name=partner.name)
        named.append(shown)
    return named


@register.filter
def shipping_method_name(order: Any) -> str:
    """The order's delivery method in the reader's language (Oscar stores the name in the
    language of the checkout)."""
    method = shipping_method_by_code(getattr(order, "shipping_code", "") or "")
    return str(method.name) if method is not None else getattr(order, "shipping_method", "")


@register.simple_tag
def navigation_categories() -> list[Any]:
    """The "Browse store" menu's categories, cached (``shop.selectors.menu_categories``)."""
    return menu_categories(language=get_language() or "en")


@register.filter
def category_name(category: Any) -> str:
    """An Oscar category's name in the reader's language."""
    return category_name_in_language(category_id=category.pk, name=category.name)


@register.simple_tag
def chinese_search_text(product: Any) -> str:
    """What the search index holds of a product besides Oscar's English: its Chinese title
    and description and its categories' names in both languages."""
    names = chinese_catalogue_names()
    categories = list(product.get_categories())
    return "\n".join(
        [
            names.product_titles.get(product.pk, ""),
            names.product_descriptions.get(product.pk, ""),
            *(category.name for category in categories),
            *(names.category_names.get(category.pk, "") for category in categories),
        ]
    )


@register.filter
def line_title(line: Any) -> str:
    """An order line's product title in the reader's language (the title it was sold under
    when the product has no translation or is gone); no query."""
    return product_title_in_language(product_id=line.product_id, title=line.title)


@register.filter
def address_lines(address: Any) -> list[str]:
    """Oscar's address lines, with the country named in the reader's language."""
    if address is None:
        return []
    lines = list(address.active_address_fields())
    country = getattr(address, "country", None)
    if country is not None and lines and lines[-1] == country.printable_name:
        locale = Locale.parse(to_locale(get_language() or "en"))
        lines[-1] = locale.territories.get(country.iso_3166_1_a2, lines[-1])
    return lines


@register.simple_tag
def spec_drawing(spec: Any, width: int = 100) -> str:
    """A configured garment drawn inline (its fabric, choices and monogram), ``width`` px
    wide, for the basket, the checkout, the order pages."""
    svg = _spec_svg(
        spec.garment_type,
        spec.fabric.colour,
        spec.fabric.pattern,
        tuple(sorted(spec.choices.items())),
        spec.monogram_text,
        str(spec.product.get_title()) if spec.product_id else "",
        f"spec{spec.pk}",
    )
    return format_html(
        '<span class="garment-image" style="display:inline-block;width:{}px">{}</span>',
        width,
        mark_safe(svg.replace('width="300" height="360"', 'width="100%" style="height:auto"', 1)),
    )


@functools.lru_cache(maxsize=512)
def _spec_svg(
    garment_type: str,
    colour: str,
    pattern: str,
    choices: tuple[tuple[str, str], ...],
    monogram_text: str,
    title: str,
    id_prefix: str,
) -> str:
    return garment_svg(
        garment_type=garment_type,
        colour=colour,
        pattern=pattern,
        choices=dict(choices),
        monogram_text=monogram_text,
        title=title,
        # The line beside the drawing lists the choices; the drawing says what it shows.
        description=title,
        id_prefix=id_prefix,
    )
