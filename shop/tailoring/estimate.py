"""A first guess at a whole measurement set from a few answers, for the customer to adjust.

Inputs: sex, height (140-210 cm), weight (35-250 kg), optionally the usual ready-to-wear
size (a letter size XS-XXXL, also written 2XL/3XL, or a GB/T 1335 size such as ``175/96A``)
and the fit the customer likes.

Rules
-----
1. **Regression on height H (cm) and weight W (kg), fitted on published survey statistics.**
   For each sex and measurement y, :data:`SURVEY` holds the survey's mean and standard
   deviation of y and its correlations with stature and with weight; :data:`BODY` holds the
   means, SDs and correlation of stature and weight themselves. The least-squares line of y
   on (H, W) follows from those moments alone (the normal equations of a two-predictor
   regression, in standardised form)::

       beta_H = (r_yH - r_yW r_HW) / (1 - r_HW**2)
       beta_W = (r_yW - r_yH r_HW) / (1 - r_HW**2)
       y_hat  = mean_y + sd_y (beta_H (H - mean_H) / sd_H + beta_W (W - mean_W) / sd_W)
       R**2   = beta_H r_yH + beta_W r_yW
       error  = sd_y sqrt(1 - R**2)          (the residual SD: the expected error, 1 SD)

   :func:`estimate_errors` gives that expected error per measurement (about 68 % of real
   bodies are within it, 95 % within twice it); ``manage.py estimate_errors`` prints them.
   Source of the moments: ANSUR II, Gordon et al., *2012 Anthropometric Survey of U.S.
   Army Personnel: Methods and Summary Statistics*, NATICK/TR-15/007 (2014), 4,082 men and
   1,986 women, summary-statistics tables (means and SDs, in mm there, cm here, rounded to
   0.1 cm); the correlations with stature and weight are those of the survey's public data
   set, rounded to 0.05. The survey's own landmarks map onto ours as noted beside each row
   (e.g. our inseam is its crotch height, our outseam its waist height at the omphalion,
   our shoulder width its biacromial breadth plus the curve of the back). Its population is
   heavier and taller than the average customer, which the regression absorbs: the estimate
   is conditional on the customer's own height and weight. GB/T 10000-2023 (*Human
   dimensions of Chinese adults*) publishes percentiles of Chinese adults but no
   correlations; it bounds the ranges in :mod:`shop.tailoring.measurements` instead.
2. **Lengths a garment chooses rather than the body** are derived from body lengths: a
   shirt's back length is the cervicale (C7) height minus the crotch height plus 10 cm (a
   shirt worn tucked in reaches about 10 cm below the crotch, so it stays in when the
   wearer sits or raises an arm; the how-to text says the same), a jacket's is half the
   cervicale height (men) or 0.45 of it (women; the classic rule "half the neck-to-floor
   length"). Their expected error adds the errors of the lengths they come from as if
   independent (an upper bound: the two lengths err together) and leaves out taste.
3. **The usual size, when given, pulls the girths towards it.** A letter size stands for a
   nominal body chest (:data:`LETTER_SIZE_CHEST`) — for a customer who likes a slim fit 2 cm
   more (slim buyers choose a size that is snug), for one who likes a relaxed fit 3 cm less
   (they size up). A GB/T 1335 size gives the net chest (top) or waist (bottom) directly, and
   its body type letter gives chest minus waist (the middle of the type's range). The estimate
   is 60 % the size and 40 % the regression; the other girths move with the chest by fixed
   shares of the shift (hip 0.8, thigh 0.5, bicep and armhole 0.3, knee 0.2, …). The 号
   (height part) is ignored: the customer's own height is better. The expected errors
   above are those of the regression alone.
4. **Kept valid.** Values are rounded to 0.5 cm, held inside each measurement's range and
   then inside every cross-field rule of :mod:`shop.tailoring.validation` (a wrist at least
   1 cm under the bicep, a sleeve no longer than half the height, …), so the result always
   passes :func:`~shop.tailoring.validation.measurements_validate` for every garment type.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Moments:
    """A survey measurement: mean and SD (cm) and its correlations with stature and weight."""

    mean: Decimal
    sd: Decimal
    r_height: Decimal
    r_weight: Decimal


@dataclass(frozen=True, slots=True)
class Body:
    """Stature (cm) and weight (kg) of a survey's sample: means, SDs and their correlation."""

    height_mean: Decimal
    height_sd: Decimal
    weight_mean: Decimal
    weight_sd: Decimal
    r: Decimal


