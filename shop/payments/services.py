"""Writes for payments: start a PaymentIntent, apply what Stripe says, refund.

The order exists only once Stripe says the payment succeeded: ``payment_succeeded_apply``
turns a paid basket into an Oscar order, takes the fabric from stock and records the
payment, all in one transaction and at most once per PaymentIntent (the payment row is
locked, and its status says whether it was already applied). A payment whose fabric
ran out meanwhile is refunded automatically, and the customer is told.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.apps.order.utils import OrderCreator, OrderNumberGenerator

from orders.event_days import unit_event_counts_deferred
from orders.outbox import outbox_put
from orders.services import production_units_create
from shop.forks.partner.strategy import Selector
from shop.forks.shipping.repository import shipping_method_by_code
from shop.models import Fabric, GarmentSpec
from shop.payments import gateway
from shop.payments.models import CheckoutPayment
from shop.selectors import ordered_garments

logger = logging.getLogger(__name__)

PAYMENT_SOURCE_NAME = "Stripe card"
ADDRESS_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "line1",
    "line2",
    "line3",
    "line4",
    "state",
    "postcode",
    "notes",
)


class CheckoutError(Exception):
    """The basket cannot be paid for as it is; the message says why, in the customer's words."""


#: The payment states in which a success from Stripe still makes the order.
OPEN_STATUSES = (CheckoutPayment.Status.PENDING, CheckoutPayment.Status.FAILED)


def to_fen(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal("1")))


def shipping_address_snapshot(address: Any) -> dict[str, str]:
    data = {field: str(getattr(address, field, "") or "") for field in ADDRESS_FIELDS}
    data["country"] = address.country_id if address is not None else ""
    data["phone_number"] = str(getattr(address, "phone_number", "") or "")
    return data


def _basket_specs(*, basket_id: int) -> list[GarmentSpec]:
    """The garment specs of a basket's lines, with their fabric and product."""
    return list(
        GarmentSpec.objects.filter(basket_line__basket_id=basket_id).select_related(
            "fabric", "product"
        )
    )


def _basket_fabric_needs(*, specs: list[GarmentSpec]) -> dict[int, Decimal]:
    needs: dict[int, Decimal] = defaultdict(Decimal)
    for spec in specs:
        needs[spec.fabric_id] += spec.fabric_metres
    return needs


def payment_key(
    *,
    basket: Any,
    total: Decimal,
    shipping_method_code: str,
    specs: list[GarmentSpec] | None = None,
) -> str:
    """The same basket content, total and delivery always give the same key (``specs``:
    the basket's garment specs when the caller has them; read otherwise)."""
    lines = sorted(
        (line.pk, line.product_id, line.quantity, str(line.unit_price_incl_tax))
        for line in basket.all_lines()
    )
    if specs is None:
        specs = _basket_specs(basket_id=basket.pk)
    versions = sorted((spec.reference, spec.updated_at) for spec in specs)
    material = json.dumps(
        [lines, [(r, u.isoformat()) for r, u in versions], str(total), shipping_method_code],
        default=str,
    )
    return f"basket-{basket.pk}-{hashlib.sha256(material.encode()).hexdigest()[:32]}"


