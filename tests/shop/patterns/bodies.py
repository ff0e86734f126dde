"""Bodies and specs for the pattern tests: realistic ones (estimated from height and
weight) and any body the measurement validation accepts."""

from __future__ import annotations

import itertools
import os
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from shop.patterns.spec import STYLES, DraftSpec
from shop.tailoring.estimate import estimate_measurements
from shop.tailoring.fit import finished_dimensions
from shop.tailoring.measurements import GARMENT_MEASUREMENTS
from shop.tailoring.validation import measurements_validate

GARMENTS = ("shirt", "trousers", "jacket")
FITS = ("slim", "regular", "relaxed")

#: ``PATTERN_EXAMPLES`` scales the hypothesis runs: small in ``make test``, larger with
#: ``make test-patterns-thorough``.
SCALE = float(os.environ.get("PATTERN_EXAMPLES", "1"))


def examples(n: int) -> int:
    return max(1, int(n * SCALE))


def spec_for(
    garment: str, body: dict[str, Decimal], fit: str, styles: dict[str, str] | None = None
) -> DraftSpec:
    finished = finished_dimensions(garment_type=garment, fit=fit, body=body)
    return DraftSpec(
        garment=garment,
        fit=fit,
        finished={k: float(v) * 10 for k, v in finished.items()},
        height=float(body["height"]) * 10,
        styles=styles or {},
        unit_code="U-TEST-0001",
    )


def realistic_body(garment: str, sex: str, height: int, bmi: float) -> dict[str, Decimal]:
    h = Decimal(height)
    weight = (Decimal(str(bmi)) * (h / 100) ** 2).quantize(Decimal("0.1"))
    return estimate_measurements(sex=sex, height=h, weight=weight, garment_type=garment)


@st.composite
def realistic_specs(draw: Any, garment: str) -> DraftSpec:
    sex = draw(st.sampled_from(("male", "female")))
    height = draw(st.integers(150, 195) if sex == "male" else st.integers(148, 182))
    bmi = draw(st.floats(18.5, 33.0))
    fit = draw(st.sampled_from(FITS))
    styles = {o: draw(st.sampled_from(c)) for o, c in STYLES[garment].items()}
    return spec_for(garment, realistic_body(garment, sex, height, bmi), fit, styles)


def style_matrix(garment: str) -> list[dict[str, str]]:
    """Every combination of the options that change the pieces."""
    options = STYLES[garment]
    names = sorted(options)
    return [
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(options[n] for n in names))
    ]


def _half(draw: Any, lo: float, hi: float) -> Decimal:
    lo2, hi2 = round(lo * 2 + 0.4999), int(hi * 2)
    return Decimal(draw(st.integers(min(lo2, hi2), hi2))) / 2


@st.composite
def accepted_bodies(draw: Any, garment: str) -> tuple[str, dict[str, Decimal]]:
    """Any body ``measurements_validate`` accepts, across the full ranges."""
    sex = draw(st.sampled_from(("male", "female")))
    b: dict[str, Decimal] = {}
    b["height"] = _half(draw, 130, 215)
    chest = _half(draw, 60, 180)
    b["chest"] = chest
    c = float(chest)
    b["waist"] = _half(draw, max(45, 0.5 * c + 0.5), min(200, 1.5 * c - 0.5))
    b["hip"] = _half(
        draw, max(65, 0.7 * c + 0.5), min(200, (1.45 if sex == "male" else 1.75) * c - 0.5)
    )
    b["neck"] = _half(draw, 24, min(65, c - 0.5))
    b["shoulder_width"] = _half(draw, 28, min(65, 0.75 * c - 0.5))
    b["back_width"] = _half(draw, 22, min(65, 0.6 * c - 0.5))
    b["armhole"] = _half(draw, 26, min(80, c - 0.5))
    b["bicep"] = _half(draw, 16, min(70, c - 0.5))
    b["wrist"] = _half(draw, 11, min(30, float(b["bicep"]) - 0.5))
    h = float(b["height"])
    b["sleeve_length"] = _half(draw, 38, min(85, 0.5 * h - 0.5))
    b["shirt_length"] = _half(draw, 50, min(110, 0.6 * h - 0.5))
    b["jacket_length"] = _half(draw, 50, min(105, 0.6 * h - 0.5))
    b["outseam"] = _half(draw, 75, min(140, 0.75 * h - 0.5))
    b["inseam"] = _half(draw, 55, min(110, float(b["outseam"]) - 0.5))
    b["crotch_depth"] = _half(draw, 15, 45)
    b["thigh"] = _half(draw, 38, min(110, float(b["hip"]) - 0.5))
    b["knee"] = _half(draw, 26, min(70, float(b["thigh"]) - 0.5))
    b["ankle"] = _half(draw, 15, min(40, float(b["knee"]) - 0.5))
    body = {k: b[k] for k in GARMENT_MEASUREMENTS[garment]}
    cleaned, errors = measurements_validate(garment_type=garment, values=body, sex=sex)
    assert not errors, errors
    return sex, cleaned
