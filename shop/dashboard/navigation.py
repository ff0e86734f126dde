"""Entries added to Oscar's dashboard menu (read by the settings; no imports of models)."""

from django.utils.translation import gettext_lazy as _

GARMENT_DASHBOARD_NAVIGATION: list[dict] = []
