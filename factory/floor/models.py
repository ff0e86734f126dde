"""What the factory floor records: each action on the floor as an append-only event
(accepting a work order, a scan, the undo of a scan, a QC result, a shipment, a
delivery), and the shipments themselves.

A unit's state still changes only through ``orders.services.unit_transition``; the floor
event says which scan, at which work centre, under which client event id, made it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.carriers import Carrier


class QCReason(models.TextChoices):
    """Why a garment failed its quality check."""

    SEAM = "seam", _("Seam fault")
    MEASUREMENT = "measurement", _("Measurement off")
    FABRIC_FLAW = "fabric_flaw", _("Fabric flaw")
    STAIN = "stain", _("Stain")
    OTHER = "other", _("Other")


class QCDecision(models.TextChoices):
    REWORK = "rework", _("Rework: back to sewing")
    REMAKE = "remake", _("Remake: make a new garment")


class FloorEvent(models.Model):
    """One action on a factory's floor. Append-only: never updated, never deleted."""

    class Kind(models.TextChoices):
        ACCEPT = "accept", _("Work order accepted")
        SCAN = "scan", _("Scan")
        UNDO = "undo", _("Scan undone")
        QC = "qc", _("Quality check")
        SHIP = "ship", _("Shipped")
        DELIVER = "deliver", _("Delivered")

    factory = models.ForeignKey(
        "factory.Factory", on_delete=models.PROTECT, related_name="floor_events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    work_order = models.ForeignKey(
        "factory.WorkOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="floor_events",
    )
    unit = models.ForeignKey(
        "orders.ProductionUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="floor_events",
    )
    work_centre = models.ForeignKey(
        "factory.WorkCentre", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shipment = models.ForeignKey(
        "floor.Shipment", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    #: A scan of a unit already at that stage: harmless, recorded, changes nothing.
    repeated = models.BooleanField(default=False)
    #: The scan an undo compensates (each scan is undone at most once).
    undoes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="undone_by"
    )
    #: QC: passed or not, the reason code, the decision and any note.
    passed = models.BooleanField(null=True, blank=True)
    reason = models.CharField(max_length=20, choices=QCReason.choices, blank=True)
    decision = models.CharField(max_length=20, choices=QCDecision.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)
    #: The new unit a remake made.
    remake = models.ForeignKey(
        "orders.ProductionUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: The id the client (a scan station, the factory's own system) gave this action:
    #: the same id again is the same action, applied once.
    client_event_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001  (unique when given)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("factory", "client_event_id"),
                condition=models.Q(client_event_id__isnull=False),
                name="floor_client_event_once",
            ),
            models.UniqueConstraint(
                fields=("work_order",),
                condition=models.Q(kind="accept"),
                name="work_order_accepted_once",
            ),
        ]
        indexes = [models.Index(fields=("factory", "kind", "at"))]

    def __str__(self) -> str:
        return f"{self.factory_id} {self.kind} {self.unit_id or self.work_order_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("floor events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("floor events are append-only")


class Shipment(models.Model):
    """A parcel: one customer order's finished garments, with the carrier's tracking number."""

    factory = models.ForeignKey(
        "factory.Factory", on_delete=models.PROTECT, related_name="shipments"
    )
    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="+")
    carrier = models.CharField(_("carrier"), max_length=20, choices=Carrier.choices)
    tracking_number = models.CharField(_("tracking number"), max_length=40)
    units = models.ManyToManyField("orders.ProductionUnit", related_name="shipments")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        constraints = [
            models.UniqueConstraint(
                fields=("carrier", "tracking_number"), name="shipment_tracking_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number}"
