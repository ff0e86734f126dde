"""Staff pages for factories and the standard minutes table. Reads go through
``factory.selectors``, writes through ``factory.services``; these views only wire
forms to them."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from factory import selectors, services
from factory.dashboard.forms import (
    FACTORY_FORMSETS,
    FactoryForm,
    OperationStandardFormSet,
    OptionExtraMinutesFormSet,
    SearchForm,
)
from factory.models import Factory
from shop.dashboard.views import SearchListView, StaffRequiredMixin


def _factory_or_404(pk: int) -> Factory:
    try:
        return selectors.factory_get(pk=pk)
    except Factory.DoesNotExist:
        raise Http404 from None


class FactoryListView(SearchListView):
    template_name = "factory/dashboard/factory_list.html"
    context_object_name = "factories"

    def get_queryset(self):
        return selectors.factory_list(search=self.search)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["search_form"] = SearchForm(self.request.GET or None)
        context["calendar_warnings"] = selectors.calendar_warnings(
            factories=list(Factory.objects.filter(is_active=True))
        )
        return context


class FactoryEditView(StaffRequiredMixin, View):
    """Create a factory (no ``pk``) or edit one, with its capabilities, work centres,
    shifts, holidays and fabrics inline. All of it is saved, or none."""

    template_name = "factory/dashboard/factory_form.html"

    def _forms(self, factory: Factory | None, data: Any = None) -> tuple[FactoryForm, dict]:
        parent = factory if factory is not None else Factory()
        # The forms write into their instances while validating; keep ours as saved.
        form = FactoryForm(data, instance=copy.copy(parent))
        formsets = {
            prefix: formset_class(data, instance=parent, prefix=prefix)
            for prefix, formset_class in FACTORY_FORMSETS.items()
        }
        return form, formsets

    def _render(
        self, factory: Factory | None, form: FactoryForm, formsets: dict, status: int = 200
    ) -> HttpResponse:
        context = {"factory": factory, "form": form, "formsets": formsets}
        context.update({f"{prefix}_formset": formset for prefix, formset in formsets.items()})
        context["has_errors"] = bool(form.errors) or any(
            formset.total_error_count() for formset in formsets.values()
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        factory = _factory_or_404(pk) if pk is not None else None
        return self._render(factory, *self._forms(factory))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        factory = _factory_or_404(pk) if pk is not None else None
        form, formsets = self._forms(factory, request.POST)
        valid = form.is_valid()
        valid = all([formset.is_valid() for formset in formsets.values()]) and valid
        if valid:
            related = {prefix: formset.changes() for prefix, formset in formsets.items()}
            try:
                if factory is None:
                    saved = services.factory_create(data=form.cleaned_data, related=related)
                else:
                    saved = services.factory_update(
                        factory=factory, data=form.cleaned_data, related=related
                    )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Factory %(code)s saved.") % {"code": saved.code})
                if "continue" in request.POST:
                    return redirect("factory-dashboard:factory-update", pk=saved.pk)
                return redirect("factory-dashboard:factory-list")
        if factory is not None:
            factory.refresh_from_db()
        return self._render(factory, form, formsets, status=400)


class StandardMinutesView(StaffRequiredMixin, View):
    """The standard minutes per garment type and work centre, and the minutes option
    choices add, edited as two tables."""

    template_name = "factory/dashboard/standard_minutes.html"

    def _formsets(self, data: Any = None) -> tuple[Any, Any]:
        return (
            OperationStandardFormSet(
                data, prefix="standards", queryset=selectors.operation_standard_list()
            ),
            OptionExtraMinutesFormSet(
                data, prefix="extras", queryset=selectors.option_extra_minutes_list()
            ),
        )

    def _render(self, standards: Any, extras: Any, status: int = 200) -> HttpResponse:
        context = {
            "standards_formset": standards,
            "extras_formset": extras,
            "has_errors": bool(standards.total_error_count() or extras.total_error_count()),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(*self._formsets())

    def post(self, request: HttpRequest) -> HttpResponse:
        standards, extras = self._formsets(request.POST)
        if standards.is_valid() and extras.is_valid():
            try:
                services.standard_minutes_save(
                    standards=standards.changes(), extras=extras.changes()
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Standard minutes saved."))
                return redirect("factory-dashboard:standard-minutes")
        return self._render(standards, extras, status=400)
