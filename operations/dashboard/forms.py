"""The operations page's filters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from factory.models import Factory
from operations.selectors import DEFAULT_IDLE_HOURS, Filters
from shop.tailoring.choices import garment_type_choices

#: The range shown when none is asked for, and the longest one allowed.
DEFAULT_DAYS = 14
MAX_DAYS = 366


class ThroughputFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))
    factory = forms.ModelChoiceField(
        label=_("Factory"),
        queryset=Factory.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("All factories"),
    )
    garment_type = forms.ChoiceField(label=_("Garment type"), required=False)
    idle_hours = forms.IntegerField(
        label=_("Idle after (hours)"), required=False, min_value=1, max_value=24 * 60
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["garment_type"].choices = [
            ("", _("All garment types")),
            *garment_type_choices(),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("The first day must not be after the last day."))
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(_("Choose at most %(days)s days.") % {"days": MAX_DAYS})
        data["start"], data["end"] = start, end
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            start=data["start"],
            end=data["end"],
            factory_id=data["factory"].pk if data.get("factory") else None,
            garment_type=data.get("garment_type") or "",
            idle_hours=data.get("idle_hours") or DEFAULT_IDLE_HOURS,
        )
