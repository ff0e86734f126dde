"""Validating a measurement set for one garment type.

Two passes. First each value on its own (see :mod:`shop.tailoring.parsing` for what is
accepted and how values are rounded to 0.5 cm): missing, unknown, unreadable, non-finite,
not positive, out of the measurement's plausible range. Then, between the values that passed,
the cross-field rules below. Each error is attached to the field it concerns; an error that
belongs to no field (a key that is not even text) goes under ``NON_FIELD_ERRORS``
(``"__all__"``).

Cross-field rules (cm; "<" strict, "<=" allowed up to the limit rounded down to 0.5 cm):

=============================  ============================================  ==============
code                           rule                                          field
=============================  ============================================  ==============
wrist_not_less_than_bicep      wrist < bicep                                 wrist
bicep_not_less_than_chest      bicep < chest                                 bicep
neck_not_less_than_chest       neck < chest                                  neck
armhole_not_less_than_chest    armhole < chest                               armhole
thigh_not_less_than_hip        thigh < hip                                   thigh
knee_not_less_than_thigh       knee < thigh                                  knee
ankle_not_less_than_knee       ankle < knee                                  ankle
inseam_not_less_than_outseam   inseam < outseam                              inseam
waist_implausible_for_chest    0.5 x chest <= waist <= 1.5 x chest           waist
hip_implausible_for_chest      0.7 x chest <= hip <= 1.45 x chest (men),     hip
                               1.75 x chest (women)
shoulder_width_too_wide_...    shoulder width <= 0.75 x chest                shoulder_width
back_width_too_wide_...        back width <= 0.6 x chest                     back_width
sleeve_length_too_long_...     sleeve length <= 0.5 x height                 sleeve_length
shirt_length_too_long_...      shirt length <= 0.6 x height                  shirt_length
jacket_length_too_long_...     jacket length <= 0.6 x height                 jacket_length
outseam_too_long_for_height    outseam <= 0.75 x height                      outseam
=============================  ============================================  ==============

The ratios are deliberately loose: they accept a body-builder (waist half the chest), a
heavy man whose waist exceeds his chest, a pear-shaped woman whose hip is two thirds larger
than her bust, and reject only what is almost surely a mistake (a sleeve longer than half
one's height — arm length from the shoulder point is about 0.35 of height; a waist three
times the chest).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from shop.tailoring.choices import GarmentType, Sex
from shop.tailoring.errors import NON_FIELD_ERRORS, MeasurementError, TailoringError
from shop.tailoring.measurements import GARMENT_MEASUREMENTS, MEASUREMENTS, STEP
from shop.tailoring.parsing import SANE_LIMIT, parse_centimetres, round_to_step


@dataclass(frozen=True, slots=True)
class LessThan:
    """``field < other`` (strict)."""

    field: str
    other: str
    code: str


@dataclass(frozen=True, slots=True)
class AtMostFraction:
    """``field <= factor x other``."""

    field: str
    other: str
    factor: Decimal
    code: str


@dataclass(frozen=True, slots=True)
class BetweenFractions:
    """``low x other <= field <= high x other``; ``high`` may depend on sex."""

    field: str
    other: str
    low: Decimal
    high_male: Decimal
    high_female: Decimal
    code: str


CROSS_FIELD_RULES: tuple[LessThan | AtMostFraction | BetweenFractions, ...] = (
    LessThan("wrist", "bicep", "wrist_not_less_than_bicep"),
    LessThan("bicep", "chest", "bicep_not_less_than_chest"),
    LessThan("neck", "chest", "neck_not_less_than_chest"),
    LessThan("armhole", "chest", "armhole_not_less_than_chest"),
    LessThan("thigh", "hip", "thigh_not_less_than_hip"),
    LessThan("knee", "thigh", "knee_not_less_than_thigh"),
    LessThan("ankle", "knee", "ankle_not_less_than_knee"),
    LessThan("inseam", "outseam", "inseam_not_less_than_outseam"),
    BetweenFractions(
        "waist",
        "chest",
        Decimal("0.5"),
        Decimal("1.5"),
        Decimal("1.5"),
        "waist_implausible_for_chest",
    ),
    BetweenFractions(
        "hip",
        "chest",
        Decimal("0.7"),
        Decimal("1.45"),
        Decimal("1.75"),
        "hip_implausible_for_chest",
    ),
    AtMostFraction("shoulder_width", "chest", Decimal("0.75"), "shoulder_width_too_wide_for_chest"),
    AtMostFraction("back_width", "chest", Decimal("0.6"), "back_width_too_wide_for_chest"),
    AtMostFraction("sleeve_length", "height", Decimal("0.5"), "sleeve_length_too_long_for_height"),
    AtMostFraction("shirt_length", "height", Decimal("0.6"), "shirt_length_too_long_for_height"),
    AtMostFraction("jacket_length", "height", Decimal("0.6"), "jacket_length_too_long_for_height"),
    AtMostFraction("outseam", "height", Decimal("0.75"), "outseam_too_long_for_height"),
)


def measurements_validate(
    *, garment_type: GarmentType | str, values: Mapping[str, object], sex: Sex | str
) -> tuple[dict[str, Decimal], dict[str, list[MeasurementError]]]:
    """Parse and check a measurement set for ``garment_type``.

    Returns ``(cleaned, errors)``. ``cleaned`` maps each measurement that passed every check
    to its value in cm, rounded to 0.5 cm; ``errors`` maps a field (or ``"__all__"``) to its
    errors, in a stable order. The set is usable exactly when ``errors`` is empty.
    Unknown ``garment_type`` or ``sex`` raise ``ValueError`` (a programming error, not input).
    """
    garment = GarmentType(garment_type)
    body_sex = Sex(sex)
    required = GARMENT_MEASUREMENTS[garment]
    errors: dict[str, list[MeasurementError]] = {}
    cleaned: dict[str, Decimal] = {}

    def add(field: str, error: MeasurementError) -> None:
        errors.setdefault(field, []).append(error)

    for key in values:
        if not isinstance(key, str):
            add(NON_FIELD_ERRORS, MeasurementError("unknown_field", {"field": repr(key)}))
        elif key not in required:
            add(key, MeasurementError("unknown_field", {"field": key}))

    for code in required:
        error, value = _clean_one(code, values.get(code))
        if error is not None:
            add(code, error)
        else:
            assert value is not None
            cleaned[code] = value

    for rule in CROSS_FIELD_RULES:
        if rule.field in cleaned and rule.other in cleaned:
            error = _check_rule(rule, cleaned[rule.field], cleaned[rule.other], body_sex)
            if error is not None:
                add(rule.field, error)

    return {code: value for code, value in cleaned.items() if code not in errors}, errors


def _clean_one(code: str, raw: object) -> tuple[MeasurementError | None, Decimal | None]:
    measurement = MEASUREMENTS[code]
    try:
        number = parse_centimetres(value=raw)
    except TailoringError as exc:
        return MeasurementError(exc.code, exc.params), None
    range_params = {"minimum": measurement.minimum, "maximum": measurement.maximum}
    if number > SANE_LIMIT:
        return MeasurementError("out_of_range", {**range_params, "value": number}), None
    value = round_to_step(value=number)
    if not measurement.minimum <= value <= measurement.maximum:
        return MeasurementError("out_of_range", {**range_params, "value": value}), None
    return None, value


def _floor_step(value: Decimal) -> Decimal:
    return ((value / STEP).to_integral_value(rounding=ROUND_FLOOR) * STEP).quantize(Decimal("0.1"))


def _ceil_step(value: Decimal) -> Decimal:
    return ((value / STEP).to_integral_value(rounding=ROUND_CEILING) * STEP).quantize(
        Decimal("0.1")
    )


def _check_rule(
    rule: LessThan | AtMostFraction | BetweenFractions,
    value: Decimal,
    other: Decimal,
    sex: Sex,
) -> MeasurementError | None:
    if isinstance(rule, LessThan):
        if value >= other:
            return MeasurementError(rule.code, {"value": value, "other": other})
        return None
    if isinstance(rule, AtMostFraction):
        maximum = _floor_step(rule.factor * other)
        if value > maximum:
            return MeasurementError(rule.code, {"value": value, "other": other, "maximum": maximum})
        return None
    high = rule.high_female if sex is Sex.FEMALE else rule.high_male
    minimum, maximum = _ceil_step(rule.low * other), _floor_step(high * other)
    if not minimum <= value <= maximum:
        return MeasurementError(
            rule.code, {"value": value, "other": other, "minimum": minimum, "maximum": maximum}
        )
    return None


# Warnings: combinations that are possible but rare enough to be a typing error more
# often than a body. The form shows them and saves only once the customer confirms.
#
# * Chest and waist. GB/T 1335 body types span chest minus waist from 2 cm (men, C) to
#   24 cm (women, Y); in ANSUR II the waist is on average 11.7 cm (men) and 8.9 cm
#   (women) under the chest, with an SD of the difference of about 5.7 cm. A waist more
#   than 10 cm above the chest, or 30 cm below it, is beyond about 3.5 SD.
# * Sleeve and height. ANSUR II sleeve outseam / stature: 0.351 (men), 0.344 (women);
#   the sleeve's error given the height is about 1.6 cm, so 0.31-0.39 of the height
#   (about +/- 7 cm at 175 cm) is beyond about 4 SD.
WAIST_ABOVE_CHEST_WARNING = Decimal(10)
CHEST_ABOVE_WAIST_WARNING = Decimal(30)
SLEEVE_SHARE_OF_HEIGHT = (Decimal("0.31"), Decimal("0.39"))


def measurements_warnings(*, values: Mapping[str, Decimal]) -> dict[str, list[MeasurementError]]:
    """Rare combinations among already valid values, by field (see the table above)."""
    warnings: dict[str, list[MeasurementError]] = {}
    chest, waist = values.get("chest"), values.get("waist")
    if chest is not None and waist is not None:
        if waist - chest > WAIST_ABOVE_CHEST_WARNING:
            warnings["waist"] = [
                MeasurementError(
                    "waist_far_above_chest",
                    {"value": waist, "other": chest, "difference": waist - chest},
                )
            ]
        elif chest - waist > CHEST_ABOVE_WAIST_WARNING:
            warnings["waist"] = [
                MeasurementError(
                    "chest_far_above_waist",
                    {"value": waist, "other": chest, "difference": chest - waist},
                )
            ]
    sleeve, height = values.get("sleeve_length"), values.get("height")
    if sleeve is not None and height is not None:
        low = _ceil_step(SLEEVE_SHARE_OF_HEIGHT[0] * height)
        high = _floor_step(SLEEVE_SHARE_OF_HEIGHT[1] * height)
        if not low <= sleeve <= high:
            warnings["sleeve_length"] = [
                MeasurementError(
                    "sleeve_length_unusual_for_height",
                    {"value": sleeve, "other": height, "minimum": low, "maximum": high},
                )
            ]
    return warnings
