"""Forms of the factory pages. They validate; ``factory.services`` saves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from factory.models import (
    Factory,
    FactoryCapability,
    FactoryFabric,
    Holiday,
    OperationStandard,
    OptionExtraMinutes,
    Shift,
    WorkCentre,
)
from factory.services import FACTORY_FIELDS, RowChanges
from shop.models import Fabric


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Code, name or city"), required=False, max_length=100)


class FactoryForm(forms.ModelForm):
    class Meta:
        model = Factory
        fields = FACTORY_FIELDS

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()

    def clean_timezone(self) -> str:
        return self.cleaned_data["timezone"].strip()


class RowChangesMixin:
    """What a formset's rows ask for, as ``RowChanges`` for the services."""

    forms: list[forms.ModelForm]
    deleted_forms: list[forms.ModelForm]
    skipped_fields = ("id", "DELETE", "factory")

    def clean(self) -> None:
        super().clean()  # type: ignore[misc]
        for form in self.initial_forms:  # type: ignore[attr-defined]
            if form.instance.pk is None and not self._should_delete_form(form):  # type: ignore[attr-defined]
                # The id sent is not one of this page's rows (deleted meanwhile, or
                # another factory's).
                form.add_error(None, _("This row no longer exists. Reload the page and try again."))

    def kept_forms(self) -> Iterator[forms.ModelForm]:
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):  # type: ignore[attr-defined]
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            yield form

    def changes(self) -> RowChanges:
        rows = []
        for form in self.kept_forms():
            values: dict[str, Any] = {
                name: value
                for name, value in form.cleaned_data.items()
                if name not in self.skipped_fields
            }
            if form.instance.pk is not None:
                values["pk"] = form.instance.pk
            rows.append(values)
        deleted = [form.instance.pk for form in self.deleted_forms if form.instance.pk]
        return RowChanges(rows=rows, delete_ids=deleted)


class BaseFactoryRowFormSet(RowChangesMixin, forms.BaseInlineFormSet):
    pass


class BaseFactoryFabricFormSet(BaseFactoryRowFormSet):
    """The fabric select's options are read once for the whole formset."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fabric_choices: list[tuple[Any, str]] | None = None

    def _construct_form(self, i: int, **kwargs: Any) -> forms.ModelForm:
        form = super()._construct_form(i, **kwargs)
        if self._fabric_choices is None:
            self._fabric_choices = [("", "---------")] + [
                (pk, f"{code} {name_en} / {name_zh}")
                for pk, code, name_en, name_zh in Fabric.objects.order_by("code").values_list(
                    "pk", "code", "name_en", "name_zh"
                )
            ]
        form.fields["fabric"].choices = self._fabric_choices
        return form


def _row_formset(model: type, fields: tuple[str, ...], formset: type = BaseFactoryRowFormSet):
    return forms.inlineformset_factory(
        Factory,
        model,
        fields=fields,
        formset=formset,
        fk_name="factory",
        extra=2,
        can_delete=True,
    )


CapabilityFormSet = _row_formset(FactoryCapability, ("garment_type",))
WorkCentreFormSet = _row_formset(WorkCentre, ("kind", "daily_capacity_minutes"))
ShiftFormSet = _row_formset(Shift, ("weekday", "start", "end"))
HolidayFormSet = _row_formset(Holiday, ("date", "name"))
FactoryFabricFormSet = _row_formset(
    FactoryFabric, ("fabric", "stocked", "lead_time_days"), BaseFactoryFabricFormSet
)

# The rows of the factory page, by the prefix of their formset (and the service's name).
FACTORY_FORMSETS: dict[str, type[forms.BaseInlineFormSet]] = {
    "capabilities": CapabilityFormSet,
    "work_centres": WorkCentreFormSet,
    "shifts": ShiftFormSet,
    "holidays": HolidayFormSet,
    "fabrics": FactoryFabricFormSet,
}


class BaseStandardFormSet(RowChangesMixin, forms.BaseModelFormSet):
    pass


OperationStandardFormSet = forms.modelformset_factory(
    OperationStandard,
    fields=("garment_type", "kind", "standard_minutes"),
    formset=BaseStandardFormSet,
    extra=2,
    can_delete=True,
)
OptionExtraMinutesFormSet = forms.modelformset_factory(
    OptionExtraMinutes,
    fields=("garment_type", "option_code", "choice_code", "kind", "extra_minutes"),
    formset=BaseStandardFormSet,
    extra=2,
    can_delete=True,
)
