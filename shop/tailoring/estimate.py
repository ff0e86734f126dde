"""A first guess at a whole measurement set from a few answers, for the customer to adjust.

Inputs: sex, height (140-210 cm), weight (35-250 kg), optionally the usual ready-to-wear
size (a letter size XS-XXXL, also written 2XL/3XL, or a GB/T 1335 size such as ``175/96A``)
and the fit the customer likes.

Rules
-----
1. **Regression on height H (cm) and body-mass index b (kg/m², held to 15-50).** Each
   measurement is ``a + h x H + k x b`` with the coefficients in :data:`REGRESSION`. They are
   simple proportional rules: lengths scale with height (sleeve ~0.36 H, inseam ~0.46 H for
   men; the classic stature ratios of tailoring drafts), girths grow with b. They are
   calibrated so that a man of 175 cm and 67 kg gets chest 94, waist 80, hip 97 — the
   middle of GB/T 1335.1 ``175/92A``-``175/96A`` and close to the ANSUR II male means
   — and a woman of 162 cm and 55 kg gets bust 88, waist 68, hip 94 (GB/T 1335.2
   ``160/84A``-``165/88A``). Armhole follows the chest (men 22 + 0.25 chest, women
   15 + 0.28 bust).
2. **The usual size, when given, pulls the girths towards it.** A letter size stands for a
   nominal body chest (:data:`LETTER_SIZE_CHEST`) — for a customer who likes a slim fit 2 cm
   more (slim buyers choose a size that is snug), for one who likes a relaxed fit 3 cm less
   (they size up). A GB/T 1335 size gives the net chest (top) or waist (bottom) directly, and
   its body type letter gives chest minus waist (the middle of the type's range). The estimate
   is 60 % the size and 40 % the regression; the other girths move with the chest by fixed
   shares of the shift (hip 0.8, thigh 0.5, bicep and armhole 0.3, knee 0.2, …). The 号
   (height part) is ignored: the customer's own height is better.
3. **Kept valid.** Values are rounded to 0.5 cm, held inside each measurement's range and
   then inside every cross-field rule of :mod:`shop.tailoring.validation` (a wrist at least
   1 cm under the bicep, a sleeve no longer than half the height, …), so the result always
   passes :func:`~shop.tailoring.validation.measurements_validate` for every garment type.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from shop.tailoring.choices import Fit, GarmentType, Sex
from shop.tailoring.errors import TailoringError
from shop.tailoring.measurements import GARMENT_MEASUREMENTS, MEASUREMENTS, STEP
from shop.tailoring.parsing import round_to_step
from shop.tailoring.sizing import BODY_TYPES, SizeKind

MIN_HEIGHT, MAX_HEIGHT = Decimal(140), Decimal(210)
MIN_WEIGHT, MAX_WEIGHT = Decimal(35), Decimal(250)
MIN_BMI, MAX_BMI = Decimal(15), Decimal(50)
SIZE_WEIGHT = Decimal("0.6")

_D = Decimal

# measurement: (a, h, k) in  a + h * height + k * bmi
REGRESSION: dict[Sex, dict[str, tuple[Decimal, Decimal, Decimal]]] = {
    Sex.MALE: {
        "chest": (_D("43.25"), _D("0.05"), _D("1.9")),
        "waist": (_D("24"), _D("0"), _D("2.55")),
        "hip": (_D("31.75"), _D("0.15"), _D("1.8")),
        "neck": (_D("27"), _D("0"), _D("0.55")),
        "shoulder_width": (_D("-4.4"), _D("0.26"), _D("0.2")),
        "back_width": (_D("-5.5"), _D("0.22"), _D("0.25")),
        "sleeve_length": (_D("0"), _D("0.36"), _D("0")),
        "shirt_length": (_D("0"), _D("0.44"), _D("0")),
        "jacket_length": (_D("0"), _D("0.425"), _D("0")),
        "bicep": (_D("11"), _D("0"), _D("0.9")),
        "wrist": (_D("3.5"), _D("0.06"), _D("0.15")),
        "outseam": (_D("0"), _D("0.6"), _D("0")),
        "inseam": (_D("0"), _D("0.46"), _D("0")),
        "crotch_depth": (_D("-4.4"), _D("0.15"), _D("0.2")),
        "thigh": (_D("28"), _D("0"), _D("1.3")),
        "knee": (_D("25"), _D("0"), _D("0.55")),
        "ankle": (_D("17.5"), _D("0"), _D("0.25")),
    },
    Sex.FEMALE: {
        "chest": (_D("37.9"), _D("0.05"), _D("2.0")),
        "waist": (_D("18"), _D("0"), _D("2.4")),
        "hip": (_D("29.7"), _D("0.15"), _D("1.9")),
        "neck": (_D("24"), _D("0"), _D("0.45")),
        "shoulder_width": (_D("-4.2"), _D("0.245"), _D("0.2")),
        "back_width": (_D("-5.25"), _D("0.21"), _D("0.25")),
        "sleeve_length": (_D("0"), _D("0.345"), _D("0")),
        "shirt_length": (_D("0"), _D("0.40"), _D("0")),
        "jacket_length": (_D("0"), _D("0.39"), _D("0")),
        "bicep": (_D("7"), _D("0"), _D("0.95")),
        "wrist": (_D("2.5"), _D("0.06"), _D("0.12")),
        "outseam": (_D("0"), _D("0.615"), _D("0")),
        "inseam": (_D("0"), _D("0.45"), _D("0")),
        "crotch_depth": (_D("-4.2"), _D("0.16"), _D("0.2")),
        "thigh": (_D("25"), _D("0"), _D("1.5")),
        "knee": (_D("23"), _D("0"), _D("0.6")),
        "ankle": (_D("16.5"), _D("0"), _D("0.25")),
    },
}

ARMHOLE_FROM_CHEST = {Sex.MALE: (_D(22), _D("0.25")), Sex.FEMALE: (_D(15), _D("0.28"))}

# Nominal body chest (cm) of a letter size bought in a regular fit.
LETTER_SIZE_CHEST: dict[Sex, dict[str, Decimal]] = {
    Sex.MALE: {
        "XS": _D(84),
        "S": _D(88),
        "M": _D(94),
        "L": _D(100),
        "XL": _D(106),
        "XXL": _D(112),
        "XXXL": _D(118),
    },
    Sex.FEMALE: {
        "XS": _D(78),
        "S": _D(82),
        "M": _D(86),
        "L": _D(92),
        "XL": _D(98),
        "XXL": _D(104),
        "XXXL": _D(110),
    },
}
LETTER_ALIASES = {"2XL": "XXL", "3XL": "XXXL", "XXS": "XS"}
FIT_CHEST_ADJUSTMENT = {Fit.SLIM: _D(2), Fit.REGULAR: _D(0), Fit.RELAXED: _D(-3)}

# How much of a chest shift each girth follows.
SHIFT_SHARE: dict[str, Decimal] = {
    "waist": _D(1),
    "hip": _D("0.8"),
    "thigh": _D("0.5"),
    "bicep": _D("0.3"),
    "neck": _D("0.15"),
    "knee": _D("0.2"),
    "back_width": _D("0.2"),
    "shoulder_width": _D("0.1"),
    "wrist": _D("0.05"),
    "ankle": _D("0.05"),
}

_GBT_SIZE = re.compile(r"(\d{3})/(\d{2,3})([YABC])?")


def _type_middle(sex: Sex, letter: str) -> Decimal:
    for name, low, high in BODY_TYPES[sex]:
        if name == letter:
            return Decimal(low + high) / 2
    raise AssertionError(letter)  # pragma: no cover - the pattern admits Y, A, B, C only


def _size_targets(
    sex: Sex, usual_size: str, fit: Fit, size_kind: SizeKind
) -> tuple[Decimal | None, Decimal | None]:
    """Net (chest, waist) the usual size stands for; either may be None."""
    text = unicodedata.normalize("NFKC", usual_size).strip().upper().replace(" ", "")
    letter = LETTER_ALIASES.get(text, text)
    if letter in LETTER_SIZE_CHEST[sex]:
        return LETTER_SIZE_CHEST[sex][letter] + FIT_CHEST_ADJUSTMENT[fit], None
    match = _GBT_SIZE.fullmatch(text)
    if match is None:
        raise TailoringError("unknown_size", size=usual_size[:20])
    girth = Decimal(match.group(2))
    body_type = match.group(3)
    middle = _type_middle(sex, body_type) if body_type else None
    if size_kind is SizeKind.TOP:
        return girth, (girth - middle if middle is not None else None)
    return (girth + middle if middle is not None else None), girth


def _blend(size_value: Decimal, regression_value: Decimal) -> Decimal:
    return SIZE_WEIGHT * size_value + (1 - SIZE_WEIGHT) * regression_value


def estimate_measurements(
    *,
    sex: Sex | str,
    height: Decimal,
    weight: Decimal,
    usual_size: str | None = None,
    fit: Fit | str = Fit.REGULAR,
    size_kind: SizeKind | str = SizeKind.TOP,
    garment_type: GarmentType | str | None = None,
) -> dict[str, Decimal]:
    """An estimated measurement set in cm (0.5 cm steps).

    With ``garment_type`` only that garment's measurements are returned, otherwise every
    measurement in the catalogue. ``size_kind`` says whether a GB/T 1335 ``usual_size`` is a
    top (型 = chest) or a bottom (型 = waist). Raises :class:`TailoringError` with code
    ``height_out_of_range``, ``weight_out_of_range`` or ``unknown_size``.
    """
    body_sex, chosen_fit, kind = Sex(sex), Fit(fit), SizeKind(size_kind)
    height = Decimal(height)
    weight = Decimal(weight)
    if not (height.is_finite() and MIN_HEIGHT <= height <= MAX_HEIGHT):
        raise TailoringError("height_out_of_range", minimum=MIN_HEIGHT, maximum=MAX_HEIGHT)
    if not (weight.is_finite() and MIN_WEIGHT <= weight <= MAX_WEIGHT):
        raise TailoringError("weight_out_of_range", minimum=MIN_WEIGHT, maximum=MAX_WEIGHT)
    bmi = min(max(weight / (height / 100) ** 2, MIN_BMI), MAX_BMI)

    values = {code: a + h * height + k * bmi for code, (a, h, k) in REGRESSION[body_sex].items()}
    values["height"] = height

    if usual_size:
        size_chest, size_waist = _size_targets(body_sex, usual_size, chosen_fit, kind)
        if size_chest is not None:
            shift = _blend(size_chest, values["chest"]) - values["chest"]
        else:
            assert size_waist is not None
            shift = _blend(size_waist, values["waist"]) - values["waist"]
        values["chest"] += shift
        for code, share in SHIFT_SHARE.items():
            values[code] += share * shift
        if size_chest is not None and size_waist is not None:
            values["waist"] = _blend(size_waist, values["waist"])

    base, share = ARMHOLE_FROM_CHEST[body_sex]
    values["armhole"] = base + share * values["chest"]

    cleaned = _keep_valid(values, body_sex)
    if garment_type is None:
        return {code: cleaned[code] for code in MEASUREMENTS}
    return {code: cleaned[code] for code in GARMENT_MEASUREMENTS[GarmentType(garment_type)]}


def _floor(value: Decimal) -> Decimal:
    return (value / STEP).to_integral_value(rounding=ROUND_FLOOR) * STEP


def _ceil(value: Decimal) -> Decimal:
    return (value / STEP).to_integral_value(rounding=ROUND_CEILING) * STEP


def _keep_valid(raw: dict[str, Decimal], sex: Sex) -> dict[str, Decimal]:
    values: dict[str, Decimal] = {}
    for code, measurement in MEASUREMENTS.items():
        rounded = round_to_step(value=raw[code])
        values[code] = min(max(rounded, measurement.minimum), measurement.maximum)

    def hold(code: str, low: Decimal | None = None, high: Decimal | None = None) -> None:
        measurement = MEASUREMENTS[code]
        lowest = max(measurement.minimum, _ceil(low)) if low is not None else measurement.minimum
        highest = (
            min(measurement.maximum, _floor(high)) if high is not None else measurement.maximum
        )
        values[code] = min(max(values[code], lowest), highest).quantize(Decimal("0.1"))

    chest, height = values["chest"], values["height"]
    hip_high = _D("1.75") if sex is Sex.FEMALE else _D("1.45")
    rules: list[tuple[str, Callable[[], tuple[Decimal | None, Decimal | None]]]] = [
        ("waist", lambda: (_D("0.5") * chest, _D("1.5") * chest)),
        ("hip", lambda: (_D("0.7") * chest, hip_high * chest)),
        ("neck", lambda: (None, chest - 1)),
        ("bicep", lambda: (None, chest - 1)),
        ("armhole", lambda: (None, chest - 1)),
        ("shoulder_width", lambda: (None, _D("0.75") * chest)),
        ("back_width", lambda: (None, _D("0.6") * chest)),
        ("wrist", lambda: (None, values["bicep"] - 1)),
        ("thigh", lambda: (None, values["hip"] - 1)),
        ("knee", lambda: (None, values["thigh"] - 1)),
        ("ankle", lambda: (None, values["knee"] - 1)),
        ("sleeve_length", lambda: (None, _D("0.5") * height)),
        ("shirt_length", lambda: (None, _D("0.6") * height)),
        ("jacket_length", lambda: (None, _D("0.6") * height)),
        ("outseam", lambda: (None, _D("0.75") * height)),
        ("inseam", lambda: (None, values["outseam"] - 1)),
    ]
    for code, bounds in rules:
        hold(code, *bounds())
    return values
