"""The localstripe process the tests start: private store, flush, SDK pointed at it."""

from __future__ import annotations

import urllib.request

import pytest
import stripe
from django.conf import settings

from tests.stripe_server import localstripe_flush


def test_stripe_and_settings_point_at_this_sessions_server(localstripe_url: str) -> None:
    assert localstripe_url == settings.STRIPE_API_BASE
    assert stripe.api_base == localstripe_url
    assert localstripe_url != "http://127.0.0.1:8420"


def test_flush_empties_the_store(localstripe_url: str) -> None:
    intent = stripe.PaymentIntent.create(amount=100, currency="cny")

    localstripe_flush(localstripe_url)

    with pytest.raises(stripe.InvalidRequestError):
        stripe.PaymentIntent.retrieve(intent.id)


def test_the_fake_stripe_js_is_served(localstripe_url: str) -> None:
    with urllib.request.urlopen(f"{localstripe_url}/js.stripe.com/v3/", timeout=5) as response:
        script = response.read().decode()

    assert response.headers["Content-Type"].startswith("application/javascript")
    assert "confirmCardSetup" in script and "confirmCardPayment" in script
