from decimal import Decimal

import pytest

from shop.tailoring.errors import NON_FIELD_ERRORS
from shop.tailoring.measurements import GARMENT_MEASUREMENTS, MEASUREMENTS
from shop.tailoring.validation import measurements_validate
from tests.shop.tailoring.factories import BASELINES, jacket_man, shirt_man, trousers_man


def codes(errors, field):
    return [error.code for error in errors.get(field, [])]


def validate(garment_type, values, sex="male"):
    return measurements_validate(garment_type=garment_type, values=values, sex=sex)


@pytest.mark.parametrize("garment_type", ["shirt", "trousers", "jacket"])
@pytest.mark.parametrize("sex", ["male", "female"])
def test_baselines_are_valid(garment_type, sex):
    values = BASELINES[garment_type]()
    cleaned, errors = validate(garment_type, values, sex)
    assert errors == {}
    assert cleaned == values
    assert all(str(value).endswith((".0", ".5")) for value in cleaned.values())


def test_values_are_parsed_and_rounded():
    values = {key: str(value) for key, value in shirt_man().items()}
    values.update(neck="41,3", chest="９６", wrist=Decimal("17.25"), hip=98)
    cleaned, errors = validate("shirt", values)
    assert errors == {}
    assert cleaned["neck"] == Decimal("41.5")
    assert cleaned["chest"] == Decimal("96.0")
    assert cleaned["wrist"] == Decimal("17.5")
    assert cleaned["hip"] == Decimal("98.0")


def test_missing_fields_are_required():
    values = shirt_man()
    del values["neck"]
    values["wrist"] = ""
    cleaned, errors = validate("shirt", values)
    assert codes(errors, "neck") == ["required"]
    assert codes(errors, "wrist") == ["required"]
    assert "neck" not in cleaned
    assert set(errors) == {"neck", "wrist"}


def test_empty_input_lists_every_measurement_as_required():
    cleaned, errors = validate("trousers", {})
    assert cleaned == {}
    assert set(errors) == set(GARMENT_MEASUREMENTS["trousers"])
    assert {code for field in errors for code in codes(errors, field)} == {"required"}


def test_unknown_fields_are_refused():
    values = shirt_man()
    values["colour"] = "blue"
    values["inseam"] = Decimal(80)  # a measurement, but not of a shirt
    values[7] = Decimal(1)
    cleaned, errors = validate("shirt", values)
    assert codes(errors, "colour") == ["unknown_field"]
    assert errors["colour"][0].params["field"] == "colour"
    assert codes(errors, "inseam") == ["unknown_field"]
    assert codes(errors, NON_FIELD_ERRORS) == ["unknown_field"]
    assert cleaned == shirt_man()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("nan", "not_finite"),
        (Decimal("NaN"), "not_finite"),
        (float("inf"), "not_finite"),
        ("-Infinity", "not_finite"),
        ("1e309", "invalid_number"),
        (Decimal("1e309"), "out_of_range"),
        (10**400, "out_of_range"),
        (True, "invalid_type"),
        ("4" * 21, "too_long"),
        ("-40", "not_positive"),
        ("abc", "invalid_number"),
    ],
)
def test_bad_values_are_attached_to_their_field(raw, code):
    values = shirt_man()
    values["neck"] = raw
    cleaned, errors = validate("shirt", values)
    assert list(errors) == ["neck"]
    assert codes(errors, "neck") == [code]
    assert "neck" not in cleaned


def test_unknown_garment_type_or_sex_is_a_programming_error():
    with pytest.raises(ValueError):
        validate("kilt", {})
    with pytest.raises(ValueError):
        validate("shirt", shirt_man(), sex="x")


# Every measurement's range: the bounds are in, half a centimetre beyond is out, and values
# that round onto a bound (0.25 cm beyond, halves up) are in.
_FIRST_GARMENT = {
    code: next(g for g, needed in GARMENT_MEASUREMENTS.items() if code in needed)
    for code in MEASUREMENTS
}


