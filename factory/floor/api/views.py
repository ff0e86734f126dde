"""The factory API's endpoints. Each reads through a selector or writes through a
service that takes the token's factory, so another factory's ids are a 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factory.floor import selectors as floor_selectors
from factory.floor import services as floor_services
from factory.floor.api import selectors
from factory.floor.api.authentication import FactoryTokenAuthentication, FactoryTokenRequired
from factory.floor.api.errors import error_body
from factory.floor.api.models import FactoryApiToken
from factory.floor.api.serializers import (
    ErrorSerializer,
    QCResultResponseSerializer,
    QCResultSerializer,
    ScanResultSerializer,
    ShipmentCreateSerializer,
    ShipmentSerializer,
    StageEventSerializer,
    WorkOrderDetailSerializer,
    WorkOrderFilterSerializer,
    WorkOrderSerializer,
)
from factory.floor.api.throttling import FactoryTokenThrottle
from factory.floor.tickets import work_order_tickets_pdf
from factory.models import Factory
from orders.cutting import pattern_error_text, unit_pattern
from orders.models import CutPlan
from shop.patterns import PatternError
from shop.patterns.dxf import pattern_dxf
from shop.patterns.pdf import PAPER, sheet_pdf
from shop.patterns.sheet import pattern_sheet
from shop.patterns.svg import pattern_svg

ERRORS: dict[int, Any] = {
    401: OpenApiResponse(ErrorSerializer, description=_("No token, or not a valid one.")),
    403: OpenApiResponse(ErrorSerializer, description=_("Not allowed.")),
    429: OpenApiResponse(ErrorSerializer, description=_("Too many requests for this token.")),
}
NOT_FOUND = {
    404: OpenApiResponse(ErrorSerializer, description=_("No such object at your factory."))
}
INVALID = {400: OpenApiResponse(ErrorSerializer, description=_("Invalid input; see `fields`."))}
REFUSED = {
    409: OpenApiResponse(ErrorSerializer, description=_("Refused by the floor; see `detail`."))
}


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class FactoryApiMixin:
    authentication_classes = [FactoryTokenAuthentication]
    permission_classes = [FactoryTokenRequired]
    throttle_classes = [FactoryTokenThrottle]
    request: Request

    @property
    def factory(self) -> Factory:
        token = self.request.auth
        assert isinstance(token, FactoryApiToken)
        return token.factory


@extend_schema(tags=[_("work orders")])
class WorkOrderListView(FactoryApiMixin, generics.GenericAPIView):
    serializer_class = WorkOrderSerializer
    pagination_class = Pages

    @extend_schema(
        operation_id="work_orders_list",
        summary=_("Your factory's work orders, newest first"),
        parameters=[WorkOrderFilterSerializer],
        responses={200: WorkOrderSerializer(many=True), **INVALID, **NOT_FOUND, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = WorkOrderFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        orders = floor_selectors.work_orders_for_factory(
            factory=self.factory,
            state=filters.validated_data.get("state"),
            released_from=filters.validated_data.get("released_from"),
            released_to=filters.validated_data.get("released_to"),
        )
        page = self.paginate_queryset(orders)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=[_("work orders")])
class WorkOrderDetailView(FactoryApiMixin, APIView):
    @extend_schema(
        operation_id="work_orders_retrieve",
        summary=_("One work order with its garments"),
        responses={200: WorkOrderDetailSerializer, **NOT_FOUND, **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        order = floor_selectors.work_order_get(factory=self.factory, work_order_id=pk)
        context = {
            "request": request,
            "has_cut_plan": floor_selectors.work_order_cut_plan(work_order=order) is not None,
        }
        return Response(WorkOrderDetailSerializer(order, context=context).data)


class PDFRenderer(BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):  # type: ignore[no-untyped-def]
        return data


@extend_schema(tags=[_("work orders")])
class WorkOrderTicketsView(FactoryApiMixin, APIView):
    renderer_classes = [JSONRenderer, PDFRenderer]

    @extend_schema(
        operation_id="work_orders_tickets",
        summary=_("The garment tickets of a work order: one A6 page per garment, as a PDF"),
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            **NOT_FOUND,
            **ERRORS,
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        order = floor_selectors.work_order_get(factory=self.factory, work_order_id=pk)
        pdf = work_order_tickets_pdf(work_order=order, units=order.units.all())
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{order.code}-tickets.pdf"'
        return response


class SVGRenderer(BaseRenderer):
    media_type = "image/svg+xml"
    format = "svg"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):  # type: ignore[no-untyped-def]
        return data


class DXFRenderer(SVGRenderer):
    media_type = "application/dxf"
    format = "dxf"


CUT_FILE_TYPES = {"svg": "image/svg+xml", "pdf": "application/pdf", "dxf": "application/dxf"}


def _cut_file(content: bytes | str, kind: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CUT_FILE_TYPES[kind])
    disposition = "attachment" if kind == "dxf" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


class _MarkerView(FactoryApiMixin, APIView):
    renderer_classes = [JSONRenderer, PDFRenderer, SVGRenderer]
    kind = "svg"

    def get(self, request: Request, pk: int) -> HttpResponse:
        order = floor_selectors.work_order_get(factory=self.factory, work_order_id=pk)
        plan = CutPlan.objects.filter(work_order=order).first()
        if plan is None:  # not computed yet
            raise NotFound()
        content = plan.marker_svg if self.kind == "svg" else bytes(plan.marker_pdf)
        return _cut_file(content, self.kind, f"{order.code}-marker.{self.kind}")


MARKER_RESPONSES: dict[Any, Any] = {**NOT_FOUND, **ERRORS}


@extend_schema(tags=["cut files"])
class WorkOrderMarkerSvgView(_MarkerView):
    kind = "svg"

    @extend_schema(
        operation_id="work_orders_marker_svg",
        summary="The batch's marker at 1:1 (mm), as SVG; 404 until the cut plan is made",
        responses={(200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.STR), **MARKER_RESPONSES},
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        return super().get(request, pk)


@extend_schema(tags=["cut files"])
class WorkOrderMarkerPdfView(_MarkerView):
    kind = "pdf"

    @extend_schema(
        operation_id="work_orders_marker_pdf",
        summary="The batch's marker on one long page, as PDF; 404 until the cut plan is made",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            **MARKER_RESPONSES,
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        return super().get(request, pk)


class _UnitCutFileView(FactoryApiMixin, APIView):
    renderer_classes = [JSONRenderer, PDFRenderer, SVGRenderer, DXFRenderer]
    kind = "svg"

    def get(self, request: Request, pk: int, code: str) -> HttpResponse:
        order = floor_selectors.work_order_get(factory=self.factory, work_order_id=pk)
        unit = next((u for u in order.units.all() if u.code == code.strip().upper()), None)
        if unit is None:
            raise NotFound()
        paper = request.query_params.get("paper", "A4")
        if self.kind == "pdf" and paper not in PAPER:
            raise ValidationError({"paper": [_("Choose the paper size A4 or A3.")]})
        try:
            pattern = unit_pattern(unit=unit)
        except PatternError as error:
            raise ValidationError({"unit": [pattern_error_text(error)]}) from None
        if self.kind == "svg":
            return _cut_file(pattern_svg(pattern), "svg", f"{unit.code}.svg")
        if self.kind == "dxf":
            return _cut_file(pattern_dxf(pattern), "dxf", f"{unit.code}.dxf")
        pdf = sheet_pdf(
            pattern_sheet(pattern), paper=paper, title=f"{unit.code} {unit.garment_type}"
        )
        return _cut_file(pdf, "pdf", f"{unit.code}-{paper}.pdf")


UNIT_FILE_RESPONSES: dict[Any, Any] = {**INVALID, **NOT_FOUND, **ERRORS}


@extend_schema(tags=["cut files"])
class UnitCutSvgView(_UnitCutFileView):
    kind = "svg"

    @extend_schema(
        operation_id="work_orders_unit_pattern_svg",
        summary="A garment's pattern at 1:1 (mm) with a 10 cm test square, as SVG",
        responses={
            (200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.STR),
            **UNIT_FILE_RESPONSES,
        },
    )
    def get(self, request: Request, pk: int, code: str) -> HttpResponse:
        return super().get(request, pk, code)


@extend_schema(tags=["cut files"])
class UnitCutPdfView(_UnitCutFileView):
    kind = "pdf"

    @extend_schema(
        operation_id="work_orders_unit_pattern_pdf",
        summary="A garment's pattern tiled on A4 or A3 paper, as PDF",
        parameters=[
            OpenApiParameter(
                "paper", str, enum=list(PAPER), required=False, description="A4 (default) or A3."
            )
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            **UNIT_FILE_RESPONSES,
        },
    )
    def get(self, request: Request, pk: int, code: str) -> HttpResponse:
        return super().get(request, pk, code)


@extend_schema(tags=["cut files"])
class UnitCutDxfView(_UnitCutFileView):
    kind = "dxf"

    @extend_schema(
        operation_id="work_orders_unit_pattern_dxf",
        summary="A garment's pattern in the AAMA/ASTM D6673 DXF layout garment CAD imports",
        responses={
            (200, "application/dxf"): OpenApiResponse(OpenApiTypes.STR),
            **UNIT_FILE_RESPONSES,
        },
    )
    def get(self, request: Request, pk: int, code: str) -> HttpResponse:
        return super().get(request, pk, code)


@extend_schema(tags=[_("work orders")])
class WorkOrderAcceptView(FactoryApiMixin, APIView):
    @extend_schema(
        operation_id="work_orders_accept",
        summary=_("Accept a released work order (again: harmless)"),
        request=None,
        responses={200: WorkOrderDetailSerializer, **NOT_FOUND, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        floor_services.work_order_accept(factory=self.factory, work_order_id=pk, user=request.user)
        order = floor_selectors.work_order_get(factory=self.factory, work_order_id=pk)
        context = {
            "request": request,
            "has_cut_plan": floor_selectors.work_order_cut_plan(work_order=order) is not None,
        }
        return Response(WorkOrderDetailSerializer(order, context=context).data)


@extend_schema(tags=[_("floor")])
class StageEventView(FactoryApiMixin, APIView):
    @extend_schema(
        operation_id="stage_events_create",
        summary=_("A garment scanned at a stage: it moves to that stage"),
        description=_(
            "Idempotent by `client_event_id`: the same id again answers as the first time "
            "and records nothing more. A garment already at the stage is left as it is "
            "(`repeated`)."
        ),
        request=StageEventSerializer,
        responses={200: ScanResultSerializer, **INVALID, **NOT_FOUND, **REFUSED, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        body = StageEventSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        centre = selectors.work_centre_for_stage(factory=self.factory, stage=data["stage"])
        if centre is None:
            raise ValidationError({"stage": [_("Your factory has no work centre for this stage.")]})
        result = floor_services.unit_scan(
            factory=self.factory,
            work_centre_id=centre.pk,
            code=data["unit_code"],
            user=request.user,
            client_event_id=data["client_event_id"],
        )
        return Response(ScanResultSerializer(result).data)


@extend_schema(tags=[_("floor")])
class QCResultView(FactoryApiMixin, APIView):
    @extend_schema(
        operation_id="qc_results_create",
        summary=_("A garment's quality check: pass, or fail with a reason and a decision"),
        description=_("Idempotent by `client_event_id`, like stage events."),
        request=QCResultSerializer,
        responses={200: QCResultResponseSerializer, **INVALID, **NOT_FOUND, **REFUSED, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        body = QCResultSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        result = floor_services.unit_qc_record(
            factory=self.factory,
            code=data["unit_code"],
            passed=data["passed"],
            reason=data.get("reason", ""),
            note=data.get("note", ""),
            decision=data.get("decision"),
            user=request.user,
            client_event_id=data["client_event_id"],
        )
        return Response(QCResultResponseSerializer(result).data)


@extend_schema(tags=[_("shipments")])
class ShipmentCreateView(FactoryApiMixin, APIView):
    @extend_schema(
        operation_id="shipments_create",
        summary=_("Ship one customer order's packed garments in a parcel"),
        request=ShipmentCreateSerializer,
        responses={201: ShipmentSerializer, **INVALID, **NOT_FOUND, **REFUSED, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        body = ShipmentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        shipment = floor_services.shipment_create(
            factory=self.factory, user=request.user, **body.validated_data
        )
        shipment = floor_selectors.shipment_get(factory=self.factory, shipment_id=shipment.pk)
        return Response(ShipmentSerializer(shipment).data, status=201)


@extend_schema(tags=[_("shipments")])
class ShipmentDeliveredView(FactoryApiMixin, APIView):
    @extend_schema(
        operation_id="shipments_delivered",
        summary=_("The parcel reached the customer (again: harmless)"),
        request=None,
        responses={200: ShipmentSerializer, **NOT_FOUND, **REFUSED, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        floor_services.shipment_deliver(factory=self.factory, shipment_id=pk, user=request.user)
        shipment = floor_selectors.shipment_get(factory=self.factory, shipment_id=pk)
        return Response(ShipmentSerializer(shipment).data)


@csrf_exempt
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any other path under ``/api/``: the API's JSON 404, not a web page."""
    return JsonResponse(error_body(code="not_found", detail=str(_("Not found."))), status=404)
