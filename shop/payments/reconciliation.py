"""Repair payments whose webhook never arrived, and refunds still owed, by asking Stripe."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from shop.payments import gateway
from shop.payments.models import CheckoutPayment
from shop.payments.services import checkout_payment_refund, payment_succeeded_apply

logger = logging.getLogger(__name__)

QUIET_PERIOD = timedelta(minutes=2)
LOOK_BACK = timedelta(days=3)


def payments_reconcile(*, now=None, quiet_period: timedelta = QUIET_PERIOD) -> int:  # type: ignore[no-untyped-def]
    """Apply every recent succeeded PaymentIntent that still has no order, and make every
    refund still owed for a payment that could not become an order; returns how many
    payments were repaired.

    Two sources, so neither a lost webhook nor a lost local row goes unnoticed: the
    platform's own pending payments older than the quiet period, and Stripe's list of
    recent PaymentIntents.
    """
    now = now or timezone.now()
    pending = CheckoutPayment.objects.filter(
        status__in=(CheckoutPayment.Status.PENDING, CheckoutPayment.Status.FAILED),
        created_at__lte=now - quiet_period,
        created_at__gte=now - LOOK_BACK,
    )
    candidates = set(pending.values_list("payment_intent_id", flat=True))
    for intent in gateway.payment_intents_recent(created_after=int((now - LOOK_BACK).timestamp())):
        if intent.status == "succeeded":
            candidates.add(intent.id)
    repaired = refunds_owed_reconcile(now=now, quiet_period=quiet_period)
    for intent_id in sorted(candidates):
        if not CheckoutPayment.objects.filter(
            payment_intent_id=intent_id,
            status__in=(CheckoutPayment.Status.PENDING, CheckoutPayment.Status.FAILED),
        ).exists():
            continue
        intent = gateway.payment_intent_retrieve(payment_intent_id=intent_id)
        if intent.status != "succeeded":
            continue
        payment = payment_succeeded_apply(payment_intent_id=intent_id)
        if payment is not None:
            repaired += 1
            logger.info("reconciled %s -> %s", intent_id, payment.status)
    return repaired


def refunds_owed_reconcile(*, now=None, quiet_period: timedelta = QUIET_PERIOD) -> int:  # type: ignore[no-untyped-def]
    """Refund-pending payments older than the quiet period, refunded now; how many.

    The outbox sends their refunds again already; this is the second source, as for
    pending payments: Stripe is asked with the same idempotency key, so a refund made
    meanwhile is never made twice.
    """
    now = now or timezone.now()
    owed = CheckoutPayment.objects.filter(
        status=CheckoutPayment.Status.REFUND_PENDING, updated_at__lte=now - quiet_period
    ).order_by("pk")
    refunded = 0
    for payment_id in owed.values_list("pk", flat=True):
        try:
            payment = checkout_payment_refund(payment_id=payment_id)
        except gateway.PaymentGatewayError as error:
            logger.warning("refund of payment %s still owed: %s", payment_id, error)
            continue
        if payment.status == CheckoutPayment.Status.REFUNDED:
            refunded += 1
            logger.info("reconciled refund of %s", payment.payment_intent_id)
    return refunded
