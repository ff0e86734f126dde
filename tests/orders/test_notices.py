"""The customer hears when a garment goes into production and when it ships, in their
language, once; and sees an estimated ship date before paying."""

from __future__ import annotations

import io
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.test import Client
from PIL import Image

from orders.models import ProductionUnit
from orders.notifications import unit_notice_send
from orders.services import unit_route, unit_transition
from shop.payments.models import CheckoutPayment
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric, garment_product, shirt_options

pytestmark = pytest.mark.django_db


def _released_unit(language: str = "en") -> ProductionUnit:
    cloth = fabric(stock="100")
    plant(fabrics=(cloth,))
    order = paid_order(fabric=cloth)
    CheckoutPayment.objects.filter(order=order).update(language=language)
    unit = unit_route(unit_id=ProductionUnit.objects.get().pk)
    for step in ("planned", "released"):
        unit = unit_transition(unit_id=unit.pk, to_state=step)
    return unit


def test_in_production_and_shipped_emails_in_the_customers_language(
    django_capture_on_commit_callbacks,
) -> None:
    unit = _released_unit(language="zh-hans")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        unit = unit_transition(unit_id=unit.pk, to_state="cutting")
    for step in ("sewing", "finishing", "qc", "packed"):
        unit = unit_transition(unit_id=unit.pk, to_state=step)
    with django_capture_on_commit_callbacks(execute=True):
        unit_transition(
            unit_id=unit.pk,
            to_state="shipped",
            changes={"carrier": "SF Express", "tracking_number": "SF99"},
        )

    subjects = [m.subject for m in mail.outbox]
    assert subjects == [f"您的衣服 {unit.code} 正在制作", f"您的衣服 {unit.code} 已发货"]
    assert "SF99" in mail.outbox[1].body
    order_url = f"http://127.0.0.1:8000/zh-hans/accounts/orders/{unit.order_line.order.number}/"
    for message in mail.outbox:
        html, kind = message.alternatives[0]
        assert kind == "text/html"
        assert order_url in message.body
        assert f'<a href="{order_url}">' in html
    assert "SF99" in mail.outbox[1].alternatives[0][0]


def test_each_notice_is_sent_once() -> None:
    unit = _released_unit()
    mail.outbox.clear()

    first = unit_notice_send(unit_id=unit.pk, kind="in_production")
    again = unit_notice_send(unit_id=unit.pk, kind="in_production")

    assert (first, again) == (True, False)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"Your garment {unit.code} is being made"


def test_product_page_shows_an_estimated_ship_date(client: Client) -> None:
    shirt_options()
    product = garment_product()
    fabric()

    body = client.get(product.get_absolute_url()).content.decode()

    assert 'id="ship-date-estimate"' in body
    assert "shipped by about" in body


def test_notices_have_an_html_part_with_the_order_link() -> None:
    from shop.mail import customer_mail

    message = customer_mail(
        to="a@example.com",
        template="shop/emails/refund",
        context={"order": _FakeOrder(), "amount": 12, "lines": [], "order_url": "http://x/o/"},
        language="zh-hans",
    )
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert '<html lang="zh-hans">' in html
    assert '<a href="http://x/o/">' in html
    assert "http://x/o/" in message.body
    assert message.subject == "订单 N-1 退款 ¥12.00"


class _FakeOrder:
    number = "N-1"
    currency = "CNY"


def test_the_notices_show_the_garment_drawn_as_configured_as_an_attached_png() -> None:
    unit = _released_unit(language="zh-hans")
    mail.outbox.clear()

    unit_notice_send(unit_id=unit.pk, kind="in_production")

    parsed = message_from_bytes(mail.outbox[0].message().as_bytes(), policy=policy.default)
    text, related = parsed.get_payload()
    html, image = related.get_payload()
    cid = f"garment-{unit.order_line.order.number}-{unit.order_line_id}@127.0.0.1"
    fabric_name = unit.fabric.name_zh
    assert (text.get_content_type(), related.get_content_type()) == (
        "text/plain",
        "multipart/related",
    )
    assert f'<img src="cid:{cid}" width="100" height="120" alt="您定制的' in html.get_content()
    assert f"（{fabric_name}）" in html.get_content()
    assert image["Content-ID"] == f"<{cid}>"
    assert Image.open(io.BytesIO(image.get_content())).size == (200, 240)


def test_a_notice_whose_mail_failed_or_whose_sender_died_is_sent_later_once(
    settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from orders.models import CustomerNotice
    from orders.outbox import resend_after

    unit = _released_unit()
    mail.outbox.clear()

    def refused(self, messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as down:
        down.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refused)
        with pytest.raises(ConnectionRefusedError):
            unit_notice_send(unit_id=unit.pk, kind="in_production")
    assert CustomerNotice.objects.filter(unit=unit).count() == 0  # the claim given back

    # A sender that died after claiming: its claim holds until the outbox's delay...
    claim = CustomerNotice.objects.create(unit=unit, kind="in_production")
    held = unit_notice_send(unit_id=unit.pk, kind="in_production")
    CustomerNotice.objects.filter(pk=claim.pk).update(
        claimed_at=timezone.now() - resend_after() - timedelta(seconds=1)
    )
    # ...then the next delivery takes it over and sends the mail, once.
    taken_over = unit_notice_send(unit_id=unit.pk, kind="in_production")
    again = unit_notice_send(unit_id=unit.pk, kind="in_production")

    assert (held, taken_over, again) == (False, True, False)
    assert [m.subject for m in mail.outbox] == [f"Your garment {unit.code} is being made"]
    (notice,) = CustomerNotice.objects.filter(unit=unit)
    assert notice.sent_at is not None
