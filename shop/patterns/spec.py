"""What a draft is made from: the garment, its finished dimensions, the body height, the fit
and the styles chosen; and the error raised when a draft cannot be made.

:func:`draft_spec_from_snapshot` reads a production unit's spec snapshot
(:mod:`orders.snapshots`) — plain JSON, so this stays free of Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

GARMENTS = ("shirt", "trousers", "jacket")
FITS = ("slim", "regular", "relaxed")

#: garment -> option -> the styles the drafting system knows, the first being the default.
STYLES: dict[str, dict[str, tuple[str, ...]]] = {
    "shirt": {
        "collar": ("spread", "button-down", "cutaway", "mandarin", "wing"),
        "cuff": ("barrel", "convertible", "french"),
        "placket": ("standard", "hidden", "plain"),
        "pocket": ("none", "one", "two-flap"),
        "monogram_position": ("none", "cuff", "chest", "collar-band"),
    },
    "trousers": {
        "pleats": ("flat", "single", "double"),
        "turn_ups": ("none", "yes"),
        "waistband": ("belt-loops", "side-adjusters"),
        "back_pockets": ("two", "one"),
    },
    "jacket": {
        "lapel": ("notch", "peak", "shawl"),
        "buttons": ("two", "one", "double-breasted"),
        "vents": ("double", "single", "none"),
        "pocket": ("flap", "jetted", "patch"),
        "monogram_position": ("none", "lining", "cuff"),
    },
}

#: The finished dimensions (cm in the snapshot) each garment's draft needs.
FINISHED_NEEDED: dict[str, tuple[str, ...]] = {
    "shirt": (
        "collar",
        "chest",
        "waist",
        "hip",
        "shoulder_width",
        "sleeve_length",
        "length",
        "bicep",
        "cuff",
    ),
    "trousers": ("waist", "hip", "rise", "outseam", "inseam", "thigh", "knee", "hem"),
    "jacket": (
        "collar",
        "chest",
        "waist",
        "hip",
        "shoulder_width",
        "back_width",
        "armhole",
        "sleeve_length",
        "length",
        "bicep",
        "sleeve_opening",
    ),
}


class PatternError(Exception):
    """A draft that cannot be made, with a stable ``code`` and ``params`` for the message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class DraftSpec:
    """Everything a draft needs, in millimetres."""

    garment: str
    fit: str
    finished: Mapping[str, float]
    height: float
    styles: Mapping[str, str] = field(default_factory=dict)
    unit_code: str = ""

    def __post_init__(self) -> None:
        if self.garment not in GARMENTS:
            raise PatternError("unknown_garment", garment=self.garment)
        if self.fit not in FITS:
            raise PatternError("unknown_fit", fit=self.fit)
        missing = [c for c in FINISHED_NEEDED[self.garment] if c not in self.finished]
        if missing:
            raise PatternError("missing_dimension", dimension=missing[0])
        for option, choice in self.styles.items():
            known = STYLES[self.garment].get(option)
            if known is not None and choice not in known:
                raise PatternError("unknown_style", option=option, choice=choice)

    def style(self, option: str) -> str:
        return self.styles.get(option, STYLES[self.garment][option][0])

    def mm(self, code: str) -> float:
        return float(self.finished[code])


def _mm(value: object) -> float:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise PatternError("bad_number", value=str(value)) from None
    if not number.is_finite() or number <= 0:
        raise PatternError("bad_number", value=str(value))
    return float(number * 10)


def draft_spec_from_snapshot(snapshot: Mapping[str, Any], *, unit_code: str = "") -> DraftSpec:
    """A draft spec from a unit's spec snapshot (centimetres there, millimetres here).

    Options the pattern does not shape (monogram font and colour, fit) are ignored; a style
    the drafting system does not know raises :class:`PatternError` ``unknown_style`` rather
    than drafting a default the customer did not choose.
    """
    garment = str(snapshot.get("garment_type", ""))
    if garment not in GARMENTS:
        raise PatternError("unknown_garment", garment=garment)
    finished = {code: _mm(v) for code, v in dict(snapshot.get("finished_cm") or {}).items()}
    measurements = dict(snapshot.get("measurements_cm") or {})
    if "height" not in measurements:
        raise PatternError("missing_dimension", dimension="height")
    options = dict(snapshot.get("options") or {})
    styles: dict[str, str] = {}
    for option in STYLES[garment]:
        chosen = options.get(option)
        if isinstance(chosen, Mapping) and chosen.get("choice"):
            styles[option] = str(chosen["choice"])
    return DraftSpec(
        garment=garment,
        fit=str(snapshot.get("fit", "regular")),
        finished=finished,
        height=_mm(measurements["height"]),
        styles=styles,
        unit_code=unit_code,
    )
