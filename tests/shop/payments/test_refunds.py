"""Cancelling a garment and refunding orders go through Stripe and are recorded once."""

from __future__ import annotations

import pytest
import stripe
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import translation

from shop.models import Fabric, GarmentSpec
from shop.payments.changes import garment_cancel
from shop.payments.models import CheckoutPayment, PaymentRefund
from shop.payments.services import payment_succeeded_apply
from shop.payments.tasks import refund_notice_send
from shop.statuses import PaymentReason, payment_reason_label, payment_reference_label
from tests.shop.factories import fabric, garment_product
from tests.shop.payments.factories import basket_with_shirt, card_confirm, customer, payment_start

pytestmark = pytest.mark.django_db


def _paid_order(user, *, garments: int = 2, language: str = "en"):  # type: ignore[no-untyped-def]
    cloth = fabric(stock="100")
    product = garment_product(price="300.00")
    basket = basket_with_shirt(user=user, fabric=cloth, product=product, garments=garments)
    payment = payment_start(basket=basket, user=user)
    CheckoutPayment.objects.filter(pk=payment.pk).update(language=language)
    card_confirm(payment)
    payment = payment_succeeded_apply(payment_intent_id=payment.payment_intent_id)
    return payment.order, cloth


def _refunded_fen(payment_intent_id: str) -> int:
    charges = stripe.PaymentIntent.retrieve(payment_intent_id).to_dict()["charges"]["data"]
    return sum(int(c.get("amount_refunded", 0)) for c in charges)


