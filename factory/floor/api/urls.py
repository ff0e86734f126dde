"""The API's URLs (``/api/``, outside the language prefix: the language of messages
follows ``Accept-Language``) and the token page of the factory portal."""

from __future__ import annotations

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from factory.floor.api import pages, views

api_urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="floor_api:schema"),
        name="docs",
    ),
    path("v1/work-orders/", views.WorkOrderListView.as_view(), name="work-orders"),
    path("v1/work-orders/<int:pk>/", views.WorkOrderDetailView.as_view(), name="work-order"),
    # Last: anything else under /api/ is the API's JSON 404.
    re_path(r"^(?P<path>.*)$", views.not_found, name="not-found"),
]

token_urlpatterns = [
    path("factory/api-token/", pages.ApiTokenPage.as_view(), name="token"),
]