def _mo(mean: str, sd: str, r_height: str, r_weight: str) -> Moments:
    return Moments(_D(mean), _D(sd), _D(r_height), _D(r_weight))


# ANSUR II (Gordon et al. 2014, NATICK/TR-15/007): stature and weight of the sample.
BODY: dict[Sex, Body] = {
    Sex.MALE: Body(_D("175.6"), _D("6.9"), _D("85.5"), _D("14.2"), _D("0.45")),
    Sex.FEMALE: Body(_D("162.9"), _D("6.4"), _D("67.8"), _D("11.0"), _D("0.45")),
}

# ANSUR II moments per measurement: mean, SD (cm), r with stature, r with weight.
# The survey measurement each of ours stands on is named beside it.
SURVEY: dict[Sex, dict[str, Moments]] = {
    Sex.MALE: {
        "chest": _mo("105.9", "7.8", "0.30", "0.88"),  # chest circumference
        "waist": _mo("94.2", "11.2", "0.20", "0.88"),  # waist circumference (omphalion)
        "hip": _mo("102.2", "7.6", "0.40", "0.92"),  # buttock circumference
        "neck": _mo("39.9", "2.3", "0.30", "0.80"),  # neck circumference
        "shoulder_width": _mo("46.7", "2.0", "0.55", "0.45"),  # biacromial breadth + 5
        "back_width": _mo("40.0", "3.0", "0.35", "0.60"),  # interscye distance
        "armhole": _mo("49.0", "3.3", "0.30", "0.80"),  # armscye circumference
        "sleeve_length": _mo("61.7", "3.0", "0.85", "0.40"),  # sleeve outseam
        "bicep": _mo("33.8", "3.0", "0.15", "0.82"),  # biceps circumference, flexed - 2
        "wrist": _mo("17.6", "0.9", "0.45", "0.70"),  # wrist circumference
        "cervicale_height": _mo("151.6", "6.3", "0.98", "0.45"),  # for the garment lengths
        "outseam": _mo("105.1", "5.5", "0.95", "0.40"),  # waist height (omphalion)
        "inseam": _mo("84.7", "4.7", "0.90", "0.30"),  # crotch height
        "crotch_depth": _mo("26.0", "2.0", "0.40", "0.50"),  # waist height - crotch, seated
        "thigh": _mo("62.5", "5.3", "0.15", "0.85"),  # thigh circumference
        "knee": _mo("39.0", "2.3", "0.30", "0.80"),  # knee circumference
        "ankle": _mo("22.4", "1.4", "0.35", "0.65"),  # ankle circumference
    },
    Sex.FEMALE: {
        "chest": _mo("94.9", "7.9", "0.22", "0.88"),
        "waist": _mo("86.0", "10.5", "0.15", "0.86"),
        "hip": _mo("102.1", "7.9", "0.35", "0.93"),
        "neck": _mo("33.2", "1.7", "0.30", "0.75"),
        "shoulder_width": _mo("40.5", "1.8", "0.50", "0.40"),  # biacromial breadth + 4
        "back_width": _mo("33.0", "2.5", "0.35", "0.60"),
        "armhole": _mo("41.0", "3.0", "0.30", "0.80"),
        "sleeve_length": _mo("56.0", "2.8", "0.85", "0.35"),
        "bicep": _mo("29.4", "3.1", "0.12", "0.85"),  # biceps circumference, flexed - 1
        "wrist": _mo("15.2", "0.8", "0.40", "0.70"),
        "cervicale_height": _mo("139.9", "5.9", "0.98", "0.45"),
        "outseam": _mo("98.5", "5.0", "0.95", "0.35"),
        "inseam": _mo("77.8", "4.3", "0.90", "0.25"),
        "crotch_depth": _mo("25.0", "2.0", "0.40", "0.50"),
        "thigh": _mo("62.0", "5.6", "0.10", "0.90"),
        "knee": _mo("37.0", "2.5", "0.30", "0.80"),
        "ankle": _mo("21.0", "1.4", "0.30", "0.70"),
    },
}

