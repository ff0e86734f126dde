"""Refunds of paid orders, whole or per garment, through Stripe.

A customer may cancel a garment until it is released to a factory; staff may refund
any garment or the whole order. Each refund goes to Stripe first; only then is it
recorded (Oscar payment transaction and a "Refunded" payment event), the garments
marked cancelled and their fabric put back in stock, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from shop.models import Fabric, GarmentSpec
from shop.payments import gateway
from shop.payments.models import CheckoutPayment
from shop.payments.services import PAYMENT_SOURCE_NAME, to_fen

CANCELLED = "Cancelled"
#: Line statuses from which a customer may still cancel (nothing released to a factory).
CUSTOMER_CANCELLABLE = ("Paid",)


class RefundError(Exception):
    """The refund cannot be made; nothing was refunded or changed."""


def line_customer_cancellable(*, line: Any) -> bool:
    return line.status in CUSTOMER_CANCELLABLE


def order_lines_refund(
    *,
    order: Any,
    line_ids: Sequence[int] | None,
    reason: str,
    by_customer: bool = False,
) -> Decimal:
    """Refund the given lines of a paid order (all of them when ``line_ids`` is None).

    When no line is left uncancelled afterwards, the delivery charge is refunded too.
    Returns the amount refunded, in CNY.
    """
    order_model = apps.get_model("order", "Order")
    event_type_model = apps.get_model("order", "PaymentEventType")
    with transaction.atomic():
        payment = CheckoutPayment.objects.select_for_update().filter(order_id=order.pk).first()
        if payment is None or payment.status != CheckoutPayment.Status.PAID:
            raise RefundError(_("This order was not paid by card here, so it cannot be refunded."))
        order = order_model.objects.select_for_update().get(pk=order.pk)
        lines = list(order.lines.order_by("pk"))
        open_lines = [line for line in lines if line.status != CANCELLED]
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
        if by_customer and not all(line_customer_cancellable(line=line) for line in chosen):
            raise RefundError(
                _("This garment has gone to the factory and can no longer be cancelled.")
            )
        amount = sum((line.line_price_incl_tax for line in chosen), Decimal("0.00"))
        everything = len(chosen) == len(open_lines)
        if everything:
            amount += order.shipping_incl_tax
        source = order.sources.select_for_update().get(source_type__name=PAYMENT_SOURCE_NAME)
        if amount > source.amount_debited - source.amount_refunded:
            raise RefundError(_("That is more than is left to refund on this order."))
        refund = gateway.refund_create(
            payment_intent_id=payment.payment_intent_id,
            amount_fen=to_fen(amount),
            idempotency_key=f"refund-{order.number}-{'-'.join(str(line.pk) for line in chosen)}",
        )
        source.refund(amount, reference=refund.id)
        event_type, _created = event_type_model.objects.get_or_create(name="Refunded")
        event = order.payment_events.create(
            event_type=event_type, amount=amount, reference=f"{refund.id}: {reason}"[:128]
        )
        for line in chosen:
            event.line_quantities.create(line=line, quantity=line.quantity)
            line.set_status(CANCELLED)
        for spec in GarmentSpec.objects.filter(order_line__in=chosen):
            Fabric.objects.filter(pk=spec.fabric_id).update(
                metres_in_stock=F("metres_in_stock") + spec.fabric_metres
            )
        new_status = CANCELLED if everything else "Partly cancelled"
        if order.status != new_status:
            order.set_status(new_status)
    return amount
