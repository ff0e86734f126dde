"""Every mail and every Stripe call happens after the commit, with nothing locked.

A probe wraps the mail backend and each Stripe call of ``shop.payments.gateway``: at the
moment of the call it notes whether a transaction is open on the platform's connection,
and whether a second connection can lock every row of the tables a payment, an order, a
refund, a correction or a notice lives in (``FOR UPDATE NOWAIT``). The customer's whole
path is walked through it: paying, a payment whose fabric ran out (refunded), cancelling
a garment (refund and refund mail), a cheaper and a dearer measurement correction (refund
or charge, and its mail), a dearer one refused after release (its charge refunded), and
the production and shipping notices.

And a measurement correction's refund, delivered twice (the first delivery dying after
Stripe made the refund, before it was recorded), is made exactly once at localstripe,
which, unlike Stripe, ignores idempotency keys.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import DatabaseError, connection, connections
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from orders.models import CustomerNotice, OutboxMessage, ProductionUnit
from orders.outbox import outbox_deliver, resend_after
from orders.services import unit_route, unit_transition
from orders.states import UnitState
from shop.models import Fabric
from shop.payments import gateway, refunds
from shop.payments.changes import correction_paid_apply, garment_correction_start
from shop.payments.models import CheckoutPayment, GarmentCorrection, PaymentRefund
from shop.payments.services import payment_succeeded_apply
from tests.orders.factories import measurements_changed, plant, shirt_paid_by_card
from tests.services import service_required
from tests.shop.factories import fabric, garment_product
from tests.shop.payments.factories import basket_with_shirt, card_confirm, customer, payment_start

pytestmark = pytest.mark.django_db(transaction=True)

GATEWAY_CALLS = (
    "payment_intent_create",
    "payment_intent_confirm",
    "payment_intent_retrieve",
    "payment_intents_recent",
    "refund_create",
    "refunds_list",
)


@dataclass
class Call:
    what: str
    in_transaction: bool
    locked_tables: list[str]


@dataclass
class Probe:
    calls: list[Call] = field(default_factory=list)

    def note(self, what: str) -> None:
        self.calls.append(Call(what, connection.in_atomic_block, _locked_tables()))

    def count(self, what: str) -> int:
        return sum(1 for call in self.calls if call.what == what)

    def offending(self) -> list[Call]:
        return [call for call in self.calls if call.in_transaction or call.locked_tables]


PROBE = Probe()


def _tables() -> list[str]:
    models = [
        CheckoutPayment,
        PaymentRefund,
        GarmentCorrection,
        CustomerNotice,
        ProductionUnit,
        Fabric,
        apps.get_model("order", "Order"),
        apps.get_model("order", "Line"),
        apps.get_model("payment", "Source"),
    ]
    return [model._meta.db_table for model in models]


def _locked_tables() -> list[str]:
    """The tables with a row another connection could not lock right now."""
    other = connections.create_connection("default")
    locked = []
    try:
        other.set_autocommit(False)
        for table in _tables():
            try:
                with other.cursor() as cursor:
                    cursor.execute(f'SELECT 1 FROM "{table}" FOR UPDATE NOWAIT')
            except DatabaseError:
                locked.append(table)
            other.rollback()
    finally:
        other.close()
    return locked


class ProbedEmailBackend(EmailBackend):
    """The test backend (``mail.outbox``), noting the state of the database at each send."""

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            PROBE.note(f"mail: {message.subject}")
        return super().send_messages(messages)


def _probed(name: str, call: Callable[..., Any]) -> Callable[..., Any]:
    def probed(**kwargs: Any) -> Any:
        PROBE.note(f"stripe: {name}")
        return call(**kwargs)

    return probed


@pytest.fixture
def probe(settings: Any, monkeypatch: pytest.MonkeyPatch, localstripe_url: str) -> Iterator[Probe]:
    if connection.vendor != "postgresql":
        service_required("PostgreSQL", "row locks are probed from a second connection")
    settings.EMAIL_BACKEND = f"{__name__}.ProbedEmailBackend"
    for name in GATEWAY_CALLS:
        monkeypatch.setattr(gateway, name, _probed(name, getattr(gateway, name)))
    PROBE.calls.clear()
    mail.outbox.clear()
    yield PROBE
    PROBE.calls.clear()


def _paid_through_the_confirm_page(*, cloth: Fabric, product: Any, garments: int = 1) -> Any:
    """A customer pays on the card page (the platform confirms the card with Stripe)."""
    user = customer()
    basket = basket_with_shirt(user=user, fabric=cloth, product=product, garments=garments)
    payment = payment_start(basket=basket, user=user)
    client = Client()
    client.force_login(user)
    response = client.post(
        f"/en/checkout/payment/{payment.payment_intent_id}/confirm/",
        {"payment_method": "pm_card_visa"},
    )
    assert response.json()["status"] == "succeeded"
    payment.refresh_from_db()
    return user, client, payment


def test_every_mail_and_stripe_call_is_made_after_the_commit_with_nothing_locked(
    probe: Probe,
) -> None:
    cloth = fabric(stock="100")
    factory = plant(code="HZ-P", fabrics=(cloth,))
    product = garment_product(price="300.00")

    # Paid on the card page: the order and its confirmation mail.
    user, client, payment = _paid_through_the_confirm_page(cloth=cloth, product=product, garments=3)
    order = payment.order
    first, second, third = order.lines.order_by("pk")
    assert payment.status == "paid" and payment.confirmation_sent_at is not None

    # A payment whose fabric ran out meanwhile: refunded in full.
    short = fabric(stock="100")
    late_user = customer()
    late = payment_start(
        basket=basket_with_shirt(user=late_user, fabric=short, product=product), user=late_user
    )
    card_confirm(late)
    Fabric.objects.filter(pk=short.pk).update(metres_in_stock=Decimal("0.10"))
    assert payment_succeeded_apply(payment_intent_id=late.payment_intent_id).status == (
        "refund_pending"
    )
    late.refresh_from_db()
    assert late.status == "refunded"

    # The customer cancels one garment: refunded, and told.
    cancelled = client.post(f"/en/accounts/orders/{order.number}/garments/{first.pk}/cancel/")
    assert cancelled.status_code == 302

    # A cheaper correction: refunded, and told.
    unit = ProductionUnit.objects.get(order_line=second)
    cheaper = garment_correction_start(
        order=order,
        line=second,
        snapshot=unit.snapshot,
        measurements=measurements_changed(unit, sleeve_length="56"),
        user=user,
    )
    assert cheaper.status == "applied" and cheaper.refund_id

    # A dearer correction paid after its garment was released: the charge refunded, and
    # the customer told.
    unit = ProductionUnit.objects.get(order_line=third)
    dearer = garment_correction_start(
        order=order,
        line=third,
        snapshot=unit.snapshot,
        measurements=measurements_changed(unit, sleeve_length="72"),
        user=user,
    )
    gateway.payment_intent_confirm(
        payment_intent_id=dearer.payment_intent_id,
        payment_method_id="pm_card_visa",
        idempotency_key=f"test-{dearer.pk}",
    )
    ProductionUnit.objects.filter(pk=unit.pk).update(state=UnitState.RELEASED)
    refused = correction_paid_apply(payment_intent_id=dearer.payment_intent_id)
    assert refused.status == "refused" and refused.refund_id

    # Into production and shipped: the customer hears of both.
    unit = unit_route(unit_id=ProductionUnit.objects.get(order_line=second).pk)
    assert unit.factory_id == factory.pk
    for step in ("planned", "released", "cutting", "sewing", "finishing", "qc", "packed"):
        unit = unit_transition(unit_id=unit.pk, to_state=step)
    unit_transition(
        unit_id=unit.pk,
        to_state="shipped",
        changes={"carrier": "SF Express", "tracking_number": "SF7"},
    )

    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 6, subjects
    assert f"Your new measurements for order {order.number} came too late" in subjects
    assert probe.count("stripe: refund_create") == 4
    assert probe.count("stripe: refunds_list") == 4
    assert probe.count("stripe: payment_intent_create") == 3
    assert sum(1 for call in probe.calls if call.what.startswith("mail: ")) == 6
    assert probe.offending() == []
    assert OutboxMessage.objects.filter(done_at__isnull=True).count() == 0


def test_the_card_preview_page_asks_stripe_outside_the_request_transaction() -> None:
    view = resolve("/en/checkout/preview/").func

    assert view._non_atomic_requests == {"default"}  # type: ignore[attr-defined]


def test_a_correction_refund_delivered_twice_is_made_once(
    localstripe_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = customer()
    order, line, unit = shirt_paid_by_card(user=user, plant_code="HZ-R")
    intent = CheckoutPayment.objects.get(order=order).payment_intent_id
    sent: list[int] = []
    # The broker is down: the outbox keeps the message, nothing is delivered yet.
    monkeypatch.setattr("orders.outbox._send", lambda message_id, connection=None: False)

    correction = garment_correction_start(
        order=order,
        line=line,
        snapshot=unit.snapshot,
        measurements=measurements_changed(unit, sleeve_length="56"),
        user=user,
    )
    message = OutboxMessage.objects.get(task="shop.payments.refund_make")
    refund = PaymentRefund.objects.get(correction=correction)
    assert gateway.refunds_list(payment_intent_id=intent) == []
    assert (refund.amount, refund.made_at) == (-correction.difference, None)

    # First delivery: Stripe makes the refund, then the worker dies before recording it.
    def dies(**kwargs: Any) -> None:
        sent.append(1)
        raise SystemError("worker killed")

    with monkeypatch.context() as dying:
        dying.setattr(refunds, "refund_record", dies)
        assert outbox_deliver(message_id=message.pk) is False
    assert sent == [1]
    assert len(gateway.refunds_list(payment_intent_id=intent)) == 1
    refund.refresh_from_db()
    assert refund.made_at is None

    # Delivered again once the outbox's delay has passed, and once more after that.
    OutboxMessage.objects.filter(pk=message.pk).update(
        tried_at=timezone.now() - resend_after() - timedelta(seconds=1)
    )
    assert outbox_deliver(message_id=message.pk) is True
    assert outbox_deliver(message_id=message.pk) is False
    refunds.payment_refund_make(refund_id=refund.pk)

    made = gateway.refunds_list(payment_intent_id=intent)
    assert [(r.amount, r.key) for r in made] == [
        (int(-correction.difference * 100), f"correction-{correction.pk}-refund")
    ]
    refund.refresh_from_db()
    correction.refresh_from_db()
    assert refund.stripe_refund_id == correction.refund_id == made[0].id
    assert order.sources.get().amount_refunded == -correction.difference
    assert list(order.payment_events.order_by("pk").values_list("event_type__name", flat=True)) == [
        "Paid",
        "Refunded",
    ]


@pytest.fixture
def mail_through_the_outbox(probe: Probe, settings: Any) -> Probe:
    """The platform's mail backend, as deployed, delivering to the probed test backend."""
    settings.EMAIL_BACKEND = "orders.mail.OutboxEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.ProbedEmailBackend"
    return probe