def checkout_payment_start(
    *,
    basket: Any,
    user: Any,
    email: str,
    shipping_address: Mapping[str, str],
    shipping_method_code: str,
    total: Decimal,
    language: str,
) -> CheckoutPayment:
    """The PaymentIntent for this basket as it stands: created once, then reused.

    Refuses (CheckoutError, nothing charged) a basket with a line that cannot be bought
    or whose fabric is no longer in stock.
    """
    if basket.is_empty:
        raise CheckoutError(_("Your basket is empty."))
    for line in basket.all_lines():
        availability = line.purchase_info.availability
        if not availability.is_available_to_buy:
            raise CheckoutError(str(availability.message))
        permitted, message = availability.is_purchase_permitted(line.quantity)
        if not permitted:
            raise CheckoutError(str(message))
    specs = _basket_specs(basket_id=basket.pk)
    needs = _basket_fabric_needs(specs=specs)
    # The fabrics as the specs were read with them (their stock of now), by code.
    fabrics = {spec.fabric_id: spec.fabric for spec in specs}
    for fabric in sorted(fabrics.values(), key=lambda fabric: fabric.code):
        if fabric.metres_in_stock < needs[fabric.pk]:
            raise CheckoutError(
                _("%(fabric)s has run short; please choose another fabric for that garment.")
                % {"fabric": fabric.name}
            )
    key = payment_key(
        basket=basket, total=total, shipping_method_code=shipping_method_code, specs=specs
    )
    attempts = list(CheckoutPayment.objects.filter(basket_key=key).order_by("pk"))
    still_open = (CheckoutPayment.Status.PENDING, CheckoutPayment.Status.FAILED)
    if any(p.status not in still_open for p in attempts):
        raise CheckoutError(_("This basket has already been paid for."))
    open_payment = next((p for p in attempts if p.status == CheckoutPayment.Status.PENDING), None)
    if open_payment is not None:
        return open_payment
    idempotency_key = f"{key}-{len(attempts) + 1}"
    intent = gateway.payment_intent_create(
        amount_fen=to_fen(total),
        currency="cny",
        idempotency_key=idempotency_key,
        metadata={"basket_id": str(basket.pk), "payment_key": key},
    )
    try:
        with transaction.atomic():
            return CheckoutPayment.objects.create(
                basket=basket,
                user=user if getattr(user, "is_authenticated", False) else None,
                email=email,
                language=language,
                payment_intent_id=intent.id,
                basket_key=key,
                idempotency_key=idempotency_key,
                client_secret=intent.client_secret,
                amount_fen=intent.amount,
                currency=intent.currency,
                shipping_address=dict(shipping_address),
                shipping_method_code=shipping_method_code,
            )
    except IntegrityError:
        # A concurrent request for the same basket won: use its PaymentIntent.
        return CheckoutPayment.objects.get(idempotency_key=idempotency_key)


#: Stripe's PaymentIntent states in which the card has not been charged and cannot be
#: any more without the customer confirming again.
NOT_CHARGED_STATUSES = ("requires_payment_method", "requires_confirmation", "canceled")


def payment_confirm(*, payment: CheckoutPayment, payment_method_id: str) -> str:
    """Confirm the card on the PaymentIntent; returns Stripe's status for the browser.

    A declined card marks the payment failed (nothing is charged and the basket is
    untouched) and raises CheckoutError with the bank's reason. Any other error is
    never reported before the PaymentIntent is read back from Stripe: a confirmation
    whose answer was lost (a network fault, a worker killed, a second press of "Pay")
    may well have charged the card. A PaymentIntent that succeeded makes the order
    now, as the webhook would (once), and the customer is shown it.
    """
    if payment.status == CheckoutPayment.Status.PAID:
        return "succeeded"
    if payment.status != CheckoutPayment.Status.PENDING:
        raise CheckoutError(_("This payment is no longer open; please reload the page."))
    try:
        intent = gateway.payment_intent_confirm(
            payment_intent_id=payment.payment_intent_id,
            payment_method_id=payment_method_id,
            idempotency_key=payment.idempotency_key,
        )
    except gateway.PaymentGatewayError as error:
        if error.declined:
            payment_failed_apply(payment_intent_id=payment.payment_intent_id, message=str(error))
            raise CheckoutError(
                _("Your card was declined; nothing was charged. Please try another card.")
            ) from error
        logger.warning("confirming %s failed: %s", payment.payment_intent_id, error)
        return _status_read_back(payment=payment, error=error)
    if intent.succeeded:
        payment_succeeded_apply(payment_intent_id=payment.payment_intent_id)
    return intent.status


def _status_read_back(*, payment: CheckoutPayment, error: Exception) -> str:
    """After a failed confirmation: what Stripe says happened, or an honest "unknown"."""
    try:
        intent = gateway.payment_intent_retrieve(payment_intent_id=payment.payment_intent_id)
    except gateway.PaymentGatewayError:
        raise CheckoutError(
            _(
                "We could not reach the payment service to learn whether your card was "
                "charged. Please do not pay again: your payment page will show the outcome "
                "as soon as we know it."
            )
        ) from error
    if intent.succeeded:
        payment_succeeded_apply(payment_intent_id=payment.payment_intent_id)
        return intent.status
    if intent.status in NOT_CHARGED_STATUSES:
        raise CheckoutError(
            _(
                "The payment service did not complete the payment and your card was not "
                "charged. Please try again."
            )
        ) from error
    # processing, requires_action, requires_capture: the browser follows Stripe's status.
    return intent.status


