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
    path(
        "v1/work-orders/<int:pk>/tickets.pdf",
        views.WorkOrderTicketsView.as_view(),
        name="work-order-tickets",
    ),
    path(
        "v1/work-orders/<int:pk>/marker.svg",
        views.WorkOrderMarkerSvgView.as_view(),
        name="marker-svg",
    ),
    path(
        "v1/work-orders/<int:pk>/marker.pdf",
        views.WorkOrderMarkerPdfView.as_view(),
        name="marker-pdf",
    ),
    path(
        "v1/work-orders/<int:pk>/units/<str:code>/pattern.svg",
        views.UnitCutSvgView.as_view(),
        name="unit-cut-svg",
    ),
    path(
        "v1/work-orders/<int:pk>/units/<str:code>/pattern.pdf",
        views.UnitCutPdfView.as_view(),
        name="unit-cut-pdf",
    ),
    path(
        "v1/work-orders/<int:pk>/units/<str:code>/pattern.dxf",
        views.UnitCutDxfView.as_view(),
        name="unit-cut-dxf",
    ),
    path(
        "v1/work-orders/<int:pk>/accept/",
        views.WorkOrderAcceptView.as_view(),
        name="work-order-accept",
    ),
    path("v1/stage-events/", views.StageEventView.as_view(), name="stage-events"),
    path("v1/qc-results/", views.QCResultView.as_view(), name="qc-results"),
    path("v1/shipments/", views.ShipmentCreateView.as_view(), name="shipments"),
    path(
        "v1/shipments/<int:pk>/delivered/",
        views.ShipmentDeliveredView.as_view(),
        name="shipment-delivered",
    ),
    # Last: anything else under /api/ is the API's JSON 404.
    re_path(r"^(?P<path>.*)$", views.not_found, name="not-found"),
]

token_urlpatterns = [
    path("factory/api-token/", pages.ApiTokenPage.as_view(), name="token"),
]
