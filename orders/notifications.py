"""Emails to the customer when a garment enters production and when it ships, in the
language they shopped in; each sent once per unit (the event id is the key)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from orders.models import CustomerNotice, ProductionUnit

NOTICE_STATES = {"cutting": "in_production", "shipped": "shipped"}


def unit_notice_send(*, unit_id: int, kind: str) -> bool:
    """Send the notice of ``kind`` for a unit once; False if it had been sent."""
    unit = ProductionUnit.objects.select_related("order_line__order__user", "factory").get(
        pk=unit_id
    )
    order = unit.order_line.order
    payment = getattr(order, "checkout_payment", None)
    email = payment.email if payment is not None else (order.user.email if order.user else "")
    if not email:
        return False
    try:
        with transaction.atomic():
            CustomerNotice.objects.create(unit=unit, kind=kind)
            language = payment.language if payment is not None else settings.LANGUAGE_CODE
            with translation.override(language):
                context = {"unit": unit, "order": order, "kind": kind}
                subject = render_to_string("orders/emails/unit_notice_subject.txt", context)
                body = render_to_string("orders/emails/unit_notice_body.txt", context)
            send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [email])
    except IntegrityError:
        return False
    return True
