"""How templates are read: Django's loaders, with two rewrites of each template's source.

* Every ``<script`` tag gets the request's CSP nonce (:func:`config.content_policy.nonce_added`).
* The few labels Oscar's dashboard templates write as plain text, outside any ``{% trans %}``
  and inside blocks too long to override (the "Filters:" label over the search results of the
  order, offer and voucher lists and of a voucher set's page), are put through the catalogue,
  so a Chinese reader sees them in Chinese. Each is replaced word for word, and only where it
  stands exactly as below; a template without it is read unchanged.
"""

from __future__ import annotations

from typing import Any

from django.template.loaders import app_directories, filesystem

from config.content_policy import nonce_added

UNTRANSLATED_LABELS = {
    "<label>Filters:</label>": '<label>{% trans "Filters:" %}</label>',
}
"""Oscar's plain-text labels and what each becomes (the templates that write them load i18n)."""


def labels_translated(source: str) -> str:
    """A template's source with Oscar's plain-text labels put through the catalogue."""
    for literal, tagged in UNTRANSLATED_LABELS.items():
        source = source.replace(literal, tagged)
    return source


class _RewriteMixin:
    def get_contents(self, origin: Any) -> str:
        source = super().get_contents(origin)  # type: ignore[misc]
        return nonce_added(labels_translated(source))


class FilesystemLoader(_RewriteMixin, filesystem.Loader):
    """Django's filesystem loader, with the rewrites above."""


class AppDirectoriesLoader(_RewriteMixin, app_directories.Loader):
    """Django's app-directories loader, with the rewrites above."""
