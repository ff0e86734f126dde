"""What the API sends and accepts. Serializers only shape data; the floor's services
decide what may happen."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from factory.models import WorkCentreKind
from orders.states import UnitState


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A stable code for programs, like `not_found`.")
    detail = serializers.CharField(help_text="A sentence for people, in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Field name -> what is wrong with it (invalid input only).",
    )


class FabricSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class UnitSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The code on the garment's ticket and QR code.")
    state = serializers.ChoiceField(choices=UnitState.choices)
    state_label = serializers.CharField(source="get_state_display")
    state_changed_at = serializers.DateTimeField()
    garment_type = serializers.CharField()
    promised_ship_date = serializers.DateField()
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()


def _absolute(request: Any, name: str, pk: int) -> str:
    path = reverse(name, kwargs={"pk": pk})
    return str(request.build_absolute_uri(path)) if request is not None else path


class WorkOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    garment_type = serializers.CharField()
    fabric = FabricSerializer()
    unit_count = serializers.IntegerField(help_text="Garments in the work order.")
    released_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField())
    def get_url(self, order: Any) -> str:
        return _absolute(self.context.get("request"), "floor_api:work-order", order.pk)


class WorkOrderDetailSerializer(WorkOrderSerializer):
    units = UnitSerializer(many=True, source="api_units")


class WorkOrderFilterSerializer(serializers.Serializer):
    released_from = serializers.DateField(
        required=False, help_text="Released on or after this day (YYYY-MM-DD)."
    )
    released_to = serializers.DateField(
        required=False, help_text="Released on or before this day (YYYY-MM-DD)."
    )
    page = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("released_from"), attrs.get("released_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"released_to": _("The end day comes before the start day.")}
            )
        return attrs


class StageEventSerializer(serializers.Serializer):
    unit_code = serializers.CharField(max_length=16)
    stage = serializers.ChoiceField(
        choices=WorkCentreKind.choices, help_text="The work centre the garment was scanned at."
    )
    client_event_id = serializers.CharField(
        max_length=64,
        help_text="Your id for this event: the same id sent again changes nothing more.",
    )
