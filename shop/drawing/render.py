"""The public functions: a whole garment drawing, and a fabric swatch."""

from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape

from shop.drawing import jacket, shirt, trousers
from shop.drawing.fabric import check_id_prefix, colour_name, fabric
from shop.drawing.options import (
    FONT_ATTRIBUTES,
    GARMENT_NAMES,
    GARMENT_OPTIONS,
    GARMENT_TYPES,
    THREAD_COLOURS,
    resolve_choices,
)
from shop.drawing.svg import OUTLINE, Monogram, clean_text

MONOGRAM_MAX_LENGTH = 12

_DRAWERS = {"shirt": shirt.draw, "trousers": trousers.draw, "jacket": jacket.draw}


def garment_svg(
    *,
    garment_type: str,
    colour: str,
    pattern: str,
    choices: Mapping[str, str],
    monogram_text: str = "",
    title: str = "",
    description: str = "",
    id_prefix: str = "g",
) -> str:
    """The configured garment as an inline ``<svg>`` string (view box 300 x 360).

    ``choices`` maps option code to choice code; unknown options are ignored and unknown
    choices are drawn as the option's default. The monogram (cleaned, then cut to 12
    characters) is drawn when ``monogram_position`` is not "none". ``description`` is
    what a screen reader says of it (an English one from the codes when empty; the
    storefront gives one in the reader's language). Every part a choice
    draws carries ``data-part="<option>-<choice>"`` (see ``GARMENT_OPTIONS``).

    Raises ValueError for an unknown garment type or pattern, a colour that is not
    ``#rrggbb``, or an ``id_prefix`` outside ``[a-z0-9-]+`` (it namespaces the ids).
    """
    if garment_type not in GARMENT_TYPES:
        raise ValueError(f"garment_type must be one of {', '.join(GARMENT_TYPES)}")
    check_id_prefix(id_prefix)
    cloth = fabric(colour=colour, pattern=pattern, id_prefix=id_prefix)
    resolved = resolve_choices(garment_type=garment_type, choices=choices)
    monogram = _monogram(resolved, monogram_text)
    drawing = _DRAWERS[garment_type](choices=resolved, fabric=cloth, monogram=monogram)
    name = GARMENT_NAMES[garment_type]
    heading = clean_text(title) or f"{name} drawing"
    description = description or _describe(name, cloth.colour, pattern, resolved, monogram)
    defs = f"<defs>{cloth.defs}</defs>" if cloth.defs else ""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 360" width="300" '
        f'height="360" role="img" data-garment="{garment_type}">'
        f"<title>{escape(heading)}</title>"
        f"<desc>{escape(description)}</desc>"
        f"{defs}"
        f'<g fill="{cloth.fill}" stroke="{OUTLINE}" stroke-width="1.4" '
        f'stroke-linejoin="round" stroke-linecap="round">{drawing}</g></svg>'
    )


def swatch_svg(
    *, colour: str, pattern: str, size: int = 40, id_prefix: str = "s", title: str = ""
) -> str:
    """A square of the fabric, ``size`` pixels a side, for the fabric picker; titled with
    ``title`` (the fabric's own name) or else a plain name of its colour."""
    if isinstance(size, bool) or not isinstance(size, int) or not 8 <= size <= 1024:
        raise ValueError("size must be a whole number of pixels from 8 to 1024")
    cloth = fabric(colour=colour, pattern=pattern, id_prefix=check_id_prefix(id_prefix))
    defs = f"<defs>{cloth.defs}</defs>" if cloth.defs else ""
    label = clean_text(title) or f"{colour_name(cloth.colour)} {pattern} fabric"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" '
        f'height="{size}" role="img" data-part="swatch"><title>{escape(label)}</title>{defs}'
        f'<rect x=".5" y=".5" width="{size - 1}" height="{size - 1}" rx="{max(2, size // 10)}" '
        f'fill="{cloth.fill}" stroke="{OUTLINE}"/></svg>'
    )


def _monogram(choices: Mapping[str, str], text: str) -> Monogram | None:
    position = choices.get("monogram_position", "none")
    cleaned = clean_text(text, limit=MONOGRAM_MAX_LENGTH)
    if position == "none" or not cleaned:
        return None
    colour = choices["monogram_colour"]
    font = choices["monogram_font"]
    return Monogram(
        text=cleaned,
        position=position,
        font=font,
        colour=colour,
        thread=THREAD_COLOURS[colour],
        font_attrs=FONT_ATTRIBUTES[font],
    )


def _label(code: str) -> str:
    return code.replace("_", " ").replace("-", " ")


def _describe(
    name: str, colour: str, pattern: str, choices: Mapping[str, str], monogram: Monogram | None
) -> str:
    fabric_words = f"{colour_name(colour)} ({colour})"
    weave = "plain" if pattern == "solid" else pattern
    shown = [
        f"{_label(option)}: {_label(value)}"
        for option, value in choices.items()
        if not option.startswith("monogram_")
    ]
    text = f"{name} in {weave} {fabric_words} fabric. " + "; ".join(shown) + "."
    if monogram is not None:
        text += (
            f' Monogram "{monogram.text}" on the {_label(monogram.position)} in '
            f"{monogram.colour} thread, {monogram.font} letters."
        )
    elif "monogram_position" in choices:
        text += " No monogram."
    return text


__all__ = ["GARMENT_OPTIONS", "garment_svg", "swatch_svg"]
