"""Staff pages for the garment catalogue, inside Oscar's dashboard."""

app_name = "garment-dashboard"

urlpatterns: list = []
