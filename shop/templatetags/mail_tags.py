"""Absolute links for mail, built from SITE_SCHEME and SITE_DOMAIN in the current language."""

from __future__ import annotations

from django import template
from django.urls import reverse

from shop.mail import site_url

register = template.Library()


@register.simple_tag
def site_link(name: str) -> str:
    return site_url(reverse(name))
