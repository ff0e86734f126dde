"""Words of the factory portal's templates."""

from __future__ import annotations

from django import template
from django.urls import translate_url

from shop.tailoring.choices import GARMENT_TYPE_LABELS

register = template.Library()


@register.filter
def garment_label(code: str) -> str:
    """The garment type's name in the reader's language."""
    for key, label in GARMENT_TYPE_LABELS.items():
        if str(key) == code:
            return str(label)
    return code


@register.simple_tag(takes_context=True)
def page_in_language(context: dict, language: str) -> str:
    """This page's address in another language (for the language switch)."""
    request = context["request"]
    path = translate_url(request.path, language)
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path