@pytest.mark.parametrize("code", sorted(MEASUREMENTS))
def test_range_bounds(code):
    measurement = MEASUREMENTS[code]
    garment = _FIRST_GARMENT[code]
    accepted = {
        measurement.minimum: measurement.minimum,
        measurement.maximum: measurement.maximum,
        measurement.minimum - Decimal("0.25"): measurement.minimum,
        measurement.maximum + Decimal("0.24"): measurement.maximum,
    }
    for raw, stored in accepted.items():
        values = BASELINES[garment]()
        values[code] = raw
        cleaned, errors = validate(garment, values)
        assert "out_of_range" not in codes(errors, code), raw
        if code not in errors:
            assert cleaned[code] == stored
    refused = [
        measurement.minimum - Decimal("0.5"),
        measurement.minimum - Decimal("0.26"),
        measurement.maximum + Decimal("0.25"),
        measurement.maximum + Decimal("0.5"),
    ]
    for raw in refused:
        values = BASELINES[garment]()
        values[code] = raw
        cleaned, errors = validate(garment, values)
        assert codes(errors, code) == ["out_of_range"], raw
        params = errors[code][0].params
        assert params["minimum"] == measurement.minimum
        assert params["maximum"] == measurement.maximum
        assert code not in cleaned


@pytest.mark.parametrize(
    ("code", "minimum", "maximum"),
    [
        ("height", "130", "215"),
        ("neck", "24", "65"),
        ("chest", "60", "180"),
        ("waist", "45", "200"),
        ("hip", "65", "200"),
        ("shoulder_width", "28", "65"),
        ("back_width", "22", "65"),
        ("armhole", "26", "80"),
        ("sleeve_length", "38", "85"),
        ("bicep", "16", "70"),
        ("wrist", "11", "30"),
        ("shirt_length", "40", "110"),
        ("jacket_length", "45", "105"),
        ("outseam", "75", "140"),
        ("inseam", "55", "110"),
        ("crotch_depth", "15", "45"),
        ("thigh", "38", "110"),
        ("knee", "26", "70"),
        ("ankle", "15", "40"),
    ],
)
def test_documented_ranges(code, minimum, maximum):
    assert MEASUREMENTS[code].minimum == Decimal(minimum)
    assert MEASUREMENTS[code].maximum == Decimal(maximum)


# Cross-field rules: (garment, changes, field, code or None for "passes").
CROSS_CASES = [
    ("shirt", {"wrist": "25", "bicep": "25"}, "wrist", "wrist_not_less_than_bicep"),
    ("shirt", {"wrist": "24.5", "bicep": "25"}, "wrist", None),
    ("shirt", {"bicep": "70", "chest": "70"}, "bicep", "bicep_not_less_than_chest"),
    ("shirt", {"bicep": "69.5", "chest": "70"}, "bicep", None),
    ("shirt", {"neck": "65", "chest": "65"}, "neck", "neck_not_less_than_chest"),
    ("shirt", {"neck": "64.5", "chest": "65"}, "neck", None),
    ("jacket", {"armhole": "80", "chest": "80"}, "armhole", "armhole_not_less_than_chest"),
    ("jacket", {"armhole": "79.5", "chest": "80"}, "armhole", None),
    ("trousers", {"thigh": "98", "hip": "98"}, "thigh", "thigh_not_less_than_hip"),
    ("trousers", {"thigh": "97.5", "hip": "98"}, "thigh", None),
    ("trousers", {"knee": "57", "thigh": "57"}, "knee", "knee_not_less_than_thigh"),
    ("trousers", {"knee": "56.5", "thigh": "57"}, "knee", None),
    ("trousers", {"ankle": "38", "knee": "38"}, "ankle", "ankle_not_less_than_knee"),
    ("trousers", {"ankle": "37.5", "knee": "38"}, "ankle", None),
    ("trousers", {"inseam": "105", "outseam": "105"}, "inseam", "inseam_not_less_than_outseam"),
    ("trousers", {"inseam": "104.5", "outseam": "105"}, "inseam", None),
    # waist between 0.5 and 1.5 x chest: chest 96 -> 48 to 144.
    ("shirt", {"waist": "47.5"}, "waist", "waist_implausible_for_chest"),
    ("shirt", {"waist": "48"}, "waist", None),
    ("shirt", {"waist": "144"}, "waist", None),
    ("shirt", {"waist": "144.5"}, "waist", "waist_implausible_for_chest"),
    # hip between 0.7 and 1.45 x chest for men: chest 96 -> 67.5 to 139.
    ("shirt", {"hip": "67"}, "hip", "hip_implausible_for_chest"),
    ("shirt", {"hip": "67.5"}, "hip", None),
    ("shirt", {"hip": "139"}, "hip", None),
    ("shirt", {"hip": "139.5"}, "hip", "hip_implausible_for_chest"),
    # shoulder width at most 0.75 x chest: chest 80 -> 60.
    ("shirt", {"chest": "80", "shoulder_width": "60"}, "shoulder_width", None),
    (
        "shirt",
        {"chest": "80", "shoulder_width": "60.5"},
        "shoulder_width",
        "shoulder_width_too_wide_for_chest",
    ),
    # back width at most 0.6 x chest: chest 96 -> 57.6, down to the step 57.5.
    ("jacket", {"back_width": "57.5"}, "back_width", None),
    ("jacket", {"back_width": "58"}, "back_width", "back_width_too_wide_for_chest"),
    # lengths against height 150: sleeve <= 75, shirt and jacket <= 90, outseam <= 112.5.
    ("shirt", {"height": "150", "sleeve_length": "75"}, "sleeve_length", None),
    (
        "shirt",
        {"height": "150", "sleeve_length": "75.5"},
        "sleeve_length",
        "sleeve_length_too_long_for_height",
    ),
    ("shirt", {"height": "150", "shirt_length": "90"}, "shirt_length", None),
    (
        "shirt",
        {"height": "150", "shirt_length": "90.5"},
        "shirt_length",
        "shirt_length_too_long_for_height",
    ),
    ("jacket", {"height": "150", "jacket_length": "90"}, "jacket_length", None),
    (
        "jacket",
        {"height": "150", "jacket_length": "90.5"},
        "jacket_length",
        "jacket_length_too_long_for_height",
    ),
    ("trousers", {"height": "150", "outseam": "112.5"}, "outseam", None),
    (
        "trousers",
        {"height": "150", "outseam": "113"},
        "outseam",
        "outseam_too_long_for_height",
    ),
]


