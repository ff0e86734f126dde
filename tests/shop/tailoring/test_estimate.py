from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shop.tailoring.errors import TailoringError
from shop.tailoring.estimate import estimate_measurements
from shop.tailoring.measurements import GARMENT_MEASUREMENTS, MEASUREMENTS
from shop.tailoring.validation import measurements_validate


def test_calibration_man():
    values = estimate_measurements(sex="male", height=Decimal(175), weight=Decimal(67))
    assert list(values) == list(MEASUREMENTS)
    assert values["chest"] == Decimal("93.5")
    assert values["waist"] == Decimal("80.0")
    assert values["hip"] == Decimal("97.5")
    assert values["neck"] == Decimal("39.0")
    assert values["sleeve_length"] == Decimal("63.0")
    assert values["inseam"] == Decimal("80.5")


def test_calibration_woman():
    values = estimate_measurements(sex="female", height=Decimal(162), weight=Decimal(55))
    assert values["chest"] == Decimal("88.0")
    assert values["waist"] == Decimal("68.5")
    assert values["hip"] == Decimal("94.0")
    assert values["shoulder_width"] == Decimal("39.5")


def test_garment_type_limits_the_result():
    values = estimate_measurements(
        sex="male", height=Decimal(180), weight=Decimal(80), garment_type="trousers"
    )
    assert tuple(values) == GARMENT_MEASUREMENTS["trousers"]


def test_usual_size_pulls_the_chest():
    plain = estimate_measurements(sex="male", height=Decimal(175), weight=Decimal(67))
    large = estimate_measurements(
        sex="male", height=Decimal(175), weight=Decimal(67), usual_size="XL"
    )
    small = estimate_measurements(
        sex="male", height=Decimal(175), weight=Decimal(67), usual_size="s"
    )
    assert small["chest"] < plain["chest"] < large["chest"]
    # XL = 106 nominal: 0.6 x 106 + 0.4 x 93.6 = 101.04
    assert large["chest"] == Decimal("101.0")


def test_fit_preference_reads_a_letter_size():
    kwargs = {"sex": "male", "height": Decimal(175), "weight": Decimal(67), "usual_size": "L"}
    slim = estimate_measurements(fit="slim", **kwargs)
    relaxed = estimate_measurements(fit="relaxed", **kwargs)
    assert slim["chest"] > relaxed["chest"]


def test_gbt_size_gives_chest_and_waist():
    values = estimate_measurements(
        sex="male", height=Decimal(175), weight=Decimal(67), usual_size="175/96A"
    )
    # chest 0.6 x 96 + 0.4 x 93.6 = 95.04; waist 0.6 x (96 - 14) + 0.4 x (80.1 + 1.44)
    assert values["chest"] == Decimal("95.0")
    assert values["waist"] == Decimal("81.5")
    bottom = estimate_measurements(
        sex="male",
        height=Decimal(175),
        weight=Decimal(67),
        usual_size="175/84A",
        size_kind="bottom",
    )
    # chest target 84 + 14 = 98 shifts the girths by 0.6 x (98 - 93.6) = 2.64, so the
    # regression waist becomes 82.74; then 0.6 x 84 + 0.4 x 82.74 = 83.5
    assert bottom["waist"] == Decimal("83.5")
    assert bottom["chest"] == Decimal("96.0")


@pytest.mark.parametrize("size", ["XM", "175/96Z", "96A", "big", "175-96A"])
def test_unknown_size(size):
    with pytest.raises(TailoringError) as caught:
        estimate_measurements(
            sex="female", height=Decimal(160), weight=Decimal(50), usual_size=size
        )
    assert caught.value.code == "unknown_size"


@pytest.mark.parametrize(
    ("height", "weight", "code"),
    [
        ("139.5", "60", "height_out_of_range"),
        ("210.5", "60", "height_out_of_range"),
        ("NaN", "60", "height_out_of_range"),
        ("170", "34.5", "weight_out_of_range"),
        ("170", "250.5", "weight_out_of_range"),
    ],
)
def test_implausible_inputs(height, weight, code):
    with pytest.raises(TailoringError) as caught:
        estimate_measurements(sex="male", height=Decimal(height), weight=Decimal(weight))
    assert caught.value.code == code


LETTERS = ["XS", "S", "M", "L", "XL", "XXL", "XXXL", "2XL", "3xl"]
GBT_SIZES = [
    f"{height}/{girth}{letter}"
    for height in (145, 160, 175, 190)
    for girth in (60, 72, 84, 96, 108, 120, 140)
    for letter in ("", "Y", "A", "B", "C")
]


@settings(max_examples=300, deadline=None)
@given(
    sex=st.sampled_from(["male", "female"]),
    height=st.integers(min_value=280, max_value=420).map(lambda half: Decimal(half) / 2),
    weight=st.integers(min_value=70, max_value=500).map(lambda half: Decimal(half) / 2),
    usual_size=st.one_of(st.none(), st.sampled_from(LETTERS), st.sampled_from(GBT_SIZES)),
    fit=st.sampled_from(["slim", "regular", "relaxed"]),
    size_kind=st.sampled_from(["top", "bottom"]),
)
def test_estimate_always_validates(sex, height, weight, usual_size, fit, size_kind):
    values = estimate_measurements(
        sex=sex,
        height=height,
        weight=weight,
        usual_size=usual_size,
        fit=fit,
        size_kind=size_kind,
    )
    for garment, needed in GARMENT_MEASUREMENTS.items():
        subset = {code: values[code] for code in needed}
        cleaned, errors = measurements_validate(garment_type=garment, values=subset, sex=sex)
        assert errors == {}, (garment, errors)
        assert cleaned == subset
