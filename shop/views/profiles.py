"""A customer's measurement profiles: list, create, edit, delete, estimate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shop.configurator import sizes_for
from shop.forms import EstimateForm, MeasurementProfileForm, measurement_field_name
from shop.selectors import measurement_profile_get, measurement_profiles_for
from shop.services import measurement_profile_delete, measurement_profile_save
from shop.tailoring.choices import GarmentType, Sex
from shop.tailoring.errors import TailoringError
from shop.tailoring.estimate import estimate_measurements
from shop.tailoring.measurements import GARMENT_MEASUREMENTS


def _own_profile_or_404(request: HttpRequest, pk: int) -> Any:
    profile = measurement_profile_get(user=request.user, profile_id=pk)
    if profile is None:
        raise Http404(_("No such measurement profile."))
    return profile


@login_required
def profile_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for profile in measurement_profiles_for(user=request.user):
        values = {code: Decimal(value) for code, value in profile.values.items()}
        top, bottom = sizes_for(sex=Sex(profile.sex), measurements=values)
        rows.append({"profile": profile, "top": top, "bottom": bottom})
    return render(
        request,
        "shop/profiles/list.html",
        {"rows": rows, "page_title": _("Measurement profiles"), "active_tab": "measurements"},
    )


def _render_form(
    request: HttpRequest, form: MeasurementProfileForm, profile: Any, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "shop/profiles/form.html",
        {
            "form": form,
            "profile": profile,
            "page_title": profile.name if profile else _("New measurement profile"),
            "active_tab": "measurements",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = MeasurementProfileForm(request.POST, owner=request.user)
        if form.is_valid():
            profile = measurement_profile_save(
                owner=request.user,
                name=form.cleaned_data["name"],
                sex=form.cleaned_data["sex"],
                measurements=form.cleaned_data["measurements"],
            )
            messages.success(request, _("Profile “%(name)s” saved.") % {"name": profile.name})
            return redirect("shop:profile-list")
        return _render_form(request, form, None, status=400)
    return _render_form(request, MeasurementProfileForm(owner=request.user), None)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _own_profile_or_404(request, pk)
    if request.method == "POST":
        form = MeasurementProfileForm(request.POST, owner=request.user, instance=profile)
        if form.is_valid():
            measurement_profile_save(
                owner=request.user,
                name=form.cleaned_data["name"],
                sex=form.cleaned_data["sex"],
                measurements=form.cleaned_data["measurements"],
                profile=profile,
            )
            messages.success(request, _("Profile “%(name)s” saved.") % {"name": profile.name})
            return redirect("shop:profile-list")
        return _render_form(request, form, profile, status=400)
    initial: dict[str, Any] = {
        "name": profile.name,
        "sex": profile.sex,
        "garments": [
            garment.value
            for garment in GarmentType
            if all(code in profile.values for code in GARMENT_MEASUREMENTS[garment])
        ],
    }
    initial.update({measurement_field_name(c): v for c, v in profile.values.items()})
    form = MeasurementProfileForm(owner=request.user, instance=profile, initial=initial)
    return _render_form(request, form, profile)


@login_required
@require_POST
def profile_delete(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _own_profile_or_404(request, pk)
    name = profile.name
    measurement_profile_delete(owner=request.user, profile=profile)
    messages.success(request, _("Profile “%(name)s” deleted.") % {"name": name})
    return redirect("shop:profile-list")


@login_required
@require_http_methods(["GET", "POST"])
def profile_estimate(request: HttpRequest) -> HttpResponse:
    form = EstimateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            values = estimate_measurements(
                sex=data["sex"],
                height=data["height"],
                weight=data["weight"],
                usual_size=data["usual_size"] or None,
                fit=data["fit"],
            )
        except TailoringError as error:
            field = "usual_size" if error.code == "unknown_size" else None
            form.add_error(field, error.text())
        else:
            check = MeasurementProfileForm(
                {
                    "name": data["name"],
                    "sex": data["sex"],
                    "garments": [garment.value for garment in GarmentType],
                    # An estimate is what it is: its rare combinations need no confirming.
                    "confirm_unusual": "on",
                    **{measurement_field_name(c): str(v) for c, v in values.items()},
                },
                owner=request.user,
            )
            if check.is_valid():
                profile = measurement_profile_save(
                    owner=request.user,
                    name=check.cleaned_data["name"],
                    sex=data["sex"],
                    measurements=check.cleaned_data["measurements"],
                )
                messages.info(
                    request,
                    _("These are estimates; please check them and adjust what you can measure."),
                )
                return redirect("shop:profile-edit", pk=profile.pk)
            for field, errors in check.errors.items():
                form.add_error("name" if field == "name" else None, errors)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "shop/profiles/estimate.html",
        {"form": form, "page_title": _("Estimate measurements"), "active_tab": "measurements"},
        status=status,
    )
