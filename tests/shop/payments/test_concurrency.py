"""Webhooks and races on PostgreSQL with real threads: each event applied once, one order
per PaymentIntent, and never more fabric sold than there is."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import stripe
from django.apps import apps
from django.db import connection, connections
from django.test import Client

from shop.models import Fabric, GarmentSpec
from shop.payments.models import CheckoutPayment, StripeEvent
from tests.services import measured_report, service_required
from tests.shop.factories import fabric, garment_product
from tests.shop.payments.factories import (
    basket_with_shirt,
    card_confirm,
    customer,
    deliver,
    event_for,
    payment_start,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    if connection.vendor != "postgresql":
        service_required("PostgreSQL", "DATABASE_URL does not point at PostgreSQL")


def _in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``count`` threads released at the same moment."""
    results: list[Any] = [None] * count
    barrier = threading.Barrier(count)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _counts() -> dict[str, int]:
    return {
        "orders": apps.get_model("order", "Order").objects.count(),
        "sources": apps.get_model("payment", "Source").objects.count(),
        "events": StripeEvent.objects.count(),
    }


@pytest.fixture
def paid_at_stripe(localstripe_url: str) -> CheckoutPayment:
    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"))
    payment = payment_start(basket=basket, user=user)
    assert card_confirm(payment) == "succeeded"
    return payment


def test_bad_signature_and_stale_timestamp_are_refused_and_change_nothing(
    paid_at_stripe: CheckoutPayment,
) -> None:
    event = event_for(paid_at_stripe.payment_intent_id)
    client = Client()

    forged = deliver(client, event, secret="whsec_someone_else")
    stale = deliver(client, event, timestamp=int(time.time()) - 3600)
    unsigned = client.post("/stripe/webhook/", data=b"{}", content_type="application/json")

    assert (forged.status_code, stale.status_code, unsigned.status_code) == (400, 400, 400)
    assert _counts() == {"orders": 0, "sources": 0, "events": 0}
    paid_at_stripe.refresh_from_db()
    assert paid_at_stripe.status == "pending"


def test_one_event_delivered_twenty_times_makes_one_order(
    paid_at_stripe: CheckoutPayment, request: pytest.FixtureRequest
) -> None:
    event = event_for(paid_at_stripe.payment_intent_id)

    concurrent = _in_threads(10, lambda i: deliver(Client(), event))
    sequential = [deliver(Client(), event) for _ in range(10)]

    responses = [*concurrent, *sequential]
    assert all(not isinstance(r, Exception) for r in responses), responses
    assert [r.status_code for r in responses] == [200] * 20
    bodies = sorted(r.content.decode() for r in responses)
    assert bodies.count("applied") == 1
    assert bodies.count("already applied") == 19
    assert _counts() == {"orders": 1, "sources": 1, "events": 1}
    measured_report(request, f"20 deliveries (10 concurrent): {_counts()}")


def test_failure_after_success_leaves_the_order_paid(paid_at_stripe: CheckoutPayment) -> None:
    client = Client()
    deliver(client, event_for(paid_at_stripe.payment_intent_id))
    failed = event_for(paid_at_stripe.payment_intent_id, "payment_intent.payment_failed")

    response = deliver(client, failed)

    paid_at_stripe.refresh_from_db()
    assert response.status_code == 200
    assert paid_at_stripe.status == "paid"
    assert apps.get_model("order", "Order").objects.get().status == "Paid"
    assert _counts() == {"orders": 1, "sources": 1, "events": 2}


def _refunded_fen(payment_intent_id: str) -> int:
    intent = stripe.PaymentIntent.retrieve(payment_intent_id).to_dict()
    charges = intent.get("charges", {}).get("data", [])
    return sum(int(charge.get("amount_refunded", 0)) for charge in charges)


def test_racing_payments_never_oversell_and_the_unserved_are_refunded(
    localstripe_url: str, request: pytest.FixtureRequest
) -> None:
    customers, fits = 6, 3
    product = garment_product(price="300.00")
    cloth = fabric(stock="1000")
    payments = []
    for _ in range(customers):
        user = customer()
        basket = basket_with_shirt(user=user, fabric=cloth, product=product)
        payment = payment_start(basket=basket, user=user)
        assert card_confirm(payment) == "succeeded"
        payments.append(payment)
    need = GarmentSpec.objects.first().fabric_metres
    assert {spec.fabric_metres for spec in GarmentSpec.objects.all()} == {need}
    stock = need * fits + need / 2  # room for three and a half garments
    Fabric.objects.filter(pk=cloth.pk).update(metres_in_stock=stock)
    events = [event_for(p.payment_intent_id) for p in payments]

    responses = _in_threads(customers, lambda i: deliver(Client(), events[i]))

    assert [getattr(r, "status_code", r) for r in responses] == [200] * customers
    cloth.refresh_from_db()
    statuses = sorted(
        CheckoutPayment.objects.filter(pk__in=[p.pk for p in payments]).values_list(
            "status", flat=True
        )
    )
    refunded = CheckoutPayment.objects.filter(status="refunded")
    assert cloth.metres_in_stock == stock - need * fits
    assert cloth.metres_in_stock >= 0
    assert statuses == ["paid"] * fits + ["refunded"] * (customers - fits)
    assert apps.get_model("order", "Order").objects.count() == fits
    # The product's first orders, concurrent, counted once each (Oscar's analytics).
    purchases = apps.get_model("analytics", "ProductRecord").objects.get(product=product)
    assert purchases.num_purchases == fits
    for payment in refunded:
        assert _refunded_fen(payment.payment_intent_id) == payment.amount_fen
        assert "ran out" in payment.problem
    for payment in CheckoutPayment.objects.filter(status="paid"):
        assert _refunded_fen(payment.payment_intent_id) == 0
    measured_report(
        request,
        f"{customers} concurrent payments for {fits} garments' fabric: "
        f"{fits} paid, {refunded.count()} refunded, {cloth.metres_in_stock} m left",
    )
    assert Decimal(cloth.metres_in_stock) < need
