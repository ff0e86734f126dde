"""Stripe's webhook, and the page a customer lands on after paying."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from orders.selectors import order_line_live_unit
from orders.services import RELEASED_MESSAGE, ChangeRefused
from orders.states import CANCELLABLE
from shop.forms import MeasurementCorrectionForm
from shop.money import money
from shop.payments import gateway
from shop.payments.changes import (
    correction_card_confirm,
    garment_cancel,
    garment_correction_start,
)
from shop.payments.events import stripe_event_apply
from shop.payments.models import CheckoutPayment, GarmentCorrection
from shop.payments.refunds import RefundError, garments_cancel
from shop.payments.services import (
    NOT_CHARGED_STATUSES,
    CheckoutError,
    payment_confirm,
    payment_status_refresh,
)
from shop.statuses import PaymentReason


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
    back from Stripe on each visit, so the page never waits on a lost webhook.

    ``?poll=1`` answers the stored status as JSON: the waiting page asks every half
    second and reloads as soon as the webhook has changed it."""
    payment = CheckoutPayment.objects.filter(
        payment_intent_id=payment_intent_id, user=request.user
    ).first()
    if payment is None:
        raise Http404(_("No such payment."))
    if request.GET.get("poll") == "1":
        # The waiting page's script asks often: the stored status only, no Stripe call.
        return JsonResponse({"status": payment.status})
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
        amount = garment_cancel(order=order, line_id=line_id, actor=request.user)
    except (ChangeRefused, RefundError) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The garment is cancelled and %(amount)s is on its way back to your card.")
            % {"amount": money(amount)},
        )
    return redirect("customer:order", order_number=order.number)


@staff_member_required(login_url="dashboard:login")
@require_POST
@transaction.non_atomic_requests
def order_refund(request: HttpRequest, number: str) -> HttpResponse:
    """Staff cancel and refund chosen garments, or the whole order; a garment already
    released only when they say it is made anyway (it stays in production)."""
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
    reason = (request.POST.get("reason") or PaymentReason.REFUNDED_BY_STAFF)[:100]
    made_anyway = request.POST.get("made_anyway") == "1"
    try:
        amount = garments_cancel(
            order=order,
            line_ids=line_ids,
            actor=request.user,
            by_customer=False,
            reason=reason,
            made_anyway=made_anyway,
        )
    except (ChangeRefused, RefundError) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(amount)s is being refunded through Stripe.") % {"amount": money(amount)},
        )
    return redirect("dashboard:order-detail", number=order.number)


def _customer_line(request: HttpRequest, number: str, line_id: int) -> tuple[Any, Any]:
    order = (
        apps.get_model("order", "Order").objects.filter(number=number, user=request.user).first()
    )
    line = order.lines.filter(pk=line_id).first() if order is not None else None
    if line is None:
        raise Http404(_("No such order."))
    return order, line


@login_required
@transaction.non_atomic_requests
def garment_correct(request: HttpRequest, number: str, line_id: int) -> HttpResponse:
    """A customer corrects a garment's measurements before it goes to the factory."""
    order, line = _customer_line(request, number, line_id)
    unit = order_line_live_unit(order_line_id=line.pk)
    back = redirect("customer:order", order_number=order.number)
    if unit is None or unit.state not in CANCELLABLE or line.status != "Paid":
        messages.error(request, RELEASED_MESSAGE)
        return back
    snapshot = unit.snapshot
    form = MeasurementCorrectionForm(
        request.POST or None,
        garment_type=unit.garment_type,
        sex=snapshot["sex"],
        initial_cm=snapshot["measurements_cm"],
    )
    if request.method == "POST" and form.is_valid():
        try:
            correction = garment_correction_start(
                order=order,
                line=line,
                snapshot=snapshot,
                measurements=form.cleaned_data["measurements"],
                user=request.user,
            )
        except (ChangeRefused, RefundError, CheckoutError) as error:
            messages.error(request, str(error))
            return back
        if correction.status == GarmentCorrection.Status.AWAITING_PAYMENT:
            return redirect("payments:correction-pay", pk=correction.pk)
        if correction.difference < 0:
            messages.success(
                request,
                _("Measurements corrected; %(amount)s is on its way back to your card.")
                % {"amount": money(-correction.difference)},
            )
        else:
            messages.success(request, _("Measurements corrected; the price is unchanged."))
        return back
    return render(
        request,
        "shop/payments/correct.html",
        {"order": order, "line": line, "unit": unit, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _customer_correction(request: HttpRequest, pk: int) -> GarmentCorrection:
    correction = (
        GarmentCorrection.objects.filter(pk=pk, order__user=request.user)
        .select_related("order", "line")
        .first()
    )
    if correction is None:
        raise Http404(_("No such change."))
    return correction


@login_required
@require_GET
def correction_pay(request: HttpRequest, pk: int) -> HttpResponse:
    """The card form for the price difference of a correction."""
    correction = _customer_correction(request, pk)
    if correction.status != GarmentCorrection.Status.AWAITING_PAYMENT:
        return redirect("customer:order", order_number=correction.order.number)
    return render(
        request,
        "shop/payments/correction_pay.html",
        {
            "correction": correction,
            "unit": order_line_live_unit(order_line_id=correction.line_id),
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_js_url": gateway.stripe_js_url(),
        },
    )


@login_required
@require_POST
@transaction.non_atomic_requests
def correction_confirm(request: HttpRequest, pk: int) -> JsonResponse:
    """The browser sends the card's payment method id; Stripe charges the difference."""
    correction = _customer_correction(request, pk)
    method = request.POST.get("payment_method", "")
    if not method or len(method) > 100 or not method.replace("_", "").isalnum():
        return JsonResponse(
            {"error": _("The card details did not arrive; please try again.")}, status=400
        )
    try:
        status = correction_card_confirm(correction=correction, payment_method_id=method)
    except CheckoutError as error:
        return JsonResponse({"error": str(error)}, status=402)
    return JsonResponse(
        {
            "status": status,
            "client_secret": correction.client_secret if status == "requires_action" else "",
        }
    )
