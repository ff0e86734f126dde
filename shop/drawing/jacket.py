"""The suit jacket, front view, with a back view inset for the vents and a lining inset."""

from __future__ import annotations

from collections.abc import Mapping

from shop.drawing.fabric import Fabric, mix
from shop.drawing.svg import MIRROR, Monogram, both_sides, button, inset, limb, n, shape

#: fit -> half widths at chest, waist and hem
_FIT = {"slim": (58, 52, 60), "regular": (63, 59, 65), "relaxed": (68, 66, 71)}
_HEM = 304
_HORN = "#3b2f2a"

#: buttons -> (break point y at the bottom of the lapels, button positions)
_FRONT = {
    "one": (198, [(150, 206)]),
    "two": (184, [(150, 192), (150, 236)]),
    "double-breasted": (172, [(134, 190), (166, 190), (134, 234), (166, 234)]),
}


def _outline(fit: str, *, closed_hem: bool) -> str:
    chest, waist, hem = _FIT[fit]
    shoulder = 74 + (chest - 63) * 0.5
    front = "" if closed_hem else f"L134 {_HEM + 2}Q147 298 150 258Q153 298 166 {_HEM + 2}"
    return (
        f"M128 40L{n(150 - shoulder)} 58L{150 - chest} 118L{150 - waist} 200L{150 - hem} {_HEM}"
        f"{front}L{150 + hem} {_HEM}L{150 + waist} 200L{150 + chest} 118L{n(150 + shoulder)} 58"
        "L172 40Z"
    )


def draw(*, choices: Mapping[str, str], fabric: Fabric, monogram: Monogram | None) -> str:
    fit, buttons = choices["fit"], choices["buttons"]
    chest = _FIT[fit][0]
    shoulder = 74 + (chest - 63) * 0.5
    sleeve = limb(
        top=(150 - shoulder, 58), under=(150 - chest, 118), end=(150 - shoulder - 16, 298), width=34
    )
    sleeve_buttons = "".join(button(-11 + 4 * i, -9, 1.7, _HORN) for i in range(3))
    sleeve_markup = (
        f'<path d="{sleeve.outline}"/><g transform="{sleeve.end_transform}">'
        f'<path d="M-17-18H17" fill="none" stroke="{fabric.shadow}" stroke-width="1"/>'
        f"{sleeve_buttons}"
    )
    cuff_text = ""
    if monogram and monogram.position == "cuff":
        cuff_text = monogram.element(4, -24, 7, fabric_colour=fabric.colour)
    breaks, button_positions = _FRONT[buttons]
    double = buttons == "double-breasted"
    front_edge = f"M150 {breaks}L122 {breaks + 16}V{_HEM}" if double else f"M150 {breaks}V258"
    parts = [
        f'<g data-part="fit-{fit}">',
        f"{MIRROR}{sleeve_markup}</g></g>{sleeve_markup}{cuff_text}</g>",
        f'<path data-part="body" d="{_outline(fit, closed_hem=double)}"/>',
        "</g>",
        _shirt_and_tie(breaks),
        f'<g stroke="{fabric.detail}">',
        _lapels(choices["lapel"], breaks),
        f'<path d="{front_edge}" fill="none"/>',
        _pockets(choices["pocket"]),
        f'</g><g data-part="buttons-{buttons}">',
        "".join(button(x, y, 3, _HORN) for x, y in button_positions),
        "</g>",
        _back_view(choices["vents"], fit),
        _lining(fabric, monogram) if monogram and monogram.position == "lining" else "",
    ]
    return "".join(parts)


def _shirt_and_tie(breaks: int) -> str:
    return (
        f'<path d="M128 40Q150 48 172 40L150 {breaks}Z" fill="#f7f6f2"/>'
        + both_sides('<path d="M136 44L143 62L150 54Z" fill="#f7f6f2" stroke-width="1"/>')
        + f'<path d="M147 55h6l-1 8h-4ZM148 63h4l4 {breaks - 90}l-6 12-6-12Z" fill="#6d2437" '
        'stroke-width="1"/>'
    )


def _lapels(lapel: str, breaks: int) -> str:
    if lapel == "shawl":
        half = f"M150 {breaks}Q112 {breaks - 60} 114 92Q116 58 130 40L138 44Q136 70 150 {breaks}Z"
        body = f'<path d="{half}"/>'
    else:
        if lapel == "peak":
            lapel_points = [(150, breaks), (98, 80), (121, 96), (140, 68)]
            collar_points = [(121, 96), (113, 88), (127, 42), (138, 44), (140, 68)]
        else:
            lapel_points = [(150, breaks), (105, 100), (123, 96), (140, 68)]
            collar_points = [(123, 96), (113, 88), (127, 42), (138, 44), (140, 68)]
        body = shape(collar_points) + shape(lapel_points)
    return f'<g data-part="lapel-{lapel}">{both_sides(body)}</g>'


def _pockets(pocket: str) -> str:
    if pocket == "patch":
        hip = (
            '<path d="M92 230H132V264Q132 270 126 270H98Q92 270 92 264Z"/>'
            '<path d="M95 235H129" fill="none" stroke-width=".7" stroke-dasharray="2 1.5"/>'
        )
        chest = '<path d="M186 120H208V142H186Z"/>'
    elif pocket == "jetted":
        hip = '<path d="M92 238H132V242H92Z" fill="#333" stroke-width="1"/>'
        chest = shape([(186, 130), (208, 126), (208, 131), (186, 135)])
    else:
        hip = '<path d="M92 236H132V240M132 236V250Q132 252 130 252H94Q92 252 92 250V236Z"/>'
        chest = shape([(186, 130), (208, 126), (208, 131), (186, 135)])
    return f'<g data-part="pocket-{pocket}">{both_sides(hip)}{chest}</g>'


def _back_view(vents: str, fit: str) -> str:
    """A small back view in the top right corner, showing the vents."""
    slits = {
        "none": "",
        "single": f"M150 {_HEM}V238",
        "double": f"M{150 - _FIT[fit][2] + 16} {_HEM}V238M{150 + _FIT[fit][2] - 16} {_HEM}V238",
    }[vents]
    vent_lines = f'<path d="{slits}" fill="none" stroke-width="7"/>' if slits else ""
    return (
        f'<g data-part="back-view">{inset(238)}'
        '<g transform="translate(239.5 4.5) scale(.23)" stroke-width="6">'
        f'<path d="{_outline(fit, closed_hem=True)}"/>'
        '<path d="M128 40Q150 30 172 40L170 54Q150 48 130 54Z"/>'
        f'<path d="M150 54V{_HEM}" fill="none" stroke-width="4"/>'
        f'<g data-part="vents-{vents}">{vent_lines}</g></g></g>'
    )


def _lining(fabric: Fabric, monogram: Monogram) -> str:
    """A small inset in the top left corner: the inside of the left front, monogrammed."""
    lining = mix(fabric.colour, "#c8b27a", 0.55)
    return (
        f'<g data-part="lining">{inset(6)}'
        f'<path d="M14 12H36L54 70H14Z" fill="{lining}" stroke-width="1"/>'
        '<path d="M36 12L54 70H46L30 12Z" stroke-width="1"/>'
        '<path d="M17 34H33" stroke-width="1.6"/>'
        f"{monogram.element(24, 50, 8, fabric_colour=lining)}</g>"
    )
