"""The factory portal, mounted at ``/<lang>/factory/``."""

from django.urls import path

from factory.floor import cut_files, views

app_name = "floor"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("work-orders/<int:pk>/", views.work_order_detail, name="work-order"),
    path("work-orders/<int:pk>/accept/", views.work_order_accept, name="work-order-accept"),
    path("work-orders/<int:pk>/tickets.pdf", views.work_order_tickets, name="tickets"),
    path("work-orders/<int:pk>/cut-sheet.pdf", views.work_order_cut_sheet, name="cut-sheet"),
    path("work-orders/<int:pk>/marker.svg", cut_files.work_order_marker_svg, name="marker-svg"),
    path("work-orders/<int:pk>/marker.pdf", cut_files.work_order_marker_pdf, name="marker-pdf"),
    path(
        "work-orders/<int:pk>/units/<str:code>/pattern.svg",
        cut_files.unit_cut_svg,
        name="unit-cut-svg",
    ),
    path(
        "work-orders/<int:pk>/units/<str:code>/pattern.pdf",
        cut_files.unit_cut_pdf,
        name="unit-cut-pdf",
    ),
    path(
        "work-orders/<int:pk>/units/<str:code>/pattern.dxf",
        cut_files.unit_cut_dxf,
        name="unit-cut-dxf",
    ),
    path("scan/", views.scan_station, name="scan"),
    path("scan/record/", views.scan_record, name="scan-record"),
    path("scan/undo/", views.scan_undo, name="scan-undo"),
    path("qc/", views.qc, name="qc"),
    path("qc/record/", views.qc_record, name="qc-record"),
    path("shipping/", views.shipping, name="shipping"),
    path("shipping/create/", views.shipment_create, name="shipment-create"),
    path("shipments/<int:pk>/packing-slip.pdf", views.shipment_packing_slip, name="packing-slip"),
    path("shipments/<int:pk>/deliver/", views.shipment_deliver, name="shipment-deliver"),
]
