"""Chinese garment sizes: GB/T 1335.1-2008 (men) and GB/T 1335.2-2008 (women), 号型.

A size is written ``号/型`` followed by the body type: ``175/96A`` for a top, ``175/80A`` for
trousers.

* 号 (height code): the body height in cm, in 5 cm steps.
* 型 (girth code): the net chest girth for tops, in 4 cm steps; the net waist girth for
  bottoms, in 2 cm steps (the 5·4 and 5·2 series).
* Body type from chest minus waist (cm):

  =====  ========  ========
  type   men       women
  =====  ========  ========
  Y      17-22     19-24
  A      12-16     14-18
  B      7-11      9-13
  C      2-6       4-8
  =====  ========  ========

Between steps
-------------
The standard says which bodies a size fits; e.g. for men ``170/88A`` fits heights 168-172 cm
and chests 86-89 cm, and ``170/74A`` waists 73-75 cm. So a code covers the band centred on
it, and a body is given the **nearest code; a body exactly halfway goes up** (to the larger
size, which can be taken in): height 167.5 -> 170, 172.4 -> 170, 172.5 -> 175; chest 85.9
-> 84, 86 -> 88, 89.5 -> 88, 90 -> 92; waist 73 -> 74, 74.5 -> 74, 75 -> 76.

Body-type ranges are listed in whole centimetres with gaps between them (A ends at 16, Y
starts at 17). A difference with a fraction belongs to the whole centimetre below it, just as
a chest of 89.5 belongs to the band "86-89": **16.5 is A, 17 is Y; 22.5 is still Y**. So for
men Y covers 17 <= d < 23, A 12 <= d < 17, B 7 <= d < 12, C 2 <= d < 7 (women likewise,
two centimetres higher).

Outside the body types
----------------------
A difference above the top of Y (men: 23 cm or more; women: 25 or more) or below the
bottom of C (men: under 2 cm, including a waist larger than the chest; women: under 4 cm)
has no body type in the standard. The result then has ``body_type`` None,
``within_standard`` False, a text without a letter (``175/96``) and a ``reason`` saying so.
The 号 and 型 are computed for any body, also beyond the heights and girths tabulated in the
standard's series.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from shop.tailoring.choices import Sex
from shop.tailoring.errors import MESSAGES


class SizeKind(StrEnum):
    TOP = "top"
    BOTTOM = "bottom"


HEIGHT_STEP = 5
CHEST_STEP = 4
WAIST_STEP = 2

# (type, lowest whole-cm difference, highest whole-cm difference), leanest first.
BODY_TYPES: dict[Sex, tuple[tuple[str, int, int], ...]] = {
    Sex.MALE: (("Y", 17, 22), ("A", 12, 16), ("B", 7, 11), ("C", 2, 6)),
    Sex.FEMALE: (("Y", 19, 24), ("A", 14, 18), ("B", 9, 13), ("C", 4, 8)),
}


@dataclass(frozen=True, slots=True)
class SizeCode:
    """A GB/T 1335 size for one body and one kind of garment."""

    kind: SizeKind
    height_code: int
    girth_code: int
    body_type: str | None
    difference: Decimal
    text: str
    within_standard: bool
    reason_code: str | None = None
    reason_params: Mapping[str, Any] | None = None

    @property
    def reason(self) -> Any:
        """Why the body is outside the standard (lazily translated), or None."""
        return MESSAGES[self.reason_code] if self.reason_code else None

    def reason_text(self) -> str | None:
        if self.reason_code is None:
            return None
        return str(self.reason) % dict(self.reason_params or {})


def nearest_code(*, value: Decimal, step: int) -> int:
    """The multiple of ``step`` nearest to ``value``; exactly halfway goes up."""
    return int((Decimal(value) / step).to_integral_value(rounding=ROUND_HALF_UP)) * step


def body_type(*, sex: Sex | str, chest: Decimal, waist: Decimal) -> str | None:
    """Y, A, B or C from chest minus waist, or None outside the standard's types."""
    whole = int((Decimal(chest) - Decimal(waist)).to_integral_value(rounding=ROUND_FLOOR))
    for letter, low, high in BODY_TYPES[Sex(sex)]:
        if low <= whole <= high:
            return letter
    return None


def size_code(
    *,
    sex: Sex | str,
    height: Decimal,
    chest: Decimal,
    waist: Decimal,
    kind: SizeKind | str,
) -> SizeCode:
    """The GB/T 1335 size (号型) of a body for a top (型 = chest) or a bottom (型 = waist)."""
    body_sex = Sex(sex)
    size_kind = SizeKind(kind)
    height_code = nearest_code(value=height, step=HEIGHT_STEP)
    if size_kind is SizeKind.TOP:
        girth_code = nearest_code(value=chest, step=CHEST_STEP)
    else:
        girth_code = nearest_code(value=waist, step=WAIST_STEP)
    difference = Decimal(chest) - Decimal(waist)
    letter = body_type(sex=body_sex, chest=chest, waist=waist)
    text = f"{height_code}/{girth_code}{letter or ''}"
    if letter is not None:
        return SizeCode(
            kind=size_kind,
            height_code=height_code,
            girth_code=girth_code,
            body_type=letter,
            difference=difference,
            text=text,
            within_standard=True,
        )
    types = BODY_TYPES[body_sex]
    highest, lowest = types[0][2], types[-1][1]
    reason_code = "body_type_leaner_than_y" if difference > highest else "body_type_fuller_than_c"
    return SizeCode(
        kind=size_kind,
        height_code=height_code,
        girth_code=girth_code,
        body_type=None,
        difference=difference,
        text=text,
        within_standard=False,
        reason_code=reason_code,
        reason_params=MappingProxyType(
            {"difference": difference, "minimum": lowest, "maximum": highest}
        ),
    )