def payment_status_refresh(*, payment: CheckoutPayment) -> CheckoutPayment:
    """A payment still pending, checked with Stripe; the order made if it succeeded.

    The customer's payment page asks this on each visit, so a lost webhook or a lost
    answer never leaves them without their order. Returns the payment as it now is
    (``card_status`` set to Stripe's status, or "" when Stripe could not be asked).
    """
    payment.card_status = ""  # type: ignore[attr-defined]
    if payment.status != CheckoutPayment.Status.PENDING:
        return payment
    try:
        intent = gateway.payment_intent_retrieve(payment_intent_id=payment.payment_intent_id)
    except gateway.PaymentGatewayError as error:
        logger.warning("reading %s back failed: %s", payment.payment_intent_id, error)
        return payment
    if intent.succeeded:
        payment = payment_succeeded_apply(payment_intent_id=payment.payment_intent_id) or payment
    payment.card_status = intent.status  # type: ignore[attr-defined]
    return payment


class _FabricShort(Exception):
    """A fabric of the basket ran out after it was paid for: the transaction is undone."""

    def __init__(self, fabric_id: int) -> None:
        super().__init__(fabric_id)
        self.fabric_id = fabric_id


def _fabric_take(*, needs: Mapping[int, Decimal]) -> None:
    """Take the basket's fabric from stock, each by one conditional UPDATE, in fabric
    order (two baskets never wait on each other crosswise); _FabricShort when one has
    less left than the basket needs.

    Called last in the payment transaction: the row lock each UPDATE takes is held only
    until the commit that follows, not while the order is made. A customer racing for
    the same metres waits at the UPDATE, which PostgreSQL then evaluates again on the
    row as committed, so the last metre goes to exactly one of them."""
    for fabric_id in sorted(needs):
        taken = Fabric.objects.filter(pk=fabric_id, metres_in_stock__gte=needs[fabric_id]).update(
            metres_in_stock=F("metres_in_stock") - needs[fabric_id]
        )
        if not taken:
            raise _FabricShort(fabric_id)


def _fabric_short_problem(*, fabric_id: int) -> str:
    fabric = Fabric.objects.filter(pk=fabric_id).first()
    return _(
        "%(fabric)s ran out while you were paying, so we could not make your order. "
        "Your payment has been refunded in full."
    ) % {"fabric": fabric.name if fabric is not None else fabric_id}


def _order_create(
    *, payment: CheckoutPayment, basket: Any, specs: list[GarmentSpec]
) -> tuple[Any, list[Any], dict[int, GarmentSpec]]:
    """The Oscar order of a paid basket; with its lines, and the basket's garment specs
    (``specs``) linked to them, by order line id."""
    address_model = apps.get_model("order", "ShippingAddress")
    source_type_model = apps.get_model("payment", "SourceType")
    source_model = apps.get_model("payment", "Source")
    event_type_model = apps.get_model("order", "PaymentEventType")
    fields = dict(payment.shipping_address)
    country = fields.pop("country", "") or "CN"
    address = address_model(country_id=country, **fields)
    address.save()
    method = shipping_method_by_code(payment.shipping_method_code)
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    # Oscar stores each line's title and the delivery method's name as text: in English
    # whatever language the payment arrived in (pages show them in the reader's language
    # from the product and the method's code).
    with translation.override("en"):
        order = OrderCreator().place_order(
            basket=basket,
            total=total,
            shipping_method=method,
            shipping_charge=charge,
            user=payment.user,
            shipping_address=address,
            order_number=OrderNumberGenerator().order_number(basket),
        )
    amount = Decimal(payment.amount_fen) / 100
    source_type, _ = source_type_model.objects.get_or_create(name=PAYMENT_SOURCE_NAME)
    source = source_model.objects.create(
        order=order,
        source_type=source_type,
        currency=payment.currency.upper(),
        amount_allocated=amount,
        amount_debited=amount,
        reference=payment.payment_intent_id,
    )
    source._create_transaction("Debit", amount, reference=payment.payment_intent_id)
    event_type, _ = event_type_model.objects.get_or_create(name="Paid")
    event = order.payment_events.create(
        event_type=event_type, amount=amount, reference=payment.payment_intent_id
    )
    order_lines = list(order.lines.order_by("pk"))
    event.line_quantities.model.objects.bulk_create(
        event.line_quantities.model(event=event, line=line, quantity=line.quantity)
        for line in order_lines
    )
    specs_by_basket_line = {spec.basket_line_id: spec for spec in specs}
    linked = {}
    # The basket's lines as Oscar loaded them to price the order (in pk order already):
    # not read again.
    basket_lines = sorted(basket.all_lines(), key=lambda line: line.pk)
    for basket_line, order_line in zip(basket_lines, order_lines, strict=True):
        spec = specs_by_basket_line.get(basket_line.pk)
        if spec is not None:
            spec.order_line = order_line
            linked[order_line.pk] = spec
    GarmentSpec.objects.bulk_update(list(linked.values()), ["order_line"])
    basket.submit()
    return order, order_lines, linked


