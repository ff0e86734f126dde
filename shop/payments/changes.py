"""Changes a customer makes to a paid garment before it goes to the factory: cancelling it
(refunded) and correcting its measurements (a new spec revision; the price recomputed,
the difference charged or refunded). Orchestrated here, on the payments side: it calls
the ``orders`` services, which never call payments.

Each change holds the garment's units first (committed: the release cut-off leaves held
units alone), then records the result in one short transaction that checks the garment
again. Every refund (a cheaper garment's difference, a charge taken for a garment
released meanwhile) is written in that transaction and made by the outbox after the
commit (``refunds.payment_refund_make``); the one Stripe call made here, charging a
dearer garment's difference, is made with no row locked and no transaction open. A
change refused because the garment was released changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from orders.outbox import outbox_put
from orders.selectors import order_line_live_unit
from orders.services import (
    ChangeRefused,
    order_line_change_hold,
    order_line_change_release,
    unit_spec_correct,
)
from shop.configurator import GarmentQuote, garment_quote
from shop.models import Fabric, GarmentSpec
from shop.payments import gateway
from shop.payments.models import CheckoutPayment, GarmentCorrection
from shop.payments.refunds import (
    RefundError,
    amount_left,
    garments_cancel,
    refund_owed_put,
)
from shop.payments.services import PAYMENT_SOURCE_NAME, CheckoutError, to_fen
from shop.selectors import option_choices_by_type
from shop.statuses import PaymentReason
from shop.tailoring.choices import GarmentType, Sex

logger = logging.getLogger(__name__)


def _cm(value: Decimal) -> str:
    """Centimetres as the spec writes them: 72, 72.5 (never 72.0 or 7.2E+1)."""
    return f"{Decimal(value).normalize():f}"


def garment_cancel(*, order: Any, line_id: int, actor: Any, by_customer: bool = True) -> Decimal:
    """Cancel one garment before release and refund it; the amount to be refunded.

    Raises ChangeRefused (released, or another change under way) or RefundError; either
    way nothing is cancelled or refunded. The refund itself follows through the outbox.
    """
    return garments_cancel(
        order=order,
        line_ids=[line_id],
        actor=actor,
        by_customer=by_customer,
        reason=(
            PaymentReason.CANCELLED_BY_CUSTOMER if by_customer else PaymentReason.CANCELLED_BY_STAFF
        ),
    )


@dataclass(frozen=True)
class CorrectionQuote:
    old_price: Decimal
    new_price: Decimal
    quote: GarmentQuote

    @property
    def difference(self) -> Decimal:
        return self.new_price - self.old_price


def _requote(*, spec: GarmentSpec, measurements: Mapping[str, Decimal]) -> GarmentQuote:
    choices = option_choices_by_type(garment_types={spec.garment_type})[spec.garment_type]
    chosen = {
        option: choices[option][choice]
        for option, choice in spec.choices.items()
        if choice in choices.get(option, {})
    }
    return garment_quote(
        garment_type=GarmentType(spec.garment_type),
        base_price=Decimal("0"),
        fabric=spec.fabric,
        choices=chosen,
        sex=Sex(spec.sex),
        measurements=measurements,
    )


def correction_quote(
    *, line: Any, snapshot: Mapping[str, Any], measurements: Mapping[str, Decimal]
) -> CorrectionQuote:
    """The garment's price with new measurements: what was paid, plus what the change
    in fabric makes at today's fabric price (options and style are unchanged)."""
    spec = GarmentSpec.objects.select_related("fabric").get(order_line=line)
    before = {code: Decimal(value) for code, value in snapshot["measurements_cm"].items()}
    old_price = Decimal(snapshot["price_paid"])
    old = _requote(spec=spec, measurements=before)
    new = _requote(spec=spec, measurements=measurements)
    return CorrectionQuote(
        old_price=old_price, new_price=old_price + new.price.total - old.price.total, quote=new
    )


