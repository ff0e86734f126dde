from decimal import Decimal

import pytest

from shop.tailoring.errors import TailoringError
from shop.tailoring.fit import FINISHED_DIMENSION_NAMES, FINISHED_DIMENSIONS, finished_dimensions
from tests.shop.tailoring.factories import jacket_man, shirt_man, trousers_man


def d(mapping):
    return {key: Decimal(value) for key, value in mapping.items()}


SHIRT = {
    "slim": d(
        {
            "collar": "41.5",
            "chest": "106",
            "waist": "90",
            "hip": "106",
            "shoulder_width": "46",
            "sleeve_length": "64",
            "length": "78",
            "bicep": "37",
            "cuff": "22.5",
        }
    ),
    "regular": d(
        {
            "collar": "42",
            "chest": "110",
            "waist": "96",
            "hip": "110",
            "shoulder_width": "47",
            "sleeve_length": "64",
            "length": "78",
            "bicep": "40",
            "cuff": "23.5",
        }
    ),
    "relaxed": d(
        {
            "collar": "42.5",
            "chest": "116",
            "waist": "104",
            "hip": "116",
            "shoulder_width": "48",
            "sleeve_length": "64",
            "length": "78",
            "bicep": "43",
            "cuff": "24.5",
        }
    ),
}

TROUSERS = {
    "slim": d(
        {
            "waist": "83",
            "hip": "102",
            "rise": "27",
            "outseam": "105",
            "inseam": "80",
            "thigh": "63",
            "knee": "46",
            "hem": "37",
        }
    ),
    "regular": d(
        {
            "waist": "84",
            "hip": "104",
            "rise": "28",
            "outseam": "105",
            "inseam": "80",
            "thigh": "67",
            "knee": "50",
            "hem": "42",
        }
    ),
    "relaxed": d(
        {
            "waist": "85",
            "hip": "108",
            "rise": "29",
            "outseam": "105",
            "inseam": "80",
            "thigh": "71",
            "knee": "54",
            "hem": "47",
        }
    ),
}

JACKET = {
    "slim": d(
        {
            "collar": "43",
            "chest": "106",
            "waist": "92",
            "hip": "106",
            "shoulder_width": "47",
            "back_width": "41",
            "armhole": "50",
            "sleeve_length": "61.5",
            "length": "75",
            "bicep": "39",
            "sleeve_opening": "27.5",
        }
    ),
    "regular": d(
        {
            "collar": "43.5",
            "chest": "110",
            "waist": "96",
            "hip": "110",
            "shoulder_width": "47.5",
            "back_width": "42",
            "armhole": "52",
            "sleeve_length": "61.5",
            "length": "75",
            "bicep": "42",
            "sleeve_opening": "29.5",
        }
    ),
    "relaxed": d(
        {
            "collar": "44",
            "chest": "114",
            "waist": "102",
            "hip": "114",
            "shoulder_width": "48.5",
            "back_width": "43",
            "armhole": "54",
            "sleeve_length": "61.5",
            "length": "75",
            "bicep": "45",
            "sleeve_opening": "31.5",
        }
    ),
}


@pytest.mark.parametrize("fit", ["slim", "regular", "relaxed"])
def test_shirt(fit):
    result = finished_dimensions(garment_type="shirt", fit=fit, body=shirt_man())
    assert result == SHIRT[fit]
    assert list(result) == list(SHIRT[fit])


@pytest.mark.parametrize("fit", ["slim", "regular", "relaxed"])
def test_trousers(fit):
    assert (
        finished_dimensions(garment_type="trousers", fit=fit, body=trousers_man())
        == (TROUSERS[fit])
    )


@pytest.mark.parametrize("fit", ["slim", "regular", "relaxed"])
def test_jacket(fit):
    assert finished_dimensions(garment_type="jacket", fit=fit, body=jacket_man()) == JACKET[fit]


def test_documented_shirt_chest_ease():
    chest = {dim.code: dim for dim in FINISHED_DIMENSIONS["shirt"]}["chest"]
    assert Decimal(8) <= chest.slim <= Decimal(10)
    assert Decimal(12) <= chest.regular <= Decimal(16)
    assert Decimal(18) <= chest.relaxed <= Decimal(22)


def test_looser_fit_is_never_smaller():
    for garment, body in (
        ("shirt", shirt_man()),
        ("trousers", trousers_man()),
        ("jacket", jacket_man()),
    ):
        slim, regular, relaxed = (
            finished_dimensions(garment_type=garment, fit=fit, body=body)
            for fit in ("slim", "regular", "relaxed")
        )
        for key in slim:
            assert slim[key] <= regular[key] <= relaxed[key], (garment, key)


def test_hem_is_at_least_34_and_at_most_the_knee():
    body = trousers_man()
    body["ankle"] = Decimal(15)
    assert finished_dimensions(garment_type="trousers", fit="slim", body=body)["hem"] == 34
    body.update(ankle=Decimal(25), knee=Decimal(26))
    result = finished_dimensions(garment_type="trousers", fit="relaxed", body=body)
    assert result["knee"] == Decimal(42)
    assert result["hem"] == Decimal(42)


def test_extra_body_values_are_ignored_and_missing_ones_raise():
    body = shirt_man()
    body["inseam"] = Decimal(80)
    assert finished_dimensions(garment_type="shirt", fit="regular", body=body) == SHIRT["regular"]
    del body["wrist"]
    with pytest.raises(TailoringError) as caught:
        finished_dimensions(garment_type="shirt", fit="regular", body=body)
    assert caught.value.code == "missing_measurement"
    assert caught.value.params["measurement"] == "wrist"


def test_every_finished_dimension_has_a_name():
    for dimensions in FINISHED_DIMENSIONS.values():
        for dimension in dimensions:
            assert dimension.code in FINISHED_DIMENSION_NAMES
