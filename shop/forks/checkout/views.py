"""Oscar's checkout, paying by card through Stripe.

The preview page creates (or reuses) the basket's PaymentIntent and shows Stripe's
card element; the browser confirms the card with Stripe.js and goes to the payment
page, which shows the order once Stripe's webhook has said the payment succeeded.
Oscar's own "place order" submission is not used: an order is made only from a
payment Stripe confirmed (see shop.payments.services).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from oscar.apps.checkout import views as oscar_views

from shop.payments import gateway
from shop.payments.services import CheckoutError, checkout_payment_start, shipping_address_snapshot
from shop.selectors import order_for_summary


class ShippingMethodView(oscar_views.ShippingMethodView):
    # The card is entered on the preview: there is no payment method to choose and no
    # details to collect before it, so the delivery method leads straight there rather
    # than through Oscar's payment-method and payment-details pages, which only
    # redirect onwards (two requests fewer per order, each loading and pricing the basket).
    success_url = reverse_lazy("checkout:preview")


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        # The preview asks Stripe for the PaymentIntent: never inside the request's
        # transaction (ATOMIC_REQUESTS), so no network call waits with rows locked.
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.preview:
            # No details to collect before the preview: the card is entered there.
            return redirect("checkout:preview")
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Orders are placed from confirmed payments only, never from this form.
        return redirect("checkout:preview")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.preview:
            return context
        basket = self.request.basket  # type: ignore[attr-defined]
        address = self.get_shipping_address(basket)
        method = self.get_shipping_method(basket, address)
        total = context.get("order_total")
        try:
            if method is None or total is None:
                raise CheckoutError("")
            payment = checkout_payment_start(
                basket=basket,
                user=self.request.user,
                email=self.request.user.email,
                shipping_address=shipping_address_snapshot(address),
                shipping_method_code=method.code,
                total=total.incl_tax,
                language=get_language() or "en",
            )
        except CheckoutError as error:
            context["payment_error"] = str(error)
            return context
        context.update(
            {
                "payment": payment,
                "stripe_js_url": gateway.stripe_js_url(),
                "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
                "payment_complete_url": reverse(
                    "payments:complete", kwargs={"payment_intent_id": payment.payment_intent_id}
                ),
                "payment_confirm_url": reverse(
                    "payments:confirm", kwargs={"payment_intent_id": payment.payment_intent_id}
                ),
            }
        )
        return context


class ThankYouView(oscar_views.ThankYouView):
    """Oscar's thank-you page, its order read with what the page shows (Oscar's reads
    the order alone, then its address, country, customer, each line's product, and its
    discounts three times and surcharges twice as the totals ask)."""

    def get_object(self, queryset: Any = None) -> Any:
        # Oscar's choice of order: a superuser may name one; else the session's.
        request = self.request
        order = None
        if request.user.is_superuser:
            if "order_number" in request.GET:
                order = order_for_summary(number=request.GET["order_number"])
            elif "order_id" in request.GET:
                order = order_for_summary(id=request.GET["order_id"])
        if order is None and "checkout_order_id" in request.session:
            order = order_for_summary(pk=request.session["checkout_order_id"])
        return order
