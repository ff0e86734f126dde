"""Forms of the garment dashboard. They validate; the services in services.py save."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.dashboard.services import FABRIC_FIELDS, ChoiceInput
from shop.models import Fabric, GarmentOption, OptionChoice


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Code or name"), required=False, max_length=100)


class FabricForm(forms.ModelForm):
    class Meta:
        model = Fabric
        fields = FABRIC_FIELDS
        widgets = {
            "colour": forms.TextInput(attrs={"placeholder": "#1a2b3c", "size": 7}),
        }
        help_texts = {
            "colour": _("Hex code of the dominant colour, like #1a2b3c."),
            "width_cm": _("Usable width of the roll, 50 to 330 cm."),
            "metres_in_stock": _("Set this to the metres counted in the store."),
            "is_active": _("Customers can only choose fabrics that are offered."),
        }

    def clean_colour(self) -> str:
        return self.cleaned_data["colour"].strip().lower()

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class GarmentOptionForm(forms.ModelForm):
    class Meta:
        model = GarmentOption
        fields = ("garment_type", "code", "name_en", "name_zh", "position", "depends_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = GarmentOption.objects.all()
        if self.instance.pk is not None:
            others = others.filter(garment_type=self.instance.garment_type).exclude(
                pk=self.instance.pk
            )
        self.fields["depends_on"].queryset = others

    def clean(self) -> dict:
        cleaned = super().clean()
        garment_type, code = cleaned.get("garment_type"), cleaned.get("code")
        parent = cleaned.get("depends_on")
        if parent is not None and parent.garment_type != garment_type:
            self.add_error(
                "depends_on", _("An option can only depend on an option of the same garment.")
            )
        if (
            garment_type
            and code
            and GarmentOption.objects.filter(garment_type=garment_type, code=code)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            # A field error on the code also keeps the model's own (non-field)
            # message about the same constraint away.
            self.add_error("code", _("This code is already used for this garment type."))
        return cleaned


class OptionChoiceForm(forms.ModelForm):
    class Meta:
        model = OptionChoice
        fields = (
            "code",
            "name_en",
            "name_zh",
            "surcharge",
            "is_default",
            "position",
            "is_active",
            "switches_off_dependents",
        )


class BaseOptionChoiceFormSet(forms.BaseInlineFormSet):
    """The choices of one option. Exactly one kept choice is the default, and it is offered."""

    def kept_forms(self) -> Iterator[forms.ModelForm]:
        """Forms whose choice stays: existing ones not marked for deletion, and filled new ones."""
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            yield form

    def clean(self) -> None:
        if any(self.errors):
            return
        for form in self.initial_forms:
            if form.instance.pk is None and not self._should_delete_form(form):
                # The id sent is not one of this option's choices (deleted meanwhile?).
                form.add_error(
                    None, _("This choice no longer exists. Reload the page and try again.")
                )
        seen: set[str] = set()
        for form in self.kept_forms():
            code = form.cleaned_data.get("code")
            if code in seen:
                form.add_error("code", _("Two choices have this code."))
            seen.add(code)
        if any(self.errors):
            return
        super().clean()
        kept = list(self.kept_forms())
        defaults = [form for form in kept if form.cleaned_data.get("is_default")]
        if kept and len(defaults) != 1:
            raise forms.ValidationError(
                _("Mark exactly one choice as the default."), code="one_default_choice"
            )
        if defaults and not defaults[0].cleaned_data.get("is_active"):
            raise forms.ValidationError(
                _("The default choice must be offered."), code="default_choice_offered"
            )

    def choice_inputs(self) -> list[ChoiceInput]:
        """What the service needs to save the kept choices."""
        return [
            ChoiceInput(
                pk=form.instance.pk,
                code=form.cleaned_data["code"],
                name_en=form.cleaned_data["name_en"],
                name_zh=form.cleaned_data["name_zh"],
                surcharge=form.cleaned_data["surcharge"],
                is_default=form.cleaned_data["is_default"],
                position=form.cleaned_data["position"],
                is_active=form.cleaned_data["is_active"],
                switches_off_dependents=form.cleaned_data["switches_off_dependents"],
            )
            for form in self.kept_forms()
        ]

    def deleted_ids(self) -> list[int]:
        return [form.instance.pk for form in self.deleted_forms if form.instance.pk is not None]


OptionChoiceFormSet = forms.inlineformset_factory(
    GarmentOption,
    OptionChoice,
    form=OptionChoiceForm,
    formset=BaseOptionChoiceFormSet,
    fk_name="option",
    extra=3,
    can_delete=True,
)