def _order_counted(*, order: Any, lines: list[Any], user: Any) -> None:
    """Oscar's analytics for a new order (its receiver is disconnected, shop/apps.py):
    each product's purchases and the customer's orders. A counter is one UPDATE; a row
    not there yet is first added by an INSERT that does nothing when a concurrent order
    adds it too, so two first orders of a product never break each other."""
    bought: dict[int, int] = defaultdict(int)
    for line in lines:
        if line.product_id is not None:
            bought[line.product_id] += line.quantity
    for product_id in sorted(bought):
        _counter_add(
            apps.get_model("analytics", "ProductRecord"),
            key={"product_id": product_id},
            num_purchases=F("num_purchases") + bought[product_id],
        )
    if user is not None and user.is_authenticated:
        _counter_add(
            apps.get_model("analytics", "UserRecord"),
            key={"user_id": user.pk},
            num_orders=F("num_orders") + 1,
            num_order_lines=F("num_order_lines") + len(lines),
            num_order_items=F("num_order_items") + sum(line.quantity for line in lines),
            total_spent=F("total_spent") + order.total_incl_tax,
            date_last_order=order.date_placed,
        )


def _counter_add(model: Any, *, key: Mapping[str, int], **changes: Any) -> None:
    if model.objects.filter(**key).update(**changes):
        return
    model.objects.bulk_create([model(**key)], ignore_conflicts=True)
    model.objects.filter(**key).update(**changes)


def payment_succeeded_apply(*, payment_intent_id: str) -> CheckoutPayment | None:
    """Stripe says this PaymentIntent succeeded: make the order, once.

    Returns the payment (None for a PaymentIntent the platform did not start). What
    must follow (the refund, the confirmation mail, routing) goes through the outbox.
    When the fabric ran out meanwhile, everything the order's transaction wrote is
    rolled back and the payment is refunded instead, in a transaction of its own.
    """
    try:
        return _paid_order_make(payment_intent_id=payment_intent_id)
    except _FabricShort as short:
        problem = _fabric_short_problem(fabric_id=short.fabric_id)
    with transaction.atomic():
        payment = _payment_locked(payment_intent_id=payment_intent_id)
        if payment is None or payment.status not in OPEN_STATUSES:
            # Another delivery of the same event applied it meanwhile.
            return payment
        return _payment_refund_owed(payment=payment, problem=problem)


def _payment_locked(*, payment_intent_id: str) -> CheckoutPayment | None:
    """The payment, its row locked (not its customer's), with its customer."""
    return (
        CheckoutPayment.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(payment_intent_id=payment_intent_id)
        .first()
    )


def _payment_refund_owed(*, payment: CheckoutPayment, problem: str) -> CheckoutPayment:
    payment.status = CheckoutPayment.Status.REFUND_PENDING
    payment.problem = problem
    payment.save(update_fields=["status", "problem", "updated_at"])
    outbox_put(task="shop.payments.refund", args=[payment.pk], key=f"payment-refund:{payment.pk}")
    return payment


