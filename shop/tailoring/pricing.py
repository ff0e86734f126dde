"""Price arithmetic for one garment, in CNY (yuan, two decimal places).

Every line is rounded to 0.01 yuan half up (ROUND_HALF_UP: 0.005 -> 0.01) and the total is
the sum of the rounded lines, so the lines always add up to the total shown. Amounts are
``Decimal`` (or ``int``); floats are refused because they cannot hold 0.1 exactly.
A surcharge may be negative (a discount), but the total may not be.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from shop.tailoring.errors import TailoringError

CURRENCY = "CNY"
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class PriceLine:
    """One line of a price: ``code`` is ``base``, ``surcharge`` or ``fabric``."""

    code: str
    label: Any
    amount: Decimal
    quantity: Decimal | None = None
    unit_price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PriceBreakdown:
    lines: tuple[PriceLine, ...]
    total: Decimal
    currency: str = CURRENCY

    @property
    def total_fen(self) -> int:
        """The total in fen (1/100 yuan), as Stripe counts it."""
        return int(self.total * 100)


def quantize_yuan(amount: Decimal) -> Decimal:
    """``amount`` rounded to 0.01 yuan, halves up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _amount(value: object, *, field: str, allow_negative: bool = False) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TailoringError("invalid_amount", field=field)
    number = Decimal(value)
    if not number.is_finite():
        raise TailoringError("invalid_amount", field=field)
    if number < 0 and not allow_negative:
        raise TailoringError("negative_amount", field=field)
    return number


def price_breakdown(
    *,
    base: Decimal,
    surcharges: Sequence[tuple[Any, Decimal]],
    fabric_metres: Decimal,
    fabric_price_per_metre: Decimal,
) -> PriceBreakdown:
    """Base price, then each surcharge in the given order, then the fabric; and the total.

    Raises :class:`TailoringError` ``invalid_amount`` (not a Decimal/int, or not finite),
    ``negative_amount`` (base, metres or price per metre below zero) or ``negative_total``.
    """
    base_amount = _amount(base, field="base")
    metres = _amount(fabric_metres, field="fabric_metres")
    per_metre = _amount(fabric_price_per_metre, field="fabric_price_per_metre")
    lines = [PriceLine("base", _("Base price"), quantize_yuan(base_amount))]
    for index, (label, amount) in enumerate(surcharges):
        value = _amount(amount, field=f"surcharges[{index}]", allow_negative=True)
        lines.append(PriceLine("surcharge", label, quantize_yuan(value)))
    lines.append(
        PriceLine(
            "fabric",
            _("Fabric"),
            quantize_yuan(metres * per_metre),
            quantity=metres,
            unit_price=per_metre,
        )
    )
    total = sum((line.amount for line in lines), Decimal("0.00"))
    if total < 0:
        raise TailoringError("negative_total", total=total)
    return PriceBreakdown(lines=tuple(lines), total=total)
