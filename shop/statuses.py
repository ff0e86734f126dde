"""Oscar's order and line statuses and payment event names, which Oscar stores as English
words, and the reasons our payments give for a refund or a charge, in the reader's
language."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Every status of OSCAR_ORDER_STATUS_PIPELINE / OSCAR_LINE_STATUS_PIPELINE and every
# payment event type our payments write.
STATUS_LABELS: dict[str, Promise] = {
    "Paid": _("Paid"),
    "Partly cancelled": pgettext_lazy("order status", "Partly cancelled"),
    "Cancelled": _("Cancelled"),
    "Refunded": _("Refunded"),
    # The payment source type our payments record (shop.payments.services).
    "Stripe card": _("Stripe card"),
}


def status_label(status: str) -> str:
    """The status in the reader's language (unknown statuses as they are stored)."""
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


class PaymentReason(StrEnum):
    """Why the platform refunds (or charges) a payment: the code stored in
    ``PaymentRefund.reason`` and after the Stripe id in the order's payment event
    reference ("re_123: cancelled by customer"). The code is the English the platform
    always stored, so rows written before these codes read the same. A reason staff type
    themselves is stored, and shown, as they typed it."""

    CANCELLED_BY_CUSTOMER = "cancelled by customer"
    CANCELLED_BY_STAFF = "cancelled by staff"
    REFUNDED_BY_STAFF = "refunded by staff"
    MEASUREMENTS_CORRECTED = "measurements corrected"
    CORRECTION_REFUSED = "correction refused: garment released"


PAYMENT_REASON_LABELS: dict[str, Promise] = {
    PaymentReason.CANCELLED_BY_CUSTOMER: _("Cancelled by the customer"),
    PaymentReason.CANCELLED_BY_STAFF: _("Cancelled by staff"),
    PaymentReason.REFUNDED_BY_STAFF: _("Refunded by staff"),
    PaymentReason.MEASUREMENTS_CORRECTED: _("Measurements corrected by the customer"),
    PaymentReason.CORRECTION_REFUSED: _(
        "Correction refused: the garment had been released to the factory"
    ),
}


# The same reasons as the customer reads them in their refund mail ("Reason: …").
PAYMENT_REASON_CUSTOMER_LABELS: dict[str, Promise] = {
    PaymentReason.CANCELLED_BY_CUSTOMER: pgettext_lazy(
        "refund reason, to the customer", "you cancelled the garment"
    ),
    PaymentReason.CANCELLED_BY_STAFF: pgettext_lazy(
        "refund reason, to the customer", "the garment was cancelled by our staff"
    ),
    PaymentReason.REFUNDED_BY_STAFF: pgettext_lazy(
        "refund reason, to the customer", "our staff refunded it to you"
    ),
    PaymentReason.MEASUREMENTS_CORRECTED: pgettext_lazy(
        "refund reason, to the customer", "your corrected measurements lowered the price"
    ),
    PaymentReason.CORRECTION_REFUSED: pgettext_lazy(
        "refund reason, to the customer",
        "your measurement correction came after the garment had gone to the factory",
    ),
}


def payment_reason_customer_label(reason: str) -> str:
    """Why a refund was made, as the customer reads it: one of our reasons in their
    language, "" for a refund recorded without one. A reason staff typed themselves is
    their note, not written for the customer: it reads as a refund made by staff."""
    if not reason:
        return ""
    label = PAYMENT_REASON_CUSTOMER_LABELS.get(
        reason, PAYMENT_REASON_CUSTOMER_LABELS[PaymentReason.REFUNDED_BY_STAFF]
    )
    return str(label)


def payment_reason_label(reason: str) -> str:
    """A refund's (or charge's) reason in the reader's language; staff's own words as
    they are stored."""
    label = PAYMENT_REASON_LABELS.get(reason)
    return str(label) if label is not None else reason


def payment_reference_label(reference: str) -> str:
    """A payment event's reference, ``"<Stripe id>: <reason>"``, with the reason in the
    reader's language; any other reference as it is stored."""
    stripe_id, colon, reason = reference.partition(": ")
    if not colon or reason not in PAYMENT_REASON_LABELS:
        return reference
    shown = pgettext_lazy("a payment event's reference: Stripe id, reason", "%(id)s: %(reason)s")
    return str(shown) % {"id": stripe_id, "reason": payment_reason_label(reason)}