def _paid_order_make(*, payment_intent_id: str) -> CheckoutPayment | None:
    with transaction.atomic():
        payment = _payment_locked(payment_intent_id=payment_intent_id)
        if payment is None:
            logger.warning(
                "payment_intent.succeeded for unknown PaymentIntent %s", payment_intent_id
            )
            return None
        if payment.status not in OPEN_STATUSES:
            return payment
        basket_model = apps.get_model("basket", "Basket")
        basket = basket_model._default_manager.select_for_update().get(pk=payment.basket_id)
        basket.strategy = Selector().strategy(user=payment.user)
        method = shipping_method_by_code(payment.shipping_method_code)
        problem = ""
        specs: list[GarmentSpec] = []
        if basket.status != basket_model.OPEN and basket.status != basket_model.FROZEN:
            problem = _("This basket was already ordered; your payment has been refunded.")
        elif method is None:
            problem = _(
                "That delivery method is no longer offered; your payment has been refunded."
            )
        else:
            specs = _basket_specs(basket_id=basket.pk)
            total = OrderTotalCalculator().calculate(basket, method.calculate(basket))
            key = payment_key(
                basket=basket,
                total=total.incl_tax,
                shipping_method_code=method.code,
                specs=specs,
            )
            if key != payment.basket_key or to_fen(total.incl_tax) != payment.amount_fen:
                problem = _(
                    "Your basket changed while you were paying, so we could not make this "
                    "order. Your payment has been refunded in full."
                )
        if problem:
            return _payment_refund_owed(payment=payment, problem=problem)
        needs = _basket_fabric_needs(specs=specs)
        payment.order, lines, specs_by_line = _order_create(
            payment=payment, basket=basket, specs=specs
        )
        # Each garment becomes a production unit in the same transaction: no message
        # between payment and factory can be lost. Their "paid" events are counted
        # at the end of the block, in the day's row that every payment of the day adds
        # to: locked from there to the commit only.
        with unit_event_counts_deferred():
            production_units_create(
                order=payment.order,
                lines=lines,
                garments=ordered_garments(specs_by_line=specs_by_line),
            )
            payment.status = CheckoutPayment.Status.PAID
            payment.problem = ""
            payment.save(update_fields=["order", "status", "problem", "updated_at"])
            outbox_put(
                task="shop.payments.order_confirmation",
                args=[payment.order.pk],
                key=f"order-confirmation:{payment.order.pk}",
            )
        # Last, so the rows every customer of a product or a fabric needs stay locked
        # only until the commit.
        _order_counted(order=payment.order, lines=lines, user=payment.user)
        _fabric_take(needs=needs)
        return payment


def payment_failed_apply(*, payment_intent_id: str, message: str) -> CheckoutPayment | None:
    """A card was declined: note it. A payment that already succeeded stays paid."""
    with transaction.atomic():
        payment = (
            CheckoutPayment.objects.select_for_update()
            .filter(payment_intent_id=payment_intent_id)
            .first()
        )
        if payment is None or payment.status != CheckoutPayment.Status.PENDING:
            return payment
        payment.status = CheckoutPayment.Status.FAILED
        payment.problem = message[:500]
        payment.save(update_fields=["status", "problem", "updated_at"])
        return payment


def checkout_payment_refund(*, payment_id: int) -> CheckoutPayment:
    """Refund in full a payment that could not become an order. Idempotent: a refund
    Stripe made under the same key is found before one is asked for (no row locked
    meanwhile), and the payment is marked refunded once."""
    payment = CheckoutPayment.objects.get(pk=payment_id)
    if payment.status != CheckoutPayment.Status.REFUND_PENDING:
        return payment
    gateway.refund_create_once(
        payment_intent_id=payment.payment_intent_id,
        amount_fen=None,
        idempotency_key=f"refund-{payment.payment_intent_id}-full",
    )
    CheckoutPayment.objects.filter(
        pk=payment.pk, status=CheckoutPayment.Status.REFUND_PENDING
    ).update(status=CheckoutPayment.Status.REFUNDED, updated_at=timezone.now())
    payment.refresh_from_db()
    return payment
