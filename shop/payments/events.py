"""Stripe's events, each applied once: a checkout payment becomes an order; the payment
of a measurement correction applies the correction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from shop.payments.changes import correction_paid_apply
from shop.payments.models import GarmentCorrection, StripeEvent
from shop.payments.services import payment_failed_apply, payment_succeeded_apply


def stripe_event_apply(*, event: Mapping[str, Any]) -> bool:
    """Apply one verified Stripe event; False when it was already applied (a redelivery)."""
    obj = event.get("data", {}).get("object", {}) or {}
    intent_id = obj.get("id", "") if obj.get("object") == "payment_intent" else ""
    intent_id = intent_id or obj.get("payment_intent") or ""
    succeeded = event.get("type") == "payment_intent.succeeded"
    correction = (
        succeeded
        and bool(intent_id)
        and GarmentCorrection.objects.filter(payment_intent_id=intent_id).exists()
    )
    try:
        with transaction.atomic():
            StripeEvent.objects.create(
                event_id=event["id"],
                type=event.get("type", ""),
                payment_intent_id=intent_id,
                payload=dict(event),
            )
            if succeeded and not correction:
                payment_succeeded_apply(payment_intent_id=intent_id)
            elif event.get("type") == "payment_intent.payment_failed":
                error = obj.get("last_payment_error") or {}
                payment_failed_apply(
                    payment_intent_id=intent_id, message=str(error.get("message") or "")
                )
    except IntegrityError:
        return False
    if correction:
        # Outside the transaction: a garment released meanwhile means a refund (Stripe).
        correction_paid_apply(payment_intent_id=intent_id)
    return True
