"""Refund means cancel, everywhere: the customer's cancel and the staff refund both go
through ``garments_cancel``: units cancelled through the state machine, fabric back in
stock once, the refund made once through the outbox. A garment already released is
refunded by staff only as "made anyway", and then stays in production."""

from __future__ import annotations

import pytest
import stripe
from django.contrib.auth import get_user_model
from django.test import Client

from orders.models import OutboxMessage, ProductionUnit, UnitEvent
from orders.services import unit_route
from orders.states import UnitState
from scheduling.models import PlannedBatch
from scheduling.services import network_replan
from shop.models import Fabric
from shop.payments.models import CheckoutPayment, PaymentRefund
from shop.payments.services import payment_succeeded_apply
from tests.orders.factories import plant
from tests.shop.factories import fabric, garment_product
from tests.shop.payments.factories import basket_with_shirt, card_confirm, customer, payment_start

pytestmark = pytest.mark.django_db


def _refunded_fen(payment_intent_id: str) -> int:
    charges = stripe.PaymentIntent.retrieve(payment_intent_id).to_dict()["charges"]["data"]
    return sum(int(c.get("amount_refunded", 0)) for c in charges)


def _staff_client() -> Client:
    staff = get_user_model().objects.create_user(
        username="ops", email="ops@example.com", password="pw", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(staff)
    return client


def _routed_order(garments: int = 2):  # type: ignore[no-untyped-def]
    """An order paid through localstripe whose garments are routed to a plant."""
    cloth = fabric(stock="100")
    plant(code="HZ-C", fabrics=(cloth,))
    user = customer()
    basket = basket_with_shirt(
        user=user, fabric=cloth, product=garment_product(price="300.00"), garments=garments
    )
    payment = payment_start(basket=basket, user=user)
    card_confirm(payment)
    order = payment_succeeded_apply(payment_intent_id=payment.payment_intent_id).order
    for unit in ProductionUnit.objects.filter(order_line__order=order):
        unit_route(unit_id=unit.pk)
    return order, cloth


def _refund(client: Client, order, capture, **data):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(f"/en/dashboard/garments/orders/{order.number}/refund/", data)


def test_staff_refund_of_a_routed_garment_cancels_it_and_the_replan_never_plans_it(
    localstripe_url: str, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    order, cloth = _routed_order(garments=2)
    first, second = order.lines.order_by("pk")
    unit = ProductionUnit.objects.get(order_line=first)
    other = ProductionUnit.objects.get(order_line=second)
    assert (unit.state, other.state) == ("routed", "routed")
    stock_after_sale = Fabric.objects.get(pk=cloth.pk).metres_in_stock
    client = _staff_client()

    response = _refund(
        client, order, django_capture_on_commit_callbacks, scope="lines", refund_line=first.pk
    )
    again = _refund(
        client, order, django_capture_on_commit_callbacks, scope="lines", refund_line=first.pk
    )
    plan = network_replan(seed=1, time_limit=2.0)

    unit.refresh_from_db()
    first.refresh_from_db()
    planned = set(PlannedBatch.objects.filter(plan=plan).values_list("units__unit_id", flat=True))
    intent = order.checkout_payment.payment_intent_id
    assert (response.status_code, again.status_code) == (302, 302)
    assert (unit.state, first.status) == ("cancelled", "Cancelled")
    assert list(unit.events.values_list("from_state", "to_state")) == [
        ("", "paid"),
        ("paid", "routed"),
        ("routed", "cancelled"),
    ]
    assert planned == {other.pk}
    assert ProductionUnit.objects.get(pk=unit.pk).state == "cancelled"
    assert Fabric.objects.get(pk=cloth.pk).metres_in_stock == stock_after_sale + unit.fabric_metres
    assert _refunded_fen(intent) == int(first.line_price_incl_tax * 100)
    assert order.sources.get().amount_refunded == first.line_price_incl_tax
    assert list(PaymentRefund.objects.values_list("amount", "line_ids")) == [
        (first.line_price_incl_tax, [first.pk])
    ]
    assert PaymentRefund.objects.get().made_at is not None


def test_staff_cannot_refund_a_released_garment_without_saying_it_is_made_anyway(
    localstripe_url: str, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    order, cloth = _routed_order(garments=1)
    line = order.lines.get()
    unit = ProductionUnit.objects.get(order_line=line)
    ProductionUnit.objects.filter(pk=unit.pk).update(state=UnitState.RELEASED)
    stock = Fabric.objects.get(pk=cloth.pk).metres_in_stock
    events = UnitEvent.objects.count()
    client = _staff_client()

    response = _refund(client, order, django_capture_on_commit_callbacks, scope="all")

    page = client.get(response["Location"]).content.decode()
    line.refresh_from_db()
    assert "choose that it is made anyway" in page
    assert (ProductionUnit.objects.get(pk=unit.pk).state, line.status) == ("released", "Paid")
    assert Fabric.objects.get(pk=cloth.pk).metres_in_stock == stock
    assert (UnitEvent.objects.count(), PaymentRefund.objects.count()) == (events, 0)
    assert OutboxMessage.objects.filter(task="shop.payments.refund_make").count() == 0
    assert _refunded_fen(order.checkout_payment.payment_intent_id) == 0


def test_made_anyway_refunds_and_leaves_the_garment_in_production(
    localstripe_url: str, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    order, cloth = _routed_order(garments=1)
    line = order.lines.get()
    unit = ProductionUnit.objects.get(order_line=line)
    ProductionUnit.objects.filter(pk=unit.pk).update(state=UnitState.RELEASED)
    stock = Fabric.objects.get(pk=cloth.pk).metres_in_stock
    client = _staff_client()

    response = _refund(
        client,
        order,
        django_capture_on_commit_callbacks,
        scope="lines",
        refund_line=line.pk,
        made_anyway="1",
    )

    line.refresh_from_db()
    order.refresh_from_db()
    unit.refresh_from_db()
    assert response.status_code == 302
    assert (unit.state, line.status, order.status) == ("released", "Refunded", "Paid")
    assert unit.events.last().reason == "Refunded by staff; the garment is made anyway."
    assert Fabric.objects.get(pk=cloth.pk).metres_in_stock == stock
    assert _refunded_fen(order.checkout_payment.payment_intent_id) == int(
        order.total_incl_tax * 100
    )


def test_the_staff_form_offers_made_anyway_in_both_languages(localstripe_url: str) -> None:
    order, _cloth = _routed_order(garments=1)
    client = _staff_client()

    english = client.get(f"/en/dashboard/orders/{order.number}/").content.decode()
    chinese = client.get(f"/zh-hans/dashboard/orders/{order.number}/").content.decode()

    assert 'name="made_anyway"' in english and 'name="made_anyway"' in chinese
    assert "Made anyway: refund a garment already released" in english
    assert "照常生产：为已下达工厂的衣服退款" in chinese


def test_a_refund_stripe_refuses_stays_owed_and_is_made_once_later(
    localstripe_url: str, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from orders.outbox import outbox_deliver
    from shop.payments import gateway

    order, _cloth = _routed_order(garments=1)
    line = order.lines.get()
    real = gateway.refund_create

    def unreachable(**kwargs):  # type: ignore[no-untyped-def]
        raise gateway.PaymentGatewayError("The payment service could not be reached.")

    monkeypatch.setattr(gateway, "refund_create", unreachable)
    response = _refund(
        _staff_client(),
        order,
        django_capture_on_commit_callbacks,
        scope="lines",
        refund_line=line.pk,
    )
    message = OutboxMessage.objects.get(task="shop.payments.refund_make")
    assert response.status_code == 302
    assert ProductionUnit.objects.get(order_line=line).state == "cancelled"
    assert (message.done_at, PaymentRefund.objects.get().made_at) == (None, None)

    monkeypatch.setattr(gateway, "refund_create", real)
    OutboxMessage.objects.filter(pk=message.pk).update(tried_at=None)
    assert outbox_deliver(message_id=message.pk) is True
    OutboxMessage.objects.filter(pk=message.pk).update(tried_at=None, done_at=None)
    assert outbox_deliver(message_id=message.pk) is True  # delivered twice: made once

    intent = CheckoutPayment.objects.get(order=order).payment_intent_id
    assert _refunded_fen(intent) == int(order.total_incl_tax * 100)
    assert order.sources.get().amount_refunded == order.total_incl_tax
    assert order.payment_events.filter(event_type__name="Refunded").count() == 1