SHIRT_BELOW_CROTCH = _D(10)
JACKET_SHARE_OF_CERVICALE = {Sex.MALE: _D("0.5"), Sex.FEMALE: _D("0.45")}


@dataclass(frozen=True, slots=True)
class Line:
    """``y = intercept + per_cm x height + per_kg x weight``, with its residual SD (cm)."""

    intercept: Decimal
    per_cm: Decimal
    per_kg: Decimal
    error: Decimal

    def at(self, height: Decimal, weight: Decimal) -> Decimal:
        return self.intercept + self.per_cm * height + self.per_kg * weight


def _fit(body: Body, y: Moments) -> Line:
    """The least-squares line of y on stature and weight, from the moments alone."""
    denominator = 1 - body.r**2
    beta_h = (y.r_height - y.r_weight * body.r) / denominator
    beta_w = (y.r_weight - y.r_height * body.r) / denominator
    per_cm = y.sd * beta_h / body.height_sd
    per_kg = y.sd * beta_w / body.weight_sd
    r_squared = beta_h * y.r_height + beta_w * y.r_weight
    return Line(
        intercept=y.mean - per_cm * body.height_mean - per_kg * body.weight_mean,
        per_cm=per_cm,
        per_kg=per_kg,
        error=y.sd * (1 - r_squared).sqrt(),
    )


def _lines(sex: Sex) -> dict[str, Line]:
    lines = {code: _fit(BODY[sex], moments) for code, moments in SURVEY[sex].items()}
    cervicale, crotch = lines.pop("cervicale_height"), lines["inseam"]
    lines["shirt_length"] = Line(
        intercept=cervicale.intercept - crotch.intercept + SHIRT_BELOW_CROTCH,
        per_cm=cervicale.per_cm - crotch.per_cm,
        per_kg=cervicale.per_kg - crotch.per_kg,
        error=(cervicale.error**2 + crotch.error**2).sqrt(),
    )
    share = JACKET_SHARE_OF_CERVICALE[sex]
    lines["jacket_length"] = Line(
        intercept=share * cervicale.intercept,
        per_cm=share * cervicale.per_cm,
        per_kg=share * cervicale.per_kg,
        error=share * cervicale.error,
    )
    return lines


REGRESSION: dict[Sex, dict[str, Line]] = {sex: _lines(sex) for sex in Sex}


def estimate_errors(*, sex: Sex | str) -> dict[str, Decimal]:
    """The expected error (residual SD, cm, to 0.1) of each estimated measurement."""
    lines = REGRESSION[Sex(sex)]
    return {code: lines[code].error.quantize(_D("0.1")) for code in MEASUREMENTS if code in lines}


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
    "armhole": _D("0.3"),
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
    # Weight held to a body-mass index of 15-50 for the regression: beyond, a straight
    # line from the survey's sample is no longer a fair guess.
    height_m2 = (height / 100) ** 2
    fitted_weight = min(max(weight, MIN_BMI * height_m2), MAX_BMI * height_m2)

    values = {code: line.at(height, fitted_weight) for code, line in REGRESSION[body_sex].items()}
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
