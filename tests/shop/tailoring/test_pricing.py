from decimal import Decimal

import pytest

from shop.tailoring.errors import TailoringError
from shop.tailoring.pricing import price_breakdown


def test_lines_and_total():
    result = price_breakdown(
        base=Decimal("399.00"),
        surcharges=[("Monogram", Decimal(30)), ("French cuffs", Decimal("15.5"))],
        fabric_metres=Decimal("1.55"),
        fabric_price_per_metre=Decimal("128.333"),
    )
    assert [line.code for line in result.lines] == ["base", "surcharge", "surcharge", "fabric"]
    assert [line.amount for line in result.lines] == [
        Decimal("399.00"),
        Decimal("30.00"),
        Decimal("15.50"),
        Decimal("198.92"),  # 1.55 x 128.333 = 198.91615
    ]
    assert [str(line.amount) for line in result.lines] == ["399.00", "30.00", "15.50", "198.92"]
    assert result.lines[1].label == "Monogram"
    assert result.lines[3].quantity == Decimal("1.55")
    assert result.lines[3].unit_price == Decimal("128.333")
    assert result.total == Decimal("643.42")
    assert str(result.total) == "643.42"
    assert result.currency == "CNY"
    assert result.total_fen == 64342


def test_round_half_up_on_each_line_and_total_is_their_sum():
    result = price_breakdown(
        base=Decimal("0.005"),
        surcharges=[("a", Decimal("0.005")), ("b", Decimal("0.004"))],
        fabric_metres=Decimal("0.5"),
        fabric_price_per_metre=Decimal("0.01"),  # 0.005 -> 0.01
    )
    assert [line.amount for line in result.lines] == [
        Decimal("0.01"),
        Decimal("0.01"),
        Decimal("0.00"),
        Decimal("0.01"),
    ]
    assert result.total == Decimal("0.03")


def test_no_surcharges_and_no_fabric():
    result = price_breakdown(
        base=Decimal(100), surcharges=[], fabric_metres=Decimal(0), fabric_price_per_metre=0
    )
    assert result.total == Decimal("100.00")
    assert len(result.lines) == 2
    assert result.total_fen == 10000


def test_a_discount_is_a_negative_surcharge():
    result = price_breakdown(
        base=Decimal(100),
        surcharges=[("Reorder discount", Decimal("-10.50"))],
        fabric_metres=Decimal(1),
        fabric_price_per_metre=Decimal(50),
    )
    assert result.total == Decimal("139.50")


def test_total_may_not_be_negative():
    with pytest.raises(TailoringError) as caught:
        price_breakdown(
            base=Decimal(10),
            surcharges=[("discount", Decimal(-20))],
            fabric_metres=Decimal(0),
            fabric_price_per_metre=Decimal(0),
        )
    assert caught.value.code == "negative_total"


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"base": Decimal(-1)}, "negative_amount", "base"),
        ({"fabric_metres": Decimal("-0.1")}, "negative_amount", "fabric_metres"),
        ({"fabric_price_per_metre": Decimal(-5)}, "negative_amount", "fabric_price_per_metre"),
        ({"base": 399.0}, "invalid_amount", "base"),
        ({"base": True}, "invalid_amount", "base"),
        ({"base": "399"}, "invalid_amount", "base"),
        ({"base": Decimal("NaN")}, "invalid_amount", "base"),
        ({"fabric_metres": Decimal("Infinity")}, "invalid_amount", "fabric_metres"),
        ({"surcharges": [("x", 1.5)]}, "invalid_amount", "surcharges[0]"),
    ],
)
def test_invalid_amounts(kwargs, code, field):
    arguments = {
        "base": Decimal(100),
        "surcharges": [],
        "fabric_metres": Decimal(1),
        "fabric_price_per_metre": Decimal(10),
        **kwargs,
    }
    with pytest.raises(TailoringError) as caught:
        price_breakdown(**arguments)
    assert caught.value.code == code
    assert caught.value.params["field"] == field
