"""The operations page's entry in Oscar's dashboard menu (no model imports)."""

from typing import Any

from django.utils.translation import gettext_lazy as _


def staff_access(
    user: Any, url_name: str | None, url_args: Any = None, url_kwargs: Any = None
) -> bool:
    return bool(user.is_active and user.is_staff)


OPERATIONS_DASHBOARD_NAVIGATION: list[dict[str, Any]] = [
    {
        "label": _("Operations"),
        "icon": "fas fa-chart-line",
        "url_name": "operations-dashboard:throughput",
        "access_fn": staff_access,
    }
]
