"""The Stripe gateway against a real localstripe process."""

from __future__ import annotations

import time
import uuid

import pytest
import stripe

from shop.payments import gateway
from shop.payments.gateway import PaymentGatewayError

pytestmark = pytest.mark.usefixtures("localstripe_url")

GOOD_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000341"  # localstripe declines the charge, not the card
THREE_D_SECURE_CARD = "4000002500003155"


def _key() -> str:
    return f"test-{uuid.uuid4().hex}"


def _card(number: str) -> str:
    """A PaymentMethod id for ``number``, created with the module-level SDK."""
    method = stripe.PaymentMethod.create(
        type="card", card={"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}
    )
    return str(method.id)


def _intent(amount_fen: int = 129_900) -> gateway.PaymentIntentInfo:
    return gateway.payment_intent_create(
        amount_fen=amount_fen,
        currency="CNY",
        idempotency_key=_key(),
        metadata={"basket_id": "17", "payment_key": "abc"},
    )


def test_create_returns_a_card_intent_awaiting_its_payment_method() -> None:
    intent = _intent(amount_fen=58_800)

    assert intent.id.startswith("pi_")
    assert intent.status == "requires_payment_method"
    assert (intent.amount, intent.currency) == (58_800, "cny")
    assert intent.client_secret.startswith(f"{intent.id}_secret_")
    assert intent.metadata == {"basket_id": "17", "payment_key": "abc"}
    assert gateway.payment_intent_retrieve(payment_intent_id=intent.id) == intent


def test_create_refuses_amounts_that_are_not_positive_fen() -> None:
    for amount in (0, -5, 12.5, True):
        with pytest.raises(ValueError):
            gateway.payment_intent_create(
                amount_fen=amount,  # type: ignore[arg-type]
                currency="cny",
                idempotency_key=_key(),
                metadata={},
            )


def test_good_card_confirms_to_succeeded() -> None:
    intent = _intent()

    paid = gateway.payment_intent_confirm(
        payment_intent_id=intent.id, payment_method_id=_card(GOOD_CARD), idempotency_key=_key()
    )

    assert paid.status == "succeeded" and paid.succeeded
    assert paid.latest_charge_id.startswith("ch_")
    assert paid.last_error_message == ""
    assert gateway.payment_intent_retrieve(payment_intent_id=intent.id).status == "succeeded"


def test_declined_card_raises_a_readable_error() -> None:
    intent = _intent()

    with pytest.raises(PaymentGatewayError) as caught:
        gateway.payment_intent_confirm(
            payment_intent_id=intent.id,
            payment_method_id=_card(DECLINED_CARD),
            idempotency_key=_key(),
        )

    error = caught.value
    assert str(error) == "The card was declined: Your card was declined."
    assert (error.code, error.declined, error.retryable) == ("card_declined", True, False)
    assert error.payment_intent_id == intent.id
    after = gateway.payment_intent_retrieve(payment_intent_id=intent.id)
    assert after.status == "requires_payment_method"
    assert (after.last_error_code, after.last_error_message) == (
        "card_declined",
        "Your card was declined.",
    )


def test_a_declined_intent_cannot_be_confirmed_again_on_localstripe() -> None:
    intent = _intent()
    with pytest.raises(PaymentGatewayError):
        gateway.payment_intent_confirm(
            payment_intent_id=intent.id,
            payment_method_id=_card(DECLINED_CARD),
            idempotency_key=_key(),
        )

    with pytest.raises(PaymentGatewayError) as caught:
        gateway.payment_intent_confirm(
            payment_intent_id=intent.id, payment_method_id=_card(GOOD_CARD), idempotency_key=_key()
        )

    assert str(caught.value) == "The payment service refused the request: Bad request"


def test_three_d_secure_card_waits_for_the_browser() -> None:
    intent = _intent()

    pending = gateway.payment_intent_confirm(
        payment_intent_id=intent.id,
        payment_method_id=_card(THREE_D_SECURE_CARD),
        idempotency_key=_key(),
    )

    assert pending.status == "requires_action"


def test_refund_in_part_then_the_rest() -> None:
    intent = _intent(amount_fen=10_000)
    gateway.payment_intent_confirm(
        payment_intent_id=intent.id, payment_method_id=_card(GOOD_CARD), idempotency_key=_key()
    )

    part = gateway.refund_create(
        payment_intent_id=intent.id, amount_fen=2_500, idempotency_key=_key()
    )
    rest = gateway.refund_create(
        payment_intent_id=intent.id, amount_fen=None, idempotency_key=_key()
    )

    assert part.id.startswith("re_")
    assert (part.payment_intent_id, part.amount, part.currency, part.status) == (
        intent.id,
        2_500,
        "cny",
        "succeeded",
    )
    # localstripe refunds the whole charge again when no amount is given.
    assert rest.amount == 10_000
    charge = stripe.Charge.retrieve(
        gateway.payment_intent_retrieve(payment_intent_id=intent.id).latest_charge_id
    )
    assert charge.amount_refunded == 12_500


def test_refund_of_an_unpaid_intent_is_refused_readably() -> None:
    intent = _intent()
    with pytest.raises(PaymentGatewayError):
        gateway.payment_intent_confirm(
            payment_intent_id=intent.id,
            payment_method_id=_card(DECLINED_CARD),
            idempotency_key=_key(),
        )

    with pytest.raises(PaymentGatewayError) as caught:
        gateway.refund_create(payment_intent_id=intent.id, amount_fen=None, idempotency_key=_key())

    assert str(caught.value) == (
        "The payment service refused the request: Cannot refund a failed payment."
    )
    assert caught.value.http_status == 400


def test_recent_intents_are_read_across_pages() -> None:
    since = int(time.time())
    created = [_intent(amount_fen=100 + n) for n in range(5)]

    recent = gateway.payment_intents_recent(created_after=since, page_size=2)

    ids = [info.id for info in recent]
    assert {info.id for info in created} <= set(ids)
    assert len(ids) == len(set(ids))
    assert all(info.created >= since for info in recent)
    assert gateway.payment_intents_recent(created_after=since + 3600) == []


def test_unreachable_stripe_is_a_readable_retryable_error(settings) -> None:  # type: ignore[no-untyped-def]
    from tests.services import free_port

    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"

    with pytest.raises(PaymentGatewayError) as caught:
        _intent()

    assert caught.value.code == "network"
    assert caught.value.retryable
    assert "could not be reached" in str(caught.value)
