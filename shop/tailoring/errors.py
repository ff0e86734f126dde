"""Errors with a stable ``code`` and ``params``.

Callers and tests compare codes; the lazily translated message is only for people. Every
message is a format string over its ``params`` (``%(name)s``), so a form can show it with
``error.text()`` or hand it to Django as ``error.as_validation_error()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.utils.translation import gettext_lazy as _

NON_FIELD_ERRORS = "__all__"

MESSAGES: dict[str, Any] = {
    # Parsing one value.
    "required": _("This measurement is required."),
    "unknown_field": _("“%(field)s” is not a measurement of this garment."),
    "invalid_type": _("Enter a number of centimetres, such as 41.5."),
    "invalid_number": _("Enter a number of centimetres, such as 41.5."),
    "not_finite": _("Enter a finite number of centimetres."),
    "too_long": _("Enter at most %(max_length)s characters."),
    "not_positive": _("Enter a measurement greater than 0 cm."),
    "out_of_range": _("Enter a value between %(minimum)s cm and %(maximum)s cm."),
    # Cross-field rules: one measurement against another.
    "wrist_not_less_than_bicep": _(
        "The wrist (%(value)s cm) must be smaller than the bicep (%(other)s cm)."
    ),
    "bicep_not_less_than_chest": _(
        "The bicep (%(value)s cm) must be smaller than the chest (%(other)s cm)."
    ),
    "neck_not_less_than_chest": _(
        "The neck (%(value)s cm) must be smaller than the chest (%(other)s cm)."
    ),
    "armhole_not_less_than_chest": _(
        "The armhole (%(value)s cm) must be smaller than the chest (%(other)s cm)."
    ),
    "thigh_not_less_than_hip": _(
        "The thigh (%(value)s cm) must be smaller than the hip (%(other)s cm)."
    ),
    "knee_not_less_than_thigh": _(
        "The knee (%(value)s cm) must be smaller than the thigh (%(other)s cm)."
    ),
    "ankle_not_less_than_knee": _(
        "The ankle (%(value)s cm) must be smaller than the knee (%(other)s cm)."
    ),
    "inseam_not_less_than_outseam": _(
        "The inseam (%(value)s cm) must be shorter than the outseam (%(other)s cm)."
    ),
    "waist_implausible_for_chest": _(
        "A waist of %(value)s cm is unlikely with a chest of %(other)s cm "
        "(expected %(minimum)s–%(maximum)s cm). Please measure again."
    ),
    "hip_implausible_for_chest": _(
        "A hip of %(value)s cm is unlikely with a chest of %(other)s cm "
        "(expected %(minimum)s–%(maximum)s cm). Please measure again."
    ),
    "shoulder_width_too_wide_for_chest": _(
        "A shoulder width of %(value)s cm is too wide for a chest of %(other)s cm "
        "(at most %(maximum)s cm)."
    ),
    "back_width_too_wide_for_chest": _(
        "A back width of %(value)s cm is too wide for a chest of %(other)s cm "
        "(at most %(maximum)s cm)."
    ),
    "sleeve_length_too_long_for_height": _(
        "A sleeve length of %(value)s cm is too long for a height of %(other)s cm "
        "(at most %(maximum)s cm)."
    ),
    "shirt_length_too_long_for_height": _(
        "A shirt length of %(value)s cm is too long for a height of %(other)s cm "
        "(at most %(maximum)s cm)."
    ),
    "jacket_length_too_long_for_height": _(
        "A jacket length of %(value)s cm is too long for a height of %(other)s cm "
        "(at most %(maximum)s cm)."
    ),
    "outseam_too_long_for_height": _(
        "An outseam of %(value)s cm is too long for a height of %(other)s cm "
        "(at most %(maximum)s cm)."
    ),
    # Warnings: rare but possible; the customer may confirm them.
    "waist_far_above_chest": _(
        "A waist of %(value)s cm is %(difference)s cm larger than the chest (%(other)s cm); "
        "few bodies are like this. Please check both, or confirm them below."
    ),
    "chest_far_above_waist": _(
        "A chest of %(other)s cm is %(difference)s cm larger than the waist (%(value)s cm); "
        "few bodies are like this. Please check both, or confirm them below."
    ),
    "sleeve_length_unusual_for_height": _(
        "A sleeve length of %(value)s cm is unusual for a height of %(other)s cm (usually "
        "%(minimum)s–%(maximum)s cm). Please check it, or confirm it below."
    ),
    # Chinese garment sizes (GB/T 1335).
    "body_type_leaner_than_y": _(
        "The chest is %(difference)s cm larger than the waist, more than the %(maximum)s cm "
        "of body type Y: GB/T 1335 has no size for this figure. A made-to-measure garment "
        "fits it all the same."
    ),
    "body_type_fuller_than_c": _(
        "The chest is only %(difference)s cm larger than the waist, less than the "
        "%(minimum)s cm of body type C: GB/T 1335 has no size for this figure. A "
        "made-to-measure garment fits it all the same."
    ),
    # Fabric consumption.
    "invalid_fabric_width": _("Enter a fabric width between %(minimum)s cm and %(maximum)s cm."),
    "fabric_too_narrow": _(
        "The fabric (%(width)s cm wide) is too narrow for this garment; "
        "it needs at least %(needed)s cm."
    ),
    "missing_measurement": _("The measurement “%(measurement)s” is missing."),
    "missing_dimension": _("The finished dimension “%(dimension)s” is missing."),
    # Estimates.
    "height_out_of_range": _("Enter a height between %(minimum)s cm and %(maximum)s cm."),
    "weight_out_of_range": _("Enter a weight between %(minimum)s kg and %(maximum)s kg."),
    "unknown_size": _(
        "“%(size)s” is not a size we know; use XS to XXXL or a size such as 175/96A."
    ),
    # Prices.
    "invalid_amount": _("Amounts must be decimal numbers."),
    "negative_amount": _("This amount must not be negative."),
    "negative_total": _("The total must not be negative."),
}


@dataclass(frozen=True, slots=True)
class MeasurementError:
    """One problem with one measurement (or with the set, under ``NON_FIELD_ERRORS``)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in MESSAGES:
            raise KeyError(self.code)
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    @property
    def message(self) -> Any:
        """The lazily translated message, still with its ``%(name)s`` placeholders."""
        return MESSAGES[self.code]

    def text(self) -> str:
        """The message in the active language with the params filled in."""
        return str(self.message) % dict(self.params)

    def as_validation_error(self) -> Any:
        """The same error as a ``django.core.exceptions.ValidationError``."""
        from django.core.exceptions import ValidationError

        return ValidationError(self.message, code=self.code, params=dict(self.params))


class TailoringError(ValueError):
    """An input a tailoring function cannot work with; carries a stable ``code``."""

    def __init__(self, code: str, **params: Any) -> None:
        if code not in MESSAGES:
            raise KeyError(code)
        self.code = code
        self.params: Mapping[str, Any] = MappingProxyType(dict(params))
        super().__init__(code, dict(params))

    @property
    def message(self) -> Any:
        return MESSAGES[self.code]

    def text(self) -> str:
        return str(self.message) % dict(self.params)
