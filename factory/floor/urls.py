"""The factory portal, mounted at ``/<lang>/factory/``."""

from django.urls import path

from factory.floor import views

app_name = "floor"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("work-orders/<int:pk>/", views.work_order_detail, name="work-order"),
    path("work-orders/<int:pk>/accept/", views.work_order_accept, name="work-order-accept"),
    path("work-orders/<int:pk>/tickets.pdf", views.work_order_tickets, name="tickets"),
    path("work-orders/<int:pk>/cut-sheet.pdf", views.work_order_cut_sheet, name="cut-sheet"),
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
