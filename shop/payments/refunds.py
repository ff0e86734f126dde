"""Refunds of paid orders, whole or per garment, through Stripe.

A customer may cancel a garment until it is released to a factory; staff may refund
any garment or the whole order. Each refund is checked, then sent to Stripe with no
row locked and no transaction open, then recorded (Oscar payment transaction and a
"Refunded" payment event), the garments marked cancelled and their fabric put back in
stock, in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from shop.models import Fabric, GarmentSpec
from shop.payments import gateway, tasks
from shop.payments.models import CheckoutPayment
from shop.payments.services import PAYMENT_SOURCE_NAME, to_fen

logger = logging.getLogger(__name__)

CANCELLED = "Cancelled"
#: Line statuses from which a customer may still cancel (nothing released to a factory).
CUSTOMER_CANCELLABLE = ("Paid",)


class RefundError(Exception):
    """The refund cannot be made; nothing was refunded or changed."""


def line_customer_cancellable(*, line: Any) -> bool:
    return line.status in CUSTOMER_CANCELLABLE


@dataclass(frozen=True)
class _RefundPlan:
    lines: tuple[int, ...]
    amount: Decimal
    everything: bool
    payment_intent_id: str
    idempotency_key: str


def _refund_plan(
    *, order: Any, line_ids: Sequence[int] | None, by_customer: bool, lock: bool
) -> _RefundPlan:
    """Which lines to refund and how much, checked; refuses with RefundError."""
    order_model = apps.get_model("order", "Order")
    payments = CheckoutPayment.objects.filter(order_id=order.pk)
    payment = (payments.select_for_update() if lock else payments).first()
    if payment is None or payment.status != CheckoutPayment.Status.PAID:
        raise RefundError(_("This order was not paid by card here, so it cannot be refunded."))
    orders = order_model.objects.filter(pk=order.pk)
    order = (orders.select_for_update() if lock else orders).get()
    lines = list(order.lines.order_by("pk"))
    open_lines = [line for line in lines if line.status != CANCELLED]
    if line_ids is None:
        chosen = open_lines
    else:
        wanted = set(line_ids)
        chosen = [line for line in open_lines if line.pk in wanted]
        if len(chosen) != len(wanted):
            raise RefundError(_("That garment is not part of this order, or is already cancelled."))
    if not chosen:
        raise RefundError(_("Nothing is left to refund on this order."))
    if by_customer and not all(line_customer_cancellable(line=line) for line in chosen):
        raise RefundError(_("This garment has gone to the factory and can no longer be cancelled."))
    amount = sum((line.line_price_incl_tax for line in chosen), Decimal("0.00"))
    everything = len(chosen) == len(open_lines)
    if everything:
        amount += order.shipping_incl_tax
    source = order.sources.get(source_type__name=PAYMENT_SOURCE_NAME)
    if amount > source.amount_debited - source.amount_refunded:
        raise RefundError(_("That is more than is left to refund on this order."))
    return _RefundPlan(
        lines=tuple(line.pk for line in chosen),
        amount=amount,
        everything=everything,
        payment_intent_id=payment.payment_intent_id,
        idempotency_key=f"refund-{order.number}-{'-'.join(str(line.pk) for line in chosen)}",
    )


def refund_send(*, payment_intent_id: str, amount: Decimal, idempotency_key: str) -> str:
    """Ask Stripe for the refund (never inside a transaction); its id. RefundError when
    Stripe refuses or cannot be reached: then nothing was refunded."""
    try:
        refund = gateway.refund_create(
            payment_intent_id=payment_intent_id,
            amount_fen=to_fen(amount),
            idempotency_key=idempotency_key,
        )
    except gateway.PaymentGatewayError as error:
        raise RefundError(
            _("The refund could not be made just now; nothing was changed. Please try again.")
        ) from error
    return refund.id


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


def order_lines_refund(
    *,
    order: Any,
    line_ids: Sequence[int] | None,
    reason: str,
    by_customer: bool = False,
    on_refunded: Callable[[], object] | None = None,
) -> Decimal:
    """Refund the given lines of a paid order (all of them when ``line_ids`` is None).

    When no line is left uncancelled afterwards, the delivery charge is refunded too.
    Checked first, then refunded through Stripe with no row locked and no transaction
    open, then recorded in one transaction that checks again (``on_refunded`` runs in
    it: cancelling the garments' units). Returns the amount refunded, in CNY.
    """
    plan = _refund_plan(order=order, line_ids=line_ids, by_customer=by_customer, lock=False)
    refund_id = refund_send(
        payment_intent_id=plan.payment_intent_id,
        amount=plan.amount,
        idempotency_key=plan.idempotency_key,
    )
    order_model = apps.get_model("order", "Order")
    with transaction.atomic():
        again = _refund_plan(
            order=order, line_ids=list(plan.lines), by_customer=by_customer, lock=True
        )
        if again != plan:
            # Someone refunded or cancelled meanwhile; Stripe's idempotency key ties this
            # refund to these lines, so it is recorded as made.
            logger.warning("refund %s: order %s changed while refunding", refund_id, order.pk)
        if on_refunded is not None:
            on_refunded()
        order = order_model.objects.get(pk=order.pk)
        refund_record(
            order=order, amount=plan.amount, reference=f"{refund_id}: {reason}", line_ids=plan.lines
        )
        chosen = list(order.lines.filter(pk__in=plan.lines))
        for line in chosen:
            line.set_status(CANCELLED)
        for spec in GarmentSpec.objects.filter(order_line__in=chosen):
            Fabric.objects.filter(pk=spec.fabric_id).update(
                metres_in_stock=F("metres_in_stock") + spec.fabric_metres
            )
        new_status = CANCELLED if plan.everything else "Partly cancelled"
        if order.status != new_status:
            order.set_status(new_status)
        tasks.refund_notice_send.delay_on_commit(order.pk, str(plan.amount), list(plan.lines))
    return plan.amount
