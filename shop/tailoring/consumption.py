"""Fabric consumption: how many metres of a fabric of a given width one garment needs.

The marker model
----------------
Each garment is cut from a few rectangular pieces (the bounding boxes of its pattern
pieces, seam and hem allowances included), sized from the finished dimensions; see
:func:`marker_pieces`. Pieces lie with their length along the fabric (the warp grain) and
their width across it. The fabric's *usable width* is its width minus 1.5 cm of selvedge on
each side.

The lay length is the larger of two lower bounds:

1. **Area**: the pieces' total area divided by the usable width times a marker efficiency
   of 80 % (the share of a real marker covered by pieces; 75-85 % is usual for shirts and
   tailored garments). A piece's area is its rectangle times its *fill*, the share of the
   rectangle the real pattern piece covers (tapered legs 0.7, sleeves 0.75, bodies 0.9),
   because tapered pieces nest head to tail in a marker.
2. **Rows**: for each kind of piece, ``floor(usable width / piece width)`` pieces fit
   across; ``ceil(count / across)`` rows of the piece length are needed. The longest such
   group is a floor for the whole lay (two trouser legs side by side on narrow cloth).

Then: a patterned fabric (checks, stripes) adds one pattern repeat to every piece length so
pieces can be shifted to match; shrinkage (default 3 %) lengthens the lay; 10 cm are added
for straightening the two cut ends. The result is in metres, rounded **up** to 0.05 m.

Both bounds only grow when a piece grows and only shrink when the fabric widens, so a
narrower fabric never needs less than a wider one, and a larger body never less than a
smaller one.

Shell fabric only: linings, interlinings and pocketing are stocked and counted separately.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from shop.tailoring.choices import GarmentType
from shop.tailoring.errors import TailoringError

SELVEDGE_CM = Decimal("1.5")
MARKER_EFFICIENCY = Decimal("0.80")
END_ALLOWANCE_CM = Decimal(10)
DEFAULT_SHRINKAGE_PERCENT = Decimal(3)
MIN_FABRIC_WIDTH_CM = Decimal(50)
MAX_FABRIC_WIDTH_CM = Decimal(330)
ROUND_TO_M = Decimal("0.05")
LEG_FILL = Decimal("0.7")
SLEEVE_FILL = Decimal("0.75")


@dataclass(frozen=True, slots=True)
class Piece:
    """``count`` identical rectangles, ``width`` across the fabric, ``length`` along it (cm)."""

    code: str
    count: int
    width: Decimal
    length: Decimal
    fill: Decimal = Decimal("0.9")

    @property
    def area(self) -> Decimal:
        """The area the pieces cover in a marker, cm²."""
        return self.count * self.width * self.length * self.fill


def _need(finished: Mapping[str, Decimal], *codes: str) -> list[Decimal]:
    values = []
    for code in codes:
        if code not in finished:
            raise TailoringError("missing_dimension", dimension=code)
        values.append(Decimal(finished[code]))
    return values


def _shirt(
    finished: Mapping[str, Decimal], *, short_sleeves: bool, french_cuffs: bool
) -> list[Piece]:
    chest, waist, hip, length, shoulder, sleeve, bicep, cuff, collar = _need(
        finished,
        "chest",
        "waist",
        "hip",
        "length",
        "shoulder_width",
        "sleeve_length",
        "bicep",
        "cuff",
        "collar",
    )
    girth = max(chest, waist, hip)
    pieces = [
        # Front: a quarter of the girth, button stand and facing, side and placket seams.
        Piece("front", 2, girth / 4 + 6, length + 4),
        # Back: half the girth plus a 4 cm box pleat; the yoke takes its top 6 cm.
        Piece("back", 1, girth / 2 + 6, length - 6 + 3),
        Piece("yoke", 2, shoulder + 4, Decimal(14), Decimal("0.85")),
        Piece("collar", 2, collar + 4, Decimal(9)),
        Piece("collar_stand", 2, collar + 4, Decimal(5)),
    ]
    if short_sleeves:
        pieces.append(Piece("sleeve", 2, bicep + 4, Decimal(28), SLEEVE_FILL))
    else:
        cuff_depth = Decimal(13) if french_cuffs else Decimal("6.5")
        pieces += [
            Piece(
                "sleeve",
                2,
                bicep + 4,
                max(sleeve - Decimal("6.5"), Decimal(20)) + 3,
                SLEEVE_FILL,
            ),
            Piece("cuff", 4, cuff + 6, cuff_depth + 2),
            Piece("sleeve_placket", 2, Decimal(6), Decimal(18)),
        ]
    return pieces


def _trousers(finished: Mapping[str, Decimal], *, turn_ups: bool) -> list[Piece]:
    waist, hip, outseam, thigh = _need(finished, "waist", "hip", "outseam", "thigh")
    girth = max(waist, hip)
    hem = Decimal(9) if turn_ups else Decimal(0)
    return [
        # Front leg: a quarter of the seat, the front crotch extension (seat / 16), seams.
        Piece(
            "front",
            2,
            max(girth / 4 + girth / 16 + 4, thigh / 2 + 4),
            outseam + 5 + hem,
            LEG_FILL,
        ),
        # Back leg: a quarter of the seat, the longer back crotch extension (seat / 8).
        Piece(
            "back",
            2,
            max(girth / 4 + girth / 8 + 4, thigh / 2 + 8),
            outseam + 7 + hem,
            LEG_FILL,
        ),
        Piece("waistband", 2, waist / 2 + 10, Decimal(10)),
        Piece("pocket_facing", 4, Decimal(20), Decimal(8)),
        Piece("belt_loops", 1, Decimal(40), Decimal(4)),
    ]


def _jacket(finished: Mapping[str, Decimal], *, double_breasted: bool) -> list[Piece]:
    chest, waist, hip, length, back_width, sleeve, bicep, collar = _need(
        finished,
        "chest",
        "waist",
        "hip",
        "length",
        "back_width",
        "sleeve_length",
        "bicep",
        "collar",
    )
    girth = max(chest, waist, hip)
    overlap = Decimal(8) if double_breasted else Decimal(0)
    return [
        Piece("front", 2, girth / 4 + 10 + overlap, length + 6),
        Piece("side_panel", 2, girth / 8 + 4, length * Decimal("0.7") + 4),
        Piece("back", 2, back_width / 2 + 8, length + 6),
        Piece("top_sleeve", 2, bicep * Decimal("0.6") + 4, sleeve + 8, SLEEVE_FILL),
        Piece("under_sleeve", 2, bicep * Decimal("0.45") + 4, sleeve + 4, SLEEVE_FILL),
        Piece("top_collar", 1, collar / 2 + 12, Decimal(10)),
        Piece("facing", 2, Decimal(12) + overlap, length + 4),
        Piece("pocket_flap", 4, Decimal(18), Decimal(8)),
        Piece("breast_welt", 1, Decimal(14), Decimal(6)),
    ]


def marker_pieces(
    *,
    garment_type: GarmentType | str,
    finished: Mapping[str, Decimal],
    short_sleeves: bool = False,
    french_cuffs: bool = False,
    turn_ups: bool = False,
    double_breasted: bool = False,
) -> list[Piece]:
    """The rectangles one garment is cut from (cm, allowances included).

    ``short_sleeves`` and ``french_cuffs`` (double-depth cuffs) apply to shirts,
    ``turn_ups`` to trousers, ``double_breasted`` to jackets; setting one for another
    garment is a programming error (``ValueError``).
    """
    garment = GarmentType(garment_type)
    allowed = {
        GarmentType.SHIRT: {"short_sleeves", "french_cuffs"},
        GarmentType.TROUSERS: {"turn_ups"},
        GarmentType.JACKET: {"double_breasted"},
    }[garment]
    flags = {
        "short_sleeves": short_sleeves,
        "french_cuffs": french_cuffs,
        "turn_ups": turn_ups,
        "double_breasted": double_breasted,
    }
    wrong = sorted(name for name, on in flags.items() if on and name not in allowed)
    if wrong:
        raise ValueError(f"{', '.join(wrong)} does not apply to {garment.value}")
    if garment is GarmentType.SHIRT:
        return _shirt(finished, short_sleeves=short_sleeves, french_cuffs=french_cuffs)
    if garment is GarmentType.TROUSERS:
        return _trousers(finished, turn_ups=turn_ups)
    return _jacket(finished, double_breasted=double_breasted)


def lay_length_cm(
    *, pieces: list[Piece], fabric_width_cm: Decimal, pattern_repeat_cm: Decimal = Decimal(0)
) -> Decimal:
    """The marker length in cm before shrinkage and end allowances (see the module notes)."""
    width = Decimal(fabric_width_cm)
    if not MIN_FABRIC_WIDTH_CM <= width <= MAX_FABRIC_WIDTH_CM:
        raise TailoringError(
            "invalid_fabric_width", minimum=MIN_FABRIC_WIDTH_CM, maximum=MAX_FABRIC_WIDTH_CM
        )
    if pattern_repeat_cm < 0:
        raise ValueError("pattern_repeat_cm must not be negative")
    usable = width - 2 * SELVEDGE_CM
    widest = max(piece.width for piece in pieces)
    if widest > usable:
        needed = (widest + 2 * SELVEDGE_CM).to_integral_value(rounding=ROUND_CEILING)
        raise TailoringError("fabric_too_narrow", width=width, needed=needed)
    area = Decimal(0)
    rows_bound = Decimal(0)
    for piece in pieces:
        length = piece.length + pattern_repeat_cm
        area += piece.count * piece.width * length * piece.fill
        across = int(usable // piece.width)
        rows = math.ceil(piece.count / across)
        rows_bound = max(rows_bound, rows * length)
    return max(area / (usable * MARKER_EFFICIENCY), rows_bound)


def fabric_consumption_m(
    *,
    garment_type: GarmentType | str,
    finished: Mapping[str, Decimal],
    fabric_width_cm: Decimal,
    pattern_repeat_cm: Decimal = Decimal(0),
    shrinkage_percent: Decimal = DEFAULT_SHRINKAGE_PERCENT,
    short_sleeves: bool = False,
    french_cuffs: bool = False,
    turn_ups: bool = False,
    double_breasted: bool = False,
) -> Decimal:
    """Metres of shell fabric for one garment, rounded up to 0.05 m (two decimal places).

    ``finished`` is the result of :func:`shop.tailoring.fit.finished_dimensions`.
    Raises :class:`TailoringError` ``invalid_fabric_width`` (outside 50-330 cm),
    ``fabric_too_narrow`` (a piece wider than the usable width) or ``missing_dimension``.
    """
    if shrinkage_percent < 0:
        raise ValueError("shrinkage_percent must not be negative")
    pieces = marker_pieces(
        garment_type=garment_type,
        finished=finished,
        short_sleeves=short_sleeves,
        french_cuffs=french_cuffs,
        turn_ups=turn_ups,
        double_breasted=double_breasted,
    )
    lay = lay_length_cm(
        pieces=pieces,
        fabric_width_cm=Decimal(fabric_width_cm),
        pattern_repeat_cm=Decimal(pattern_repeat_cm),
    )
    total_cm = lay * (1 + Decimal(shrinkage_percent) / 100) + END_ALLOWANCE_CM
    steps = (total_cm / 100 / ROUND_TO_M).to_integral_value(rounding=ROUND_CEILING)
    return (steps * ROUND_TO_M).quantize(Decimal("0.01"))
