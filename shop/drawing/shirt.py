"""The dress shirt, front view: collar, placket, pockets, cuffs and the monogram."""

from __future__ import annotations

from collections.abc import Mapping

from shop.drawing.fabric import Fabric
from shop.drawing.svg import MIRROR, Monogram, both_sides, button, limb, n, path, shape

#: fit -> half widths at chest, waist and hem
_FIT = {"slim": (50, 44, 47), "regular": (55, 51, 53), "relaxed": (61, 59, 60)}

_LEAVES = {
    "spread": [(131, 37), (117, 52), (111, 76), (148, 65), (139, 44)],
    "cutaway": [(131, 37), (112, 50), (102, 66), (148, 64), (139, 44)],
    "button-down": [(131, 37), (120, 52), (124, 90), (148, 67), (139, 44)],
}

_BUTTON_ROWS = (86, 124, 162, 200, 238, 276)


def draw(*, choices: Mapping[str, str], fabric: Fabric, monogram: Monogram | None) -> str:
    chest, waist, hem = _FIT[choices["fit"]]
    shoulder = 64 + (chest - 55) * 0.5
    top, under = (150 - shoulder, 58), (150 - chest, 116)
    sleeve = limb(top=top, under=under, end=(150 - shoulder - 22, 292), width=30)
    body = (
        f"M130 42L{n(top[0])} 58L{n(under[0])} 116L{n(150 - waist)} 200L{n(150 - hem)} 290"
        f"C{n(150 - hem)} 318 120 326 150 326C180 326 {n(150 + hem)} 318 {n(150 + hem)} 290"
        f"L{n(150 + waist)} 200L{n(150 + chest)} 116L{n(300 - top[0])} 58L170 42Z"
    )
    cuff = _cuff(choices["cuff"])
    cuff_text = ""
    if monogram and monogram.position == "cuff":
        cuff_text = monogram.element(-4, -8, 7, fabric_colour=fabric.colour)
    sleeve_markup = f'<path d="{sleeve.outline}"/><g transform="{sleeve.end_transform}">{cuff}'
    parts = [
        f'<g data-part="fit-{choices["fit"]}">',
        f"{MIRROR}{sleeve_markup}</g></g>{sleeve_markup}{cuff_text}</g>",
        f'<path data-part="body" d="{body}"/>',
        f'</g><g stroke="{fabric.detail}">',
        _placket(choices["placket"]),
        _pocket(choices["pocket"]),
        "</g>",
        _collar(choices["collar"], fabric, monogram),
    ]
    if monogram and monogram.position == "chest":
        parts.append(monogram.element(178, 176, 10, fabric_colour=fabric.colour))
    return "".join(parts)


def _collar(collar: str, fabric: Fabric, monogram: Monogram | None) -> str:
    inside = f'<path d="M130 42Q150 34 170 42L168 50Q150 44 132 50Z" fill="{fabric.shadow}"/>'
    band_monogram = ""
    if monogram and monogram.position == "collar-band":
        band_monogram = monogram.element(150, 46.5, 4.5, fabric_colour=fabric.shadow)
    if collar == "mandarin":
        half = "M130 42Q140 38 148 38V58Q148 62 144 62Q136 62 131 58Z"
        leaves = both_sides(f'<path d="{half}"/>')
        top_button = button(144, 54, 1.8)
    elif collar == "wing":
        band = "M129 36Q150 30 171 36L170 60Q150 66 130 60Z"
        wing = shape([(147, 40), (134, 54), (146, 60)])
        leaves = f'<path d="{band}"/>{both_sides(wing)}'
        top_button = button(150, 62, 1.8)
    else:
        leaf = shape(_LEAVES[collar])
        extra = button(123, 84, 1.6) if collar == "button-down" else ""
        leaves = both_sides(leaf + extra)
        top_button = button(150, 62, 1.8)
    return f'<g data-part="collar-{collar}">{inside}{band_monogram}{leaves}{top_button}</g>'


def _cuff(cuff: str) -> str:
    """The cuff in the sleeve end's frame: origin at its bottom centre, 30 wide."""
    if cuff == "french":
        return (
            '<g data-part="cuff-french">'
            '<path d="M-16-30H16V-4Q16 0 12 0H-12Q-16 0-16-4Z"/>'
            '<path d="M-15-25H15" fill="none" stroke-width=".8"/>'
            '<path d="M16-26l4 2v16l-4 2Z"/>'
            '<g data-part="cufflink"><path d="M14-16h6" stroke-width="1.2"/>'
            '<circle cx="21" cy="-16" r="3" fill="#c9a227" stroke-width=".8"/></g></g>'
        )
    if cuff == "convertible":
        return (
            '<g data-part="cuff-convertible">'
            '<path d="M-15-24H15V-5L11 0H-11L-15-5Z"/>'
            f'{button(9, -12)}<path d="M1-12h4" stroke-width="1.2"/></g>'
        )
    return (
        '<g data-part="cuff-barrel"><rect x="-15" y="-24" width="30" height="24" rx="5"/>'
        f"{button(4, -12)}{button(10, -12)}</g>"
    )


def _placket(placket: str) -> str:
    buttons = "".join(button(150, y) for y in _BUTTON_ROWS)
    if placket == "hidden":
        lines = "M150 64V326M142 64V310"
        extra = ""
        dash = ' stroke-dasharray="2 2"'
    elif placket == "plain":
        lines = "M155 64V326"
        extra = buttons
        dash = ""
    else:
        lines = "M143 64V322M157 64V322"
        extra = buttons
        dash = ""
    return (
        f'<g data-part="placket-{placket}"><path d="{lines}" fill="none" stroke-width="1"{dash}/>'
        f"{extra}</g>"
    )


def _pocket(pocket: str) -> str:
    if pocket == "one":
        body = f'<path d="{path([(164, 118), (190, 118), (190, 148), (177, 154), (164, 148)])}"/>'
        body += '<path d="M164 122H190" fill="none" stroke-width=".8"/>'
    elif pocket == "two-flap":
        one = (
            f'<path d="{path([(110, 120), (134, 120), (134, 152), (110, 152)])}"/>'
            f'<path d="{path([(109, 118), (135, 118), (135, 128), (122, 133), (109, 128)])}"/>'
            f"{button(122, 128, 1.8)}"
        )
        body = both_sides(one)
    else:
        body = ""
    return f'<g data-part="pocket-{pocket}">{body}</g>'
