from decimal import Decimal

import pytest

from shop.tailoring.errors import TailoringError
from shop.tailoring.parsing import MAX_TEXT_LENGTH, parse_centimetres, round_to_step


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("41.5", Decimal("41.5")),
        ("41,5", Decimal("41.5")),
        (" 41.5 ", Decimal("41.5")),
        ("+41", Decimal("41")),
        ("41.", Decimal("41")),
        (",5", Decimal("0.5")),
        ("４１．５", Decimal("41.5")),
        ("４１，５", Decimal("41.5")),
        ("41.5 cm", Decimal("41.5")),
        ("41.5CM", Decimal("41.5")),
        ("41.5厘米", Decimal("41.5")),
        ("41,5 公分", Decimal("41.5")),
        (41, Decimal(41)),
        (Decimal("41.25"), Decimal("41.25")),
        (41.3, Decimal("41.3")),
        ("00000000000000041.50", Decimal("41.5")),
    ],
)
def test_parse_accepts(raw, expected):
    assert parse_centimetres(value=raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "required"),
        ("", "required"),
        ("   ", "required"),
        (" cm", "required"),
        (True, "invalid_type"),
        (False, "invalid_type"),
        ([41], "invalid_type"),
        (object(), "invalid_type"),
        ("nan", "not_finite"),
        ("NaN", "not_finite"),
        ("-nan", "not_finite"),
        ("sNaN", "not_finite"),
        ("inf", "not_finite"),
        ("-Infinity", "not_finite"),
        ("+INF", "not_finite"),
        (float("nan"), "not_finite"),
        (float("inf"), "not_finite"),
        (float("-inf"), "not_finite"),
        (Decimal("NaN"), "not_finite"),
        (Decimal("sNaN"), "not_finite"),
        (Decimal("Infinity"), "not_finite"),
        ("1e309", "invalid_number"),
        ("4.15e1", "invalid_number"),
        ("1,234.5", "invalid_number"),
        ("41.5.0", "invalid_number"),
        ("forty", "invalid_number"),
        ("41 5", "invalid_number"),
        ("0x29", "invalid_number"),
        ("-41", "not_positive"),
        ("0", "not_positive"),
        (0, "not_positive"),
        (Decimal("-0"), "not_positive"),
        (-3.5, "not_positive"),
        ("x" * (MAX_TEXT_LENGTH + 1), "too_long"),
        ("0" * 19 + "41", "too_long"),
    ],
)
def test_parse_refuses(raw, code):
    with pytest.raises(TailoringError) as caught:
        parse_centimetres(value=raw)
    assert caught.value.code == code


def test_too_long_says_the_limit():
    with pytest.raises(TailoringError) as caught:
        parse_centimetres(value="1" * 21)
    assert dict(caught.value.params) == {"max_length": 20}


@pytest.mark.parametrize(
    ("raw", "rounded"),
    [
        ("41.0", "41.0"),
        ("41.2", "41.0"),
        ("41.24", "41.0"),
        ("41.25", "41.5"),
        ("41.5", "41.5"),
        ("41.74", "41.5"),
        ("41.75", "42.0"),
        ("41.99", "42.0"),
        ("0.2", "0.0"),
    ],
)
def test_round_to_half_centimetre_halves_up(raw, rounded):
    result = round_to_step(value=Decimal(raw))
    assert result == Decimal(rounded)
    assert str(result) == rounded