def test_mail_sent_inside_a_request_goes_after_its_commit(
    mail_through_the_outbox: Probe,
) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(
        username="forgetful", email="forgetful@example.com", password="Tailor-made-2026"
    )
    client = Client()

    registered = client.post(
        "/en/accounts/login/",
        {
            "registration-email": "welcome@example.com",
            "registration-password1": "Tailor-made-2026",
            "registration-password2": "Tailor-made-2026",
            "registration_submit": "Register",
        },
    )
    reset = Client().post("/en/password-reset/", {"email": "forgetful@example.com"})

    assert (registered.status_code, reset.status_code) == (302, 302)
    assert sorted(m.to[0] for m in mail.outbox) == ["forgetful@example.com", "welcome@example.com"]
    assert [c.what.split(":")[0] for c in mail_through_the_outbox.calls] == ["mail", "mail"]
    assert mail_through_the_outbox.offending() == []
    assert OutboxMessage.objects.filter(task="orders.mail_send", done_at__isnull=False).count() == 2


def test_mail_of_a_rolled_back_transaction_is_never_sent(
    mail_through_the_outbox: Probe,
) -> None:
    from django.core.mail import EmailMultiAlternatives
    from django.db import transaction

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        message = EmailMultiAlternatives("Kept?", "text", "shop@example.com", ["a@example.com"])
        message.attach_alternative("<p>html</p>", "text/html")
        message.attach("note.txt", "a note", "text/plain")
        message.send()
        assert mail.outbox == []
        raise Undone
    with transaction.atomic():
        message.send()
        assert mail.outbox == []

    assert OutboxMessage.objects.filter(task="orders.mail_send").count() == 1
    (sent,) = mail.outbox
    assert (sent.subject, sent.body, sent.to) == ("Kept?", "text", ["a@example.com"])
    assert sent.alternatives[0][0] == "<p>html</p>"
    assert sent.attachments[0][:2] == ("note.txt", "a note")
    assert mail_through_the_outbox.offending() == []


