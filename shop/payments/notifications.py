"""Emails to the customer about payment, in the language they shopped in."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from shop.payments.models import CheckoutPayment
from shop.selectors import garments_for_order


def order_confirmation_send(*, order_id: int) -> bool:
    """Send the order confirmation once; False if it had been sent already."""
    order_model = apps.get_model("order", "Order")
    with transaction.atomic():
        payment = CheckoutPayment.objects.select_for_update().filter(order_id=order_id).first()
        if payment is None or payment.confirmation_sent_at is not None:
            return False
        order = order_model.objects.select_related("shipping_address").get(pk=order_id)
        with translation.override(payment.language):
            context = {
                "order": order,
                "lines": list(order.lines.all()),
                "garments": garments_for_order(order_id=order.pk),
            }
            subject = render_to_string("shop/emails/order_confirmation_subject.txt", context)
            body = render_to_string("shop/emails/order_confirmation_body.txt", context)
        send_mail(
            " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [payment.email],
        )
        payment.confirmation_sent_at = timezone.now()
        payment.save(update_fields=["confirmation_sent_at", "updated_at"])
    return True
