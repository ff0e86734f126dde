"""The factory portal (``/<lang>/factory/``): inbox, work orders and their papers, the scan
station, quality control, packing and shipping. Thin: each view finds the user's factory,
calls a selector or a service, and shows the answer. A signed-in user who works at no
factory is refused (403); another factory's objects are a 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from factory.calendars import factory_shifts_load
from factory.floor import selectors, services
from factory.floor.models import QCDecision, QCReason, Shipment
from factory.floor.selectors import WorkOrderState
from factory.floor.services import FloorError
from factory.floor.tickets import (
    shipment_packing_slip_pdf,
    work_order_cut_sheet_pdf,
    work_order_tickets_pdf,
)
from factory.models import FactoryMembership, WorkOrder
from orders.carriers import Carrier

#: Refusals the station shows in its own colour (and sound); anything else is a plain error.
PAGE_SIZE = 20

View = Callable[..., HttpResponse]


def floor_page(view: View) -> View:
    """Sign-in required; the user's factory (and role) on the request, or 403. The page
    is rendered in the factory's time zone."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            # The sign-in page in the language of the page asked for.
            return redirect_to_login(request.get_full_path(), reverse("customer:login"))
        factory = selectors.floor_factory_for_user(user=request.user)
        if factory is None:
            raise PermissionDenied(_("This page is for the people of a factory."))
        request.factory = factory  # type: ignore[attr-defined]
        request.floor_role = selectors.floor_role(factory=factory, user=request.user)  # type: ignore[attr-defined]
        # Times on the portal are the factory's own wall clock.
        with timezone.override(factory.tzinfo):
            return view(request, *args, **kwargs)

    return wrapper


def floor_or_staff_page(view: View) -> View:
    """As ``floor_page``, and open to staff (the dashboard's users) too, on any factory's
    objects: for them ``request.factory`` is None."""
    floor_view = floor_page(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff:
            request.factory = None  # type: ignore[attr-defined]
            request.floor_role = None  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)
        return floor_view(request, *args, **kwargs)

    return wrapper


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "factory": request.factory,  # type: ignore[attr-defined]
        "is_manager": request.floor_role == FactoryMembership.Role.MANAGER,  # type: ignore[attr-defined]
        **extra,
    }


def after_login(request: HttpRequest) -> HttpResponse:
    """Where a sign-in lands: a factory's people on their portal (in Simplified Chinese
    unless they chose a language), everyone else on the storefront."""
    if selectors.floor_factory_for_user(user=request.user) is None:
        return redirect("home")
    chosen = request.COOKIES.get("django_language")
    language = chosen if chosen in ("en", "zh-hans") else "zh-hans"
    with translation.override(language):
        return redirect(reverse("floor:inbox"))


# --- inbox and work orders ------------------------------------------------------------


