"""Production units (one per paid garment) and their append-only event log."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
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
    #: Why the unit went to its factory, and why staff must look at it: in English, with
    #: ``attention_note`` the same as a note (``orders.notes``) shown in the reader's
    #: language.
    routing_reason = models.TextField(blank=True)
    needs_attention = models.BooleanField(default=False)
    attention_reason = models.TextField(blank=True)
    attention_note = models.JSONField(default=dict, blank=True)
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
    #: Minutes per work-centre kind this unit counts in its factory's open load
    #: (``FactoryLoad``), recorded when it first enters the load, so that what leaves the
    #: sum is exactly what entered it (``orders.load``).
    load_minutes = models.JSONField(default=dict, blank=True)
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
        indexes = [
            models.Index(fields=("state", "state_changed_at")),
            # Garments at the factory the longest in their state first (the operations
            # page's idle garments): read in order, no sort over every state.
            models.Index(
                fields=("state_changed_at", "id"),
                condition=models.Q(
                    state__in=("released", "cutting", "sewing", "finishing", "qc", "packed")
                ),
                name="unit_on_the_floor_since",
            ),
        ]

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
    #: Why, in English; ``data["note"]`` says it as a note (``orders.notes``) that pages
    #: and mails show in the reader's language (events written before notes have none).
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
            # A unit's QC outcomes (first-pass yield): passed, and sent back to sewing.
            models.Index(
                fields=("unit",),
                condition=models.Q(kind="transition", from_state="qc", to_state="packed"),
                name="unit_event_qc_passed",
            ),
            models.Index(
                fields=("unit",),
                condition=models.Q(kind="transition", from_state="qc", to_state="sewing"),
                name="unit_event_qc_sent_back",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.from_state} -> {self.to_state}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("unit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("unit events are append-only")


class UnitEventDay(models.Model):
    """The state changes of one day (in ``settings.TIME_ZONE``) counted by move, factory,
    fabric, garment type, QC reason and remake, with the metres of fabric of their units.

    Derived from the events and kept by the services that write them, in the same
    transaction (``orders.event_days``): the operations page reads a few thousand of
    these rows for a range instead of every event in it. A unit moved to another factory
    takes its counted events with it, so a row always counts the events of the units
    that are at that factory now. ``operations.services.event_days_rebuild`` counts them
    again from the events; the events stay the record.
    """

    day = models.DateField()
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    #: 0: the unit has no factory yet.
    factory_id = models.BigIntegerField(default=0)
    #: The unit's fabric for moves into cutting (changeovers, fabric used); 0 otherwise.
    fabric_id = models.BigIntegerField(default=0)
    garment_type = models.CharField(max_length=20)
    #: The QC reason of a move out of QC; empty otherwise.
    why = models.CharField(max_length=100, blank=True)
    #: A remake's own "paid" move (not a sale).
    remake = models.BooleanField(default=False)
    n = models.IntegerField(default=0)
    #: Metres of fabric of the units moving into cutting.
    metres = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=(
                    "day",
                    "from_state",
                    "to_state",
                    "factory_id",
                    "fabric_id",
                    "garment_type",
                    "why",
                    "remake",
                ),
                name="unit_event_day_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.from_state}->{self.to_state} ×{self.n}"


class UnitLead(models.Model):
    """A garment reaching shipped or delivered, with how long it took from payment and
    whether its promise was kept: one row per such event, written by the service that
    writes the event, in its transaction (``orders.event_days``). Lead-time percentiles
    for a range are read from here without joining every unit."""

    event_id = models.BigIntegerField(unique=True)
    unit_id = models.BigIntegerField(db_index=True)
    to_state = models.CharField(max_length=20)
    #: The local day (``settings.TIME_ZONE``) of the event.
    day = models.DateField()
    #: From the unit's payment (its creation, with its paid event) to the event.
    took = models.DurationField()
    promised = models.DateField()
    #: 0: no factory.
    factory_id = models.BigIntegerField(default=0)
    garment_type = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=("day", "to_state"), name="unit_lead_day")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.to_state} {self.day}"


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
    """A notice to the customer about a unit; unique, so it is never sent twice. The row
    is claimed (committed) before the mail goes and marked sent after it; a claim whose
    mail never went (its process died) may be taken over after the outbox's delay."""

    unit = models.ForeignKey(ProductionUnit, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("unit", "kind"), name="one_notice_per_unit_and_kind")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind}"


class FactoryLoad(models.Model):
    """Minutes of work per work-centre kind that a factory's open units still need.

    A running sum, changed in the transaction of every move of a unit into, out of or
    between factories' open load (``orders.load``), so a promise or a routing reads a
    factory's backlog in one query however many units are open.
    """

    factory = models.ForeignKey("factory.Factory", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    minutes = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("factory", "kind"), name="one_load_per_factory_kind")
        ]

    def __str__(self) -> str:
        return f"{self.factory_id} {self.kind}: {self.minutes}"


class CutPlan(models.Model):
    """A work order's cut plan: every shell piece of its garments nested on the fabric.

    Stored once per work order (the one-to-one is the idempotency key). The planned metres
    replace the batch's consumption estimate (the sum of its units' ``fabric_metres``, taken
    from stock at payment), and the stock was corrected by ``estimated - planned`` when the
    plan was stored. The marker is kept as drawn; with the units' frozen snapshots (their
    digests are in ``inputs_sha256``), the fabric's facts, ``seed`` and ``iterations`` the
    same plan is computed again (:func:`orders.cutting.cut_plan_replay`).
    """

    work_order = models.OneToOneField(
        "factory.WorkOrder", on_delete=models.CASCADE, related_name="cut_plan"
    )
    fabric = models.ForeignKey("shop.Fabric", on_delete=models.PROTECT, related_name="+")
    seed = models.IntegerField(default=0)
    iterations = models.PositiveIntegerField()
    inputs_sha256 = models.CharField(max_length=64)
    garments = models.PositiveIntegerField()
    pieces = models.PositiveIntegerField()
    lay_mm = models.PositiveIntegerField()
    usable_width_mm = models.PositiveIntegerField()
    estimated_metres = models.DecimalField(max_digits=8, decimal_places=2)
    planned_metres = models.DecimalField(max_digits=8, decimal_places=2)
    #: What was added to the fabric's stock: ``estimated_metres - planned_metres``.
    stock_correction_metres = models.DecimalField(max_digits=8, decimal_places=2)
    utilisation = models.DecimalField(max_digits=5, decimal_places=4)
    marker_svg = models.TextField()
    marker_pdf = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("cut plan")
        verbose_name_plural = _("cut plans")

    def __str__(self) -> str:
        return f"cut plan of work order {self.work_order_id}"


class OutboxMessage(models.Model):
    """Something that must happen once a transaction has committed (a refund, a mail, a
    routing, a replan request): written in that same transaction, delivered by a task
    after the commit, and sent again by the sweeper until its handler has run
    (``orders.outbox``). ``task`` is a Celery task's name, so a layer below can ask for
    work done above it without importing it."""

    task = models.CharField(max_length=100)
    args = models.JSONField(default=list, blank=True)
    #: What makes two requests the same message (e.g. ``payment-refund:12``); none: each
    #: request is its own message.
    key = models.CharField(max_length=150, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    tried_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ("pk",)
        indexes = [
            models.Index(
                fields=("created_at",),
                condition=models.Q(done_at__isnull=True),
                name="outbox_not_done",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}{self.args} ({'done' if self.done_at else 'not done'})"
