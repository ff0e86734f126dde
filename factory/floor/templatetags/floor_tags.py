"""Words of the factory portal's templates."""

from __future__ import annotations

from django import template

from shop.tailoring.choices import GARMENT_TYPE_LABELS

register = template.Library()


@register.filter
def garment_label(code: str) -> str:
    """The garment type's name in the reader's language."""
    for key, label in GARMENT_TYPE_LABELS.items():
        if str(key) == code:
            return str(label)
    return code