def test_customer_cancels_one_garment_and_gets_its_price_back(
    localstripe_url: str, client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    user = customer()
    client.force_login(user)
    order, cloth = _paid_order(user)
    first, second = order.lines.order_by("pk")
    stock_after_sale = Fabric.objects.get(pk=cloth.pk).metres_in_stock
    metres = GarmentSpec.objects.get(order_line=first).fabric_metres
    intent = order.checkout_payment.payment_intent_id

    with django_capture_on_commit_callbacks(execute=True):  # the refund, through the outbox
        response = client.post(f"/en/accounts/orders/{order.number}/garments/{first.pk}/cancel/")
        again = client.post(f"/en/accounts/orders/{order.number}/garments/{first.pk}/cancel/")

    order.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    source = order.sources.get()
    assert (response.status_code, again.status_code) == (302, 302)
    assert (first.status, second.status, order.status) == ("Cancelled", "Paid", "Partly cancelled")
    assert source.amount_refunded == first.line_price_incl_tax
    assert _refunded_fen(intent) == int(first.line_price_incl_tax * 100)
    assert list(order.payment_events.order_by("pk").values_list("event_type__name", "amount")) == [
        ("Paid", order.total_incl_tax),
        ("Refunded", first.line_price_incl_tax),
    ]
    assert Fabric.objects.get(pk=cloth.pk).metres_in_stock == stock_after_sale + metres


def test_nobody_cancels_someone_elses_garment(localstripe_url: str, client: Client) -> None:
    owner = customer()
    order, _cloth = _paid_order(owner)
    line = order.lines.first()
    client.force_login(customer())

    response = client.post(f"/en/accounts/orders/{order.number}/garments/{line.pk}/cancel/")

    line.refresh_from_db()
    assert response.status_code == 404
    assert line.status == "Paid"
    assert order.sources.get().amount_refunded == 0


def test_staff_refund_the_whole_order_including_delivery(
    localstripe_url: str, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    order, _cloth = _paid_order(customer())
    staff = get_user_model().objects.create_user(
        username="ops", email="ops@example.com", password="pw", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/dashboard/garments/orders/{order.number}/refund/",
            {"scope": "all", "reason": "test"},
        )

    order.refresh_from_db()
    assert response.status_code == 302
    assert order.status == "Cancelled"
    assert order.sources.get().amount_refunded == order.total_incl_tax
    assert _refunded_fen(order.checkout_payment.payment_intent_id) == int(
        order.total_incl_tax * 100
    )
    assert set(order.lines.values_list("status", flat=True)) == {"Cancelled"}


def test_a_refund_s_reason_reads_in_the_staff_reader_s_language_on_the_order_page(
    localstripe_url: str, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    user = customer()
    order, _cloth = _paid_order(user)
    first, second = order.lines.order_by("pk")
    staff = get_user_model().objects.create_user(
        username="ops", email="ops@example.com", password="pw", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        garment_cancel(order=order, line_id=first.pk, actor=user)
        client.post(
            f"/en/dashboard/garments/orders/{order.number}/refund/",
            {"refund_line": [second.pk], "reason": "Stain on the cuff"},
        )
    english = client.get(f"/en/dashboard/orders/{order.number}/").content.decode()
    chinese = client.get(f"/zh-hans/dashboard/orders/{order.number}/").content.decode()

    cancelled, typed = PaymentRefund.objects.filter(order=order).order_by("pk")
    assert (cancelled.reason, typed.reason) == ("cancelled by customer", "Stain on the cuff")
    assert f"<td >{cancelled.stripe_refund_id}: Cancelled by the customer</td>" in english
    assert f"<td >{cancelled.stripe_refund_id}：顾客取消</td>" in chinese
    assert f"<td >{typed.stripe_refund_id}: Stain on the cuff</td>" in english
    assert f"<td >{typed.stripe_refund_id}: Stain on the cuff</td>" in chinese
    assert "cancelled by customer" not in english + chinese


def test_every_reason_of_ours_reads_in_both_languages_old_rows_too() -> None:
    # The stored codes are the English the platform always stored: rows written before
    # the codes read the same.
    stored = [
        "cancelled by customer",
        "cancelled by staff",
        "refunded by staff",
        "measurements corrected",
        "correction refused: garment released",
    ]
    assert [str(reason) for reason in PaymentReason] == stored

    shown = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            shown[language] = [payment_reason_label(reason) for reason in stored] + [
                payment_reference_label("re_1: cancelled by staff"),
                payment_reference_label("re_2: Damaged in transit"),
                payment_reference_label("pi_3"),
            ]

    assert shown == {
        "en": [
            "Cancelled by the customer",
            "Cancelled by staff",
            "Refunded by staff",
            "Measurements corrected by the customer",
            "Correction refused: the garment had been released to the factory",
            "re_1: Cancelled by staff",
            "re_2: Damaged in transit",
            "pi_3",
        ],
        "zh-hans": [
            "顾客取消",
            "运营人员已取消",
            "运营人员已退款",
            "顾客修改了尺寸",
            "尺寸修改被拒：衣服已下达工厂",
            "re_1：运营人员已取消",
            "re_2: Damaged in transit",
            "pi_3",
        ],
    }


def test_customers_cannot_use_the_staff_refund(localstripe_url: str, client: Client) -> None:
    user = customer()
    order, _cloth = _paid_order(user)
    client.force_login(user)

    response = client.post(
        f"/en/dashboard/garments/orders/{order.number}/refund/", {"scope": "all"}
    )

    assert response.status_code == 302
    assert "/dashboard/login/" in response["Location"]
    assert order.sources.get().amount_refunded == 0


def test_confirmation_email_is_in_the_customers_language(
    localstripe_url: str, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        order, _cloth = _paid_order(customer(), garments=1, language="zh-hans")

    assert len(mail.outbox) == 1
    assert str(order.number) in mail.outbox[0].subject
    assert "已确认" in mail.outbox[0].subject
    assert "合计" in mail.outbox[0].body
    assert apps.get_model("order", "Order").objects.count() == 1


def test_confirmation_email_has_an_html_part_with_drawing_date_and_order_link(
    localstripe_url: str, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        order, _cloth = _paid_order(customer(), garments=1, language="zh-hans")

    message = mail.outbox[0]
    html, kind = message.alternatives[0]
    line = order.lines.get()
    unit = apps.get_model("orders", "ProductionUnit").objects.get(order_line=line)
    order_url = f"http://127.0.0.1:8000/zh-hans/accounts/orders/{order.number}/"
    assert kind == "text/html"
    assert f'<img src="cid:garment-{order.number}-{line.pk}@127.0.0.1"' in html
    assert f'<a href="{order_url}">' in html
    assert order_url in message.body
    promised = f"{unit.promised_ship_date.year}年{unit.promised_ship_date.month}月"
    assert promised in html and promised in message.body
    assert "承诺于" in message.body
    assert "Allocation" not in html + message.body


def test_a_refund_sends_a_mail_saying_what_was_refunded(
    localstripe_url: str, client: Client, django_capture_on_commit_callbacks
) -> None:
    user = customer()
    client.force_login(user)
    order, _cloth = _paid_order(user)
    first = order.lines.order_by("pk").first()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/accounts/orders/{order.number}/garments/{first.pk}/cancel/")

    assert len(mail.outbox) == 1
    refund = mail.outbox[0]
    amount = f"¥{first.line_price_incl_tax:,.2f}"
    assert refund.subject == f"Refund of {amount} for order {order.number}"
    assert f"We have refunded {amount} for order {order.number}" in refund.body
    assert first.title in refund.body
    assert refund.alternatives[0][1] == "text/html"


def test_a_refund_mail_names_the_fabric_in_the_customer_s_language(
    localstripe_url: str, client: Client, django_capture_on_commit_callbacks
) -> None:
    user = customer()
    client.force_login(user)
    order, cloth = _paid_order(user, language="zh-hans")
    first = order.lines.order_by("pk").first()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/accounts/orders/{order.number}/garments/{first.pk}/cancel/")

    assert len(mail.outbox) == 1
    refund = mail.outbox[0]
    html = refund.alternatives[0][0]
    assert f"({cloth.name_zh})" in refund.body and f"({cloth.name_zh})" in html
    assert cloth.name_en not in refund.body + html


REASONS_IN_MAIL = {
    "en": [
        "Reason: you cancelled the garment.",
        "Reason: the garment was cancelled by our staff.",
        "Reason: our staff refunded it to you.",
        "Reason: our staff refunded it to you.",
    ],
    "zh-hans": [
        "原因：您取消了这件衣服。",
        "原因：我们的客服取消了这件衣服。",
        "原因：我们的客服为您办理了退款。",
        "原因：我们的客服为您办理了退款。",
    ],
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_refund_mail_says_why_in_the_customer_s_language(
    localstripe_url: str, client: Client, django_capture_on_commit_callbacks, language: str
) -> None:  # type: ignore[no-untyped-def]
    user = customer()
    client.force_login(user)
    order, _cloth = _paid_order(user, garments=4, language=language)
    lines = list(order.lines.order_by("pk"))
    staff = get_user_model().objects.create_user(
        username="ops", email="ops@example.com", password="pw", is_staff=True, is_superuser=True
    )
    staff_client = Client()
    staff_client.force_login(staff)
    refund_url = f"/en/dashboard/garments/orders/{order.number}/refund/"
    kinds = [
        # the customer cancels; staff cancel; staff refund without a reason, and with
        # their own note (which is theirs, not the customer's)
        lambda: client.post(f"/en/accounts/orders/{order.number}/garments/{lines[0].pk}/cancel/"),
        lambda: garment_cancel(order=order, line_id=lines[1].pk, actor=staff, by_customer=False),
        lambda: staff_client.post(refund_url, {"refund_line": [lines[2].pk], "reason": ""}),
        lambda: staff_client.post(refund_url, {"refund_line": [lines[3].pk], "reason": "Rude"}),
    ]
    mails = []
    for refund in kinds:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            refund()
        assert len(mail.outbox) == 1
        mails.append(mail.outbox[0])

    reasons = [str(r.reason) for r in PaymentRefund.objects.filter(order=order).order_by("pk")]
    assert reasons == [
        "cancelled by customer",
        "cancelled by staff",
        "refunded by staff",
        "Rude",
    ]
    for message, said in zip(mails, REASONS_IN_MAIL[language], strict=True):
        html = message.alternatives[0][0]
        assert said in message.body and said in html, message.body
        assert "Rude" not in message.body + html


def test_a_refund_notice_put_before_reasons_were_passed_still_renders(
    localstripe_url: str, client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    user = customer()
    order, _cloth = _paid_order(user, language="zh-hans")
    first = order.lines.order_by("pk").first()
    mail.outbox.clear()

    refund_notice_send(order.pk, str(first.line_price_incl_tax), [first.pk])  # the old 3 args

    assert len(mail.outbox) == 1
    refund = mail.outbox[0]
    assert f"我们已将订单 {order.number} 的" in refund.body
    assert "原因" not in refund.body + refund.alternatives[0][0]
