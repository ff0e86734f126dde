"""A customer's changes to a paid garment before release, through localstripe: a cheaper
correction refunds the difference at once; a change refused changes nothing; a charge
taken after the garment was released is refunded; bad measurements are a 400."""

from __future__ import annotations

import pytest
import stripe
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import translation

from orders.models import ProductionUnit, UnitSpecRevision
from orders.services import ChangeRefused
from orders.states import UnitState
from shop.models import Fabric
from shop.payments.changes import (
    correction_paid_apply,
    garment_cancel,
    garment_correction_start,
)
from shop.payments.models import CheckoutPayment, GarmentCorrection, PaymentRefund
from shop.statuses import PaymentReason, payment_reason_label, payment_reference_label
from tests.orders.factories import measurements_changed, shirt_paid_by_card
from tests.shop.payments.factories import customer

pytestmark = pytest.mark.django_db(transaction=True)


def _paid_shirt():  # type: ignore[no-untyped-def]
    """A customer, their order of one shirt paid on localstripe, its line and its unit."""
    user = customer()
    return (user, *shirt_paid_by_card(user=user, plant_code="HZ-K"))


def _refunded_fen(payment_intent_id: str) -> int:
    charges = stripe.PaymentIntent.retrieve(payment_intent_id).to_dict()["charges"]["data"]
    return sum(int(c.get("amount_refunded", 0)) for c in charges)


def test_shorter_sleeves_refund_the_difference_and_keep_the_old_revision(
    localstripe_url: str,
) -> None:
    user, order, line, unit = _paid_shirt()
    intent = CheckoutPayment.objects.get(order=order).payment_intent_id
    stock = Fabric.objects.get(pk=unit.fabric_id).metres_in_stock

    correction = garment_correction_start(
        order=order,
        line=line,
        snapshot=unit.snapshot,
        measurements=measurements_changed(unit, sleeve_length="56"),
        user=user,
    )

    assert correction.status == "applied" and correction.difference < 0
    cloth = Fabric.objects.get(pk=unit.fabric_id)
    assert cloth.metres_in_stock == stock + unit.fabric_metres - correction.fabric_metres
    assert _refunded_fen(intent) == int(-correction.difference * 100)
    unit.refresh_from_db()
    assert (unit.spec_revision, unit.change_held_at) == (2, None)
    assert unit.snapshot["measurements_cm"]["sleeve_length"] == "56"
    old, new = UnitSpecRevision.objects.filter(unit=unit).order_by("revision")
    assert (old.snapshot["measurements_cm"]["sleeve_length"], old.reason) == ("64", "paid")
    assert new.reason == "measurements"
    source = order.sources.get()
    assert source.amount_refunded == -correction.difference
    refund = PaymentRefund.objects.get(correction=correction)
    assert refund.reason == "measurements corrected"
    with translation.override("zh-hans"):
        assert payment_reference_label(f"{refund.stripe_refund_id}: {refund.reason}") == (
            f"{refund.stripe_refund_id}：顾客修改了尺寸"
        )
    assert list(order.payment_events.order_by("pk").values_list("event_type__name", flat=True)) == [
        "Paid",
        "Refunded",
    ]


def test_after_release_cancel_and_correction_are_refused_and_change_nothing(
    localstripe_url: str,
) -> None:
    user, order, line, unit = _paid_shirt()
    ProductionUnit.objects.filter(pk=unit.pk).update(state=UnitState.RELEASED)
    intent = CheckoutPayment.objects.get(order=order).payment_intent_id

    with pytest.raises(ChangeRefused, match="released to the factory"):
        garment_cancel(order=order, line_id=line.pk, actor=user)
    with pytest.raises(ChangeRefused, match="released to the factory"):
        garment_correction_start(
            order=order,
            line=line,
            snapshot=unit.snapshot,
            measurements=measurements_changed(unit, sleeve_length="56"),
            user=user,
        )

    unit.refresh_from_db()
    line.refresh_from_db()
    assert (unit.state, unit.spec_revision, unit.change_held_at) == ("released", 1, None)
    assert line.status == "Paid"
    assert _refunded_fen(intent) == 0
    assert UnitSpecRevision.objects.filter(unit=unit).count() == 1
    assert GarmentCorrection.objects.filter(status="applied").count() == 0


