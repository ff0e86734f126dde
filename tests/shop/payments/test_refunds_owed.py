"""A refund owed on a payment that could not become an order is made once, whether the
outbox delivers it or reconciliation finds it first; never twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
import stripe

from orders import outbox
from orders.models import OutboxMessage
from shop.models import Fabric
from shop.payments.models import CheckoutPayment
from shop.payments.reconciliation import payments_reconcile
from shop.payments.services import payment_succeeded_apply
from tests.shop.factories import fabric
from tests.shop.payments.factories import basket_with_shirt, card_confirm, customer, payment_start

pytestmark = pytest.mark.django_db


def _refunded_fen(payment_intent_id: str) -> int:
    charges = stripe.PaymentIntent.retrieve(payment_intent_id).to_dict()["charges"]["data"]
    return sum(int(c.get("amount_refunded", 0)) for c in charges)


def _refund_owed(monkeypatch: pytest.MonkeyPatch) -> CheckoutPayment:
    """A charged payment whose fabric ran out; its refund message lost with the broker."""
    cloth = fabric(stock="50")
    user = customer()
    payment = payment_start(basket=basket_with_shirt(user=user, fabric=cloth), user=user)
    card_confirm(payment)
    Fabric.objects.filter(pk=cloth.pk).update(metres_in_stock=0)
    with monkeypatch.context() as patch:
        patch.setattr(outbox, "_send", lambda message_id, connection=None: False)
        payment = payment_succeeded_apply(payment_intent_id=payment.payment_intent_id)
    assert payment.status == "refund_pending"
    return payment


def test_reconciliation_makes_a_refund_still_owed_once(
    localstripe_url: str, monkeypatch: pytest.MonkeyPatch, clock
) -> None:  # type: ignore[no-untyped-def]
    payment = _refund_owed(monkeypatch)
    assert payments_reconcile() == 0  # inside the quiet period: left to the outbox
    clock.move_to(clock.now() + timedelta(minutes=3))

    first = payments_reconcile()
    second = payments_reconcile()
    message = OutboxMessage.objects.get(task="shop.payments.refund")
    delivered = outbox.outbox_deliver(message_id=message.pk)  # the outbox, late

    payment.refresh_from_db()
    assert (first, second, delivered) == (1, 0, True)
    assert payment.status == "refunded"
    assert _refunded_fen(payment.payment_intent_id) == payment.amount_fen


def test_the_outbox_delivered_twice_refunds_once(
    localstripe_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    payment = _refund_owed(monkeypatch)
    message = OutboxMessage.objects.get(task="shop.payments.refund")

    assert outbox.outbox_deliver(message_id=message.pk) is True
    OutboxMessage.objects.filter(pk=message.pk).update(done_at=None, tried_at=None)
    assert outbox.outbox_deliver(message_id=message.pk) is True  # a duplicate message

    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert _refunded_fen(payment.payment_intent_id) == payment.amount_fen
