"""The choices each drawing knows, their defaults, and the monogram thread and fonts.

A choice code the drawing does not know falls back to the default for its option, so a
new catalogue choice never breaks the preview; it is drawn as the default until taught.
"""

from __future__ import annotations

from collections.abc import Mapping

GARMENT_TYPES = ("shirt", "trousers", "jacket")

PATTERNS = ("solid", "stripe", "pinstripe", "check", "herringbone", "twill")

FITS = ("slim", "regular", "relaxed")
MONOGRAM_FONTS = ("block", "script", "serif")
MONOGRAM_COLOURS = ("navy", "white", "red", "gold", "black")

#: garment type -> option code -> the choice codes drawn, in display order.
GARMENT_OPTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "shirt": {
        "collar": ("spread", "button-down", "mandarin", "cutaway", "wing"),
        "cuff": ("barrel", "french", "convertible"),
        "placket": ("standard", "hidden", "plain"),
        "pocket": ("none", "one", "two-flap"),
        "fit": FITS,
        "monogram_position": ("none", "cuff", "chest", "collar-band"),
        "monogram_font": MONOGRAM_FONTS,
        "monogram_colour": MONOGRAM_COLOURS,
    },
    "trousers": {
        "fit": FITS,
        "pleats": ("flat", "single", "double"),
        "turn_ups": ("none", "yes"),
        "waistband": ("belt-loops", "side-adjusters"),
        "back_pockets": ("one", "two"),
    },
    "jacket": {
        "fit": FITS,
        "lapel": ("notch", "peak", "shawl"),
        "buttons": ("one", "two", "double-breasted"),
        "vents": ("none", "single", "double"),
        "pocket": ("flap", "jetted", "patch"),
        "monogram_position": ("none", "lining", "cuff"),
        "monogram_font": MONOGRAM_FONTS,
        "monogram_colour": MONOGRAM_COLOURS,
    },
}

#: garment type -> option code -> the choice drawn when none (or an unknown one) is given.
DEFAULTS: dict[str, dict[str, str]] = {
    "shirt": {
        "collar": "spread",
        "cuff": "barrel",
        "placket": "standard",
        "pocket": "none",
        "fit": "regular",
        "monogram_position": "none",
        "monogram_font": "block",
        "monogram_colour": "navy",
    },
    "trousers": {
        "fit": "regular",
        "pleats": "flat",
        "turn_ups": "none",
        "waistband": "belt-loops",
        "back_pockets": "two",
    },
    "jacket": {
        "fit": "regular",
        "lapel": "notch",
        "buttons": "two",
        "vents": "double",
        "pocket": "flap",
        "monogram_position": "none",
        "monogram_font": "block",
        "monogram_colour": "navy",
    },
}

THREAD_COLOURS = {
    "navy": "#1f2d5c",
    "white": "#ffffff",
    "red": "#c0262d",
    "gold": "#c9a227",
    "black": "#111111",
}

#: monogram font choice -> presentation attributes of the text.
FONT_ATTRIBUTES = {
    "block": 'font-family="Arial,Helvetica,sans-serif" font-weight="700"',
    "script": (
        "font-family=\"'Brush Script MT','Segoe Script','Apple Chancery',cursive\" "
        'font-style="italic"'
    ),
    "serif": "font-family=\"Georgia,'Times New Roman',serif\"",
}

GARMENT_NAMES = {"shirt": "Dress shirt", "trousers": "Trousers", "jacket": "Suit jacket"}


def resolve_choices(*, garment_type: str, choices: Mapping[str, str]) -> dict[str, str]:
    """Every option of the garment mapped to a choice it can draw (unknown -> default)."""
    resolved = {}
    for option, values in GARMENT_OPTIONS[garment_type].items():
        value = choices.get(option)
        resolved[option] = value if value in values else DEFAULTS[garment_type][option]
    return resolved
