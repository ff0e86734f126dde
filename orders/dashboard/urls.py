"""Staff pages: the pattern of any production unit, previewed and downloaded."""

from django.urls import path

from orders.dashboard import views

app_name = "pattern-dashboard"

urlpatterns = [
    path("", views.UnitPatternListView.as_view(), name="unit-list"),
    path("<str:code>/", views.unit_pattern_page, name="unit-pattern"),
    path("<str:code>/pattern.svg", views.unit_pattern_svg, name="unit-pattern-svg"),
    path("<str:code>/pattern.pdf", views.unit_pattern_pdf, name="unit-pattern-pdf"),
    path("<str:code>/pattern.dxf", views.unit_pattern_dxf, name="unit-pattern-dxf"),
]
