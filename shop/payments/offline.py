"""Orders paid without a card: the demo's paid orders and the tests', made the way
Stripe's webhook makes them (``payment_succeeded_apply``), with no call to Stripe.

One builder for both, so the demo and the tests never drift from what a real payment
does: a basket of configured garments, a payment row for it as the checkout writes it,
then the payment applied (order, fabric taken, production units, confirmation mail
through the outbox).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.apps import apps
from oscar.apps.checkout.calculators import OrderTotalCalculator

from shop.forks.partner.strategy import Selector
from shop.forks.shipping.repository import shipping_method_by_code
from shop.models import Fabric
from shop.payments.models import CheckoutPayment
from shop.payments.services import payment_key, payment_succeeded_apply, to_fen
from shop.selectors import style_catalogue_get
from shop.services import GarmentConfiguration, garment_line_add
from shop.tailoring.choices import Sex


def garment_basket_create(
    *,
    user: Any,
    product: Any,
    fabric: Fabric,
    garments: int,
    measurements: Mapping[str, str | Decimal],
    monogram_text: str = "",
    sex: Sex = Sex.MALE,
) -> Any:
    """An open basket of ``user`` holding ``garments`` garments of one style and fabric,
    a line each (no options chosen: the style's defaults)."""
    basket_model = apps.get_model("basket", "Basket")
    basket = basket_model.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    catalogue = style_catalogue_get(product_id=product.pk)
    for _ in range(garments):
        garment_line_add(
            basket=basket,
            catalogue=catalogue,
            configuration=GarmentConfiguration(
                fabric=fabric,
                choices={},
                monogram_text=monogram_text,
                sex=sex,
                measurements={code: Decimal(value) for code, value in measurements.items()},
            ),
        )
    return basket


def basket_paid_offline(
    *,
    basket: Any,
    user: Any,
    payment_intent_id: str,
    shipping_address: Mapping[str, str],
    shipping_method_code: str = "standard",
    language: str = "en",
) -> CheckoutPayment:
    """Record the payment of ``basket`` as the checkout would (``payment_intent_id`` is
    the caller's, never sent to Stripe) and apply it as Stripe's webhook would; the
    payment as applied (``order`` set when it became one)."""
    basket = type(basket).objects.get(pk=basket.pk)
    basket.strategy = Selector().strategy(user=user)
    method = shipping_method_by_code(shipping_method_code)
    total = OrderTotalCalculator().calculate(basket, method.calculate(basket)).incl_tax
    key = payment_key(basket=basket, total=total, shipping_method_code=shipping_method_code)
    payment = CheckoutPayment.objects.create(
        basket=basket,
        user=user,
        email=user.email,
        language=language,
        payment_intent_id=payment_intent_id,
        basket_key=key,
        idempotency_key=f"{key}-1",
        client_secret=f"{payment_intent_id}_secret",
        amount_fen=to_fen(total),
        shipping_address=dict(shipping_address),
        shipping_method_code=shipping_method_code,
    )
    applied = payment_succeeded_apply(payment_intent_id=payment.payment_intent_id)
    assert applied is not None  # the payment was just recorded
    return applied
