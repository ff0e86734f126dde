"""Mail to customers: an HTML part and a plain-text part from the same context, in the
customer's language, with links to this site built from SITE_SCHEME and SITE_DOMAIN."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def site_url(path: str) -> str:
    """An absolute link to a path of this site (mail has no request to build it from)."""
    return f"{settings.SITE_SCHEME}://{settings.SITE_DOMAIN}{path}"


def site_reverse(name: str, *, language: str, **kwargs: Any) -> str:
    """The absolute URL of a named page, in ``language`` (its /en/ or /zh-hans/ prefix)."""
    with translation.override(language):
        return site_url(reverse(name, kwargs=kwargs or None))


def customer_mail(
    *, to: str, template: str, context: Mapping[str, Any], language: str
) -> EmailMultiAlternatives:
    """The message built from ``<template>_subject.txt``, ``_body.txt`` and ``_body.html``,
    rendered in ``language``; the caller sends it (outside any row lock)."""
    with translation.override(language):
        full = {**context, "language": language}
        subject = " ".join(render_to_string(f"{template}_subject.txt", full).split())
        text = render_to_string(f"{template}_body.txt", full)
        html = render_to_string(f"{template}_body.html", full)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    return message
