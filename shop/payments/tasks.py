"""Payment tasks: ids in, idempotent, delivered through the outbox (``orders.outbox``),
which sends a failed or lost one again."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="shop.payments.refund", ignore_result=True)
def checkout_payment_refund(payment_id: int) -> None:
    from shop.payments.services import checkout_payment_refund as refund

    refund(payment_id=payment_id)


@shared_task(name="shop.payments.order_confirmation", ignore_result=True)
def order_confirmation_send(order_id: int) -> None:
    from shop.payments.notifications import order_confirmation_send as send

    send(order_id=order_id)


@shared_task(name="shop.payments.refund_notice", ignore_result=True)
def refund_notice_send(order_id: int, amount: str, line_ids: list[int]) -> None:
    from decimal import Decimal

    from shop.payments.notifications import refund_notice_send as send

    send(order_id=order_id, amount=Decimal(amount), line_ids=line_ids)


@shared_task(name="shop.payments.correction_notice", ignore_result=True)
def correction_notice_send(correction_id: int) -> None:
    from shop.payments.notifications import correction_notice_send as send

    send(correction_id=correction_id)


@shared_task(name="shop.payments.reconcile", ignore_result=True)
def payments_reconcile() -> None:
    from shop.payments.reconciliation import payments_reconcile as reconcile

    reconcile()


@shared_task(name="shop.payments.refund_make", ignore_result=True)
def payment_refund_make(refund_id: int) -> None:
    from shop.payments.refunds import payment_refund_make as make

    make(refund_id=refund_id)
