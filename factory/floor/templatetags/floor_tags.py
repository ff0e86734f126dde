"""Words of the factory portal's templates."""

from __future__ import annotations

from django import template
from django.urls import translate_url

from factory.floor.selectors import works_at_a_factory
from shop.tailoring.choices import garment_type_name

register = template.Library()


@register.simple_tag
def works_at_factory(user: object) -> bool:
    """True for a signed-in member of a factory (the storefront links them to their
    portal); no query for anyone signed out."""
    return works_at_a_factory(user=user)


@register.filter
def garment_label(code: str) -> str:
    """The garment type's name in the reader's language."""
    return garment_type_name(code)


@register.simple_tag(takes_context=True)
def page_in_language(context: dict, language: str) -> str:
    """This page's address in another language (for the language switch)."""
    request = context["request"]
    path = translate_url(request.path, language)
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path