def _apply(*, correction: GarmentCorrection, actor: Any) -> None:
    """Inside a transaction: the units get the new spec revision, the correction applied,
    and the fabric the new size needs more (or less) taken from (or put back in) stock."""
    unit = order_line_live_unit(order_line_id=correction.line_id)
    if unit is not None and unit.fabric_metres != correction.fabric_metres:
        Fabric.objects.filter(pk=unit.fabric_id).update(
            metres_in_stock=F("metres_in_stock") - (correction.fabric_metres - unit.fabric_metres)
        )
    unit_spec_correct(
        order_line_id=correction.line_id,
        measurements=correction.measurements,
        finished=correction.finished,
        fabric_metres=correction.fabric_metres,
        price_paid=correction.new_price,
        actor=actor,
    )
    GarmentCorrection.objects.filter(pk=correction.pk).update(
        status=GarmentCorrection.Status.APPLIED
    )
    outbox_put(
        task="shop.payments.correction_notice",
        args=[correction.pk],
        key=f"correction-notice:{correction.pk}",
    )


def garment_correction_start(
    *,
    order: Any,
    line: Any,
    snapshot: Mapping[str, Any],
    measurements: Mapping[str, Decimal],
    user: Any,
) -> GarmentCorrection:
    """Correct a garment's measurements before release.

    Cheaper or the same: the correction is applied and the difference refunded through
    the outbox, after the commit.
    Dearer: a PaymentIntent for the difference is made and the correction waits for the
    customer's card (``correction_card_confirm``). Raises ChangeRefused / RefundError /
    CheckoutError, having changed nothing.
    """
    priced = correction_quote(line=line, snapshot=snapshot, measurements=measurements)
    extra = priced.quote.fabric_metres - Decimal(snapshot["fabric_metres"])
    cloth = Fabric.objects.get(pk=snapshot["fabric"]["id"])
    if extra > cloth.metres_in_stock:
        raise ChangeRefused(
            _(
                "%(fabric)s has run short, so the garment cannot be made larger; "
                "nothing was changed."
            )
            % {"fabric": cloth.name}
        )
    payment = CheckoutPayment.objects.filter(order_id=order.pk).first()
    if payment is None or payment.status != CheckoutPayment.Status.PAID:
        raise RefundError(_("This order was not paid by card here, so it cannot be changed."))
    correction = GarmentCorrection(
        order=order,
        line=line,
        user=user if getattr(user, "is_authenticated", False) else None,
        measurements={code: _cm(value) for code, value in sorted(measurements.items())},
        finished={code: _cm(value) for code, value in sorted(priced.quote.finished.items())},
        fabric_metres=priced.quote.fabric_metres,
        old_price=priced.old_price,
        new_price=priced.new_price,
    )
    if priced.difference > 0:
        order_line_change_hold(order_line_id=line.pk)  # refuses a released garment now
        order_line_change_release(order_line_id=line.pk)
        correction.save()
        try:
            intent = gateway.payment_intent_create(
                amount_fen=to_fen(priced.difference),
                currency=payment.currency,
                idempotency_key=f"correction-{correction.pk}",
                metadata={"order": str(order.number), "correction": str(correction.pk)},
            )
        except gateway.PaymentGatewayError as error:
            GarmentCorrection.objects.filter(pk=correction.pk).update(
                status=GarmentCorrection.Status.ABANDONED
            )
            raise CheckoutError(
                _("We could not reach the payment service; nothing was changed. Please try again.")
            ) from error
        GarmentCorrection.objects.filter(pk=correction.pk).update(
            payment_intent_id=intent.id, client_secret=intent.client_secret
        )
        correction.refresh_from_db()
        return correction
    order_line_change_hold(order_line_id=line.pk)
    try:
        with transaction.atomic():
            correction.save()
            if priced.difference < 0:
                order_model = type(order)
                locked = order_model.objects.select_for_update().get(pk=order.pk)
                if -priced.difference > amount_left(
                    order=locked, payment_intent_id=payment.payment_intent_id
                ):
                    raise RefundError(_("That is more than is left to refund on this order."))
                # The difference goes back through the outbox, after the commit.
                refund_owed_put(
                    order=locked,
                    payment_intent_id=payment.payment_intent_id,
                    amount=-priced.difference,
                    reason=PaymentReason.MEASUREMENTS_CORRECTED,
                    idempotency_key=f"correction-{correction.pk}-refund",
                    correction=correction,
                )
            _apply(correction=correction, actor=user)
    except BaseException:
        order_line_change_release(order_line_id=line.pk)
        raise
    correction.refresh_from_db()
    return correction


