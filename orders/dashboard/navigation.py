"""The pattern pages' entry in Oscar's dashboard menu (no model imports)."""

from typing import Any

from django.utils.translation import gettext_lazy as _


def staff_access(
    user: Any, url_name: str | None, url_args: Any = None, url_kwargs: Any = None
) -> bool:
    return bool(user.is_active and user.is_staff)


PATTERN_DASHBOARD_NAVIGATION: list[dict[str, Any]] = [
    {
        "label": _("Patterns"),
        "icon": "fas fa-ruler-combined",
        "url_name": "pattern-dashboard:unit-list",
        "access_fn": staff_access,
    }
]
