"""Webhook signatures, and a real signed delivery from localstripe."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import stripe
from django.conf import settings

from shop.payments import gateway
from shop.payments.gateway import WebhookVerificationError
from tests.services import wait_for
from tests.stripe_server import localstripe_webhook_configure, localstripe_webhook_disable

EVENT = {
    "id": "evt_test_1",
    "object": "event",
    "type": "payment_intent.succeeded",
    "created": 1_700_000_000,
    "data": {"object": {"id": "pi_test_1", "object": "payment_intent", "status": "succeeded"}},
}


def _signed(payload: bytes, *, timestamp: int | None = None, secret: str | None = None) -> str:
    return str(
        stripe.WebhookSignature.generate_signature_header(
            payload.decode(),
            secret or settings.STRIPE_WEBHOOK_SECRET,
            int(time.time()) if timestamp is None else timestamp,
        )
    )


def test_a_correctly_signed_event_is_returned_as_a_dict() -> None:
    payload = json.dumps(EVENT).encode()

    event = gateway.webhook_event_verify(payload=payload, signature_header=_signed(payload))

    assert event == EVENT


def test_a_signature_made_with_another_secret_is_refused() -> None:
    payload = json.dumps(EVENT).encode()

    with pytest.raises(WebhookVerificationError) as caught:
        gateway.webhook_event_verify(
            payload=payload, signature_header=_signed(payload, secret="whsec_other")
        )

    assert caught.value.reason == "bad_signature"


def test_a_changed_body_is_refused() -> None:
    payload = json.dumps(EVENT).encode()
    header = _signed(payload)

    with pytest.raises(WebhookVerificationError) as caught:
        gateway.webhook_event_verify(
            payload=payload.replace(b"pi_test_1", b"pi_test_2"), signature_header=header
        )

    assert caught.value.reason == "bad_signature"


@pytest.mark.parametrize("offset", [-1, +1])
def test_a_timestamp_outside_the_tolerance_is_refused(offset: int) -> None:
    payload = json.dumps(EVENT).encode()
    timestamp = int(time.time()) + offset * (settings.STRIPE_WEBHOOK_TOLERANCE + 60)

    with pytest.raises(WebhookVerificationError) as caught:
        gateway.webhook_event_verify(
            payload=payload, signature_header=_signed(payload, timestamp=timestamp)
        )

    assert caught.value.reason == "stale"


def test_a_timestamp_just_inside_the_tolerance_is_accepted() -> None:
    payload = json.dumps(EVENT).encode()
    timestamp = int(time.time()) - settings.STRIPE_WEBHOOK_TOLERANCE + 30

    event = gateway.webhook_event_verify(
        payload=payload, signature_header=_signed(payload, timestamp=timestamp)
    )

    assert event["id"] == "evt_test_1"


@pytest.mark.parametrize("header", ["", "garbage", "t=abc,v1=00", "t=1700000000", "v1=00"])
def test_a_malformed_header_is_refused(header: str) -> None:
    with pytest.raises(WebhookVerificationError) as caught:
        gateway.webhook_event_verify(payload=json.dumps(EVENT).encode(), signature_header=header)

    assert caught.value.reason == "malformed"


def test_a_signed_body_that_is_not_an_event_is_refused() -> None:
    for payload in (b"not json", b"[1, 2]", b"{}"):
        with pytest.raises(WebhookVerificationError) as caught:
            gateway.webhook_event_verify(payload=payload, signature_header=_signed(payload))
        assert caught.value.reason == "malformed"


class _Receiver(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[dict[str, str], bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/stripe/webhook/"


class _Handler(BaseHTTPRequestHandler):
    server: _Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.append((dict(self.headers.items()), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def webhook_receiver(localstripe_url: str) -> Iterator[_Receiver]:
    receiver = _Receiver()
    thread = threading.Thread(target=receiver.serve_forever, daemon=True)
    thread.start()
    hook_id = f"test-{uuid.uuid4().hex[:8]}"
    localstripe_webhook_configure(
        base_url=localstripe_url,
        webhook_url=receiver.url,
        secret=settings.STRIPE_WEBHOOK_SECRET,
        events=["payment_intent.succeeded", "payment_intent.payment_failed"],
        webhook_id=hook_id,
    )
    try:
        yield receiver
    finally:
        localstripe_webhook_disable(base_url=localstripe_url, webhook_id=hook_id)
        receiver.shutdown()
        receiver.server_close()
        thread.join(timeout=5)


def _events_for(receiver: _Receiver, intent_id: str) -> list[tuple[dict[str, str], bytes]]:
    return [
        (headers, body)
        for headers, body in receiver.received
        if json.loads(body)["data"]["object"]["id"] == intent_id
    ]


def test_localstripe_delivers_a_signed_succeeded_event(webhook_receiver: _Receiver) -> None:
    intent = gateway.payment_intent_create(
        amount_fen=88_800, currency="cny", idempotency_key=uuid.uuid4().hex, metadata={"order": "7"}
    )
    gateway.payment_intent_confirm(
        payment_intent_id=intent.id,
        payment_method_id="pm_card_visa",
        idempotency_key=uuid.uuid4().hex,
    )

    headers, body = wait_for(
        lambda: next(iter(_events_for(webhook_receiver, intent.id)), None),
        timeout=10,
        what="localstripe to deliver payment_intent.succeeded",
    )

    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["Stripe-Signature"].startswith("t=")
    event = gateway.webhook_event_verify(payload=body, signature_header=headers["Stripe-Signature"])
    assert event["type"] == "payment_intent.succeeded"
    assert event["id"].startswith("evt_")
    obj = event["data"]["object"]
    assert (obj["object"], obj["id"], obj["status"]) == ("payment_intent", intent.id, "succeeded")
    assert (obj["amount"], obj["currency"], obj["metadata"]) == (88_800, "cny", {"order": "7"})
    listed = stripe.Event.list(type="payment_intent.succeeded", created={"gte": event["created"]})
    assert event["id"] in {e.id for e in listed.auto_paging_iter()}


def test_localstripe_delivers_a_signed_failed_event(webhook_receiver: _Receiver) -> None:
    intent = gateway.payment_intent_create(
        amount_fen=100, currency="cny", idempotency_key=uuid.uuid4().hex, metadata={}
    )
    with pytest.raises(gateway.PaymentGatewayError):
        gateway.payment_intent_confirm(
            payment_intent_id=intent.id,
            payment_method_id="pm_card_chargeCustomerFail",
            idempotency_key=uuid.uuid4().hex,
        )

    headers, body = wait_for(
        lambda: next(iter(_events_for(webhook_receiver, intent.id)), None),
        timeout=10,
        what="localstripe to deliver payment_intent.payment_failed",
    )

    event = gateway.webhook_event_verify(payload=body, signature_header=headers["Stripe-Signature"])
    assert event["type"] == "payment_intent.payment_failed"
    error = event["data"]["object"]["last_payment_error"]
    assert (error["code"], error["message"]) == ("card_declined", "Your card was declined.")
