"""What the platform keeps of payments: one row per PaymentIntent, one per Stripe event."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckoutPayment(models.Model):
    """One PaymentIntent for one basket. The order is created from it when Stripe says
    the payment succeeded (webhook or reconciliation), at most once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Payment failed")
        REFUND_PENDING = "refund_pending", _("Being refunded")
        REFUNDED = "refunded", _("Refunded")

    basket = models.ForeignKey("basket.Basket", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField()
    language = models.CharField(max_length=10, default="en")
    payment_intent_id = models.CharField(max_length=64, unique=True)
    #: Derived from the basket's content, total and delivery: while a payment for the
    #: same basket is open, it is reused, never doubled; a changed basket gets a new one.
    basket_key = models.CharField(max_length=80, db_index=True)
    #: The basket key and the attempt (a declined card needs a new PaymentIntent).
    idempotency_key = models.CharField(max_length=90, unique=True)
    client_secret = models.CharField(max_length=200)
    amount_fen = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="cny")
    shipping_address = models.JSONField(default=dict)
    shipping_method_code = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    problem = models.TextField(blank=True)
    order = models.OneToOneField(
        "order.Order",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checkout_payment",
    )
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        indexes = [models.Index(fields=("status", "created_at"))]

    def __str__(self) -> str:
        return self.payment_intent_id


class StripeEvent(models.Model):
    """Each Stripe event, recorded once: a second delivery finds it and changes nothing."""

    event_id = models.CharField(max_length=64, unique=True)
    type = models.CharField(max_length=100)
    payment_intent_id = models.CharField(max_length=64, blank=True, db_index=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-received_at",)

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class GarmentCorrection(models.Model):
    """A customer's measurement correction of a paid garment, before release: the new
    measurements, the price they come to, and the difference charged or refunded."""

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment of the difference")
        APPLIED = "applied", _("Applied")
        REFUSED = "refused", _("Refused: the garment had gone to the factory")
        ABANDONED = "abandoned", _("Abandoned")

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measurements = models.JSONField()
    finished = models.JSONField()
    fabric_metres = models.DecimalField(max_digits=6, decimal_places=2)
    old_price = models.DecimalField(max_digits=12, decimal_places=2)
    new_price = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.AWAITING_PAYMENT
    )
    #: For a dearer garment: the PaymentIntent that charges the difference.
    payment_intent_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    client_secret = models.CharField(max_length=200, blank=True)
    #: For a cheaper one, or a charge refunded because the garment was released meanwhile.
    refund_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"correction {self.pk} of line {self.line_id}"

    @property
    def difference(self) -> Any:
        return self.new_price - self.old_price


class PaymentRefund(models.Model):
    """A refund owed on a paid order (cancelled garments, staff's refund of garments made
    anyway, a measurement correction that made a garment cheaper, or the charge for one
    refused because the garment was released): written with the change, made through
    Stripe by the outbox under ``idempotency_key``, recorded once Stripe has made it."""

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="+")
    payment_intent_id = models.CharField(max_length=64)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    #: The order lines refunded (a "Refunded" payment event names them).
    line_ids = models.JSONField(default=list)
    reason = models.CharField(max_length=100)
    #: The measurement correction this refund is for (its difference, or its refused charge).
    correction = models.ForeignKey(
        GarmentCorrection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    idempotency_key = models.CharField(max_length=200, unique=True)
    stripe_refund_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"refund of {self.amount} on order {self.order_id}"