@pytest.mark.parametrize(("garment", "changes", "field", "code"), CROSS_CASES)
def test_cross_field_rules(garment, changes, field, code):
    values = BASELINES[garment]()
    values.update(changes)
    cleaned, errors = validate(garment, values)
    if code is None:
        assert field not in errors
        assert cleaned[field] == Decimal(changes[field])
    else:
        assert codes(errors, field) == [code]
        assert field not in cleaned
        other_fields = set(changes) - {field}
        for other in other_fields:
            assert other not in errors or code not in codes(errors, other)


def test_cross_field_params():
    values = shirt_man()
    values.update(wrist="25", bicep="25", waist="150")
    _, errors = validate("shirt", values)
    assert dict(errors["wrist"][0].params) == {"value": Decimal(25), "other": Decimal(25)}
    assert dict(errors["waist"][0].params) == {
        "value": Decimal(150),
        "other": Decimal(96),
        "minimum": Decimal(48),
        "maximum": Decimal(144),
    }


def test_hip_ratio_is_looser_for_women():
    values = shirt_man()
    values["hip"] = "168"  # 1.75 x 96
    _, errors = validate("shirt", values, sex="female")
    assert "hip" not in errors
    _, errors = validate("shirt", values, sex="male")
    assert codes(errors, "hip") == ["hip_implausible_for_chest"]
    values["hip"] = "168.5"
    _, errors = validate("shirt", values, sex="female")
    assert codes(errors, "hip") == ["hip_implausible_for_chest"]


def test_cross_rules_skip_fields_that_already_failed():
    values = shirt_man()
    values.update(bicep="abc", wrist="40")  # wrist out of range, bicep unreadable
    _, errors = validate("shirt", values)
    assert codes(errors, "bicep") == ["invalid_number"]
    assert codes(errors, "wrist") == ["out_of_range"]


def test_a_field_can_break_several_rules():
    values = trousers_man()
    values.update(knee="60", ankle="39.5")  # knee > thigh 57; ankle fine against knee
    values["thigh"] = "57"
    _, errors = validate("trousers", values)
    assert codes(errors, "knee") == ["knee_not_less_than_thigh"]
    values.update(thigh="110", hip="100")
    _, errors = validate("trousers", values)
    assert codes(errors, "thigh") == ["thigh_not_less_than_hip"]


def test_jacket_and_shirt_share_measurement_rules():
    values = jacket_man()
    values.update(neck="60", chest="60")
    _, errors = validate("jacket", values)
    assert codes(errors, "neck") == ["neck_not_less_than_chest"]
