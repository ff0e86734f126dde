"""Drawings as PNG images, for mail: many mail clients do not show SVG.

Rendered by resvg (``resvg-py``, a wheel with no system library). The monogram is text,
so the renderer is given the Bitstream Vera fonts that reportlab ships: a machine with no
fonts installed still draws its letters. The machine's own fonts are loaded as well, for
the scripts Vera lacks (a Chinese monogram draws where a Chinese font is installed)."""

from __future__ import annotations

from pathlib import Path

import reportlab
import resvg_py

VERA = "Bitstream Vera Sans"
FONT_FILES = tuple(
    str(path) for path in sorted((Path(reportlab.__file__).parent / "fonts").glob("Vera*.ttf"))
)


def svg_png(*, svg: str, width: int, background: str = "#ffffff") -> bytes:
    """``svg`` as a PNG ``width`` pixels wide (the height keeps the drawing's proportions),
    on an opaque ``background`` (mail clients in dark mode would show a transparent one
    black). Raises ValueError for markup resvg cannot draw or a width outside 1..4096."""
    if isinstance(width, bool) or not isinstance(width, int) or not 1 <= width <= 4096:
        raise ValueError("width must be a whole number of pixels from 1 to 4096")
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            width=width,
            background=background,
            font_files=list(FONT_FILES),
            font_family=VERA,
            sans_serif_family=VERA,
            serif_family=VERA,
            cursive_family=VERA,
            fantasy_family=VERA,
            monospace_family=VERA,
        )
    )
