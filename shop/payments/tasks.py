"""Payment tasks: ids in, idempotent, delivered through the outbox (``orders.outbox``),
which sends a failed or lost one again."""

from __future__ import annotations

from decimal import Decimal

from celery import shared_task

from shop.payments import notifications, reconciliation, refunds, services


@shared_task(name="shop.payments.refund", ignore_result=True)
def checkout_payment_refund(payment_id: int) -> None:
    services.checkout_payment_refund(payment_id=payment_id)


@shared_task(name="shop.payments.order_confirmation", ignore_result=True)
def order_confirmation_send(order_id: int) -> None:
    notifications.order_confirmation_send(order_id=order_id)


@shared_task(name="shop.payments.refund_notice", ignore_result=True)
def refund_notice_send(order_id: int, amount: str, line_ids: list[int], reason: str = "") -> None:
    notifications.refund_notice_send(
        order_id=order_id, amount=Decimal(amount), line_ids=line_ids, reason=reason
    )


@shared_task(name="shop.payments.correction_notice", ignore_result=True)
def correction_notice_send(correction_id: int) -> None:
    notifications.correction_notice_send(correction_id=correction_id)


@shared_task(name="shop.payments.correction_refused_notice", ignore_result=True)
def correction_refused_notice_send(correction_id: int) -> None:
    notifications.correction_refused_notice_send(correction_id=correction_id)


@shared_task(name="shop.payments.reconcile", ignore_result=True)
def payments_reconcile() -> None:
    reconciliation.payments_reconcile()


@shared_task(name="shop.payments.refund_make", ignore_result=True)
def payment_refund_make(refund_id: int) -> None:
    refunds.payment_refund_make(refund_id=refund_id)
