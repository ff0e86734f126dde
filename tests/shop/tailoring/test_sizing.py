from decimal import Decimal

import pytest

from shop.tailoring.sizing import body_type, nearest_code, size_code


def code(sex, height, chest, waist, kind):
    return size_code(
        sex=sex, height=Decimal(height), chest=Decimal(chest), waist=Decimal(waist), kind=kind
    )


@pytest.mark.parametrize(
    ("sex", "height", "chest", "waist", "top", "bottom"),
    [
        # GB/T 1335.1 (men)
        ("male", "175", "96", "80", "175/96A", "175/80A"),
        ("male", "170", "88", "74", "170/88A", "170/74A"),
        ("male", "170", "88", "70", "170/88Y", "170/70Y"),
        ("male", "165", "84", "76", "165/84B", "165/76B"),
        ("male", "180", "104", "100", "180/104C", "180/100C"),
        ("male", "173", "92", "76", "175/92A", "175/76A"),
        # GB/T 1335.2 (women)
        ("female", "160", "84", "68", "160/84A", "160/68A"),
        ("female", "165", "88", "70", "165/88A", "165/70A"),
        ("female", "165", "84", "62", "165/84Y", "165/62Y"),
        ("female", "155", "88", "78", "155/88B", "155/78B"),
        ("female", "160", "100", "94", "160/100C", "160/94C"),
    ],
)
def test_worked_examples(sex, height, chest, waist, top, bottom):
    top_code = code(sex, height, chest, waist, "top")
    bottom_code = code(sex, height, chest, waist, "bottom")
    assert top_code.text == top
    assert bottom_code.text == bottom
    assert top_code.within_standard and bottom_code.within_standard
    assert top_code.reason is None and top_code.reason_code is None


def test_fields_of_a_size():
    result = code("male", "175", "96", "80", "top")
    assert result.height_code == 175
    assert result.girth_code == 96
    assert result.body_type == "A"
    assert result.difference == Decimal(16)
    assert result.kind == "top"


@pytest.mark.parametrize(
    ("height", "expected"),
    [
        ("162.4", 160),
        ("162.5", 165),
        ("167.5", 170),
        ("168", 170),
        ("172.4", 170),
        ("172.5", 175),
        ("145", 145),
        ("190", 190),
    ],
)
def test_height_code_is_nearest_five_halves_up(height, expected):
    assert nearest_code(value=Decimal(height), step=5) == expected


@pytest.mark.parametrize(
    ("chest", "expected"),
    [("85.5", 84), ("85.9", 84), ("86", 88), ("88", 88), ("89.5", 88), ("90", 92)],
)
def test_chest_code_4cm(chest, expected):
    assert code("male", "170", chest, "72", "top").girth_code == expected


@pytest.mark.parametrize(
    ("waist", "expected"),
    [("72.5", 72), ("73", 74), ("74", 74), ("74.5", 74), ("75", 76)],
)
def test_waist_code_2cm(waist, expected):
    assert code("male", "170", "88", waist, "bottom").girth_code == expected


@pytest.mark.parametrize(
    ("sex", "difference", "expected"),
    [
        ("male", "22.5", "Y"),
        ("male", "22", "Y"),
        ("male", "17", "Y"),
        ("male", "16.5", "A"),
        ("male", "12", "A"),
        ("male", "11.5", "B"),
        ("male", "7", "B"),
        ("male", "6.5", "C"),
        ("male", "2", "C"),
        ("male", "23", None),
        ("male", "25", None),
        ("male", "1.5", None),
        ("male", "0", None),
        ("male", "-10", None),
        ("female", "24.5", "Y"),
        ("female", "19", "Y"),
        ("female", "18.5", "A"),
        ("female", "14", "A"),
        ("female", "13.5", "B"),
        ("female", "9", "B"),
        ("female", "8.5", "C"),
        ("female", "4", "C"),
        ("female", "25", None),
        ("female", "3.5", None),
        ("female", "0", None),
    ],
)
def test_body_type_boundaries(sex, difference, expected):
    chest = Decimal(100)
    assert body_type(sex=sex, chest=chest, waist=chest - Decimal(difference)) == expected


def test_leaner_than_y_is_outside_the_standard():
    result = code("male", "175", "100", "75", "top")
    assert result.body_type is None
    assert not result.within_standard
    assert result.text == "175/100"
    assert result.reason_code == "body_type_leaner_than_y"
    assert result.reason_params == {"difference": Decimal(25), "minimum": 2, "maximum": 22}
    assert result.reason is not None


def test_fuller_than_c_is_outside_the_standard():
    result = code("male", "175", "96", "96", "bottom")
    assert result.text == "175/96"
    assert not result.within_standard
    assert result.reason_code == "body_type_fuller_than_c"
    heavier = code("male", "175", "110", "120", "top")
    assert heavier.reason_code == "body_type_fuller_than_c"
    assert heavier.difference == Decimal(-10)


def test_women_outside_both_ways():
    lean = code("female", "165", "90", "65", "top")
    full = code("female", "160", "100", "97", "top")
    assert (lean.text, lean.reason_code) == ("165/92", "body_type_leaner_than_y")
    assert (full.text, full.reason_code) == ("160/100", "body_type_fuller_than_c")
    assert lean.reason_params == {"difference": Decimal(25), "minimum": 4, "maximum": 24}


def test_unknown_kind_or_sex_raises():
    with pytest.raises(ValueError):
        code("male", "175", "96", "80", "dress")
    with pytest.raises(ValueError):
        code("other", "175", "96", "80", "top")
