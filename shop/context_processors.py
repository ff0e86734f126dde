"""Template context for every page, computed only when a template reads it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.apps import apps
from django.http import HttpRequest


def notifications(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """Oscar's count of unread notifications, as a callable the template resolves on first
    use: a redirect, a JSON endpoint or a page without the account bar runs no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def num_unread_notifications() -> int:
        notification_model = apps.get_model("communication", "Notification")
        return int(notification_model.objects.filter(recipient=user, date_read=None).count())

    return {"num_unread_notifications": num_unread_notifications}
