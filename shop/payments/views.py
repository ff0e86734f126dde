"""Stripe's webhook, and the page a customer lands on after paying."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from orders.services import order_line_cancel as garment_line_cancel
from shop.payments import gateway
from shop.payments.models import CheckoutPayment
from shop.payments.refunds import RefundError, order_lines_refund
from shop.payments.services import (
    NOT_CHARGED_STATUSES,
    CheckoutError,
    payment_confirm,
    payment_status_refresh,
    stripe_event_apply,
)


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Verify the signature on the raw body, then apply the event once."""
    try:
        event = gateway.webhook_event_verify(
            payload=request.body, signature_header=request.headers.get("Stripe-Signature", "")
        )
    except gateway.WebhookVerificationError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain")
    applied = stripe_event_apply(event=event)
    return HttpResponse("applied" if applied else "already applied", content_type="text/plain")


@login_required
@require_GET
@transaction.non_atomic_requests
def payment_complete(request: HttpRequest, payment_intent_id: str) -> HttpResponse:
    """Where the browser goes once the card is confirmed: the order when it exists,
    a "confirming" page that refreshes itself until then. A pending payment is read
    back from Stripe on each visit, so the page never waits on a lost webhook."""
    payment = CheckoutPayment.objects.filter(
        payment_intent_id=payment_intent_id, user=request.user
    ).first()
    if payment is None:
        raise Http404(_("No such payment."))
    payment = payment_status_refresh(payment=payment)
    if payment.status == CheckoutPayment.Status.PAID and payment.order_id:
        request.session["checkout_order_id"] = payment.order_id
        return redirect("checkout:thank-you")
    return render(
        request,
        "shop/payments/complete.html",
        {"payment": payment, "not_charged": NOT_CHARGED_STATUSES},
    )


@login_required
@require_POST
@transaction.non_atomic_requests
def payment_card_confirm(request: HttpRequest, payment_intent_id: str) -> JsonResponse:
    """The browser sends the card's payment method id (from Stripe.js); Stripe charges it."""
    payment = CheckoutPayment.objects.filter(
        payment_intent_id=payment_intent_id, user=request.user
    ).first()
    if payment is None:
        raise Http404(_("No such payment."))
    method = request.POST.get("payment_method", "")
    if not method or len(method) > 100 or not method.replace("_", "").isalnum():
        return JsonResponse(
            {"error": _("The card details did not arrive; please try again.")}, status=400
        )
    try:
        status = payment_confirm(payment=payment, payment_method_id=method)
    except CheckoutError as error:
        return JsonResponse({"error": str(error)}, status=402)
    return JsonResponse(
        {
            "status": status,
            "client_secret": payment.client_secret if status == "requires_action" else "",
        }
    )


@login_required
@require_POST
@transaction.non_atomic_requests
def order_line_cancel(request: HttpRequest, number: str, line_id: int) -> HttpResponse:
    """A customer cancels one of their garments before it goes to the factory."""
    order = (
        apps.get_model("order", "Order").objects.filter(number=number, user=request.user).first()
    )
    if order is None or not order.lines.filter(pk=line_id).exists():
        raise Http404(_("No such order."))
    try:
        amount = garment_line_cancel(
            order=order, line_id=line_id, actor=request.user, by_customer=True
        )
    except RefundError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The garment is cancelled and ¥%(amount)s is on its way back to your card.")
            % {"amount": amount},
        )
    return redirect("customer:order", order_number=order.number)


@staff_member_required(login_url="dashboard:login")
@require_POST
@transaction.non_atomic_requests
def order_refund(request: HttpRequest, number: str) -> HttpResponse:
    """Staff refund chosen garments, or the whole order, through Stripe."""
    order = apps.get_model("order", "Order").objects.filter(number=number).first()
    if order is None:
        raise Http404(_("No such order."))
    line_ids: list[int] | None = None
    if request.POST.get("scope") != "all":
        try:
            line_ids = [int(value) for value in request.POST.getlist("refund_line")]
        except ValueError:
            line_ids = []
        if not line_ids:
            messages.error(request, _("Choose the garments to refund, or refund the whole order."))
            return redirect("dashboard:order-detail", number=order.number)
    reason = (request.POST.get("reason") or "refunded by staff")[:100]
    try:
        amount = order_lines_refund(order=order, line_ids=line_ids, reason=reason)
    except RefundError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Refunded ¥%(amount)s through Stripe.") % {"amount": amount})
    return redirect("dashboard:order-detail", number=order.number)
