from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shop.tailoring.consumption import (
    Piece,
    fabric_consumption_m,
    lay_length_cm,
    marker_pieces,
)
from shop.tailoring.errors import TailoringError
from shop.tailoring.fit import finished_dimensions
from tests.shop.tailoring.factories import BASELINES


def finished(garment, fit="regular", body=None):
    return finished_dimensions(
        garment_type=garment, fit=fit, body=body if body is not None else BASELINES[garment]()
    )


def metres(garment, width, fit="regular", body=None, **options):
    return fabric_consumption_m(
        garment_type=garment,
        finished=finished(garment, fit, body),
        fabric_width_cm=Decimal(width),
        **options,
    )


@pytest.mark.parametrize(
    ("garment", "expected"),
    [
        ("shirt", {90: "2.55", 110: "2.10", 140: "1.70", 150: "1.55", 280: "0.95"}),
        ("trousers", {90: "2.20", 110: "1.85", 140: "1.45", 150: "1.35", 280: "1.30"}),
        ("jacket", {90: "3.00", 110: "2.45", 140: "1.95", 150: "1.80", 280: "1.05"}),
    ],
)
def test_regular_fit_baselines(garment, expected):
    for width, value in expected.items():
        result = metres(garment, width)
        assert result == Decimal(value), width
        assert str(result) == value


def test_shirt_at_150_by_hand():
    pieces = marker_pieces(garment_type="shirt", finished=finished("shirt"))
    area = sum(piece.area for piece in pieces)
    assert area == Decimal("16525.2")
    usable = Decimal(147)
    lay = lay_length_cm(pieces=pieces, fabric_width_cm=Decimal(150))
    assert lay == area / (usable * Decimal("0.8"))  # area bound: 140.52 cm
    # 140.52 x 1.03 + 10 = 154.74 cm -> up to 1.55 m
    assert metres("shirt", 150) == Decimal("1.55")


def test_rows_bound_when_pieces_do_not_fit_side_by_side():
    pieces = [Piece("leg", 2, Decimal(80), Decimal(100))]
    # 147 cm usable: one 80 cm piece across, so two rows of 100 cm.
    assert lay_length_cm(pieces=pieces, fabric_width_cm=Decimal(150)) == Decimal(200)
    # 167 cm usable: two across, one row; the area bound (14400 / 133.6) is larger.
    wide = lay_length_cm(pieces=pieces, fabric_width_cm=Decimal(170))
    assert wide == Decimal(14400) / (Decimal(167) * Decimal("0.8"))


def test_result_is_rounded_up_to_five_centimetres():
    for garment in BASELINES:
        for width in range(100, 181, 7):
            value = metres(garment, width)
            assert value == value.quantize(Decimal("0.01"))
            assert (value * 20) == (value * 20).to_integral_value()


def test_options_change_consumption():
    assert metres("shirt", 150, french_cuffs=True) == Decimal("1.65")
    assert metres("shirt", 150, short_sleeves=True) == Decimal("1.30")
    assert metres("trousers", 150, turn_ups=True) == Decimal("1.45")
    assert metres("trousers", 150, pattern_repeat_cm=Decimal(8)) == Decimal("1.60")
    assert metres("jacket", 150, double_breasted=True) == Decimal("2.05")
    assert metres("jacket", 150, shrinkage_percent=Decimal(10)) > metres("jacket", 150)


def test_option_for_another_garment_is_a_programming_error():
    with pytest.raises(ValueError):
        metres("trousers", 150, french_cuffs=True)
    with pytest.raises(ValueError):
        metres("shirt", 150, turn_ups=True)


@pytest.mark.parametrize("width", ["49.5", "330.5", "0", "-150"])
def test_invalid_fabric_width(width):
    with pytest.raises(TailoringError) as caught:
        metres("shirt", width)
    assert caught.value.code == "invalid_fabric_width"


def test_fabric_too_narrow_says_what_is_needed():
    with pytest.raises(TailoringError) as caught:
        metres("shirt", 60)  # the back is 61 cm wide
    assert caught.value.code == "fabric_too_narrow"
    assert caught.value.params["needed"] == Decimal(64)
    assert metres("shirt", 64) > metres("shirt", 90)


def test_missing_dimension():
    dims = finished("shirt")
    del dims["cuff"]
    with pytest.raises(TailoringError) as caught:
        fabric_consumption_m(garment_type="shirt", finished=dims, fabric_width_cm=Decimal(150))
    assert caught.value.code == "missing_dimension"


# Monotonicity: narrower fabric never less; a larger body never less.

widths = st.integers(min_value=220, max_value=660).map(lambda half: Decimal(half) / 2)
deltas = st.integers(min_value=0, max_value=60).map(lambda half: Decimal(half) / 2)
garments = st.sampled_from(sorted(BASELINES))
fits = st.sampled_from(["slim", "regular", "relaxed"])


@settings(max_examples=150, deadline=None)
@given(garment=garments, fit=fits, narrow=widths, wide=widths)
def test_narrower_fabric_never_needs_less(garment, fit, narrow, wide):
    narrow, wide = min(narrow, wide), max(narrow, wide)
    assert metres(garment, narrow, fit) >= metres(garment, wide, fit)


@settings(max_examples=150, deadline=None)
@given(
    garment=garments,
    fit=fits,
    width=widths,
    data=st.data(),
    options=st.fixed_dictionaries({"pattern_repeat_cm": deltas}),
)
def test_larger_body_never_needs_less(garment, fit, width, data, options):
    body = BASELINES[garment]()
    larger = {code: value + data.draw(deltas, label=code) for code, value in body.items()}
    assert metres(garment, width, fit, body, **options) <= metres(
        garment, width, fit, larger, **options
    )


@settings(max_examples=60, deadline=None)
@given(garment=garments, width=widths)
def test_looser_fit_never_needs_less(garment, width):
    slim, regular, relaxed = (metres(garment, width, fit) for fit in ("slim", "regular", "relaxed"))
    assert slim <= regular <= relaxed