def test_a_difference_paid_after_release_is_refunded_and_the_correction_refused(
    localstripe_url: str,
) -> None:
    user, order, line, unit = _paid_shirt()
    correction = garment_correction_start(
        order=order,
        line=line,
        snapshot=unit.snapshot,
        measurements=measurements_changed(unit, sleeve_length="72"),
        user=user,
    )
    assert correction.status == "awaiting_payment"
    stripe.PaymentIntent.modify(correction.payment_intent_id, payment_method="pm_card_visa")
    stripe.PaymentIntent.confirm(correction.payment_intent_id)
    ProductionUnit.objects.filter(pk=unit.pk).update(state=UnitState.RELEASED)

    applied = correction_paid_apply(payment_intent_id=correction.payment_intent_id)
    again = correction_paid_apply(payment_intent_id=correction.payment_intent_id)

    assert (applied.status, again.status) == ("refused", "refused")
    assert _refunded_fen(correction.payment_intent_id) == int(correction.difference * 100)
    refund = PaymentRefund.objects.get(correction=correction)
    assert refund.reason == PaymentReason.CORRECTION_REFUSED
    with translation.override("zh-hans"):
        assert payment_reason_label(refund.reason) == "尺寸修改被拒：衣服已下达工厂"
    unit.refresh_from_db()
    assert (unit.spec_revision, unit.snapshot["measurements_cm"]["sleeve_length"]) == (1, "64")


def test_bad_measurements_get_a_400_and_change_nothing(localstripe_url: str) -> None:
    user, order, line, _unit = _paid_shirt()
    client = Client()
    client.force_login(user)
    url = f"/en/accounts/orders/{order.number}/garments/{line.pk}/measurements/"

    page = client.get(url)
    response = client.post(url, {"m_sleeve_length": "seventy"})

    assert page.status_code == 200 and 'id="changes-until"' in page.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert GarmentCorrection.objects.count() == 0
    assert ProductionUnit.objects.get(order_line=line).spec_revision == 1
    other = Client()
    other.force_login(customer())
    assert other.get(url).status_code == 404


def test_a_correction_mails_the_changed_measurements_and_the_refund(
    localstripe_url: str, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    user, order, line, unit = _paid_shirt()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        correction = garment_correction_start(
            order=order,
            line=line,
            snapshot=unit.snapshot,
            measurements=measurements_changed(unit, sleeve_length="56"),
            user=user,
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == f"New measurements saved for a garment of order {order.number}"
    assert "- Sleeve length: 64" in message.body and "→ 56" in message.body
    assert f"¥{-correction.difference:,.2f} goes back to your card" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_a_correction_refused_after_release_mails_the_customer_once_in_their_language(
    localstripe_url: str, django_capture_on_commit_callbacks
) -> None:
    user, order, line, unit = _paid_shirt()
    CheckoutPayment.objects.filter(order=order).update(language="zh-hans")
    correction = garment_correction_start(
        order=order,
        line=line,
        snapshot=unit.snapshot,
        measurements=measurements_changed(unit, sleeve_length="72"),
        user=user,
    )
    stripe.PaymentIntent.modify(correction.payment_intent_id, payment_method="pm_card_visa")
    stripe.PaymentIntent.confirm(correction.payment_intent_id)
    ProductionUnit.objects.filter(pk=unit.pk).update(state=UnitState.RELEASED)
    mail.outbox.clear()

    # Rolled back: no mail, and the correction still waits.
    with pytest.raises(RuntimeError), transaction.atomic():
        correction_paid_apply(payment_intent_id=correction.payment_intent_id)
        assert mail.outbox == []  # nothing goes while the transaction is open
        raise RuntimeError("rolled back")
    assert mail.outbox == []
    assert GarmentCorrection.objects.get(pk=correction.pk).status == "awaiting_payment"

    with django_capture_on_commit_callbacks(execute=True):
        correction_paid_apply(payment_intent_id=correction.payment_intent_id)
        correction_paid_apply(payment_intent_id=correction.payment_intent_id)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    amount = f"¥{correction.difference:,.2f}"
    assert message.to == [CheckoutPayment.objects.get(order=order).email]
    assert message.subject == f"订单 {order.number} 的新尺寸提交得太晚了"
    assert (
        f"您为订单 {order.number} 中的{line.title}支付新尺寸时，这件衣服已交给工厂生产，"
        "因此仍按原来的尺寸制作，新尺寸未被采用。"
    ) in message.body
    assert f"您为此次修改支付的 {amount} 将退回您的银行卡。" in message.body
    assert f"/zh-hans/accounts/orders/{order.number}/" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert "too late" not in message.subject + message.body
