"""Forms of the storefront: the garment configurator and measurement profiles."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.configurator import MONOGRAM_POSITION, applicable_choices
from shop.models import MeasurementProfile, OptionChoice
from shop.money import money
from shop.selectors import StyleCatalogue
from shop.tailoring.choices import (
    GARMENT_TYPE_LABELS,
    GarmentType,
    Sex,
    fit_choices,
    garment_type_choices,
    sex_choices,
)
from shop.tailoring.measurements import GARMENT_MEASUREMENTS, MEASUREMENTS, Measurement
from shop.tailoring.validation import measurements_validate, measurements_warnings

MONOGRAM_PATTERN = re.compile(r"^[\w .&'-]{1,12}$")
ALL_MEASUREMENT_CODES = tuple(
    dict.fromkeys(code for codes in GARMENT_MEASUREMENTS.values() for code in codes)
)


def measurement_field_name(code: str) -> str:
    return f"m_{code}"


def option_field_name(code: str) -> str:
    return f"opt_{code}"


def measurement_field(measurement: Measurement, *, required: bool) -> forms.CharField:
    """A text input labelled with the measurement's name and unit, e.g. "Neck (cm)".

    Text, not a number input: the value is parsed by the tailoring rules, which accept
    "41,5" as well as "41.5" and say precisely what is wrong with anything else.
    """
    return forms.CharField(
        label=_("%(name)s (cm)") % {"name": measurement.name},
        required=required,
        max_length=20,
        help_text=measurement.how_to,
        widget=forms.TextInput(
            attrs={
                "inputmode": "decimal",
                "autocomplete": "off",
                "data-min": str(measurement.minimum),
                "data-max": str(measurement.maximum),
            }
        ),
    )


def _add_measurement_errors(form: forms.Form, errors: Mapping[str, list[Any]]) -> None:
    for code, problems in errors.items():
        name = measurement_field_name(code)
        target = name if name in form.fields else None
        for problem in problems:
            if target is not None and target not in form.errors:
                form.add_error(target, problem.as_validation_error())
            elif target is None:
                form.add_error(None, problem.as_validation_error())


def confirm_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("These measurements are right: save them anyway."),
        required=False,
    )


def _warn_unless_confirmed(form: forms.Form, measurements: Mapping[str, Decimal]) -> None:
    """Rare combinations (a waist far above the chest, a sleeve unusual for the height)
    stop the form until the customer ticks the confirmation; then they pass."""
    warnings = measurements_warnings(values=measurements)
    form.needs_confirmation = bool(warnings)  # type: ignore[attr-defined]
    if warnings and not form.cleaned_data.get("confirm_unusual"):
        _add_measurement_errors(form, warnings)


def _measurement_sex(sex: object) -> Sex:
    """The sex to check measurements against; while none is chosen, the ranges and rules
    are checked with the more lenient one, so every other error shows at once."""
    try:
        return Sex(sex)
    except ValueError:
        return Sex.FEMALE


class GarmentConfiguratorForm(forms.Form):
    """Fabric, one choice per option, an optional monogram, and the body measurements."""

    sex = forms.ChoiceField(label=_("Cut for"), choices=sex_choices(), widget=forms.RadioSelect)

    def __init__(
        self,
        *args: Any,
        catalogue: StyleCatalogue,
        profiles: list[MeasurementProfile] | tuple[()] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.profiles = list(profiles)
        self.garment_type = catalogue.garment_type
        self.fields["fabric"] = forms.ChoiceField(
            label=_("Fabric"),
            choices=[(f.code, f"{f.code} · {f.name}") for f in catalogue.fabrics],
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Choose one of the fabrics shown.")},
        )
        if catalogue.fabrics:
            self.fields["fabric"].initial = catalogue.fabrics[0].code
        for option in catalogue.options:
            choices = option.active_choices  # type: ignore[attr-defined]
            if not choices:
                continue
            # Not required: a choice left out takes the option's default.
            field = forms.ChoiceField(
                label=option.name,
                required=False,
                choices=[(c.code, _choice_label(c)) for c in choices],
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose one of the options shown.")},
            )
            default = next((c for c in choices if c.is_default), choices[0])
            field.initial = default.code
            self.fields[option_field_name(option.code)] = field
        if catalogue.option(MONOGRAM_POSITION) is not None:
            self.fields["monogram_text"] = forms.CharField(
                label=_("Monogram text"),
                required=False,
                max_length=12,
                help_text=_("Up to 12 letters, digits or spaces."),
            )
        if profiles:
            self.fields["profile"] = forms.TypedChoiceField(
                label=_("Measurement profile"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("Enter measurements below"))] + [(p.pk, p.name) for p in profiles],
            )
        for measurement in self.measurements():
            self.fields[measurement_field_name(measurement.code)] = measurement_field(
                measurement, required=True
            )
        self.fields["confirm_unusual"] = confirm_field()
        self.needs_confirmation = False
        self.fields["sex"].initial = Sex.MALE.value
        self.fields["sex"].error_messages["invalid_choice"] = _("Choose one of the cuts shown.")

    def measurements(self) -> tuple[Measurement, ...]:
        return tuple(MEASUREMENTS[code] for code in GARMENT_MEASUREMENTS[self.garment_type])

    def measurement_fields(self) -> list[forms.BoundField]:
        return [self[measurement_field_name(m.code)] for m in self.measurements()]

    def option_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("opt_")]

    def clean_monogram_text(self) -> str:
        text = " ".join(self.cleaned_data.get("monogram_text", "").split())
        if text and not MONOGRAM_PATTERN.match(text):
            raise forms.ValidationError(
                _("Use letters, digits, spaces and . & ' - only (up to 12)."), code="monogram"
            )
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for option in self.catalogue.options:
            name = option_field_name(option.code)
            if name in self.fields and not data.get(name) and name not in self.errors:
                data[name] = self.fields[name].initial
        raw = {
            m.code: self.data.get(self.add_prefix(measurement_field_name(m.code)), "")
            for m in self.measurements()
        }
        cleaned, errors = measurements_validate(
            garment_type=self.garment_type, values=raw, sex=_measurement_sex(data.get("sex"))
        )
        _add_measurement_errors(self, errors)
        if not errors:
            _warn_unless_confirmed(self, cleaned)
        data["measurements"] = cleaned
        position = self._chosen_any().get(MONOGRAM_POSITION)
        monogram_on = position is not None and not position.switches_off_dependents
        text = data.get("monogram_text", "")
        if monogram_on and not text and "monogram_text" not in self.errors:
            self.add_error("monogram_text", _("Enter the monogram text, or choose no monogram."))
        if text and position is not None and not monogram_on:
            self.add_error(
                option_field_name(MONOGRAM_POSITION), _("Choose where the monogram goes.")
            )
        return data

    def chosen(self) -> dict[str, OptionChoice]:
        """Option code -> chosen choice that applies, from whatever fields are valid so far.

        A choice of an option whose parent is switched off (the thread colour with no
        monogram) is left out: it is neither priced nor kept in the spec.
        """
        return applicable_choices(choices=self._chosen_any())

    def option_groups(self) -> list[dict[str, Any]]:
        """Each option field with what it depends on: the parent's field name, the parent's
        choices that switch it off, and whether it applies now (else it is shown disabled)."""
        applying = self.chosen()
        groups = []
        for option in self.catalogue.options:
            name = option_field_name(option.code)
            if name not in self.fields:
                continue
            parent = next((o for o in self.catalogue.options if o.pk == option.depends_on_id), None)
            groups.append(
                {
                    "field": self[name],
                    "parent": option_field_name(parent.code) if parent is not None else "",
                    "parent_label": parent.name if parent is not None else "",
                    "off_values": " ".join(
                        c.code
                        for c in getattr(parent, "active_choices", ())
                        if c.switches_off_dependents
                    ),
                    "applies": option.code in applying,
                }
            )
        return groups

    def _chosen_any(self) -> dict[str, OptionChoice]:
        """Option code -> chosen choice, whether it applies or not."""
        data = getattr(self, "cleaned_data", {}) or {}
        found: dict[str, OptionChoice] = {}
        for option in self.catalogue.options:
            code = data.get(option_field_name(option.code)) or self.current_value(
                option_field_name(option.code)
            )
            choice = next((c for c in option.active_choices if c.code == code), None)  # type: ignore[attr-defined]
            if choice is not None:
                found[option.code] = choice
        return found

    def current_value(self, name: str) -> Any:
        """What a field holds now: the posted value, else its initial value."""
        if self.is_bound:
            return self.data.get(self.add_prefix(name))
        return self.initial.get(name, self.fields[name].initial if name in self.fields else None)


def _choice_label(choice: OptionChoice) -> str:
    if choice.surcharge:
        return f"{choice.name} (+{money(choice.surcharge)})"
    return choice.name


class MeasurementProfileForm(forms.Form):
    """A named set of body measurements: sex first, then every measurement of the garments
    it is for (at least one); the others may be left out."""

    sex = forms.ChoiceField(label=_("Sex"), choices=sex_choices(), widget=forms.RadioSelect)
    name = forms.CharField(label=_("Profile name"), max_length=60)
    garments = forms.MultipleChoiceField(
        label=_("For"),
        choices=garment_type_choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one garment this profile is for.")},
        help_text=_("Each garment ticked needs all of its measurements."),
    )

    def __init__(
        self, *args: Any, owner: Any, instance: MeasurementProfile | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.instance = instance
        for code in ALL_MEASUREMENT_CODES:
            self.fields[measurement_field_name(code)] = measurement_field(
                MEASUREMENTS[code], required=False
            )
        self.fields["confirm_unusual"] = confirm_field()
        self.needs_confirmation = False

    def measurement_fields(self) -> list[forms.BoundField]:
        return [self[measurement_field_name(code)] for code in ALL_MEASUREMENT_CODES]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = MeasurementProfile.objects.filter(owner=self.owner, name=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("You already have a profile with this name."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        sex = data.get("sex")
        raw = {
            code: value
            for code in ALL_MEASUREMENT_CODES
            if (
                value := (
                    self.data.get(self.add_prefix(measurement_field_name(code))) or ""
                ).strip()
            )
        }
        body_sex = _measurement_sex(sex)
        for garment in data.get("garments") or ():
            label = GARMENT_TYPE_LABELS[GarmentType(garment)]
            for code in GARMENT_MEASUREMENTS[GarmentType(garment)]:
                name = measurement_field_name(code)
                if code not in raw and name not in self.errors:
                    self.add_error(
                        name,
                        forms.ValidationError(
                            _("Needed for the %(garment)s."),
                            code="needed",
                            params={"garment": str(label).lower()},
                        ),
                    )
        cleaned: dict[str, Decimal] = {}
        # Validate against each garment whose measurements are all present, and each
        # value on its own otherwise, so a partial profile is still checked.
        for garment_type in GarmentType:
            codes = GARMENT_MEASUREMENTS[garment_type]
            subset = {code: raw[code] for code in codes if code in raw}
            if not subset:
                continue
            good, errors = measurements_validate(
                garment_type=garment_type, values=subset, sex=body_sex
            )
            errors = {
                code: problems
                for code, problems in errors.items()
                if not (code in codes and code not in raw)
            }
            _add_measurement_errors(self, errors)
            cleaned.update(good)
        data["measurements"] = {
            code: cleaned[code] for code in ALL_MEASUREMENT_CODES if code in cleaned
        }
        if not self.errors:
            _warn_unless_confirmed(self, data["measurements"])
        return data


class EstimateForm(forms.Form):
    """A few facts from which a full measurement set is estimated."""

    name = forms.CharField(label=_("Profile name"), max_length=60)
    sex = forms.ChoiceField(label=_("Sex"), choices=sex_choices(), widget=forms.RadioSelect)
    height = forms.DecimalField(
        label=_("Height (cm)"), min_value=140, max_value=210, decimal_places=1, localize=True
    )
    weight = forms.DecimalField(
        label=_("Weight (kg)"), min_value=35, max_value=250, decimal_places=1, localize=True
    )
    usual_size = forms.CharField(
        label=_("Usual size"),
        required=False,
        max_length=12,
        help_text=_("e.g. M, XL or 175/96A; leave empty if unsure."),
    )
    fit = forms.ChoiceField(label=_("Fit you prefer"), choices=fit_choices(), initial="regular")


class MeasurementCorrectionForm(forms.Form):
    """The body measurements of a garment already paid for, to correct before release."""

    def __init__(
        self, *args: Any, garment_type: str, sex: str, initial_cm: Mapping[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.garment_type, self.sex = GarmentType(garment_type), Sex(sex)
        for code in GARMENT_MEASUREMENTS[self.garment_type]:
            name = measurement_field_name(code)
            self.fields[name] = measurement_field(MEASUREMENTS[code], required=True)
            self.fields[name].initial = initial_cm.get(code, "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        raw = {
            code: self.data.get(self.add_prefix(measurement_field_name(code)), "")
            for code in GARMENT_MEASUREMENTS[self.garment_type]
        }
        cleaned, errors = measurements_validate(
            garment_type=self.garment_type, values=raw, sex=self.sex
        )
        _add_measurement_errors(self, errors)
        data["measurements"] = cleaned
        return data
