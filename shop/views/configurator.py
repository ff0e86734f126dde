"""The product page: configure a garment, see it drawn and priced, put it in the basket."""

from __future__ import annotations

import hashlib
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shop.configurator import GarmentQuote, garment_quote, sizes_for
from shop.descriptions import garment_description, swatch_label
from shop.drawing import garment_svg, swatch_svg
from shop.forms import GarmentConfiguratorForm, measurement_field_name, option_field_name
from shop.selectors import (
    StyleCatalogue,
    garment_spec_ordered_by,
    measurement_profile_get,
    measurement_profiles_for,
    style_catalogue_get,
    style_catalogue_version,
)
from shop.services import (
    FabricShortError,
    GarmentConfiguration,
    garment_line_add,
    garment_line_update,
)
from shop.tailoring.choices import Sex


def _catalogue_or_404(pk: int) -> StyleCatalogue:
    catalogue = style_catalogue_get(product_id=pk)
    if catalogue is None:
        raise Http404(_("No such garment."))
    return catalogue


def _basket_line_or_404(request: HttpRequest, line_id: object) -> Any:
    """A line of this visitor's own basket; anyone else's line id is a 404."""
    try:
        pk = int(str(line_id))
    except ValueError:
        raise Http404(_("No such basket line.")) from None
    basket = request.basket  # type: ignore[attr-defined]
    line = basket.lines.filter(pk=pk).select_related("garment_spec").first() if basket.pk else None
    if line is None or not hasattr(line, "garment_spec"):
        raise Http404(_("No such basket line."))
    return line


def _initial_from_spec(spec: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "fabric": spec.fabric.code,
        "sex": spec.sex,
        "monogram_text": spec.monogram_text,
    }
    initial.update({option_field_name(code): value for code, value in spec.choices.items()})
    initial.update(
        {measurement_field_name(code): value for code, value in spec.measurements.items()}
    )
    return initial


def _initial_from_profile(profile: Any, base: dict[str, Any]) -> dict[str, Any]:
    initial = dict(base)
    initial["sex"] = profile.sex
    initial["profile"] = profile.pk
    initial.update({measurement_field_name(code): value for code, value in profile.values.items()})
    return initial


def _form(
    request: HttpRequest, catalogue: StyleCatalogue, **kwargs: Any
) -> GarmentConfiguratorForm:
    profiles = list(measurement_profiles_for(user=request.user))
    return GarmentConfiguratorForm(catalogue=catalogue, profiles=profiles, **kwargs)


def _preview_quote(form: GarmentConfiguratorForm) -> tuple[Any, GarmentQuote | None]:
    """The fabric and quote for whatever the form holds, valid or not (for the preview)."""
    catalogue = form.catalogue
    code = form.current_value("fabric")
    fabric = catalogue.fabric(code) if code else None
    fabric = fabric or (catalogue.fabrics[0] if catalogue.fabrics else None)
    if fabric is None:
        return None, None
    try:
        sex = Sex(form.current_value("sex"))
    except ValueError:
        sex = Sex.MALE
    measurements = None
    if form.is_bound and hasattr(form, "cleaned_data"):
        measurements = form.cleaned_data.get("measurements")
    quote = garment_quote(
        garment_type=catalogue.garment_type,
        base_price=catalogue.base_price,
        fabric=fabric,
        choices=form.chosen(),
        sex=sex,
        measurements=measurements,
    )
    return fabric, quote


def _context(
    request: HttpRequest, catalogue: StyleCatalogue, form: GarmentConfiguratorForm, line: Any = None
) -> dict[str, Any]:
    fabric, quote = _preview_quote(form)
    chosen = {code: choice.code for code, choice in form.chosen().items()}
    monogram = form.current_value("monogram_text") or ""
    drawing = (
        garment_svg(
            garment_type=catalogue.garment_type.value,
            colour=fabric.colour,
            pattern=fabric.pattern,
            choices=chosen,
            monogram_text=str(monogram)[:12],
            title=str(catalogue.product.get_title()),
            description=garment_description(
                title=str(catalogue.product.get_title()),
                fabric=fabric,
                options=catalogue.options,
                chosen=form.chosen(),
                monogram_text=str(monogram)[:12],
            ),
        )
        if fabric is not None
        else ""
    )
    measurements = getattr(form, "cleaned_data", {}).get("measurements") or {}
    size_top, size_bottom = (None, None)
    chosen_sex = getattr(form, "cleaned_data", {}).get("sex")
    if quote is not None and not quote.estimated and chosen_sex:
        size_top, size_bottom = sizes_for(sex=Sex(chosen_sex), measurements=measurements)
    return {
        "garment_type": catalogue.garment_type.value,
        "product": catalogue.product,
        "catalogue": catalogue,
        "form": form,
        "fabric": fabric,
        "quote": quote,
        "drawing": drawing,
        "swatches": {
            f.code: swatch_svg(
                colour=f.colour,
                pattern=f.pattern,
                id_prefix=f"sw{f.pk}",
                title=swatch_label(fabric=f),
            )
            for f in catalogue.fabrics
        },
        "fabrics_by_code": {f.code: f for f in catalogue.fabrics},
        "size_top": size_top,
        "size_bottom": size_bottom,
        "line": line,
        "preview_url": reverse("shop:garment-preview", kwargs={"pk": catalogue.product.pk}),
        # From the profiles the form already holds: no second query.
        "profile_values": {str(p.pk): {"sex": p.sex, "values": p.values} for p in form.profiles},
        "picker_key": _picker_key(request, catalogue, form),
    }