@floor_page
def inbox(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") or ""
    if state not in WorkOrderState.ALL:
        state = ""
    orders = selectors.work_orders_for_factory(factory=request.factory, state=state or None)  # type: ignore[attr-defined]
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    shifts = factory_shifts_load(factory=request.factory)  # type: ignore[attr-defined]
    rows = [
        {
            "order": order,
            "state": selectors.work_order_state(order),
            "cutting_at": selectors.work_order_cutting_starts_at(order, shifts=shifts),
        }
        for order in page
    ]
    states = [
        ("", _("All")),
        (WorkOrderState.RELEASED, _("New")),
        (WorkOrderState.ACCEPTED, _("In production")),
        (WorkOrderState.COMPLETED, _("Completed")),
    ]
    return render(
        request,
        "floor/inbox.html",
        _context(request, page=page, rows=rows, state=state, states=states),
    )


def _work_order(request: HttpRequest, pk: int) -> WorkOrder:
    factory = request.factory  # type: ignore[attr-defined]
    try:
        if factory is None:  # staff (floor_or_staff_page)
            return selectors.work_order_get_for_staff(work_order_id=pk)
        return selectors.work_order_get(factory=factory, work_order_id=pk)
    except WorkOrder.DoesNotExist:
        raise Http404("No such work order.") from None


@floor_page
def work_order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = _work_order(request, pk)
    units = list(order.units.all())
    cut_plan = selectors.work_order_cut_plan(work_order=order)
    return render(
        request,
        "floor/work_order.html",
        _context(
            request,
            order=order,
            units=units,
            state=selectors.work_order_state(order),
            cutting_at=selectors.work_order_cutting_starts_at(order),
            metres=cut_plan.planned_metres
            if cut_plan is not None
            else sum(u.fabric_metres for u in units),
            cut_plan=cut_plan,
            cut_plan_percent=f"{cut_plan.utilisation * 100:.1f}" if cut_plan else "",
            cut_plan_asked=cut_plan is None
            and selectors.work_order_cut_plan_asked(work_order=order),
        ),
    )


@require_POST
@floor_page
def work_order_accept(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        order = services.work_order_accept(
            factory=request.factory,  # type: ignore[attr-defined]
            work_order_id=pk,
            user=request.user,
        )
    except FloorError as error:
        if error.code == "unknown":
            raise Http404(error.message) from None
        messages.error(request, error.message)
        return redirect("floor:work-order", pk=pk)
    messages.success(request, _("Work order %(code)s accepted.") % {"code": order.code})
    return redirect("floor:work-order", pk=pk)


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@floor_or_staff_page
def work_order_tickets(request: HttpRequest, pk: int) -> HttpResponse:
    """The work order's garment tickets; ``?unit=<code>`` for one garment's ticket alone
    (the staff order page links each garment's). Staff may open any factory's."""
    order = _work_order(request, pk)
    units = list(order.units.all())
    code = request.GET.get("unit")
    if code is not None:
        units = [unit for unit in units if unit.code == code]
        if not units:
            raise Http404("No such garment in this work order.")
    data = work_order_tickets_pdf(work_order=order, units=units)
    suffix = f"-{units[0].code}" if code is not None else ""
    return _pdf(data, f"{order.code}{suffix}-tickets.pdf")


@floor_page
def work_order_cut_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    order = _work_order(request, pk)
    data = work_order_cut_sheet_pdf(work_order=order, units=list(order.units.all()))
    return _pdf(data, f"{order.code}-cut-sheet.pdf")


# --- scan station -----------------------------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@floor_page
def scan_station(request: HttpRequest) -> HttpResponse:
    centres = selectors.work_centres_for_factory(factory=request.factory)  # type: ignore[attr-defined]
    chosen = None
    wanted = request.GET.get("centre")
    for centre in centres:
        if str(centre.pk) == wanted:
            chosen = centre
    return render(
        request,
        "floor/scan.html",
        _context(
            request,
            centres=centres,
            centre=chosen,
            recent=selectors.recent_scans_for_factory(factory=request.factory),  # type: ignore[attr-defined]
        ),
    )


@require_POST
@floor_page
def scan_record(request: HttpRequest) -> HttpResponse:
    """A scan from the station's form or its script (which asks for JSON)."""
    centre = request.POST.get("centre", "")
    code = request.POST.get("code", "")
    try:
        result = services.unit_scan(
            factory=request.factory,  # type: ignore[attr-defined]
            work_centre_id=int(centre) if centre.isdigit() else 0,
            code=code,
            user=request.user,
            client_event_id=request.POST.get("client_event_id") or None,
        )
    except FloorError as error:
        if _wants_json(request):
            return JsonResponse(
                {"ok": False, "code": error.code, "message": error.message}, status=409
            )
        messages.error(request, error.message, extra_tags="refused")
        return redirect(f"{reverse('floor:scan')}?{urlencode({'centre': centre})}")
    if result.repeated:
        message = _("Garment %(code)s is already at %(stage)s. Nothing to do.")
    else:
        message = _("Garment %(code)s is now at %(stage)s.")
    message = message % {"code": result.unit.code, "stage": result.unit.get_state_display()}
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "unit": result.unit.code,
                "state": result.state,
                "repeated": result.repeated,
                "message": message,
            }
        )
    messages.success(request, message)
    return redirect(f"{reverse('floor:scan')}?{urlencode({'centre': centre})}")


@require_POST
@floor_page
def scan_undo(request: HttpRequest) -> HttpResponse:
    try:
        result = services.scan_undo(factory=request.factory, user=request.user)  # type: ignore[attr-defined]
    except FloorError as error:
        messages.error(request, error.message, extra_tags="refused")
    else:
        messages.success(
            request,
            _("Scan undone: garment %(code)s is back at %(stage)s.")
            % {"code": result.unit.code, "stage": result.unit.get_state_display()},
        )
    centre = request.POST.get("centre", "")
    return redirect(f"{reverse('floor:scan')}?{urlencode({'centre': centre})}")


