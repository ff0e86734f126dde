"""What the API sends and accepts. Serializers only shape data; the floor's services
decide what may happen."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from factory.floor.models import QCDecision, QCReason
from factory.floor.selectors import WorkOrderState, work_order_state
from factory.models import WorkCentreKind
from orders.carriers import Carrier
from orders.states import UnitState

#: The formats of a garment's cut files.
CUT_KINDS = ("svg", "pdf", "dxf")


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("A stable code for programs, like `not_found`."))
    detail = serializers.CharField(help_text=_("A sentence for people, in the request's language."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Field name -> what is wrong with it (invalid input only)."),
    )


class FabricSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class UnitSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The code on the garment's ticket and QR code."))
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


WORK_ORDER_STATES = [
    (WorkOrderState.RELEASED, _("Released: waiting to be accepted")),
    (WorkOrderState.ACCEPTED, _("Accepted: garments being made")),
    (WorkOrderState.COMPLETED, _("Completed: every garment shipped")),
]


class WorkOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    state = serializers.SerializerMethodField()
    garment_type = serializers.CharField()
    fabric = FabricSerializer()
    unit_count = serializers.IntegerField(help_text=_("Garments in the work order."))
    open_count = serializers.IntegerField(help_text=_("Garments not yet shipped."))
    due_date = serializers.DateField(
        allow_null=True, help_text=_("The earliest promised ship date of its garments.")
    )
    released_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()
    tickets_pdf = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=WORK_ORDER_STATES))
    def get_state(self, order: Any) -> str:
        return work_order_state(order)

    @extend_schema_field(serializers.URLField())
    def get_url(self, order: Any) -> str:
        return _absolute(self.context.get("request"), "floor_api:work-order", order.pk)

    @extend_schema_field(serializers.URLField(help_text=_("One A6 ticket per garment, as a PDF.")))
    def get_tickets_pdf(self, order: Any) -> str:
        return _absolute(self.context.get("request"), "floor_api:work-order-tickets", order.pk)


class UnitCutFilesSerializer(serializers.Serializer):
    code = serializers.CharField()
    svg = serializers.URLField(help_text="The garment's pattern as SVG at 1:1 (mm).")
    pdf = serializers.URLField(help_text="The pattern tiled on A4 (`?paper=A3` for A3).")
    dxf = serializers.URLField(help_text="The pattern as AAMA/ASTM D6673 DXF.")


class CutFilesSerializer(serializers.Serializer):
    marker_svg = serializers.URLField(
        allow_null=True, help_text="The batch's marker at 1:1; null until the cut plan is made."
    )
    marker_pdf = serializers.URLField(
        allow_null=True, help_text="The marker on one long page; null until the cut plan is made."
    )
    units = UnitCutFilesSerializer(many=True)


def _unit_file(request: Any, order_pk: int, code: str, kind: str) -> str:
    path = reverse(f"floor_api:unit-cut-{kind}", kwargs={"pk": order_pk, "code": code})
    return str(request.build_absolute_uri(path)) if request is not None else path


class WorkOrderDetailSerializer(WorkOrderSerializer):
    units = UnitSerializer(many=True)
    cut_files = serializers.SerializerMethodField()

    @extend_schema_field(CutFilesSerializer)
    def get_cut_files(self, order: Any) -> dict[str, Any]:
        request = self.context.get("request")
        planned = self.context.get("has_cut_plan", False)
        return {
            "marker_svg": _absolute(request, "floor_api:marker-svg", order.pk) if planned else None,
            "marker_pdf": _absolute(request, "floor_api:marker-pdf", order.pk) if planned else None,
            "units": [
                {"code": unit.code}
                | {kind: _unit_file(request, order.pk, unit.code, kind) for kind in CUT_KINDS}
                for unit in order.units.all()
            ],
        }


class WorkOrderFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=WORK_ORDER_STATES, required=False)
    released_from = serializers.DateField(
        required=False, help_text=_("Released on or after this day (YYYY-MM-DD).")
    )
    released_to = serializers.DateField(
        required=False, help_text=_("Released on or before this day (YYYY-MM-DD).")
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
        choices=WorkCentreKind.choices, help_text=_("The work centre the garment was scanned at.")
    )
    client_event_id = serializers.CharField(
        max_length=64,
        help_text=_("Your id for this event: the same id sent again changes nothing more."),
    )


class QCResultSerializer(serializers.Serializer):
    unit_code = serializers.CharField(max_length=16)
    passed = serializers.BooleanField()
    reason = serializers.ChoiceField(
        choices=QCReason.choices, required=False, help_text=_("Why it failed (a failure only).")
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    decision = serializers.ChoiceField(
        choices=QCDecision.choices,
        required=False,
        help_text=_("`rework`: back to sewing; `remake`: a new garment is made (a failure only)."),
    )
    client_event_id = serializers.CharField(
        max_length=64,
        help_text=_("Your id for this result: the same id sent again changes nothing more."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["passed"]:
            return attrs
        errors: dict[str, str] = {}
        if not attrs.get("reason"):
            errors["reason"] = _("Choose why the garment failed its check.")
        elif attrs["reason"] == QCReason.OTHER and not attrs.get("note", "").strip():
            errors["note"] = _("Say what is wrong in the note.")
        if not attrs.get("decision"):
            errors["decision"] = _("Choose rework or remake for a failed garment.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ShipmentCreateSerializer(serializers.Serializer):
    unit_codes = serializers.ListField(
        child=serializers.CharField(max_length=16), min_length=1, max_length=100
    )
    carrier = serializers.ChoiceField(choices=Carrier.choices)
    tracking_number = serializers.RegexField(
        r"^[A-Za-z0-9-]{6,40}$",
        max_length=40,
        error_messages={"invalid": _("A tracking number has 6 to 40 letters, digits or hyphens.")},
    )


class ShipmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    carrier = serializers.ChoiceField(choices=Carrier.choices)
    tracking_number = serializers.CharField()
    created_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    unit_codes = serializers.SerializerMethodField()

    def get_unit_codes(self, shipment: Any) -> list[str]:
        return [unit.code for unit in shipment.units.all()]


class ScanResultSerializer(serializers.Serializer):
    unit = UnitSerializer()
    state = serializers.ChoiceField(choices=UnitState.choices)
    repeated = serializers.BooleanField(
        help_text=_("The garment was already at this stage: nothing changed.")
    )


class QCResultResponseSerializer(serializers.Serializer):
    unit = UnitSerializer()
    passed = serializers.BooleanField()
    decision = serializers.CharField(help_text=_("`rework`, `remake`, or empty for a pass."))
    remake_code = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_remake_code(self, result: Any) -> str | None:
        return result.remake.code if result.remake is not None else None
