"""Cancelling paid garments, and refunding them, through one service.

A customer may cancel a garment until it is released to a factory; staff may cancel and
refund any garment or the whole order, and refund a garment already released only by
choosing that it is made anyway (it stays in production). ``garments_cancel`` does it
all in one transaction: the lines and their units cancelled (units through the state
machine, their fabric back in stock once), and the refund written down and handed to
the outbox, which asks Stripe after the commit (with an idempotency key) and records the
refund on the order once Stripe has made it. No Stripe call is made while anything is
locked, and a broker or Stripe outage only delays the refund.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.outbox import outbox_put
from orders.services import order_line_units_cancel
from shop.models import Fabric, GarmentSpec
from shop.payments import gateway
from shop.payments.models import CheckoutPayment, GarmentCorrection, PaymentRefund
from shop.payments.services import PAYMENT_SOURCE_NAME, to_fen

logger = logging.getLogger(__name__)

OPEN = "Paid"
CANCELLED = "Cancelled"
#: A line refunded by staff while its garment is made anyway.
REFUNDED = "Refunded"


class RefundError(Exception):
    """The refund cannot be made; nothing was refunded or changed."""


def amount_left(*, order: Any, payment_intent_id: str) -> Decimal:
    """What can still be refunded of the order's card payment ``payment_intent_id``:
    paid, less refunds made and refunds owed (inside the caller's transaction)."""
    source = order.sources.select_for_update().get(source_type__name=PAYMENT_SOURCE_NAME)
    owed = PaymentRefund.objects.filter(
        order_id=order.pk, made_at__isnull=True, payment_intent_id=payment_intent_id
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    return Decimal(source.amount_debited - source.amount_refunded - owed)


def garments_cancel(
    *,
    order: Any,
    line_ids: Sequence[int] | None,
    actor: Any,
    by_customer: bool,
    reason: str,
    made_anyway: bool = False,
) -> Decimal:
    """Cancel and refund the given garments of a paid order (every open one when
    ``line_ids`` is None); the amount to be refunded, in CNY.

    In one transaction: each line's units are cancelled and their fabric returned (or,
    for a released garment staff refund ``made_anyway``, left in production), the lines
    and the order marked, and the refund handed to the outbox. When no line is left
    open, the delivery charge is refunded too. Raises RefundError or ChangeRefused (from
    ``orders``), having changed nothing.
    """
    order_model = apps.get_model("order", "Order")
    with transaction.atomic():
        payment = CheckoutPayment.objects.select_for_update().filter(order_id=order.pk).first()
        if payment is None or payment.status != CheckoutPayment.Status.PAID:
            raise RefundError(_("This order was not paid by card here, so it cannot be refunded."))
        order = order_model.objects.select_for_update().get(pk=order.pk)
        lines = list(order.lines.order_by("pk"))
        open_lines = [line for line in lines if line.status == OPEN]
        if line_ids is None:
            chosen = open_lines
        else:
            wanted = set(line_ids)
            chosen = [line for line in open_lines if line.pk in wanted]
            if len(chosen) != len(wanted):
                raise RefundError(
                    _("That garment is not part of this order, or is already cancelled.")
                )
        if not chosen:
            raise RefundError(_("Nothing is left to refund on this order."))
        amount = sum((line.line_price_incl_tax for line in chosen), Decimal("0.00"))
        if len(chosen) == len(open_lines):
            amount += order.shipping_incl_tax
        if amount > amount_left(order=order, payment_intent_id=payment.payment_intent_id):
            raise RefundError(_("That is more than is left to refund on this order."))
        for line in chosen:
            cancelled = order_line_units_cancel(
                order_line_id=line.pk, actor=actor, by_customer=by_customer, made_anyway=made_anyway
            )
            made = not cancelled and line.production_units.exists()
            if not line.production_units.exists():
                _spec_fabric_return(line=line)
            line.set_status(REFUNDED if made else CANCELLED)
        statuses = set(order.lines.values_list("status", flat=True))
        new_status = (
            CANCELLED
            if statuses == {CANCELLED}
            else "Partly cancelled"
            if CANCELLED in statuses
            else order.status
        )
        if order.status != new_status:
            order.set_status(new_status)
        refund_owed_put(
            order=order,
            payment_intent_id=payment.payment_intent_id,
            amount=amount,
            line_ids=[line.pk for line in chosen],
            reason=reason,
            idempotency_key=f"refund-{order.number}-{'-'.join(str(line.pk) for line in chosen)}",
        )
    return amount


def _spec_fabric_return(*, line: Any) -> None:
    """A line that never became a production unit: its spec's fabric back in stock."""
    for spec in GarmentSpec.objects.filter(order_line=line):
        Fabric.objects.filter(pk=spec.fabric_id).update(
            metres_in_stock=F("metres_in_stock") + spec.fabric_metres
        )


def refund_owed_put(
    *,
    order: Any,
    payment_intent_id: str,
    amount: Decimal,
    reason: str,
    idempotency_key: str,
    line_ids: Sequence[int] = (),
    correction: Any = None,
) -> PaymentRefund:
    """Inside the caller's transaction: a refund owed, handed to the outbox, which asks
    Stripe once the transaction has committed."""
    refund = PaymentRefund.objects.create(
        order=order,
        payment_intent_id=payment_intent_id,
        amount=amount,
        line_ids=list(line_ids),
        reason=reason[:100],
        idempotency_key=idempotency_key,
        correction=correction,
    )
    outbox_put(task="shop.payments.refund_make", args=[refund.pk], key=f"refund:{refund.pk}")
    return refund


def payment_refund_make(*, refund_id: int) -> PaymentRefund:
    """Make an owed refund through Stripe and record it, once (the outbox's handler).

    Stripe is asked with no row locked and no transaction open. A refund made already is
    recognised twice over: ours records it (``made_at``), and Stripe's list of the
    PaymentIntent's refunds holds one under the refund's key when an earlier delivery
    made it but died before recording it. PaymentGatewayError leaves it owed.

    A refund of an order's payment is recorded on the order (and the customer told);
    one for a measurement correction sets the correction's refund id (its own mail says
    what was refunded); the refused charge of a correction was never on the order.
    """
    refund = PaymentRefund.objects.get(pk=refund_id)
    if refund.made_at is not None:
        return refund
    made = gateway.refund_create_once(
        payment_intent_id=refund.payment_intent_id,
        amount_fen=to_fen(refund.amount),
        idempotency_key=refund.idempotency_key,
    )
    order_model = apps.get_model("order", "Order")
    with transaction.atomic():
        refund = PaymentRefund.objects.select_for_update().get(pk=refund_id)
        if refund.made_at is not None:
            return refund
        refund.stripe_refund_id = made.id
        refund.made_at = timezone.now()
        refund.save(update_fields=["stripe_refund_id", "made_at"])
        correction = refund.correction
        refused = correction is not None and correction.status == GarmentCorrection.Status.REFUSED
        if not refused:
            refund_record(
                order=order_model.objects.select_for_update().get(pk=refund.order_id),
                amount=refund.amount,
                reference=f"{made.id}: {refund.reason}",
                line_ids=refund.line_ids,
            )
        if correction is not None:
            GarmentCorrection.objects.filter(pk=correction.pk).update(refund_id=made.id)
        else:
            # The customer is told what was refunded, once the refund is made.
            outbox_put(
                task="shop.payments.refund_notice",
                args=[refund.order_id, str(refund.amount), list(refund.line_ids), refund.reason],
                key=f"refund-notice:{refund.pk}",
            )
    return refund


def refund_record(*, order: Any, amount: Decimal, reference: str, line_ids: Sequence[int]) -> None:
    """Record a refund Stripe made (inside the caller's transaction): the payment source,
    a "Refunded" payment event for ``line_ids`` (none: a price difference)."""
    event_type_model = apps.get_model("order", "PaymentEventType")
    source = order.sources.select_for_update().get(source_type__name=PAYMENT_SOURCE_NAME)
    refund_id = reference.split(":", 1)[0]
    source.refund(amount, reference=refund_id)
    event_type, _created = event_type_model.objects.get_or_create(name="Refunded")
    event = order.payment_events.create(
        event_type=event_type, amount=amount, reference=reference[:128]
    )
    for line in order.lines.filter(pk__in=line_ids):
        event.line_quantities.create(line=line, quantity=line.quantity)
