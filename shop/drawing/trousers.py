"""Trousers, front view, with a small back view inset for the back pockets."""

from __future__ import annotations

from collections.abc import Mapping

from shop.drawing.fabric import Fabric
from shop.drawing.svg import Monogram, both_sides, button, inset, n

#: fit -> (half width at the waist, half width at the hip, half width of one leg at the hem)
_FIT = {"slim": (56, 62, 18), "regular": (58, 66, 22), "relaxed": (60, 70, 26)}
_WAIST_TOP, _WAIST, _HIP, _CROTCH, _HEM = 34, 48, 100, 150, 338
_LEG_CENTRE = 32  # distance of each leg's centre line from the middle, at the hem


def _outline(fit: str) -> str:
    waist, hip, leg = _FIT[fit]
    left, right = 150 - _LEG_CENTRE, 150 + _LEG_CENTRE
    return (
        f"M{150 - waist} {_WAIST}Q{150 - hip} 64 {150 - hip} {_HIP}"
        f"L{left - leg} {_HEM}H{left + leg}L150 {_CROTCH}L{right - leg} {_HEM}H{right + leg}"
        f"L{150 + hip} {_HIP}Q{150 + hip} 64 {150 + waist} {_WAIST}Z"
    )


def draw(*, choices: Mapping[str, str], fabric: Fabric, monogram: Monogram | None) -> str:
    fit = choices["fit"]
    waist, hip, leg = _FIT[fit]
    fine = 'fill="none" stroke-width="1"'
    crease = (
        f'<path d="M{150 - _LEG_CENTRE - 1} 112V{_HEM}" fill="none" stroke="{fabric.shadow}" '
        'stroke-width="1.2"/>'
    )
    front_pocket = (
        f'<path d="M{150 - waist + 14} {_WAIST}Q{150 - hip + 6} 70 {150 - hip + 1} 94" {fine}/>'
    )
    parts = [
        f'<g data-part="fit-{fit}"><path data-part="body" d="{_outline(fit)}"/>',
        f'<g stroke="{fabric.detail}">{both_sides(crease + front_pocket)}',
        f'<path d="M150 {_WAIST}V{_CROTCH - 6}M143 {_WAIST}V120Q143 132 150 136" {fine}/>',
        f'<path d="M{150 - waist} {_WAIST_TOP}h{2 * waist}V{_WAIST}h{-2 * waist}Z"/>',
        button(150, 41, 2.6, fabric.shadow),
        _pleats(choices["pleats"]),
        "</g></g>",
        _turn_ups(choices["turn_ups"], leg),
        _waistband(choices["waistband"], waist),
        _back_view(choices["back_pockets"], fit),
    ]
    return "".join(parts)


def _pleats(pleats: str) -> str:
    lines = {
        "flat": "",
        "single": "M128 48q0 20 2 40",
        "double": "M128 48q0 20 2 40M115 48q0 16 1 30",
    }
    body = (
        both_sides(f'<path d="{lines[pleats]}" fill="none" stroke-width="1"/>')
        if lines[pleats]
        else ""
    )
    return f'<g data-part="pleats-{pleats}">{body}</g>'


def _turn_ups(turn_ups: str, leg: float) -> str:
    if turn_ups != "yes":
        return '<g data-part="turn-ups-none"></g>'
    left = 150 - _LEG_CENTRE
    cuff = (
        f'<path d="M{n(left - leg - 1.5)} {_HEM - 14}H{n(left + leg + 0.5)}'
        f'L{n(left + leg + 1)} {_HEM + 1}H{n(left - leg - 1)}Z"/>'
        f'<path d="M{n(left - leg)} {_HEM - 3}H{n(left + leg)}" fill="none" stroke-width=".7"/>'
    )
    return f'<g data-part="turn-ups-yes">{both_sides(cuff)}</g>'


def _waistband(waistband: str, waist: float) -> str:
    if waistband == "side-adjusters":
        tab = (
            f'<path d="M{150 - waist + 2} 37h16v8h-16Z"/>'
            f'<rect x="{150 - waist + 15}" y="35.5" width="6" height="11" rx="1" fill="#b9b9b9" '
            'stroke-width="1"/>'
        )
        body = both_sides(tab)
    else:
        loops = "".join(
            f'<rect x="{150 - x - 2}" y="32" width="4" height="18" rx="1"/>'
            for x in (waist - 8, 24)
        )
        body = both_sides(loops)
    return f'<g data-part="waistband-{waistband}">{body}</g>'


def _back_view(back_pockets: str, fit: str) -> str:
    """A small back view in the top right corner, showing the back pockets."""
    pocket = '<path d="M164 78h30v5h-30Z" fill="#333" stroke-width="4"/>' + button(
        179, 70, 4, "#333"
    )
    pockets = pocket if back_pockets == "one" else both_sides(pocket)
    return (
        f'<g data-part="back-view">{inset(238, 78)}'
        '<g transform="translate(236.5 10) scale(.21)" stroke-width="6">'
        f'<path d="{_outline(fit)}"/><path d="M150 48V150" fill="none" stroke-width="4"/>'
        f'<rect x="{150 - _FIT[fit][0]}" y="34" width="{2 * _FIT[fit][0]}" height="14"/>'
        f'<g data-part="back-pockets-{back_pockets}">{pockets}</g></g></g>'
    )
