"""Trousers: front and back legs, waistband, fly facing and shield, pocket facings, welts,
belt loops or side adjusters, and the pocket bags (cut from pocketing).

The leg honours the rise (seated crotch depth plus the fit's ease) and the outseam; the
inseam follows from them and is reported, not forced: outseam minus the eased seated rise is
usually 2-5 cm shorter than the standing inseam, and a crotch cut to the inseam would sit
too high. Hip line at two thirds of the rise below the waist;
front seat a quarter of the hip less 10 mm, back a quarter plus 10 mm; the crotch
extensions share the thigh's excess over half the hip 3 : 7 front to back; knee and hem
split about the crease lines, the back 20 mm wider than the front.
"""

from __future__ import annotations

import math

from shop.patterns.geometry import Segment, line, segments_length, tangent_curve
from shop.patterns.pattern import CheckList, Pattern, width_at, within
from shop.patterns.pieces import Edge, InternalLine, Material, NotchKind, Piece, box_piece
from shop.patterns.spec import DraftSpec

SYSTEM = "trousers"
WAISTBAND = 40.0
WAISTBAND_EXTENSION = 40.0
BACK_RISE = 25.0
CB_SLANT = 25.0
DART = 15.0
PLEATS = {"flat": (), "single": (35.0,), "double": (35.0, 25.0)}


