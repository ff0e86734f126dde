import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    """Oscar's dashboard, forked only so that its order pages can be (``orders``): Oscar
    finds a dashboard section's classes through the dashboard app."""

    name = "shop.forks.dashboard"