def test_a_kept_mail_is_sent_as_it_was_rendered_images_and_all(
    mail_through_the_outbox: Probe,
) -> None:
    from django.db import transaction

    from shop.mail import InlineImage, MailWithImages

    png = b"\x89PNG\r\n\x1a\n" + b"garment" * 20
    message = MailWithImages(
        "Your garment",
        "text part",
        "shop@example.com",
        ["b@example.com"],
        images=[InlineImage(cid="g1@c2m", png=png, filename="g1.png")],
    )
    message.attach_alternative('<p><img src="cid:g1@c2m"></p>', "text/html")

    with transaction.atomic():
        message.send()
        assert mail.outbox == []

    (sent,) = mail.outbox
    mime = sent.message()
    related = [part for part in mime.walk() if part.get_content_type() == "multipart/related"]
    images = [part for part in mime.walk() if part.get_content_type() == "image/png"]
    assert len(related) == 1
    assert [(part["Content-ID"], part.get_payload(decode=True)) for part in images] == [
        ("<g1@c2m>", png)
    ]
    kept = OutboxMessage.objects.get(task="orders.mail_send").args[0]["mime"]
    assert mime.as_bytes() == base64.b64decode(kept)  # the very message rendered at send()
    assert b"\r\n" not in mime.as_bytes() and b"\r\n" in mime.as_bytes(linesep="\r\n")
    assert mail_through_the_outbox.offending() == []
