"""Oscar's order and line statuses and payment event names, which Oscar stores as English
words, in the reader's language."""

from __future__ import annotations

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
