"""Emails to the customer when a garment enters production and when it ships, in the
language they shopped in; each sent once per unit (``CustomerNotice`` is unique), and the
shipped email once per parcel (every garment in it is marked at once). Each is claimed in a
committed transaction and sent after it: no mail goes while a row is locked."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from orders.models import CustomerNotice, ProductionUnit
from orders.outbox import resend_after
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
    claimed = _notice_claim(units=units, kind=kind)
    if not claimed:
        return False
    # The claim is committed: the mail goes with no transaction open and no row locked.
    try:
        message.send()
    except Exception:
        # Not sent: give the claim back, so the outbox's next delivery sends it.
        CustomerNotice.objects.filter(pk__in=claimed, sent_at__isnull=True).delete()
        raise
    CustomerNotice.objects.filter(pk__in=claimed).update(sent_at=timezone.now())
    return True


def _notice_claim(*, units: list[ProductionUnit], kind: str) -> list[int]:
    """Claim the notice of ``kind`` for every unit, committed; the claimed rows' ids, or
    none when any of them is sent or claimed by a delivery still within the outbox's
    delay (one unique row per unit and kind: whichever garment's task comes first sends
    the parcel's mail). A claim older than that whose mail never went is taken over."""
    stale = timezone.now() - resend_after()
    with transaction.atomic():
        CustomerNotice.objects.filter(
            unit__in=units, kind=kind, sent_at__isnull=True, claimed_at__lte=stale
        ).delete()
        try:
            with transaction.atomic():
                rows = CustomerNotice.objects.bulk_create(
                    [CustomerNotice(unit=parcel_unit, kind=kind) for parcel_unit in units]
                )
        except IntegrityError:
            return []
    return [row.pk for row in rows]
