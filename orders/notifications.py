"""Emails to the customer when a garment enters production and when it ships, in the
language they shopped in; each sent once per unit (``CustomerNotice`` is unique), and the
shipped email once per parcel (every garment in it is marked at once)."""

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
    units = [unit]
    if kind == "shipped" and unit.tracking_number:
        # One email per parcel: every garment of the order that left in it.
        units = list(
            ProductionUnit.objects.filter(
                order_line__order=order,
                state__in=("shipped", "delivered"),
                carrier=unit.carrier,
                tracking_number=unit.tracking_number,
            ).order_by("pk")
        )
    try:
        with transaction.atomic():
            # Unique per unit and kind: whichever garment's task comes first sends it.
            CustomerNotice.objects.bulk_create(
                [CustomerNotice(unit=parcel_unit, kind=kind) for parcel_unit in units]
            )
            language = payment.language if payment is not None else settings.LANGUAGE_CODE
            with translation.override(language):
                context = {"unit": unit, "units": units, "order": order, "kind": kind}
                subject = render_to_string("orders/emails/unit_notice_subject.txt", context)
                body = render_to_string("orders/emails/unit_notice_body.txt", context)
            send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [email])
    except IntegrityError:
        return False
    return True
