"""Production units (one per paid garment) and their append-only event log."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.states import UnitState

UNIT_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off a ticket


def unit_code_new() -> str:
    """A short code for tickets and QR codes, like ``U-7K3Q-9MX2``."""
    chars = "".join(secrets.choice(UNIT_CODE_ALPHABET) for _ in range(8))
    return f"U-{chars[:4]}-{chars[4:]}"


class ProductionUnit(models.Model):
    """One garment to make: an immutable snapshot of its spec, its fabric, its promise.

    ``state`` changes only through ``orders.services.unit_transition``, which writes
    the event that says when, who and why.
    """

    code = models.CharField(max_length=16, unique=True, default=unit_code_new)
    order_line = models.ForeignKey(
        "order.Line", on_delete=models.PROTECT, related_name="production_units"
    )
    remake_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="remade_as"
    )
    snapshot = models.JSONField()
    snapshot_version = models.PositiveSmallIntegerField()
    snapshot_sha256 = models.CharField(max_length=64)
    garment_type = models.CharField(max_length=20)
    fabric = models.ForeignKey("shop.Fabric", on_delete=models.PROTECT, related_name="+")
    fabric_metres = models.DecimalField(max_digits=6, decimal_places=2)
    promised_ship_date = models.DateField()
    state = models.CharField(max_length=20, choices=UnitState.choices, default=UnitState.PAID)
    factory = models.ForeignKey(
        "factory.Factory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="production_units",
    )
    routing_reason = models.TextField(blank=True)
    needs_attention = models.BooleanField(default=False)
    attention_reason = models.TextField(blank=True)
    #: The day the fabric is at the factory (routing: its lead time in working days);
    #: the planner never cuts the unit before it.
    fabric_arrives_on = models.DateField(null=True, blank=True)
    #: Until when the customer may cancel the garment or correct its measurements: the
    #: release cut-off before its planned start (set at routing, moved by each plan).
    changes_until = models.DateTimeField(null=True, blank=True)
    #: Which revision of the spec ``snapshot`` is (1 at payment; each correction adds one,
    #: the earlier ones kept in ``UnitSpecRevision``).
    spec_revision = models.PositiveSmallIntegerField(default=1)
    #: Set while a change the customer asked for (a cancellation, a correction) is being
    #: paid or refunded: the release leaves the unit alone until it is cleared.
    change_held_at = models.DateTimeField(null=True, blank=True)
    carrier = models.CharField(max_length=40, blank=True)
    tracking_number = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            # Each paid garment line becomes exactly one unit; remakes add more.
            models.UniqueConstraint(
                fields=("order_line",),
                condition=models.Q(remake_of__isnull=True),
                name="one_original_unit_per_line",
            ),
            models.CheckConstraint(
                condition=models.Q(fabric_metres__gt=0), name="unit_fabric_positive"
            ),
        ]
        indexes = [models.Index(fields=("state", "state_changed_at"))]

    def __str__(self) -> str:
        return self.code


class UnitEvent(models.Model):
    """Something that happened to a unit. Append-only: never updated, never deleted."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("State change")
        NOTE = "note", _("Note")

    unit = models.ForeignKey(ProductionUnit, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRANSITION)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=60)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("at", "pk")
        # The throughput figures count events entering or leaving a state in a range of
        # time (operations.selectors).
        indexes = [
            models.Index(fields=("at",), name="unit_event_at"),
            models.Index(fields=("to_state", "at"), name="unit_event_to_state_at"),
            models.Index(fields=("from_state", "at"), name="unit_event_from_state_at"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.from_state} -> {self.to_state}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("unit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("unit events are append-only")


class UnitSpecRevision(models.Model):
    """Every spec a unit has had, in order: the one paid for, then each correction.
    Written once, never changed."""

    class Reason(models.TextChoices):
        PAID = "paid", _("As paid")
        MEASUREMENTS = "measurements", _("Measurements corrected by the customer")

    unit = models.ForeignKey(ProductionUnit, on_delete=models.PROTECT, related_name="revisions")
    revision = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    snapshot_sha256 = models.CharField(max_length=64)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("unit", "revision")
        constraints = [
            models.UniqueConstraint(fields=("unit", "revision"), name="unit_revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} r{self.revision}"


class CustomerNotice(models.Model):
    """A notice sent to the customer about a unit; unique, so it is never sent twice."""

    unit = models.ForeignKey(ProductionUnit, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("unit", "kind"), name="one_notice_per_unit_and_kind")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind}"