def _bisect(f: object, target: float, lo: float, hi: float, increasing: bool = True) -> float:
    assert callable(f)
    for _ in range(34):
        mid = (lo + hi) / 2
        below = f(mid) < target
        if below == increasing:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def draft(spec: DraftSpec) -> Pattern:
    f = spec.mm
    w, h, r, o, i_seam = f("waist"), f("hip"), f("rise"), f("outseam"), f("inseam")
    thigh, knee, hem_w = f("thigh"), f("knee"), f("hem")
    warnings: list[str] = []
    thigh = within(thigh, h / 2 + 60, 0.8 * h, "thigh", warnings)
    knee = within(knee, 0.3 * h, 0.95 * thigh, "knee", warnings)
    hem_w = within(hem_w, 0.25 * h, knee, "hem", warnings)
    w = within(w, 0.6 * h, 1.6 * h, "waist", warnings)
    pleats = PLEATS[spec.style("pleats")]
    darts = 2 if spec.style("back_pockets") == "two" else 1
    turn_ups = spec.style("turn_ups") == "yes"

    hf, hb = h / 4 - 10, h / 4 + 10
    ext = thigh - h / 2
    fe, be = max(20.0, 0.3 * ext), max(40.0, 0.7 * ext)
    if fe + be > ext + 1:
        warnings.append("thigh_wider_than_measured")
    kf, kb = max(60.0, knee / 2 - 20), max(60.0, knee / 2 + 20)
    ff, fb = max(60.0, hem_w / 2 - 20), max(60.0, hem_w / 2 + 20)
    xc_f = (hf + fe) / 2 - 5
    xc_b = (hb + be) / 2 + 10
    ol = o - WAISTBAND
    wf = w / 4 - 10
    x_ws = hf - 10 - wf - sum(pleats)

    def hip_depth(cd: float) -> float:
        return max(30.0, min(2 * r / 3 - WAISTBAND, cd - 40))

    hip_curves: dict[float, Segment] = {}

    def hip_curve(hd: float) -> Segment:
        if hd not in hip_curves:
            hip_curves[hd] = tangent_curve((x_ws, 0.0), (0.15, -1), (0.0, -hd), (0, -1))
        return hip_curves[hd]

    def front_side(cd: float, hl: float) -> list[Segment]:
        hd = hip_depth(cd)
        kd = cd + (hl - cd) / 2 - 50
        return [
            hip_curve(hd),
            line((0.0, -hd), (0.0, -cd)),
            line((0.0, -cd), (xc_f - kf / 2, -kd)),
            line((xc_f - kf / 2, -kd), (xc_f - ff / 2, -hl)),
        ]

    def front_inseam(cd: float, hl: float) -> list[Segment]:
        kd = cd + (hl - cd) / 2 - 50
        return [
            line((xc_f + ff / 2, -hl), (xc_f + kf / 2, -kd)),
            line((xc_f + kf / 2, -kd), (hf + fe, -cd)),
        ]

    curve_lengths: dict[float, float] = {}

    def side_length(cd: float, hl: float) -> float:
        segs = front_side(cd, hl)
        hd = hip_depth(cd)
        if hd not in curve_lengths:
            curve_lengths[hd] = segs[0].length()
        return curve_lengths[hd] + segments_length(segs[1:])

    def hem_level(cd: float) -> float:
        return _bisect(lambda hl: side_length(cd, hl), ol, cd + 100, ol + 200)

    cd = max(90.0, r - WAISTBAND)
    hl = hem_level(cd)
    if abs(side_length(cd, hl) - ol) > 1:
        warnings.append("outseam_not_reachable")
    hd = hip_depth(cd)
    kd = cd + (hl - cd) / 2 - 50
    hem_allow = 120.0 if turn_ups else 40.0

    # Front.
    crotch_f = tangent_curve((hf + fe, -cd), (-1, 0), (hf, -hd), (0, 1), 0.5)
    front_edges = (
        Edge("leg_hem", (line((xc_f - ff / 2, -hl), (xc_f + ff / 2, -hl)),), allowance=hem_allow),
        Edge("inseam", tuple(front_inseam(cd, hl)), allowance=15),
        Edge("crotch", (crotch_f, line((hf, -hd), (hf - 10, 0.0))), allowance=10),
        Edge("waist", (line((hf - 10, 0.0), (x_ws, 0.0)),)),
        Edge("side", tuple(front_side(cd, hl)), allowance=15),
    )
    internal = [InternalLine("crease", ((xc_f, -hl), (xc_f, -hd)))]
    px = hf - 10 - 40.0
    for depth in pleats:
        internal.append(InternalLine("pleat", ((px, 0.0), (px, -60.0))))
        internal.append(InternalLine("pleat", ((px - depth, 0.0), (px - depth, -40.0))))
        px -= depth + 30
    internal.append(
        InternalLine("pocket_opening", ((x_ws + 35, 0.0), (0.0, -min(hd + 40, cd - 10))))
    )
    internal += _hem_lines(xc_f, ff, -hl, turn_ups)
    front = Piece(
        code="front",
        name_en="Front leg",
        name_zh="前裤片",
        edges=front_edges,
        grain=((xc_f, -hl + 60), (xc_f, -hd)),
        count=2,
        pair=True,
        internal=tuple(internal),
        drills=((hf - 15, -hd - 20),),
        match_point=(xc_f, -cd),
    )
    front = front.with_notches(
        [
            ("side", segments_length(front_side(cd, hl)[:1]), NotchKind.SINGLE),
            ("inseam", math.dist((xc_f + ff / 2, -hl), (xc_f + kf / 2, -kd)), NotchKind.SINGLE),
        ],
    )

    # Back: the side waist point is set so both side seams are the same length, the crotch
    # point dropped so both inseams are.
    side_len = front.seam_length("side")
    in_len = front.seam_length("inseam")
    wb_len = w / 4 + 10 + darts * DART
    cb_top = (hb - CB_SLANT, BACK_RISE)

    def back_waist_x(ys: float) -> float:
        return cb_top[0] - math.sqrt(max(1.0, wb_len**2 - (cb_top[1] - ys) ** 2))

    def back_side(ys: float) -> list[Segment]:
        return [
            tangent_curve((back_waist_x(ys), ys), (0.15, -1), (0.0, -hd), (0, -1)),
            line((0.0, -hd), (0.0, -cd)),
            line((0.0, -cd), (xc_b - kb / 2, -kd)),
            line((xc_b - kb / 2, -kd), (xc_b - fb / 2, -hl)),
        ]

    def back_inseam(drop: float) -> list[Segment]:
        return [
            line((xc_b + fb / 2, -hl), (xc_b + kb / 2, -kd)),
            line((xc_b + kb / 2, -kd), (hb + be, -cd - drop)),
        ]

    ys = _bisect(lambda y: segments_length(back_side(y)), side_len, -60.0, 60.0)
    drop = _bisect(lambda d: segments_length(back_inseam(d)), in_len, -20.0, 60.0, increasing=False)
    if (
        abs(segments_length(back_inseam(drop)) - in_len) > 1
        or abs(segments_length(back_side(ys)) - side_len) > 1
    ):
        warnings.append("back_seams_unbalanced")
    cb_dir = (CB_SLANT, BACK_RISE + hd)
    crotch_b = tangent_curve((hb + be, -cd - drop), (-1, 0), (hb, -hd), cb_dir, 0.5)
    bwx = back_waist_x(ys)
    back_edges = (
        Edge("leg_hem", (line((xc_b - fb / 2, -hl), (xc_b + fb / 2, -hl)),), allowance=hem_allow),
        Edge("inseam", tuple(back_inseam(drop)), allowance=15),
        Edge("crotch", (crotch_b, line((hb, -hd), cb_top)), allowance=25),
        Edge("waist", (line(cb_top, (bwx, ys)),)),
        Edge("side", tuple(back_side(ys)), allowance=15),
    )
    back_internal = [InternalLine("crease", ((xc_b, -hl), (xc_b, -hd)))]
    for k in range(darts):
        t = (k + 1) / (darts + 1)
        mx, my = bwx + (cb_top[0] - bwx) * t, ys + (cb_top[1] - ys) * t
        back_internal.append(
            InternalLine("dart", ((mx - DART / 2, my), (mx, my - 110.0), (mx + DART / 2, my)))
        )
        back_internal.append(
            InternalLine("pocket_placement", ((mx - 65, my - 70), (mx + 65, my - 70)))
        )
    back_internal += _hem_lines(xc_b, fb, -hl, turn_ups)
    back = Piece(
        code="back",
        name_en="Back leg",
        name_zh="后裤片",
        edges=back_edges,
        grain=((xc_b, -hl + 60), (xc_b, -hd)),
        count=2,
        pair=True,
        internal=tuple(back_internal),
        match_point=(xc_b, -cd),
    )
    back = back.with_notches(
        [
            ("side", segments_length(back_side(ys)[:1]), NotchKind.DOUBLE),
            ("inseam", math.dist((xc_b + fb / 2, -hl), (xc_b + kb / 2, -kd)), NotchKind.DOUBLE),
        ],
    )

    band_len = w / 2 + WAISTBAND_EXTENSION
    waistband = Piece(
        code="waistband",
        name_en="Waistband",
        name_zh="腰头",
        edges=(
            Edge("waist_seam", (line((0.0, 0.0), (band_len, 0.0)),)),
            Edge("band_end", (line((band_len, 0.0), (band_len, 2 * WAISTBAND)),)),
            Edge("band_top", (line((band_len, 2 * WAISTBAND), (0.0, 2 * WAISTBAND)),)),
            Edge("band_cb", (line((0.0, 2 * WAISTBAND), (0.0, 0.0)),), allowance=25),
        ),
        grain=((20.0, WAISTBAND), (band_len - 20, WAISTBAND)),
        count=2,
        pair=True,
        internal=(InternalLine("fold", ((0.0, WAISTBAND), (band_len, WAISTBAND))),),
        drills=((band_len - 20, WAISTBAND / 2),),
    )
    pieces = [front, back, waistband, *_small_pieces(spec, cd)]

    checks = CheckList()
    pleat_total = sum(pleats)
    trouser_waist = (front.seam_length("waist") - pleat_total) + (
        back.seam_length("waist") - darts * DART
    )
    checks.add(
        "waist",
        "Waist (waistband)",
        "腰围（腰头）",
        f("waist"),
        2 * (waistband.seam_length("waist_seam") - WAISTBAND_EXTENSION),
    )
    checks.match(
        "waistband",
        "Waistband to trouser waist (pleats and darts closed)",
        "腰头与裤腰（褶裥、省道收起）",
        waistband.seam_length("waist_seam") - WAISTBAND_EXTENSION,
        trouser_waist,
    )
    checks.add(
        "hip",
        "Hip",
        "臀围",
        h,
        2 * (width_at(front, -hd, origin_x=0.0) + width_at(back, -hd, origin_x=0.0)),
    )
    checks.add(
        "thigh",
        "Thigh (leg width at the crotch)",
        "横裆",
        f("thigh"),
        width_at(front, -cd + 0.01, origin_x=0.0) + _back_thigh(back),
    )
    checks.add("knee", "Knee", "膝围", f("knee"), width_at(front, -kd) + width_at(back, -kd))
    checks.add(
        "hem",
        "Hem opening",
        "脚口",
        f("hem"),
        front.seam_length("leg_hem") + back.seam_length("leg_hem"),
    )
    checks.add(
        "outseam",
        "Outseam (with waistband)",
        "裤长（含腰头）",
        o,
        front.seam_length("side") + WAISTBAND,
    )
    checks.add(
        "rise",
        "Rise (crotch depth with waistband)",
        "立裆（含腰头）",
        r,
        front.edge("waist").start[1] - front.edge("inseam").end[1] + WAISTBAND,
    )
    # The inseam follows from the outseam and the rise (the seated rise with its ease is
    # deeper than outseam - inseam taken standing); shown, never failed.
    checks.add(
        "inseam",
        "Inseam (follows outseam and rise)",
        "内长（由裤长和立裆决定）",
        i_seam,
        front.seam_length("inseam"),
        tolerance=math.inf,
    )
    checks.match(
        "side",
        "Side seams, back to front",
        "侧缝（后片与前片）",
        back.seam_length("side"),
        front.seam_length("side"),
    )
    checks.match(
        "inseam",
        "Inseams, back to front",
        "下裆缝（后片与前片）",
        back.seam_length("inseam"),
        front.seam_length("inseam"),
    )
    return Pattern(spec, tuple(pieces), tuple(checks.items), tuple(warnings), SYSTEM)


