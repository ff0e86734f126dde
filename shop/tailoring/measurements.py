"""The catalogue of body measurements and which garment needs which.

All measurements are taken on the body (not on a garment), in centimetres, to 0.5 cm.

Plausible ranges
================

A range must accept every adult customer, men and women, from the smallest to the very
large, and reject only typing errors (a value in inches or millimetres, a slipped digit).
Method: take about the 0.1th percentile of the smallest group and subtract a margin; take
about the 99.9th percentile of the largest group and add a generous margin, because the
military surveys screen out the very heavy and the very short, and because a made-to-measure
customer is often exactly the person ready-to-wear does not fit. Where a survey gives mean
and standard deviation, P0.1 ~ mean - 3.09 SD and P99.9 ~ mean + 3.09 SD.

Sources (rounded to whole centimetres; women "W", men "M"):

* ANSUR II — Gordon et al., *2012 Anthropometric Survey of U.S. Army Personnel: Methods and
  Summary Statistics*, NATICK/TR-15/007 (2014); 1,986 women, 4,082 men.
* CAESAR — Civilian American and European Surface Anthropometry Resource (SAE/Robinette
  et al., 2002); civilians aged 18-65 including the heavy tail the army screens out.
* GB/T 10000-1988 and GB/T 10000-2023 *Human dimensions of Chinese adults* (P1-P99 tables,
  men 18-60, women 18-55); the smallest adults of the set are Chinese women.
* SizeUK — UK National Sizing Survey (2001-2002), 11,000 civilians aged 16-95.

======================  ===============================  =================================  =======
measurement             small end (group, statistic)     large end (group, statistic)       cm
======================  ===============================  =================================  =======
height (stature)        W GB/T 10000 P1 ~145; ANSUR W    ANSUR M 176 +/- 7 -> P99.9 ~197    130-215
                        163 +/- 6.4 -> P0.1 ~143
neck (base of neck)     ANSUR W 33 +/- 1.9 -> P0.1 ~27   ANSUR M 40 +/- 2.4 -> ~47;         24-65
                                                         CAESAR heavy tail to ~55
chest / bust            GB/T 10000 W P1 ~71; ANSUR W     ANSUR M 106 +/- 8.6 -> ~132;       60-180
                        P0.1 ~70                         CAESAR/SizeUK tail 150-160
waist (natural)         GB/T 10000 W P1 ~52              ANSUR M 94 +/- 11 -> ~128;         45-200
                                                         CAESAR tail beyond 170
hip (seat)              GB/T 10000 W P1 ~78; ANSUR W     CAESAR/SizeUK women tail ~160+     65-200
                        P0.1 ~79
shoulder width          GB/T 10000 W biacromial P1 ~30   ANSUR M biacromial 41 +/- 1.9      28-65
(over the back)         (+1-2 cm over the curve)         -> ~47, +3 cm over the curve
back width              ANSUR W (between armpit folds)   ANSUR M ~40 +/- 3 -> ~49           22-65
                        ~33 +/- 2.5 -> ~25
armhole (armscye)       ANSUR W 41 +/- 3 -> ~32          ANSUR M 49 +/- 3.3 -> ~59          26-80
sleeve length           GB/T 10000 W arm ~44-46;         ANSUR M 62 +/- 3 -> ~71            38-85
(shoulder to wrist)     ANSUR W 56 +/- 2.9 -> ~47
bicep (relaxed)         GB/T 10000 W ~20; ANSUR W ~18    ANSUR M (flexed) 36 +/- 2.9 ->     16-70
                                                         ~45; heavy tail 55-60
wrist                   ANSUR W 15 +/- 0.8 -> ~12.7      ANSUR M 17.5 +/- 0.9 -> ~20.3      11-30
shirt length            shortest adults: GB/T 10000 W    0.55 x the tallest height          40-110
(C7 to hem)             P1 stature ~145 cm; C7 height
                        ~0.86 x 145 = 125, crotch
                        ~0.45 x 145 = 65: a shirt worn
                        out to mid-seat ~55, cropped
                        ~48; margin 8 cm (the former
                        50 cm refused ~1.3 % of women)
jacket length           the same short body: to the      0.50 x the tallest height          45-105
                        top of the seat ~52; margin 7
outseam (waist height)  GB/T 10000 W ~86; ANSUR W        ANSUR M ~105 +/- 5 -> ~121         75-140
                        ~98 +/- 5 -> ~83
inseam (crotch height)  GB/T 10000 W P1 ~63; ANSUR W     ANSUR M 85 +/- 4.5 -> ~99          55-110
                        77 +/- 4.2 -> ~64
crotch depth (seated)   ~25 +/- 2 -> ~19                 ~26 +/- 2 -> ~33; heavy tail ~40   15-45
thigh                   GB/T 10000 W ~42; ANSUR W        ANSUR M 62.5 +/- 5 -> ~78;         38-110
                        62 +/- 5.5 -> ~45                CAESAR heavy tail ~100
knee                    ANSUR W ~37 +/- 2.5 -> ~29       ANSUR M ~39 +/- 2.3 -> ~46;        26-70
                                                         heavy tail ~60
ankle (narrowest)       ANSUR W ~21 +/- 1.4 -> ~17       ANSUR M ~22.4 +/- 1.4 -> ~27;      15-40
                                                         swollen/heavy ankles ~35
======================  ===============================  =================================  =======

The figures above are rounded summary values; the margins (5-10 cm below, 15-40 cm above
for girths) are much larger than any rounding, so the ranges do not hinge on them. Ranges
are closed: the minimum and the maximum themselves are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from shop.tailoring.choices import GarmentType
from shop.tailoring.diagrams import DIAGRAMS

UNIT = "cm"
STEP = Decimal("0.5")


class Kind(StrEnum):
    """What the tape does: goes round the body, runs along it, or across it."""

    GIRTH = "girth"
    LENGTH = "length"
    WIDTH = "width"


@dataclass(frozen=True, slots=True)
class Measurement:
    """One body measurement: what it is, how to take it, and its plausible range in cm."""

    code: str
    kind: Kind
    name: Any
    definition: Any
    how_to: Any
    minimum: Decimal
    maximum: Decimal
    diagram_svg: str
    unit: str = UNIT
    step: Decimal = STEP


def _m(
    code: str, kind: Kind, name: Any, definition: Any, how_to: Any, minimum: str, maximum: str
) -> Measurement:
    return Measurement(
        code=code,
        kind=kind,
        name=name,
        definition=definition,
        how_to=how_to,
        minimum=Decimal(minimum),
        maximum=Decimal(maximum),
        diagram_svg=DIAGRAMS[code],
    )


_CATALOGUE = (
    _m(
        "height",
        Kind.LENGTH,
        _("Height"),
        _("Standing height from the floor to the top of the head, without shoes."),
        _(
            "Stand with your back and heels against a wall, look straight ahead; lay a "
            "book flat on your head, mark the wall under it and measure from the floor."
        ),
        "130",
        "215",
    ),
    _m(
        "neck",
        Kind.GIRTH,
        _("Neck"),
        _(
            "Girth of the neck at its base, where a shirt collar sits: just below the "
            "Adam's apple in front and over the prominent bone at the back of the neck."
        ),
        _(
            "Keep the tape level and put one finger between the tape and the neck; do not "
            "pull it tight."
        ),
        "24",
        "65",
    ),
    _m(
        "chest",
        Kind.GIRTH,
        _("Chest"),
        _(
            "Girth of the chest (bust) at its fullest, under the armpits and across the "
            "shoulder blades, the tape level all round."
        ),
        _(
            "Arms relaxed at the sides, breathe out normally; the tape should be snug but "
            "not compress the chest. Wear a thin shirt or a non-padded bra."
        ),
        "60",
        "180",
    ),
    _m(
        "waist",
        Kind.GIRTH,
        _("Waist"),
        _(
            "Girth of the natural waist: the narrowest part of the torso, usually just "
            "above the navel, the tape level all round."
        ),
        _(
            "Stand relaxed and do not hold your stomach in; bend to one side, and where "
            "the body creases is the natural waist."
        ),
        "45",
        "200",
    ),
    _m(
        "hip",
        Kind.GIRTH,
        _("Hip"),
        _("Girth of the hips and seat at their fullest, the tape level all round."),
        _(
            "Stand with your feet together and measure over thin clothing; check in a "
            "mirror that the tape is level at the back."
        ),
        "65",
        "200",
    ),
    _m(
        "shoulder_width",
        Kind.WIDTH,
        _("Shoulder width"),
        _(
            "Across the back from one shoulder point (the outer end of the shoulder bone) "
            "to the other, following the curve of the upper back."
        ),
        _(
            "Ask someone to help; find each shoulder point where the arm meets the "
            "shoulder and lay the tape over the back between them."
        ),
        "28",
        "65",
    ),
    _m(
        "back_width",
        Kind.WIDTH,
        _("Back width"),
        _(
            "Across the back between the folds where the arms join the body, halfway "
            "between the shoulders and the armpits."
        ),
        _("Arms hanging relaxed; measure from one armpit fold to the other across the back."),
        "22",
        "65",
    ),
    _m(
        "armhole",
        Kind.GIRTH,
        _("Armhole"),
        _("Girth around the top of the arm through the armpit and over the shoulder point."),
        _("Let the arm hang; pass the tape under the armpit and over the shoulder point."),
        "26",
        "80",
    ),
    _m(
        "sleeve_length",
        Kind.LENGTH,
        _("Sleeve length"),
        _(
            "From the shoulder point down the outside of the arm, over the elbow, to the "
            "wrist bone."
        ),
        _(
            "Bend the arm slightly and rest the hand on the stomach; measure from the "
            "shoulder point over the elbow to the wrist bone."
        ),
        "38",
        "85",
    ),
    _m(
        "bicep",
        Kind.GIRTH,
        _("Bicep"),
        _("Girth of the upper arm at its fullest, about halfway between shoulder and elbow."),
        _("Let the arm hang relaxed; do not flex the muscle."),
        "16",
        "70",
    ),
    _m(
        "wrist",
        Kind.GIRTH,
        _("Wrist"),
        _("Girth of the wrist just above the wrist bone, on the side of the hand."),
        _("Measure snugly; the cuff ease is added later, so do not add any."),
        "11",
        "30",
    ),
    _m(
        "shirt_length",
        Kind.LENGTH,
        _("Shirt length"),
        _(
            "From the prominent bone at the base of the back of the neck straight down "
            "the centre back to where the shirt should end."
        ),
        _(
            "Stand straight; a shirt worn tucked in usually ends about 10 cm below the "
            "crotch, so it stays in when you sit; one worn outside ends around the middle "
            "of the seat."
        ),
        "40",
        "110",
    ),
    _m(
        "jacket_length",
        Kind.LENGTH,
        _("Jacket length"),
        _(
            "From the prominent bone at the base of the back of the neck straight down "
            "the centre back to where the jacket should end."
        ),
        _("Stand straight; a classic jacket just covers the seat."),
        "45",
        "105",
    ),
    _m(
        "outseam",
        Kind.LENGTH,
        _("Outseam"),
        _(
            "Down the outside of the leg from the natural waist to where the trousers "
            "should end, usually the floor behind the heel."
        ),
        _("Stand straight without shoes; measure from the waist at the side down to the floor."),
        "75",
        "140",
    ),
    _m(
        "inseam",
        Kind.LENGTH,
        _("Inseam"),
        _(
            "Down the inside of the leg from the crotch to where the trousers should end, "
            "usually the floor."
        ),
        _(
            "Stand straight without shoes, feet slightly apart; measure from the crotch "
            "to the floor, or measure the inside leg of trousers that fit well."
        ),
        "55",
        "110",
    ),
    _m(
        "crotch_depth",
        Kind.LENGTH,
        _("Crotch depth"),
        _(
            "Seated on a flat hard chair: from the natural waist at the side straight down "
            "to the seat of the chair."
        ),
        _("Sit upright; hold a ruler upright against the hip and read it at the waist."),
        "15",
        "45",
    ),
    _m(
        "thigh",
        Kind.GIRTH,
        _("Thigh"),
        _("Girth of the thigh at its fullest, just below the crotch."),
        _("Stand with the weight on both legs and keep the tape level."),
        "38",
        "110",
    ),
    _m(
        "knee",
        Kind.GIRTH,
        _("Knee"),
        _("Girth of the leg around the middle of the kneecap."),
        _("Stand with the leg straight but not locked."),
        "26",
        "70",
    ),
    _m(
        "ankle",
        Kind.GIRTH,
        _("Ankle"),
        _("Girth of the leg at its narrowest, just above the ankle bone."),
        _("Measure snugly; the hem width is set by the fit, not by adding ease here."),
        "15",
        "40",
    ),
)

MEASUREMENTS: dict[str, Measurement] = {m.code: m for m in _CATALOGUE}

GARMENT_MEASUREMENTS: dict[GarmentType, tuple[str, ...]] = {
    GarmentType.SHIRT: (
        "height",
        "neck",
        "chest",
        "waist",
        "hip",
        "shoulder_width",
        "sleeve_length",
        "shirt_length",
        "bicep",
        "wrist",
    ),
    GarmentType.TROUSERS: (
        "height",
        "waist",
        "hip",
        "outseam",
        "inseam",
        "crotch_depth",
        "thigh",
        "knee",
        "ankle",
    ),
    GarmentType.JACKET: (
        "height",
        "neck",
        "chest",
        "waist",
        "hip",
        "shoulder_width",
        "back_width",
        "armhole",
        "sleeve_length",
        "jacket_length",
        "bicep",
        "wrist",
    ),
}


def measurements_for(*, garment_type: GarmentType | str) -> tuple[Measurement, ...]:
    """The measurements a garment type needs, in the order a form should ask for them."""
    return tuple(MEASUREMENTS[code] for code in GARMENT_MEASUREMENTS[GarmentType(garment_type)])
