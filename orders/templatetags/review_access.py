"""Whether the signed-in customer may rate and review a garment style: only once a garment
of it has been delivered to them (a review of a garment never made says nothing)."""

from __future__ import annotations

from typing import Any

from django import template

from orders.selectors import products_delivered_to

register = template.Library()

_CACHE_ATTRIBUTE = "_products_delivered"


def delivered_product_ids(request: Any) -> set[int]:
    """The request's delivered products, read once per request (one query per page)."""
    if request is None:
        return set()
    if not hasattr(request, _CACHE_ATTRIBUTE):
        setattr(request, _CACHE_ATTRIBUTE, products_delivered_to(user=request.user))
    return getattr(request, _CACHE_ATTRIBUTE)


@register.simple_tag(takes_context=True)
def can_review(context: dict[str, Any], product: Any) -> bool:
    return getattr(product, "pk", None) in delivered_product_ids(context.get("request"))