def _back_thigh(back: Piece) -> float:
    # The back leg's width at its crotch point, from the side seam on the crotch line.
    return back.edge("inseam").end[0] - back.edge("side").segments[1].p3[0]


def _hem_lines(xc: float, width: float, y: float, turn_ups: bool) -> list[InternalLine]:
    half = width / 2
    lines = [InternalLine("fold", ((xc - half, y), (xc + half, y)))]
    if turn_ups:
        lines += [
            InternalLine("fold", ((xc - half, y - 40), (xc + half, y - 40))),
            InternalLine("fold", ((xc - half, y - 80), (xc + half, y - 80))),
        ]
    return lines


def _small_pieces(spec: DraftSpec, cd: float) -> list[Piece]:
    pockets_back = 2 if spec.style("back_pockets") == "two" else 1
    fly_len = max(120.0, cd - 20)
    pieces = [
        box_piece("fly_facing", "Fly facing", "门襟", 45.0, fly_len, 1, round_bottom=True),
        box_piece("fly_shield", "Fly shield", "里襟", 90.0, fly_len + 10, 1, round_bottom=True),
        box_piece("pocket_facing", "Side pocket facing", "侧袋垫布", 70.0, 220.0, 2, pair=True),
        box_piece("back_welt", "Back pocket welt", "后袋嵌线", 160.0, 50.0, 2 * pockets_back),
        box_piece(
            "pocket_bag",
            "Side pocket bag",
            "侧袋布",
            170.0,
            320.0,
            4,
            pair=True,
            material=Material.POCKETING,
            round_bottom=True,
        ),
        box_piece(
            "back_pocket_bag",
            "Back pocket bag",
            "后袋布",
            170.0,
            380.0,
            pockets_back,
            material=Material.POCKETING,
        ),
    ]
    if spec.style("waistband") == "belt-loops":
        pieces.append(box_piece("belt_loops", "Belt loop strip", "裤袢条", 30.0, 600.0, 1))
    else:
        pieces.append(box_piece("side_adjuster", "Side adjuster tab", "侧调节襻", 40.0, 110.0, 4))
    return pieces
