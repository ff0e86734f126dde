import oscar.apps.dashboard.orders.apps as apps


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Oscar's order dashboard, with order statuses offered in the reader's language
    (see forms.py)."""

    name = "shop.forks.dashboard.orders"
