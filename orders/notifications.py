"""Emails to the customer when a garment enters production and when it ships, in the
language they shopped in; each sent once per unit (``CustomerNotice`` is unique), and the
shipped email once per parcel (every garment in it is marked at once)."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from orders.models import CustomerNotice, ProductionUnit
from shop.mail import customer_mail, garment_pictures, site_reverse
from shop.selectors import garments_for_order

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
    language = payment.language if payment is not None else settings.LANGUAGE_CODE
    lines = {parcel_unit.order_line_id for parcel_unit in units}
    garments = {
        line_id: garment
        for line_id, garment in garments_for_order(order_id=order.pk).items()
        if line_id in lines
    }
    pictures = garment_pictures(
        garments=garments, prefix=f"garment-{order.number}", language=language
    )
    context = {
        "unit": unit,
        "units": units,
        "order": order,
        "kind": kind,
        "order_url": site_reverse("customer:order", language=language, order_number=order.number),
        # Each garment drawn as configured, once (a parcel may carry a remake beside it).
        "pictures": [pictures[line_id] for line_id in sorted(pictures)],
    }
    message = customer_mail(
        to=email,
        template="orders/emails/unit_notice",
        context=context,
        language=language,
        images=[picture.image for picture in context["pictures"]],
    )
    try:
        with transaction.atomic():
            # Unique per unit and kind: whichever garment's task comes first sends it.
            CustomerNotice.objects.bulk_create(
                [CustomerNotice(unit=parcel_unit, kind=kind) for parcel_unit in units]
            )
            message.send()
    except IntegrityError:
        return False
    return True
