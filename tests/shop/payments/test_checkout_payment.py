"""Paying for a basket through Stripe (localstripe): the order exists only once Stripe
says the payment succeeded; declines change nothing; retries never double anything."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client

from orders.models import OutboxMessage
from shop.models import GarmentSpec
from shop.payments.models import CheckoutPayment, StripeEvent
from shop.payments.reconciliation import payments_reconcile
from shop.payments.services import CheckoutError, payment_confirm, payment_succeeded_apply
from tests.shop.factories import fabric
from tests.shop.payments.factories import (
    basket_with_shirt,
    card_confirm,
    customer,
    deliver,
    event_for,
    payment_start,
)

pytestmark = pytest.mark.django_db


def _orders() -> int:
    return apps.get_model("order", "Order").objects.count()


def test_same_basket_gets_one_payment_intent(localstripe_url: str) -> None:
    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"))

    first = payment_start(basket=basket, user=user)
    again = payment_start(basket=basket, user=user)

    assert again.pk == first.pk
    assert again.payment_intent_id == first.payment_intent_id
    assert CheckoutPayment.objects.count() == 1
    assert first.amount_fen == int(basket.total_incl_tax * 100) + 1500


def test_paid_webhook_makes_the_order_takes_the_fabric_and_records_the_payment(
    localstripe_url: str, client: Client, django_capture_on_commit_callbacks
) -> None:
    user = customer()
    cloth = fabric(stock="50")
    basket = basket_with_shirt(user=user, fabric=cloth)
    spec = GarmentSpec.objects.get()
    payment = payment_start(basket=basket, user=user)

    status = card_confirm(payment)
    before_webhook = _orders()
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, event_for(payment.payment_intent_id))

    payment.refresh_from_db()
    cloth.refresh_from_db()
    spec.refresh_from_db()
    order = payment.order
    assert status == "succeeded"
    assert before_webhook == 0
    assert response.status_code == 200
    assert payment.status == "paid"
    assert order.status == "Paid"
    assert order.total_incl_tax == Decimal(payment.amount_fen) / 100
    assert cloth.metres_in_stock == Decimal("50") - spec.fabric_metres
    assert spec.order_line == order.lines.get()
    assert order.sources.get().reference == payment.payment_intent_id
    assert order.sources.get().amount_debited == order.total_incl_tax
    assert list(order.payment_events.values_list("event_type__name", flat=True)) == ["Paid"]
    basket.refresh_from_db()
    assert basket.status == "Submitted"
    assert len(mail.outbox) == 1
    assert order.number in mail.outbox[0].subject
    # Oscar's analytics: the product's purchases and the customer's orders.
    purchases = apps.get_model("analytics", "ProductRecord").objects.get()
    orders = apps.get_model("analytics", "UserRecord").objects.get()
    assert (purchases.product_id, purchases.num_purchases) == (order.lines.get().product_id, 1)
    assert (orders.user, orders.num_orders, orders.num_order_lines, orders.num_order_items) == (
        user,
        1,
        1,
        1,
    )
    assert (orders.total_spent, orders.date_last_order) == (order.total_incl_tax, order.date_placed)


def test_declined_card_changes_nothing_and_a_new_attempt_gets_a_new_intent(
    localstripe_url: str,
) -> None:
    user = customer()
    cloth = fabric(stock="50")
    basket = basket_with_shirt(user=user, fabric=cloth)
    payment = payment_start(basket=basket, user=user)

    with pytest.raises(CheckoutError, match="declined"):
        payment_confirm(payment=payment, payment_method_id="pm_card_chargeCustomerFail")
    retry = payment_start(basket=basket, user=user)

    payment.refresh_from_db()
    cloth.refresh_from_db()
    basket.refresh_from_db()
    assert payment.status == "failed"
    assert _orders() == 0
    assert cloth.metres_in_stock == Decimal("50")
    assert basket.status == "Open"
    assert basket.num_lines == 1
    assert retry.pk != payment.pk
    assert retry.status == "pending"
    assert card_confirm(retry) == "succeeded"


def test_basket_whose_fabric_ran_short_is_never_charged(localstripe_url: str) -> None:
    user = customer()
    cloth = fabric(stock="50")
    basket = basket_with_shirt(user=user, fabric=cloth)
    cloth.metres_in_stock = Decimal("0.50")
    cloth.save()

    with pytest.raises(CheckoutError, match=r"Only 0\.50 m of"):
        payment_start(basket=basket, user=user)

    assert CheckoutPayment.objects.count() == 0


def test_fabric_that_ran_out_after_the_charge_undoes_the_order_and_owes_a_refund(
    localstripe_url: str,
) -> None:
    user = customer()
    cloth = fabric(stock="50")
    basket = basket_with_shirt(user=user, fabric=cloth)
    payment = payment_start(basket=basket, user=user)
    assert card_confirm(payment) == "succeeded"
    # Another customer took the fabric while this one was paying.
    cloth.metres_in_stock = Decimal("0.50")
    cloth.save()

    applied = payment_succeeded_apply(payment_intent_id=payment.payment_intent_id)
    again = payment_succeeded_apply(payment_intent_id=payment.payment_intent_id)

    cloth.refresh_from_db()
    basket.refresh_from_db()
    assert applied.status == again.status == "refund_pending"
    assert applied.problem.startswith(f"{cloth.name} ran out while you were paying")
    assert cloth.metres_in_stock == Decimal("0.50")
    assert _orders() == 0
    assert apps.get_model("orders", "ProductionUnit").objects.count() == 0
    assert basket.status == "Open"
    assert GarmentSpec.objects.get().order_line is None
    assert list(OutboxMessage.objects.values_list("task", "key")) == [
        ("shop.payments.refund", f"payment-refund:{payment.pk}")
    ]


def test_reconciliation_makes_the_order_when_the_webhook_never_came(localstripe_url: str) -> None:
    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"))
    payment = payment_start(basket=basket, user=user)
    card_confirm(payment)

    repaired = payments_reconcile(quiet_period=timedelta(0))
    again = payments_reconcile(quiet_period=timedelta(0))

    payment.refresh_from_db()
    assert (repaired, again) == (1, 0)
    assert payment.status == "paid"
    assert _orders() == 1
    assert StripeEvent.objects.count() == 0


def test_unknown_event_types_are_acknowledged_and_ignored(client: Client) -> None:
    event = {
        "id": "evt_unknown_1",
        "object": "event",
        "type": "customer.created",
        "data": {"object": {"id": "cus_1", "object": "customer"}},
    }

    response = deliver(client, event)
    again = deliver(client, event)

    assert (response.status_code, again.status_code) == (200, 200)
    assert StripeEvent.objects.get().type == "customer.created"
    assert CheckoutPayment.objects.count() == 0
    assert _orders() == 0


def test_a_refused_confirmation_is_read_back_before_saying_nothing_was_charged(
    localstripe_url: str,
) -> None:
    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"))
    payment = payment_start(basket=basket, user=user)

    with pytest.raises(CheckoutError, match="your card was not charged"):
        payment_confirm(payment=payment, payment_method_id="pm_does_not_exist")

    payment.refresh_from_db()
    assert payment.status == "pending"
    assert _orders() == 0


def test_confirmation_that_charged_but_answered_an_error_makes_the_order(
    localstripe_url: str,
) -> None:
    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"))
    payment = payment_start(basket=basket, user=user)
    card_confirm(payment)  # charged; the answer never reached the platform

    status = payment_confirm(payment=payment, payment_method_id="pm_card_visa")

    payment.refresh_from_db()
    assert status == "succeeded"
    assert payment.status == "paid"
    assert _orders() == 1


def test_stripe_unreachable_never_claims_nothing_was_charged(localstripe_url: str) -> None:
    from django.test import override_settings

    from tests.services import free_port

    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"))
    payment = payment_start(basket=basket, user=user)

    with (
        override_settings(STRIPE_API_BASE=f"http://127.0.0.1:{free_port()}"),
        pytest.raises(CheckoutError) as caught,
    ):
        payment_confirm(payment=payment, payment_method_id="pm_card_visa")

    assert "nothing was charged" not in str(caught.value)
    assert "Please do not pay again" in str(caught.value)
    payment.refresh_from_db()
    assert payment.status == "pending"


def test_payment_page_of_an_uncharged_payment_offers_to_pay(
    localstripe_url: str, client: Client
) -> None:
    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"))
    payment = payment_start(basket=basket, user=user)
    client.force_login(user)

    page = client.get(f"/en/checkout/payment/{payment.payment_intent_id}/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "Your card has not been charged for this order." in body
    assert 'http-equiv="refresh"' not in body


def test_payment_page_of_a_charged_payment_shows_the_order_without_the_webhook(
    localstripe_url: str, client: Client
) -> None:
    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"))
    payment = payment_start(basket=basket, user=user)
    card_confirm(payment)
    client.force_login(user)

    page = client.get(f"/en/checkout/payment/{payment.payment_intent_id}/")

    payment.refresh_from_db()
    assert (page.status_code, page["Location"]) == (302, "/en/checkout/thank-you/")
    assert payment.status == "paid"
    assert StripeEvent.objects.count() == 0


def test_the_waiting_page_polls_the_stored_status_without_asking_stripe(
    localstripe_url: str, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shop.payments import views

    user = customer()
    basket = basket_with_shirt(user=user, fabric=fabric(stock="50"))
    payment = payment_start(basket=basket, user=user)
    card_confirm(payment)
    client.force_login(user)
    url = f"/en/checkout/payment/{payment.payment_intent_id}/"

    def no_stripe(**kwargs: object) -> None:
        raise AssertionError("the poll must not call Stripe")

    with monkeypatch.context() as patched:
        patched.setattr(views, "payment_status_refresh", no_stripe)
        waiting = client.get(f"{url}?poll=1")
    client.get(url)  # a visit reads the charge back from Stripe: the order is made
    paid = client.get(f"{url}?poll=1")
    other = Client()
    other.force_login(customer())
    refused = other.get(f"{url}?poll=1")

    assert (waiting.status_code, waiting.json()) == (200, {"status": "pending"})
    assert (paid.status_code, paid.json()) == (200, {"status": "paid"})
    assert refused.status_code == 404
