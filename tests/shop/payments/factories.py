"""Baskets ready to pay, signed Stripe events, and the payment steps a browser takes."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

from shop.forks.partner.strategy import Selector
from shop.forks.shipping.repository import shipping_method_by_code
from shop.models import Fabric
from shop.payments import gateway
from shop.payments.models import CheckoutPayment
from shop.payments.offline import garment_basket_create
from shop.payments.services import checkout_payment_start
from tests.shop.factories import SHIRT_BODY, garment_product

_seq = itertools.count(1)

ADDRESS = {
    "title": "",
    "first_name": "Li",
    "last_name": "Wei",
    "line1": "88 Tianhan Avenue",
    "line2": "",
    "line3": "",
    "line4": "Hanzhong",
    "state": "Shaanxi",
    "postcode": "723000",
    "notes": "",
    "country": "CN",
    "phone_number": "",
}


def customer() -> Any:
    n = next(_seq)
    return get_user_model().objects.create_user(
        username=f"payer{n}", email=f"payer{n}@example.com", password="pw"
    )


def country_cn() -> None:
    apps.get_model("address", "Country").objects.get_or_create(
        iso_3166_1_a2="CN",
        defaults={"name": "China", "printable_name": "China", "is_shipping_country": True},
    )


def basket_with_shirt(*, user: Any, fabric: Fabric, product: Any = None, garments: int = 1) -> Any:
    """An open basket of ``user`` holding ``garments`` shirts of ``fabric``, a line each."""
    return garment_basket_create(
        user=user,
        product=product or garment_product(price="300.00"),
        fabric=fabric,
        garments=garments,
        measurements=SHIRT_BODY,
    )


def basket_total(basket: Any, method_code: str = "standard") -> Decimal:
    from oscar.apps.checkout.calculators import OrderTotalCalculator

    method = shipping_method_by_code(method_code)
    return OrderTotalCalculator().calculate(basket, method.calculate(basket)).incl_tax


def payment_start(*, basket: Any, user: Any) -> CheckoutPayment:
    country_cn()
    basket.strategy = Selector().strategy(user=user)
    return checkout_payment_start(
        basket=basket,
        user=user,
        email=user.email,
        shipping_address=ADDRESS,
        shipping_method_code="standard",
        total=basket_total(basket),
        language="en",
    )


def card_confirm(payment: CheckoutPayment, method: str = "pm_card_visa") -> str:
    return gateway.payment_intent_confirm(
        payment_intent_id=payment.payment_intent_id,
        payment_method_id=method,
        idempotency_key=payment.idempotency_key,
    ).status


def event_for(payment_intent_id: str, event_type: str = "payment_intent.succeeded") -> dict:
    intent = gateway.payment_intent_retrieve(payment_intent_id=payment_intent_id)
    return {
        "id": f"evt_test_{next(_seq)}_{payment_intent_id}",
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "data": {
            "object": {
                "id": intent.id,
                "object": "payment_intent",
                "status": intent.status,
                "amount": intent.amount,
                "currency": intent.currency,
                "metadata": dict(intent.metadata),
                "last_payment_error": {"message": intent.last_error_message}
                if intent.last_error_message
                else None,
            }
        },
    }


def signed(
    event: dict, *, secret: str | None = None, timestamp: int | None = None
) -> tuple[bytes, str]:
    """The body and Stripe-Signature header Stripe would send for ``event``."""
    body = json.dumps(event).encode()
    stamp = int(time.time()) if timestamp is None else timestamp
    key = (secret or settings.STRIPE_WEBHOOK_SECRET).encode()
    signature = hmac.new(key, f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={stamp},v1={signature}"


def deliver(client: Any, event: dict, **sign: Any) -> Any:
    body, header = signed(event, **sign)
    return client.post(
        "/stripe/webhook/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
