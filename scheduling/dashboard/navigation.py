"""The planning board's entry in Oscar's dashboard menu (no model imports)."""

from typing import Any

from django.utils.translation import gettext_lazy as _


def staff_access(user: Any, url_name: str, url_args: Any = None, url_kwargs: Any = None) -> bool:
    return bool(user.is_active and user.is_staff)


PLANNING_DASHBOARD_NAVIGATION: list[dict[str, Any]] = [
    {
        "label": _("Planning"),
        "icon": "fas fa-stream",
        "url_name": "planning-dashboard:board",
        "access_fn": staff_access,
    }
]