def _picker_key(
    request: HttpRequest, catalogue: StyleCatalogue, form: GarmentConfiguratorForm
) -> str | None:
    """The cache key of the rendered fabric and option block: everything it shows but
    the stock, written in on each use (the catalogue's version, the language and the
    values it marks as chosen), or None when one of its fields carries an error
    (rendered fresh, with the error)."""
    names = ["fabric"] + [
        name
        for name in (option_field_name(option.code) for option in catalogue.options)
        if name in form.fields
    ]
    if form.is_bound and any(name in form.errors for name in names):
        return None
    parts = [
        str(catalogue.product.pk),
        get_language() or "",
        style_catalogue_version(),
        *(f"{name}={form[name].value()}" for name in names),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def garment_configure(request: HttpRequest, product_slug: str, pk: int) -> HttpResponse:
    catalogue = style_catalogue_get(product_id=pk)
    if catalogue is None:
        # Not a garment (a tie, cufflinks, a gift card): Oscar's own product page sells it.
        view = apps.get_app_config("catalogue").detail_view.as_view()  # type: ignore[attr-defined]
        return view(request, product_slug=product_slug, pk=pk)  # type: ignore[no-any-return]
    product = catalogue.product
    if request.method == "GET":
        if product_slug != product.slug:
            return redirect(product.get_absolute_url(), permanent=True)
        initial: dict[str, Any] = {}
        line = None
        if "line" in request.GET:
            line = _basket_line_or_404(request, request.GET["line"])
            if line.product_id != product.pk:
                raise Http404(_("No such basket line."))
            initial = _initial_from_spec(line.garment_spec)
        if "reorder" in request.GET:
            spec = garment_spec_ordered_by(user=request.user, order_line_id=request.GET["reorder"])
            if spec is None or spec.product_id != product.pk:
                raise Http404(_("No such garment in your orders."))
            initial = _initial_from_spec(spec)
        if "profile" in request.GET:
            profile = measurement_profile_get(user=request.user, profile_id=request.GET["profile"])
            if profile is None:
                raise Http404(_("No such measurement profile."))
            initial = _initial_from_profile(profile, initial)
        form = _form(request, catalogue, initial=initial)
        return render(request, "shop/configurator.html", _context(request, catalogue, form, line))
    if request.method != "POST":
        return HttpResponse(status=405)
    return _configure_post(request, catalogue)


def _configure_post(request: HttpRequest, catalogue: StyleCatalogue) -> HttpResponse:
    action = request.POST.get("action", "add")
    line = None
    if action == "update" or request.POST.get("line"):
        line = _basket_line_or_404(request, request.POST.get("line"))
        if line.product_id != catalogue.product.pk:
            raise Http404(_("No such basket line."))
    if action == "load_profile":
        profile = measurement_profile_get(user=request.user, profile_id=request.POST.get("profile"))
        if profile is None:
            raise Http404(_("No such measurement profile."))
        initial = _initial_from_profile(profile, request.POST.dict())
        form = _form(request, catalogue, initial=initial)
        return render(request, "shop/configurator.html", _context(request, catalogue, form, line))
    form = _form(request, catalogue, data=request.POST)
    valid = form.is_valid()
    if action == "preview":
        # "Update drawing and price" (the page without JavaScript): the drawing and the
        # price follow what was posted, but nothing is validated yet; a field is only
        # marked wrong on "Add to basket".
        context = _context(request, catalogue, form, line)
        context["form"] = _form(request, catalogue, initial=request.POST.dict())
        context["picker_key"] = _picker_key(request, catalogue, context["form"])
        return render(request, "shop/configurator.html", context)
    if action not in ("add", "update"):
        return HttpResponse(_("Unknown action."), status=400, content_type="text/plain")
    if valid:
        configuration = _configuration(request, form)
        try:
            if line is not None:
                garment_line_update(
                    basket=request.basket,  # type: ignore[attr-defined]
                    line=line,
                    catalogue=catalogue,
                    configuration=configuration,
                )
                messages.success(request, _("Your changes to the garment are saved."))
            else:
                garment_line_add(
                    basket=request.basket,  # type: ignore[attr-defined]
                    catalogue=catalogue,
                    configuration=configuration,
                )
                messages.success(
                    request,
                    _("%(title)s is in your basket.") % {"title": catalogue.product.get_title()},
                )
            return redirect("basket:summary")
        except FabricShortError as short:
            form.add_error("fabric", short.message)
    response = render(request, "shop/configurator.html", _context(request, catalogue, form, line))
    response.status_code = 400
    return response


def _configuration(request: HttpRequest, form: GarmentConfiguratorForm) -> GarmentConfiguration:
    data = form.cleaned_data
    profile = None
    if data.get("profile"):
        profile = measurement_profile_get(user=request.user, profile_id=data["profile"])
    return GarmentConfiguration(
        fabric=form.catalogue.fabric(data["fabric"]),  # type: ignore[arg-type]
        choices=form.chosen(),
        monogram_text=data.get("monogram_text", ""),
        sex=Sex(data["sex"]),
        measurements=data["measurements"],
        profile=profile,
    )


@require_POST
def garment_preview(request: HttpRequest, pk: int) -> JsonResponse:
    """The drawing and price for the form as it stands, and its errors (for the live preview)."""
    catalogue = _catalogue_or_404(pk)
    form = _form(request, catalogue, data=request.POST)
    form.is_valid()
    context = _context(request, catalogue, form)
    from django.template.loader import render_to_string

    return JsonResponse(
        {
            "preview": render_to_string("shop/partials/garment_preview.html", context, request),
            "errors": {
                name: [str(e) for e in errs]
                for name, errs in form.errors.items()
                if _field_was_filled(request.POST, name)
            },
        }
    )


def _field_was_filled(data: QueryDict, name: str) -> bool:
    """Only report errors of fields the customer has typed in (not merely left empty)."""
    return name == "__all__" or bool(data.get(name, "").strip())
