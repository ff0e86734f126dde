"""Template tags for a customer's production units and their timelines."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import template
from django.apps import apps
from django.db.models import Prefetch

from orders.carriers import carrier_label, tracking_url
from orders.notes import note_text
from orders.selectors import (
    garment_state_of_line,
    products_delivered_to,
    promised_ship_dates_for_order,
    unit_extra_care,
    unit_timeline,
    units_for_line,
    units_for_order,
    units_for_order_staff,
)
from orders.selectors import garment_states_by_order as states_by_order
from orders.states import CANCELLABLE, UnitState, actor_label_shown
from shop.selectors import partner_name_in_language, product_title_in_language
from shop.statuses import status_label
from shop.tailoring.choices import garment_type_name as garment_type_label

register = template.Library()


@register.simple_tag
def units_by_line(order: Any, staff: bool = False) -> dict[int, list[dict[str, Any]]]:
    """Order line id -> its units, each with its timeline (three queries for the order;
    a fourth for ``staff``, the work orders that carry each unit's ticket)."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if order is None or not order.pk:
        return found
    select = units_for_order_staff if staff else units_for_order
    for unit in select(order_id=order.pk):
        found[unit.order_line_id].append(
            {
                "unit": unit,
                "timeline": unit_timeline(unit=unit),
                "extra_care": unit_extra_care(unit=unit),
            }
        )
    return dict(found)


@register.simple_tag
def promised_dates_by_line(order: Any) -> dict[int, list[Any]]:
    """Order line id -> the promised ship date of each of its units (one query)."""
    if order is None or not order.pk:
        return {}
    return promised_ship_dates_for_order(order_id=order.pk)


@register.inclusion_tag("orders/unit_timeline.html")
def unit_timeline_panel(entry: dict[str, Any]) -> dict[str, Any]:
    return entry


@register.filter
def still_cancellable(entries: Any) -> bool:
    """True while none of a line's units has gone to the factory."""
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
    state = garment_state_of_line(units=[e["unit"] for e in entries or []])
    return state_label(state) if state else ""


def line_status_shown(*, status: str, entries: Any) -> str:
    """What an order line's status reads, in the reader's language: its garment's state
    (Oscar's line status stays "Paid" while the garment is made and shipped), or Oscar's
    status for a cancelled line or one whose garment is not made yet."""
    state = garment_state(entries)
    if status == "Cancelled" or not state:
        return status_label(status) if status else ""
    return state


class LineShown:
    """An order line as the staff pages show it: ``status`` is what its garment is doing
    (``line_status_shown``), ``oscar_status`` the line's own, ``title`` the product's in the
    reader's language; the rest is the line's. For showing only: it cannot be saved."""

    def __init__(self, line: Any, status: str) -> None:
        self._line = line
        self.status = status
        self.oscar_status = line.status
        partner = line.partner if line.partner_id else None
        self.partner_name = partner_name_in_language(
            code=partner.code if partner is not None else "", name=line.partner_name
        )
        self.title = product_title_in_language(product_id=line.product_id, title=line.title)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._line, name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("a line as shown cannot be saved; save the order line itself")


@register.simple_tag
def line_shown(line: Any) -> Any:
    """One order line with the status its garment gives it (one query for its units)."""
    if line is None or not line.pk:
        return line
    entries = [{"unit": unit} for unit in units_for_line(order_line_id=line.pk)]
    return LineShown(line, line_status_shown(status=line.status, entries=entries))


@register.simple_tag
def garment_states_by_order(orders: Any) -> dict[int, list[tuple[str, int]]]:
    """Order id -> (state in words, number of garments) for a page of orders (one query)."""
    found = states_by_order(order_ids=[order.pk for order in orders])
    return {
        order_id: [(state_label(state), count) for state, count in states]
        for order_id, states in found.items()
    }


@register.inclusion_tag("orders/staff_unit.html")
def staff_unit_panel(entry: dict[str, Any]) -> dict[str, Any]:
    return entry


@register.filter
def state_label(state: str) -> str:
    """A unit state's name in the reader's language."""
    return str(UnitState(state).label) if state in UnitState.values else state


@register.filter
def actor_label(label: str) -> str:
    """Who moved a garment, in the reader's language when it was the platform."""
    return actor_label_shown(label)


@register.filter
def event_note(event: Any) -> str:
    """Why a timeline event happened, in the reader's language ("" when it says nothing)."""
    return note_text(note=(event.data or {}).get("note"), fallback=event.reason)


@register.filter
def attention_note(unit: Any) -> str:
    """Why a unit needs staff, in the reader's language."""
    return note_text(note=unit.attention_note, fallback=unit.attention_reason)


@register.simple_tag
def tracking_link(unit: Any) -> str:
    """The carrier's tracking page for the unit's parcel ("" when there is none)."""
    return tracking_url(carrier=unit.carrier, tracking_number=unit.tracking_number)


@register.filter
def carrier_name(code: str) -> str:
    return carrier_label(code)


@register.simple_tag
def order_lines_shown(order: Any, user: Any) -> list[Any]:
    """The order's lines with their products, each knowing whether ``user`` may still
    review its product (``review_permitted``): only a signed-in customer who has had a
    garment of it delivered (as the review form demands) and has not reviewed it yet.
    Three queries for the order."""
    if order is None or not order.pk:
        return []
    lines = list(order.lines.select_related("product", "product__product_class").order_by("pk"))
    reviewable: set[int] = set()
    if getattr(user, "is_authenticated", False):
        reviewable = products_delivered_to(user=user) - set(
            apps.get_model("reviews", "ProductReview")
            .objects.filter(user=user, product_id__in={line.product_id for line in lines})
            .values_list("product_id", flat=True)
        )
    for line in lines:
        line.review_permitted = line.product_id in reviewable
    return lines


@register.simple_tag
def order_for_staff(order: Any) -> Any:
    """The order with its lines (products, partners, stock records) and its payment events
    (types and the lines each covered) prefetched: a fixed number of queries for the
    staff order page however many lines it has."""
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
def order_lines_for_staff(order: Any, units: Any = None) -> list[Any]:
    """The order's lines (from ``order_for_staff``'s prefetch when it was used); given
    ``units`` (``units_by_line``), each line's status is its garment's (``LineShown``)."""
    if order is None or not order.pk:
        return []
    lines = list(order.lines.all())
    if units is None:
        return lines
    return [
        LineShown(line, line_status_shown(status=line.status, entries=units.get(line.pk)))
        for line in lines
    ]


@register.filter
def garment_type_name(code: Any) -> str:
    """A garment type code ("shirt") as its name in the reader's language."""
    return garment_type_label(str(code)) if code else ""
