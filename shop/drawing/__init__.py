"""Flat SVG drawings of a configured garment, for the configurator's live preview.

Pure Python and standard library only: the storefront re-renders the drawing on the
server each time a choice changes (so it also works without JavaScript) and inlines
the string in the page. See :func:`garment_svg` and :func:`swatch_svg`.
"""

from shop.drawing.options import DEFAULTS, GARMENT_OPTIONS, GARMENT_TYPES, PATTERNS
from shop.drawing.render import garment_svg, swatch_svg

__all__ = [
    "DEFAULTS",
    "GARMENT_OPTIONS",
    "GARMENT_TYPES",
    "PATTERNS",
    "garment_svg",
    "swatch_svg",
]
