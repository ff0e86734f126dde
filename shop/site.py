"""The Site row (read by Oscar for links in mail) kept in line with the settings."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings


def site_sync(**_: Any) -> None:
    """Set the current Site's domain and name from ``SITE_DOMAIN``; run after each migrate."""
    site_model = apps.get_model("sites", "Site")
    site_model.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.SITE_DOMAIN, "name": settings.OSCAR_SHOP_NAME},
    )
    site_model.objects.clear_cache()
