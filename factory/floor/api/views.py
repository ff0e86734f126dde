"""The factory API's endpoints. Each reads through a selector or writes through a
service that takes the token's factory, so another factory's ids are a 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factory.floor.api import selectors
from factory.floor.api.authentication import FactoryTokenAuthentication, FactoryTokenRequired
from factory.floor.api.errors import error_body
from factory.floor.api.models import FactoryApiToken
from factory.floor.api.serializers import (
    ErrorSerializer,
    WorkOrderDetailSerializer,
    WorkOrderFilterSerializer,
    WorkOrderSerializer,
)
from factory.floor.api.throttling import FactoryTokenThrottle
from factory.models import Factory

ERRORS: dict[int, Any] = {
    401: OpenApiResponse(ErrorSerializer, description="No token, or not a valid one."),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests for this token."),
}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="No such object at your factory.")}
INVALID = {400: OpenApiResponse(ErrorSerializer, description="Invalid input; see `fields`.")}
REFUSED = {409: OpenApiResponse(ErrorSerializer, description="Refused by the floor; see `detail`.")}


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


@extend_schema(tags=["work orders"])
class WorkOrderListView(FactoryApiMixin, generics.GenericAPIView):
    serializer_class = WorkOrderSerializer
    pagination_class = Pages

    @extend_schema(
        operation_id="work_orders_list",
        summary="Your factory's work orders, newest first",
        parameters=[WorkOrderFilterSerializer],
        responses={200: WorkOrderSerializer(many=True), **INVALID, **NOT_FOUND, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = WorkOrderFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        orders = selectors.work_orders_for_api(
            factory=self.factory,
            released_from=filters.validated_data.get("released_from"),
            released_to=filters.validated_data.get("released_to"),
        )
        page = self.paginate_queryset(orders)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["work orders"])
class WorkOrderDetailView(FactoryApiMixin, APIView):
    @extend_schema(
        operation_id="work_orders_retrieve",
        summary="One work order with its garments",
        responses={200: WorkOrderDetailSerializer, **NOT_FOUND, **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        order = selectors.work_order_for_api(factory=self.factory, work_order_id=pk)
        return Response(WorkOrderDetailSerializer(order, context={"request": request}).data)


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any other path under ``/api/``: the API's JSON 404, not a web page."""
    return JsonResponse(error_body(code="not_found", detail=_("Not found.")), status=404)