def correction_card_confirm(*, correction: GarmentCorrection, payment_method_id: str) -> str:
    """Charge the difference on the customer's card; Stripe's status for the browser.
    A card that went through applies the correction at once (the webhook finds it done)."""
    if correction.status != GarmentCorrection.Status.AWAITING_PAYMENT:
        raise CheckoutError(_("This change is no longer waiting for payment."))
    try:
        intent = gateway.payment_intent_confirm(
            payment_intent_id=str(correction.payment_intent_id),
            payment_method_id=payment_method_id,
            idempotency_key=f"correction-{correction.pk}",
        )
    except gateway.PaymentGatewayError as error:
        if error.declined:
            raise CheckoutError(
                _("Your card was declined; nothing was charged. Please try another card.")
            ) from error
        raise CheckoutError(
            _("We could not reach the payment service; nothing was charged. Please try again.")
        ) from error
    if intent.succeeded:
        correction_paid_apply(payment_intent_id=intent.id)
    return intent.status


def correction_paid_apply(*, payment_intent_id: str) -> GarmentCorrection | None:
    """The difference was paid: apply the correction, once. If the garment was released
    meanwhile, the payment is refunded in full, the correction refused and the customer
    told so by mail."""
    correction = GarmentCorrection.objects.filter(payment_intent_id=payment_intent_id).first()
    if correction is None or correction.status != GarmentCorrection.Status.AWAITING_PAYMENT:
        return correction
    try:
        order_line_change_hold(order_line_id=correction.line_id)
    except ChangeRefused:
        with transaction.atomic():
            refused = GarmentCorrection.objects.filter(
                pk=correction.pk, status=GarmentCorrection.Status.AWAITING_PAYMENT
            ).update(status=GarmentCorrection.Status.REFUSED)
            if refused:
                # The charge goes back in full through the outbox, after the commit.
                refund_owed_put(
                    order=correction.order,
                    payment_intent_id=payment_intent_id,
                    amount=correction.difference,
                    reason=PaymentReason.CORRECTION_REFUSED,
                    idempotency_key=f"correction-{correction.pk}-refused",
                    correction=correction,
                )
                # The customer is told, in their language, once this has committed.
                outbox_put(
                    task="shop.payments.correction_refused_notice",
                    args=[correction.pk],
                    key=f"correction-refused-notice:{correction.pk}",
                )
        correction.refresh_from_db()
        return correction
    try:
        with transaction.atomic():
            row = GarmentCorrection.objects.select_for_update().get(pk=correction.pk)
            if row.status != GarmentCorrection.Status.AWAITING_PAYMENT:
                return row  # applied by the webhook meanwhile
            order = type(correction.order).objects.select_for_update().get(pk=row.order_id)
            amount = row.difference
            source = order.sources.select_for_update().get(source_type__name=PAYMENT_SOURCE_NAME)
            source.debit(amount, reference=payment_intent_id)
            event_type, _created = apps.get_model(
                "order", "PaymentEventType"
            ).objects.get_or_create(name="Paid")
            order.payment_events.create(
                event_type=event_type,
                amount=amount,
                reference=f"{payment_intent_id}: {PaymentReason.MEASUREMENTS_CORRECTED}"[:128],
            )
            _apply(correction=row, actor=row.user)
    finally:
        order_line_change_release(order_line_id=correction.line_id)
    correction.refresh_from_db()
    return correction
