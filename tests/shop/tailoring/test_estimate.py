from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shop.tailoring.choices import Sex
from shop.tailoring.errors import TailoringError
from shop.tailoring.estimate import BODY, SURVEY, estimate_errors, estimate_measurements
from shop.tailoring.measurements import GARMENT_MEASUREMENTS, MEASUREMENTS
from shop.tailoring.parsing import round_to_step
from shop.tailoring.validation import measurements_validate


def _regression_chest(height: int, weight: int) -> Decimal:
    from shop.tailoring.estimate import REGRESSION

    return REGRESSION[Sex.MALE]["chest"].at(Decimal(height), Decimal(weight))


@pytest.mark.parametrize("sex", ["male", "female"])
def test_the_survey_mean_body_gets_the_survey_means(sex):
    """At the survey's own mean stature and weight the regression gives its means."""
    body = BODY[Sex(sex)]
    values = estimate_measurements(sex=sex, height=body.height_mean, weight=body.weight_mean)
    assert list(values) == list(MEASUREMENTS)
    for code, moments in SURVEY[Sex(sex)].items():
        if code in values:
            assert abs(values[code] - moments.mean) <= Decimal("0.25"), code


@pytest.mark.parametrize("sex", ["male", "female"])
def test_expected_error_is_smaller_than_a_plain_per_sex_average(sex):
    """The residual SD of each body measurement is below the survey's own SD: the estimate
    beats guessing the per-sex mean for everyone."""
    errors = estimate_errors(sex=sex)
    assert set(errors) == set(MEASUREMENTS) - {"height"}
    for code, moments in SURVEY[Sex(sex)].items():
        if code in errors:
            assert Decimal(0) < errors[code] < moments.sd, code


def test_lengths_follow_height_and_girths_follow_weight():
    short_light = estimate_measurements(sex="male", height=Decimal(165), weight=Decimal(60))
    tall_light = estimate_measurements(sex="male", height=Decimal(185), weight=Decimal(60))
    short_heavy = estimate_measurements(sex="male", height=Decimal(165), weight=Decimal(90))
    # Crotch height: ~0.63 cm per cm of stature (r 0.90, SD 4.7 over SD 6.9).
    assert Decimal(11) <= tall_light["inseam"] - short_light["inseam"] <= Decimal(14)
    assert short_heavy["waist"] - short_light["waist"] >= Decimal(20)
    assert tall_light["waist"] <= short_light["waist"]


def test_shirt_length_matches_the_how_to_text():
    """Tucked in: about 10 cm below the crotch, i.e. C7 height - crotch height + 10."""
    values = estimate_measurements(sex="male", height=Decimal("175.6"), weight=Decimal("85.5"))
    body = SURVEY[Sex.MALE]
    expected = body["cervicale_height"].mean - body["inseam"].mean + 10
    assert abs(values["shirt_length"] - expected) <= Decimal("0.5")
    assert "10 cm below the crotch" in str(MEASUREMENTS["shirt_length"].how_to)


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
    # XL = 106 nominal: 0.6 x 106 + 0.4 x the regression's chest
    assert large["chest"] == round_to_step(
        value=Decimal("0.6") * 106 + Decimal("0.4") * _regression_chest(175, 67)
    )


def test_fit_preference_reads_a_letter_size():
    kwargs = {"sex": "male", "height": Decimal(175), "weight": Decimal(67), "usual_size": "L"}
    slim = estimate_measurements(fit="slim", **kwargs)
    relaxed = estimate_measurements(fit="relaxed", **kwargs)
    assert slim["chest"] > relaxed["chest"]


def test_gbt_size_gives_chest_and_waist():
    from shop.tailoring.estimate import REGRESSION

    lines = REGRESSION[Sex.MALE]
    chest_r, waist_r = (lines[c].at(Decimal(175), Decimal(67)) for c in ("chest", "waist"))
    six, four = Decimal("0.6"), Decimal("0.4")
    values = estimate_measurements(
        sex="male", height=Decimal(175), weight=Decimal(67), usual_size="175/96A"
    )
    # chest 0.6 x 96 + 0.4 x regression; the waist moves with it, then is pulled towards
    # 96 - 14 (type A: chest minus waist 12-16, middle 14)
    chest = six * 96 + four * chest_r
    assert values["chest"] == round_to_step(value=chest)
    assert values["waist"] == round_to_step(value=six * 82 + four * (waist_r + chest - chest_r))
    bottom = estimate_measurements(
        sex="male",
        height=Decimal(175),
        weight=Decimal(67),
        usual_size="175/84A",
        size_kind="bottom",
    )
    # chest target 84 + 14 = 98 shifts the girths by 0.6 x (98 - regression chest)
    shift = six * (98 - chest_r)
    assert bottom["chest"] == round_to_step(value=chest_r + shift)
    assert bottom["waist"] == round_to_step(value=six * 84 + four * (waist_r + shift))


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


def test_command_prints_the_expected_error_of_every_estimated_measurement():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("estimate_errors", stdout=out)
    rows = {line.split()[0]: line.split()[1:] for line in out.getvalue().splitlines()[2:-1]}
    men, women = estimate_errors(sex="male"), estimate_errors(sex="female")
    assert set(rows) == set(men)
    for code, cells in rows.items():
        assert (Decimal(cells[0]), Decimal(cells[2])) == (men[code], women[code])
