"""What a garment drawing and a fabric swatch say to a screen reader, in the reader's
language, with the catalogue's own names for the fabric, options and choices."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from shop.models import Fabric, GarmentOption, OptionChoice


def garment_description(
    *,
    title: str,
    fabric: Fabric,
    options: Iterable[GarmentOption],
    chosen: Mapping[str, OptionChoice],
    monogram_text: str = "",
) -> str:
    """ "Oxford dress shirt in White Oxford (Solid). Collar: Spread; Cuff: Barrel; …"."""
    text = _("%(garment)s in %(fabric)s (%(pattern)s).") % {
        "garment": title,
        "fabric": fabric.name,
        "pattern": fabric.get_pattern_display(),
    }
    shown = [
        _("%(option)s: %(choice)s") % {"option": option.name, "choice": chosen[option.code].name}
        for option in options
        if option.code in chosen
    ]
    if shown:
        text += " " + _("; ").join(shown) + _(".")
    if monogram_text:
        text += " " + _("Monogram “%(text)s”.") % {"text": monogram_text}
    return text


def swatch_label(*, fabric: Fabric) -> str:
    """ "White Oxford (Solid)": the swatch's name is the fabric's."""
    return _("%(fabric)s (%(pattern)s)") % {
        "fabric": fabric.name,
        "pattern": fabric.get_pattern_display(),
    }
