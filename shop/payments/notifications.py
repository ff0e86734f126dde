"""Emails to the customer about payment, in the language they shopped in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils import timezone

from orders.selectors import promised_ship_dates_for_order
from shop.mail import customer_mail, garment_pictures, site_reverse
from shop.payments.models import CheckoutPayment, GarmentCorrection
from shop.selectors import garments_for_order
from shop.tailoring.measurements import MEASUREMENTS


def order_confirmation_context(*, order: Any, language: str) -> dict[str, Any]:
    """Each garment of the order with its drawing (as configured, a PNG to attach), promised
    ship date and options, and the link to the order page: what the confirmation mail
    shows, as the thank-you page does."""
    garments = garments_for_order(order_id=order.pk)
    pictures = garment_pictures(
        garments=garments, prefix=f"garment-{order.number}", language=language
    )
    promised = {
        line_id: dates[0]
        for line_id, dates in promised_ship_dates_for_order(order_id=order.pk).items()
    }
    rows = [
        {
            "line": line,
            "garment": garments.get(line.pk),
            "promised": promised.get(line.pk),
            "picture": pictures.get(line.pk),
        }
        for line in order.lines.order_by("pk")
    ]
    return {
        "order": order,
        "rows": rows,
        # attached in the order the mail shows the garments
        "images": [row["picture"].image for row in rows if row["picture"] is not None],
        "order_url": _order_url(order, language),
    }


def order_confirmation_send(*, order_id: int) -> bool:
    """Send the order confirmation once; False if it had been sent already.

    The outbox's handler: it runs after the order's transaction committed, and the mail
    (with its drawings) goes with no transaction open and no row locked (a slow mail
    server holds up no payment). The sent-at mark is written after the send; the outbox
    lets one delivery of a message run at a time, and a delivery that died between the
    send and the mark sends it again (at least once, never lost).
    """
    payment = CheckoutPayment.objects.filter(order_id=order_id).first()
    if payment is None or payment.confirmation_sent_at is not None:
        return False
    order = (
        apps.get_model("order", "Order").objects.select_related("shipping_address").get(pk=order_id)
    )
    context = order_confirmation_context(order=order, language=payment.language)
    customer_mail(
        to=payment.email,
        template="shop/emails/order_confirmation",
        context=context,
        language=payment.language,
        images=context["images"],
    ).send()
    now = timezone.now()
    CheckoutPayment.objects.filter(pk=payment.pk, confirmation_sent_at__isnull=True).update(
        confirmation_sent_at=now, updated_at=now
    )
    return True


def _order_url(order: Any, language: str) -> str:
    return site_reverse("customer:order", language=language, order_number=order.number)


def _order_payment(order_id: int) -> tuple[Any, Any]:
    order = apps.get_model("order", "Order").objects.get(pk=order_id)
    return order, CheckoutPayment.objects.filter(order_id=order_id).first()


def refund_notice_send(
    *, order_id: int, amount: Decimal, line_ids: list[int], reason: str = ""
) -> bool:
    """Tell the customer what was refunded, for which garments, why (``reason``, the
    refund's code; a notice put before refunds passed it says no reason), and when it
    reaches the card."""
    order, payment = _order_payment(order_id)
    if payment is None or not payment.email:
        return False
    garments = garments_for_order(order_id=order.pk)
    lines = [
        {"line": line, "garment": garments.get(line.pk)}
        for line in order.lines.filter(pk__in=line_ids).order_by("pk")
    ]
    customer_mail(
        to=payment.email,
        template="shop/emails/refund",
        context={
            "order": order,
            "amount": amount,
            "lines": lines,
            "reason": reason,
            "order_url": _order_url(order, payment.language),
        },
        language=payment.language,
    ).send()
    return True


def correction_notice_send(*, correction_id: int) -> bool:
    """Tell the customer which measurements of a garment changed, and what it did to the
    price (refunded or charged), with the link to the order."""
    correction = GarmentCorrection.objects.select_related("line").get(pk=correction_id)
    order, payment = _order_payment(correction.order_id)
    if payment is None or not payment.email:
        return False
    spec = garments_for_order(order_id=order.pk).get(correction.line_id)
    before = spec.spec.measurements if spec is not None else {}
    changes = [
        {"name": MEASUREMENTS[code].name, "old": before.get(code, ""), "new": value}
        for code, value in correction.measurements.items()
        if code in MEASUREMENTS and str(before.get(code, "")) != str(value)
    ]
    customer_mail(
        to=payment.email,
        template="shop/emails/correction",
        context={
            "order": order,
            "correction": correction,
            "changes": changes,
            "difference": correction.new_price - correction.old_price,
            "amount": abs(correction.new_price - correction.old_price),
            "order_url": _order_url(order, payment.language),
        },
        language=payment.language,
    ).send()
    return True


def correction_refused_notice_send(*, correction_id: int) -> bool:
    """Tell the customer that a correction they paid for came too late (the garment had
    gone to the factory): it is made to the measurements it had, and the difference they
    paid goes back to their card. Once per correction (the outbox's key); False when the
    correction is not refused or there is nobody to tell."""
    correction = GarmentCorrection.objects.select_related("line").get(pk=correction_id)
    if correction.status != GarmentCorrection.Status.REFUSED:
        return False
    order, payment = _order_payment(correction.order_id)
    if payment is None or not payment.email:
        return False
    customer_mail(
        to=payment.email,
        template="shop/emails/correction_refused",
        context={
            "order": order,
            "correction": correction,
            "amount": correction.difference,
            "order_url": _order_url(order, payment.language),
        },
        language=payment.language,
    ).send()
    return True