# --- quality control ----------------------------------------------------------------------


@floor_page
def qc(request: HttpRequest) -> HttpResponse:
    units = list(selectors.units_at_qc_for_factory(factory=request.factory))  # type: ignore[attr-defined]
    passed = selectors.qc_passed_unit_ids(unit_ids=[u.pk for u in units])
    passes, checked = selectors.first_pass_yield(factory=request.factory)  # type: ignore[attr-defined]
    return render(
        request,
        "floor/qc.html",
        _context(
            request,
            rows=[{"unit": u, "passed": u.pk in passed} for u in units],
            reasons=QCReason.choices,
            decisions=QCDecision.choices,
            first_pass=(passes, checked, round(100 * passes / checked) if checked else None),
        ),
    )


@require_POST
@floor_page
def qc_record(request: HttpRequest) -> HttpResponse:
    passed = request.POST.get("result") == "pass"
    try:
        result = services.unit_qc_record(
            factory=request.factory,  # type: ignore[attr-defined]
            code=request.POST.get("code", ""),
            passed=passed,
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", ""),
            decision=request.POST.get("decision") or None,
            user=request.user,
            client_event_id=request.POST.get("client_event_id") or None,
        )
    except FloorError as error:
        messages.error(request, error.message, extra_tags="refused")
        return redirect("floor:qc")
    if result.passed:
        message = _("Garment %(code)s passed. Take it to packing.")
    elif result.remake is not None:
        message = _("Garment %(code)s will be made again as %(new)s.")
    else:
        message = _("Garment %(code)s goes back to sewing for rework.")
    messages.success(
        request,
        message % {"code": result.unit.code, "new": result.remake.code if result.remake else ""},
    )
    return redirect("floor:qc")


# --- packing and shipping -----------------------------------------------------------------


@floor_page
def shipping(request: HttpRequest) -> HttpResponse:
    shipments = selectors.shipments_for_factory(factory=request.factory)  # type: ignore[attr-defined]
    page = Paginator(shipments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "floor/shipping.html",
        _context(
            request,
            packable=selectors.packed_units_by_order(factory=request.factory),  # type: ignore[attr-defined]
            page=page,
            carriers=Carrier.choices,
        ),
    )


@require_POST
@floor_page
def shipment_create(request: HttpRequest) -> HttpResponse:
    try:
        shipment = services.shipment_create(
            factory=request.factory,  # type: ignore[attr-defined]
            unit_codes=request.POST.getlist("units"),
            carrier=request.POST.get("carrier", ""),
            tracking_number=request.POST.get("tracking_number", ""),
            user=request.user,
        )
    except FloorError as error:
        messages.error(request, error.message, extra_tags="refused")
        return redirect("floor:shipping")
    messages.success(
        request,
        _("Parcel %(tracking)s shipped with %(count)s garments.")
        % {"tracking": shipment.tracking_number, "count": shipment.units.count()},
    )
    return redirect("floor:shipping")


def _shipment(request: HttpRequest, pk: int) -> Shipment:
    try:
        return selectors.shipment_get(factory=request.factory, shipment_id=pk)  # type: ignore[attr-defined]
    except Shipment.DoesNotExist:
        raise Http404("No such parcel.") from None


@floor_page
def shipment_packing_slip(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = _shipment(request, pk)
    return _pdf(
        shipment_packing_slip_pdf(shipment=shipment), f"{shipment.tracking_number}-slip.pdf"
    )


@require_POST
@floor_page
def shipment_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        shipment = services.shipment_deliver(
            factory=request.factory,  # type: ignore[attr-defined]
            shipment_id=pk,
            user=request.user,
        )
    except FloorError as error:
        if error.code == "unknown":
            raise Http404(error.message) from None
        messages.error(request, error.message, extra_tags="refused")
        return redirect("floor:shipping")
    messages.success(
        request, _("Parcel %(tracking)s delivered.") % {"tracking": shipment.tracking_number}
    )
    return redirect("floor:shipping")
