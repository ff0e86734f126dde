"""Template tags for a customer's production units and their timelines."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def units_by_line(order: Any) -> dict[int, list[dict[str, Any]]]:
    """Order line id -> its units, each with its timeline (three queries for the order)."""
    from orders.selectors import unit_extra_care, unit_timeline, units_for_order

    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if order is None or not order.pk:
        return found
    for unit in units_for_order(order_id=order.pk):
        found[unit.order_line_id].append(
            {
                "unit": unit,
                "timeline": unit_timeline(unit=unit),
                "extra_care": unit_extra_care(unit=unit),
            }
        )
    return dict(found)


@register.inclusion_tag("orders/unit_timeline.html")
def unit_timeline_panel(entry: dict[str, Any]) -> dict[str, Any]:
    return entry


@register.filter
def still_cancellable(entries: Any) -> bool:
    """True while none of a line's units has gone to the factory."""
    from orders.states import CANCELLABLE, UnitState

    live = [
        e["unit"]
        for e in entries or []
        if e["unit"].state not in (UnitState.CANCELLED, UnitState.REMADE)
    ]
    return all(unit.state in CANCELLABLE for unit in live)


@register.filter
def garment_state(entries: Any) -> str:
    """The state of a line's garment in words: its unit still being made (the remake, if
    one replaced it), or the last one; "" when the line has no unit."""
    from orders.states import UnitState

    units = [e["unit"] for e in entries or []]
    live = [u for u in units if u.state not in (UnitState.CANCELLED, UnitState.REMADE)]
    chosen = (live or units)[-1:]
    return str(chosen[0].get_state_display()) if chosen else ""


@register.inclusion_tag("orders/staff_unit.html")
def staff_unit_panel(entry: dict[str, Any]) -> dict[str, Any]:
    return entry


@register.filter
def state_label(state: str) -> str:
    """A unit state's name in the reader's language."""
    from orders.states import UnitState

    return str(UnitState(state).label) if state in UnitState.values else state


@register.simple_tag
def tracking_link(unit: Any) -> str:
    """The carrier's tracking page for the unit's parcel ("" when there is none)."""
    from orders.carriers import tracking_url

    return tracking_url(carrier=unit.carrier, tracking_number=unit.tracking_number)


@register.filter
def carrier_name(code: str) -> str:
    from orders.carriers import carrier_label

    return carrier_label(code)


@register.simple_tag
def order_lines_shown(order: Any, user: Any) -> list[Any]:
    """The order's lines with their products, each knowing whether ``user`` may still
    review its product (``review_permitted``): two queries for the order."""
    from django.apps import apps
    from django.conf import settings

    if order is None or not order.pk:
        return []
    lines = list(order.lines.select_related("product", "product__product_class").order_by("pk"))
    may_review = getattr(user, "is_authenticated", False) or settings.OSCAR_ALLOW_ANON_REVIEWS
    reviewed: set[int] = set()
    if getattr(user, "is_authenticated", False):
        reviewed = set(
            apps.get_model("reviews", "ProductReview")
            .objects.filter(user=user, product_id__in={line.product_id for line in lines})
            .values_list("product_id", flat=True)
        )
    for line in lines:
        line.review_permitted = bool(
            line.product_id and may_review and line.product_id not in reviewed
        )
    return lines


@register.simple_tag
def order_for_staff(order: Any) -> Any:
    """The order with its lines (products, partners, stock records) and its payment events
    (types and the lines each covered) prefetched: a fixed number of queries for the
    staff order page however many lines it has."""
    from django.db.models import Prefetch

    if order is None or not order.pk:
        return order
    lines = order.lines.model.objects.select_related("product", "partner", "stockrecord")
    return (
        type(order)
        .objects.prefetch_related(
            Prefetch("lines", queryset=lines.order_by("pk")),
            "payment_events__event_type",
            "payment_events__line_quantities__line",
        )
        .get(pk=order.pk)
    )


@register.simple_tag
def order_lines_for_staff(order: Any) -> list[Any]:
    """The order's lines (from ``order_for_staff``'s prefetch when it was used)."""
    if order is None or not order.pk:
        return []
    return list(order.lines.all())
