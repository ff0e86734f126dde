"""Reading one measurement typed by a person (or sent by a client) as centimetres.

Accepted: ``Decimal``, ``int``, finite ``float`` (through its shortest ``repr``), and text.
Text may use a decimal point or a decimal comma ("41.5", "41,5"), full-width characters
("４１．５", "４１，５"; NFKC-normalised), surrounding spaces and a trailing unit ("41.5 cm",
"41.5厘米", "41.5公分"). Not accepted: booleans (``True`` is an ``int`` in Python but never a
measurement), exponents ("1e309", "4.15e1"), thousands separators ("1,234.5"), NaN and
infinity in any spelling, and text longer than :data:`MAX_TEXT_LENGTH` characters.

Half-centimetre steps
---------------------
A value that is not on a 0.5 cm step is **rounded to the nearest 0.5 cm, halves upwards**
(41.2 -> 41.0, 41.25 -> 41.5, 41.74 -> 41.5, 41.75 -> 42.0). Tape readings such as 41.3 are
honest and the factory works to 0.5 cm, so rounding is kinder than refusing; the rounded
value is what is stored and what the range check sees.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from shop.tailoring.errors import TailoringError

MAX_TEXT_LENGTH = 20
# Larger than any body measurement by far; beyond it a value is not rounded, only refused.
SANE_LIMIT = Decimal(10000)

_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_UNIT = re.compile(r"\s*(?:cm|厘米|公分)\s*$", re.IGNORECASE)
_NON_FINITE = {"nan", "snan", "inf", "infinity"}


def parse_centimetres(*, value: object) -> Decimal:
    """The value as a positive, finite ``Decimal`` (not yet rounded or range-checked).

    Raises :class:`TailoringError` with code ``required`` (``None``, empty text),
    ``invalid_type``, ``too_long``, ``not_finite``, ``invalid_number`` or ``not_positive``.
    """
    number = _to_decimal(value)
    if not number.is_finite():
        raise TailoringError("not_finite")
    if number <= 0:
        raise TailoringError("not_positive")
    return number


def round_to_step(*, value: Decimal, step: Decimal = Decimal("0.5")) -> Decimal:
    """``value`` rounded to the nearest ``step``, halves upwards, with one decimal place."""
    if abs(value) > SANE_LIMIT:
        return value
    steps = (value / step).to_integral_value(rounding=ROUND_HALF_UP)
    return (steps * step).quantize(Decimal("0.1"))


def _to_decimal(value: object) -> Decimal:
    if value is None:
        raise TailoringError("required")
    if isinstance(value, bool):
        raise TailoringError("invalid_type")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TailoringError("not_finite")
        return Decimal(repr(value))
    if isinstance(value, str):
        return _text_to_decimal(value)
    raise TailoringError("invalid_type")


def _text_to_decimal(text: str) -> Decimal:
    if len(text) > MAX_TEXT_LENGTH:
        raise TailoringError("too_long", max_length=MAX_TEXT_LENGTH)
    cleaned = _UNIT.sub("", unicodedata.normalize("NFKC", text)).strip()
    if not cleaned:
        raise TailoringError("required")
    if cleaned.lower().lstrip("+-") in _NON_FINITE:
        raise TailoringError("not_finite")
    if not _NUMBER.fullmatch(cleaned):
        raise TailoringError("invalid_number")
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise TailoringError("invalid_number") from None
