"""Staff pages for fabrics, garment options and their choices. Reads go through
selectors.py, writes through services.py; these views only wire forms to them."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from shop.dashboard import selectors, services
from shop.dashboard.forms import FabricForm, GarmentOptionForm, OptionChoiceFormSet, SearchForm
from shop.models import Fabric, GarmentOption, OptionChoice

PAGE_SIZE = 25


class StaffRequiredMixin(AccessMixin):
    """Active staff only: others are sent to the dashboard login, or refused (403)
    when they are already logged in, as Oscar's own dashboard pages do."""

    login_url = reverse_lazy("dashboard:login")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class SearchListView(StaffRequiredMixin, ListView):
    """A list with a search box on code and name, 25 a page."""

    paginate_by = PAGE_SIZE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.search_form = SearchForm(request.GET or None)
        valid = self.search_form.is_valid()
        self.search = self.search_form.cleaned_data["q"].strip() if valid else ""
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(search_form=self.search_form, search=self.search)
        return context


# --- Fabrics -------------------------------------------------------------------


def _fabric_or_404(pk: int) -> Fabric:
    try:
        return selectors.fabric_get(pk=pk)
    except Fabric.DoesNotExist:
        raise Http404 from None


class FabricListView(SearchListView):
    template_name = "shop/dashboard/fabric_list.html"
    context_object_name = "fabrics"

    def get_queryset(self):
        return selectors.fabric_list(search=self.search)


class FabricCreateView(StaffRequiredMixin, FormView):
    template_name = "shop/dashboard/fabric_form.html"
    form_class = FabricForm

    def form_valid(self, form: FabricForm) -> HttpResponse:
        try:
            fabric = services.fabric_create(data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Fabric %(code)s created.") % {"code": fabric.code})
        return redirect("garment-dashboard:fabric-list")


class FabricUpdateView(StaffRequiredMixin, FormView):
    template_name = "shop/dashboard/fabric_form.html"
    form_class = FabricForm

    def get_form_kwargs(self) -> dict[str, Any]:
        self.fabric = _fabric_or_404(self.kwargs["pk"])
        # The form writes into its instance while validating; keep ours as saved.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.fabric)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "fabric": self.fabric}

    def form_valid(self, form: FabricForm) -> HttpResponse:
        try:
            fabric = services.fabric_update(fabric=self.fabric, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Fabric %(code)s saved.") % {"code": fabric.code})
        return redirect("garment-dashboard:fabric-list")


class FabricDeactivateView(StaffRequiredMixin, View):
    template_name = "shop/dashboard/fabric_deactivate.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, self.template_name, {"fabric": _fabric_or_404(pk)})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        fabric = services.fabric_deactivate(fabric=_fabric_or_404(pk))
        messages.success(
            request, _("Fabric %(code)s is no longer offered.") % {"code": fabric.code}
        )
        return redirect("garment-dashboard:fabric-list")


# --- Garment options -------------------------------------------------------------


def _option_or_404(pk: int) -> GarmentOption:
    try:
        return selectors.garment_option_get(pk=pk)
    except GarmentOption.DoesNotExist:
        raise Http404 from None


class GarmentOptionListView(SearchListView):
    template_name = "shop/dashboard/option_list.html"
    context_object_name = "options"

    def get_queryset(self):
        return selectors.garment_option_list(search=self.search)


class GarmentOptionEditView(StaffRequiredMixin, View):
    """Create an option (no ``pk``) or edit one, its choices inline."""

    template_name = "shop/dashboard/option_form.html"
    formset_prefix = "choices"

    def _forms(
        self, option: GarmentOption | None, data: Any = None
    ) -> tuple[GarmentOptionForm, Any]:
        parent = option if option is not None else GarmentOption()
        form = GarmentOptionForm(data, instance=copy.copy(parent))
        queryset = (
            selectors.option_choice_list(option=option)
            if option is not None
            else OptionChoice.objects.none()
        )
        formset = OptionChoiceFormSet(
            data, instance=parent, prefix=self.formset_prefix, queryset=queryset
        )
        return form, formset

    def _render(
        self, option: GarmentOption | None, form: GarmentOptionForm, formset: Any
    ) -> HttpResponse:
        context = {"option": option, "form": form, "formset": formset}
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        option = _option_or_404(pk) if pk is not None else None
        return self._render(option, *self._forms(option))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        option = _option_or_404(pk) if pk is not None else None
        form, formset = self._forms(option, request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                saved = services.garment_option_save(
                    option=option,
                    data=form.cleaned_data,
                    choices=formset.choice_inputs(),
                    delete_choice_ids=formset.deleted_ids(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Option %(code)s saved.") % {"code": saved.code})
                if "continue" in request.POST:
                    return redirect("garment-dashboard:option-update", pk=saved.pk)
                return redirect("garment-dashboard:option-list")
        return self._render(option, form, formset)


class OptionChoiceDeleteView(StaffRequiredMixin, View):
    template_name = "shop/dashboard/choice_delete.html"

    def _choice(self, option_pk: int, pk: int) -> OptionChoice:
        option = _option_or_404(option_pk)
        try:
            return selectors.option_choice_get(option=option, pk=pk)
        except OptionChoice.DoesNotExist:
            raise Http404 from None

    def get(self, request: HttpRequest, option_pk: int, pk: int) -> HttpResponse:
        choice = self._choice(option_pk, pk)
        return render(request, self.template_name, {"choice": choice, "option": choice.option})

    def post(self, request: HttpRequest, option_pk: int, pk: int) -> HttpResponse:
        choice = self._choice(option_pk, pk)
        edit_url = reverse("garment-dashboard:option-update", kwargs={"pk": option_pk})
        try:
            services.option_choice_delete(choice=choice)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Choice %(code)s deleted.") % {"code": choice.code})
        return HttpResponseRedirect(edit_url)
