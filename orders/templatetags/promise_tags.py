"""What the storefront tells a customer before buying: the ship date and until when a
garment can still be changed. A template tag, so the storefront (below orders in the
layers) never imports orders."""

from __future__ import annotations

from django import template

from orders.selectors import OrderWindow, order_window_estimate

register = template.Library()


@register.simple_tag
def order_window(garment_type: str) -> OrderWindow | None:
    return order_window_estimate(garment_type=garment_type) if garment_type else None
