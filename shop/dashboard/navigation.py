"""Entries added to Oscar's dashboard menu (read by the settings; no imports of models)."""

from typing import Any

from django.utils.translation import gettext_lazy as _


def staff_access(
    user: Any, url_name: str | None, url_args: Any = None, url_kwargs: Any = None
) -> bool:
    """Who sees the garment entries: active staff, the same people the views let in.

    Oscar's default access function only knows the URLs of its own dashboard apps,
    so our entries carry their own.
    """
    return bool(user.is_active and user.is_staff)


GARMENT_DASHBOARD_NAVIGATION: list[dict] = [
    {
        "label": _("Garments"),
        "icon": "fas fa-tshirt",
        "access_fn": staff_access,
        "children": [
            {
                "label": _("Fabrics"),
                "url_name": "garment-dashboard:fabric-list",
                "access_fn": staff_access,
            },
            {
                "label": _("Garment options"),
                "url_name": "garment-dashboard:option-list",
                "access_fn": staff_access,
            },
        ],
    },
]
