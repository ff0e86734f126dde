"""Entries added to Oscar's dashboard menu (read by the settings; no imports of models)."""

from typing import Any

from django.utils.translation import gettext_lazy as _


def staff_access(
    user: Any, url_name: str | None, url_args: Any = None, url_kwargs: Any = None
) -> bool:
    """Active staff see the factory entries: the same people the views let in."""
    return bool(user.is_active and user.is_staff)


FACTORY_DASHBOARD_NAVIGATION: list[dict] = [
    {
        "label": _("Factories"),
        "icon": "fas fa-industry",
        "access_fn": staff_access,
        "children": [
            {
                "label": _("Factories"),
                "url_name": "factory-dashboard:factory-list",
                "access_fn": staff_access,
            },
            {
                "label": _("Standard minutes"),
                "url_name": "factory-dashboard:standard-minutes",
                "access_fn": staff_access,
            },
        ],
    },
]
