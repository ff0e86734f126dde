"""Fits and the finished garment dimensions they give.

A finished dimension is a body measurement plus the fit's *ease* (the room a garment has
over the body), in cm. Girths get ease by fit; lengths are taken as measured, except the
shirt sleeve (+1 cm so the sleeve blouses a little over the cuff and does not ride up when
the arm bends) and the jacket sleeve (-1.5 cm so about 1.5 cm of shirt cuff shows).

Ease (cm over the body girth), from common made-to-measure practice (shirt chest: slim
8-10, regular 12-16, relaxed 18-22; suit jacket chest 10-18 over a shirt; trousers seat
4-10, waistband 1-3):

=================  ==================  =====  =======  =======
garment            dimension (body)    slim   regular  relaxed
=================  ==================  =====  =======  =======
shirt              collar (neck)        1.5      2.0      2.5
shirt              chest                 10       14       20
shirt              waist                  8       14       22
shirt              hip                    8       12       18
shirt              shoulder width         0        1        2
shirt              bicep                  6        9       12
shirt              cuff (wrist)           5        6        7
shirt              sleeve length         +1       +1       +1
trousers           waist                  1        2        3
trousers           hip                    4        6       10
trousers           thigh                  6       10       14
trousers           knee                   8       12       16
trousers           hem (ankle)           14       19       24
trousers           rise (crotch depth)    1        2        3
jacket             collar (neck)          3      3.5        4
jacket             chest                 10       14       18
jacket             waist                 10       14       20
jacket             hip                    8       12       16
jacket             shoulder width         1      1.5      2.5
jacket             back width             2        3        4
jacket             armhole                4        6        8
jacket             bicep                  8       11       14
jacket             sleeve opening         10      12       14
                   (wrist)
jacket             sleeve length       -1.5     -1.5     -1.5
=================  ==================  =====  =======  =======

The trouser hem is at least 34 cm round (a foot must pass through it) and never wider than
the finished knee (trousers do not flare). Shirt length, jacket length, outseam and inseam
are taken as given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from shop.tailoring.choices import Fit, GarmentType
from shop.tailoring.errors import TailoringError


@dataclass(frozen=True, slots=True)
class FinishedDimension:
    """How one finished dimension follows from one body measurement."""

    code: str
    source: str
    slim: Decimal
    regular: Decimal
    relaxed: Decimal

    def ease(self, fit: Fit) -> Decimal:
        return {Fit.SLIM: self.slim, Fit.REGULAR: self.regular, Fit.RELAXED: self.relaxed}[fit]


def _d(code: str, source: str, slim: str, regular: str, relaxed: str) -> FinishedDimension:
    return FinishedDimension(code, source, Decimal(slim), Decimal(regular), Decimal(relaxed))


FINISHED_DIMENSIONS: dict[GarmentType, tuple[FinishedDimension, ...]] = {
    GarmentType.SHIRT: (
        _d("collar", "neck", "1.5", "2", "2.5"),
        _d("chest", "chest", "10", "14", "20"),
        _d("waist", "waist", "8", "14", "22"),
        _d("hip", "hip", "8", "12", "18"),
        _d("shoulder_width", "shoulder_width", "0", "1", "2"),
        _d("sleeve_length", "sleeve_length", "1", "1", "1"),
        _d("length", "shirt_length", "0", "0", "0"),
        _d("bicep", "bicep", "6", "9", "12"),
        _d("cuff", "wrist", "5", "6", "7"),
    ),
    GarmentType.TROUSERS: (
        _d("waist", "waist", "1", "2", "3"),
        _d("hip", "hip", "4", "6", "10"),
        _d("rise", "crotch_depth", "1", "2", "3"),
        _d("outseam", "outseam", "0", "0", "0"),
        _d("inseam", "inseam", "0", "0", "0"),
        _d("thigh", "thigh", "6", "10", "14"),
        _d("knee", "knee", "8", "12", "16"),
        _d("hem", "ankle", "14", "19", "24"),
    ),
    GarmentType.JACKET: (
        _d("collar", "neck", "3", "3.5", "4"),
        _d("chest", "chest", "10", "14", "18"),
        _d("waist", "waist", "10", "14", "20"),
        _d("hip", "hip", "8", "12", "16"),
        _d("shoulder_width", "shoulder_width", "1", "1.5", "2.5"),
        _d("back_width", "back_width", "2", "3", "4"),
        _d("armhole", "armhole", "4", "6", "8"),
        _d("sleeve_length", "sleeve_length", "-1.5", "-1.5", "-1.5"),
        _d("length", "jacket_length", "0", "0", "0"),
        _d("bicep", "bicep", "8", "11", "14"),
        _d("sleeve_opening", "wrist", "10", "12", "14"),
    ),
}

MINIMUM_HEM = Decimal(34)

FINISHED_DIMENSION_NAMES: dict[str, Any] = {
    "collar": _("Collar"),
    "chest": _("Chest"),
    "waist": _("Waist"),
    "hip": _("Hip"),
    "shoulder_width": _("Shoulder width"),
    "back_width": _("Back width"),
    "armhole": _("Armhole"),
    "sleeve_length": _("Sleeve length"),
    "length": _("Garment length"),
    "bicep": _("Bicep"),
    "cuff": _("Cuff"),
    "sleeve_opening": _("Sleeve opening"),
    "rise": _("Rise"),
    "outseam": _("Outseam"),
    "inseam": _("Inseam"),
    "thigh": _("Thigh"),
    "knee": _("Knee"),
    "hem": _("Hem opening"),
}


def finished_dimensions(
    *, garment_type: GarmentType | str, fit: Fit | str, body: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """The finished garment's dimensions in cm, in a fixed order, one decimal place.

    ``body`` holds validated body measurements (extra keys are ignored). A missing one
    raises :class:`TailoringError` with code ``missing_measurement``.
    """
    garment, chosen_fit = GarmentType(garment_type), Fit(fit)
    finished: dict[str, Decimal] = {}
    for dimension in FINISHED_DIMENSIONS[garment]:
        if dimension.source not in body:
            raise TailoringError("missing_measurement", measurement=dimension.source)
        value = Decimal(body[dimension.source]) + dimension.ease(chosen_fit)
        finished[dimension.code] = value.quantize(Decimal("0.1"))
    if garment is GarmentType.TROUSERS:
        finished["hem"] = min(max(finished["hem"], MINIMUM_HEM), finished["knee"]).quantize(
            Decimal("0.1")
        )
    return finished
