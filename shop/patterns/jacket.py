"""The suit jacket: back, side body, front with lapel, facing, two-piece sleeve, top and
under collar, pocket flaps / jettings / patch pockets and the breast welt.

Three-panel block (back, side body, front) drafted as one half-body block with the nape at
the origin, y up, the centre back at x = 0 and the centre front at x = chest / 2. The two
panel seams are vertical lines through the lower armhole; the waist and hip suppression is
taken symmetrically on both sides of each seam (so the two edges of a seam are mirror
images, hence the same length) and a little at the centre back. The chest line is placed
where the armhole comes to the finished armhole girth.
"""

from __future__ import annotations

import math

from shapely import Polygon
from shapely.geometry import LineString
from shapely.geometry.polygon import orient

from shop.patterns.geometry import (
    Point,
    Segment,
    along,
    cubic,
    line,
    segments_length,
    smooth_through,
    solve_increasing,
    split_at_x,
    split_at_y,
    tangent_curve,
)
from shop.patterns.pattern import CheckList, Pattern, height_of, width_at, within
from shop.patterns.pieces import Edge, InternalLine, NotchKind, Piece, box_piece
from shop.patterns.spec import DraftSpec

SYSTEM = "jacket"
CAP_EASE = {"slim": 25.0, "regular": 30.0, "relaxed": 35.0}
SHOULDER_EASE = 10.0
BACK_SLOPE, FRONT_SLOPE = 18.0, 22.0
VENT_DEPTH, VENT_WIDTH = 220.0, 40.0
HEM = 40.0
#: A panel seam's next level must lie at least this far below where the seam starts (mm).
MIN_LEVEL_STEP = 1.0
#: buttons -> (front extension beyond the centre front, break depth below the waist)
FRONTS = {"one": (20.0, 10.0), "two": (20.0, -30.0), "double-breasted": (90.0, -80.0)}
LAPEL_WIDTH = {"notch": 85.0, "peak": 90.0, "shawl": 75.0}


def _span_at(piece: Piece, y: float) -> tuple[float, float]:
    poly = piece.seam_polygon
    minx, _, maxx, _ = poly.bounds
    cut = poly.intersection(LineString([(minx - 10, y), (maxx + 10, y)]))
    lo, _, hi, _ = cut.bounds
    return lo, hi


def _panel_width(piece: Piece, y: float) -> float:
    """The piece's width at ``y`` with any vent closed (its extension not counted)."""
    lo, hi = _span_at(piece, y)
    vent = sum(
        VENT_WIDTH for e in piece.edges_for("vent") if max(p[1] for p in e.points()) >= y - 1e-6
    )
    return hi - lo - vent


def draft(spec: DraftSpec) -> Pattern:
    f = spec.mm
    n, b, w, h = f("collar"), f("chest"), f("waist"), f("hip")
    s, bw, a, sl, length = (
        f("shoulder_width"),
        f("back_width"),
        f("armhole"),
        f("sleeve_length"),
        f("length"),
    )
    bicep, opening = f("bicep"), f("sleeve_opening")
    warnings: list[str] = []
    n = within(n, 0.25 * b, 0.55 * b, "collar", warnings)
    s = within(s, 0.3 * b, 0.6 * b, "shoulder_width", warnings)
    bw = within(bw, 0.28 * b, 0.46 * b, "back_width", warnings)
    bw = min(bw, s - 10)
    a = within(a, 0.38 * b, 0.7 * b, "armhole", warnings)
    bicep = within(bicep, 0.2 * b, 0.98 * a, "bicep", warnings)
    x3 = b / 2
    ext, break_offset = FRONTS[spec.style("buttons")]
    lapel = spec.style("lapel")
    vents = spec.style("vents")

    # Neck: back neck + front neck (to the gorge) = half the collar.
    bnd = 20.0
    nw0, fnd0 = n / 5 - 5, n / 5 + 5

    def necks(k: float) -> tuple[Segment, Segment]:
        nw, fnd = nw0 * k, fnd0 * k
        back = tangent_curve((0.0, 0.0), (1, 0), (nw, bnd), (0.35, 1))
        snp_f = (x3 - 25 - nw * 0.9, bnd)
        gorge = (x3 - 25, bnd - fnd)
        front = tangent_curve(snp_f, (0.2, -1), gorge, (1, -0.25))
        return back, front

    k_hi = max(0.3, min(2.5, (s / 2 - 20) / nw0))
    k = solve_increasing(lambda k: sum(c.length() for c in necks(k)), n / 2, 0.3, k_hi)
    back_neck, front_neck = necks(k)
    snp_b, snp_f, gorge = back_neck.p3, front_neck.p0, front_neck.p3
    sp_b = (s / 2, bnd - max(0.0, s / 2 - snp_b[0]) * math.tan(math.radians(BACK_SLOPE)))
    back_shoulder_len = math.dist(snp_b, sp_b)
    front_len = max(40.0, back_shoulder_len - SHOULDER_EASE)
    fa = math.radians(FRONT_SLOPE)
    sp_f = (snp_f[0] - front_len * math.cos(fa), snp_f[1] - front_len * math.sin(fa))
    dsp = -min(sp_b[1], sp_f[1])

    # Levels.
    d_w = min(0.25 * spec.height, length - 120)
    d_h = min(d_w + 0.115 * spec.height, length - 40)
    d_w = min(d_w, d_h - 40)
    fcw = min(0.17 * b + 15, x3 - bw / 2 - 80)
    fcw = max(fcw, 60.0)
    aw = x3 - fcw - bw / 2
    x1, x2 = bw / 2 + 0.18 * aw, bw / 2 + 0.78 * aw

    def armhole(d: float) -> list[Segment]:
        bwp = (bw / 2, -(dsp + d) / 2)
        fcp = (x3 - fcw, -(dsp + d) / 2)
        bottom = (bw / 2 + 0.45 * aw, -d)
        sb = (sp_b[0] - snp_b[0], sp_b[1] - snp_b[1])
        sf = (sp_f[0] - snp_f[0], sp_f[1] - snp_f[1])
        # The armhole leaves each shoulder at right angles to it.
        down_b = (sb[1], -sb[0])
        if down_b[1] > 0:
            down_b = (-down_b[0], -down_b[1])
        up_f = (-sf[1], sf[0])
        if up_f[1] < 0:
            up_f = (-up_f[0], -up_f[1])
        return [
            tangent_curve(sp_b, down_b, bwp, (0, -1)),
            tangent_curve(bwp, (0, -1), bottom, (1, 0)),
            tangent_curve(bottom, (1, 0), fcp, (0, 1)),
            tangent_curve(fcp, (0, 1), sp_f, up_f),
        ]

    d_lo = dsp + 80
    d_hi = max(d_lo + 1, d_w - 40)
    d = solve_increasing(lambda dd: segments_length(armhole(dd)), a, d_lo, d_hi)
    if abs(segments_length(armhole(d)) - a) > 1:
        warnings.append("armhole_depth_clamped")
    hole = armhole(d)
    s1 = split_at_x(hole[1], x1)
    s2 = split_at_x(hole[2], x2)
    if s1 is None or s2 is None:  # pragma: no cover - the seams lie inside the armhole
        raise ValueError("panel seams outside the armhole")
    back_hole = [hole[0], s1[0]]
    side_hole = [s1[1], s2[0]]
    front_hole = [s2[1], hole[3]]
    p1, p2 = s1[0].p3, s2[0].p3
    y_bw = -(dsp + d) / 2

    # Suppression: half-girth reduction at each level split over CB and the two seams.
    hem_girth = h + 20
    levels = [(-d, b), (-d_w, w), (-d_h, h), (-length, hem_girth)]
    w_side = x2 - x1

    w_front = x3 - x2
    limited: list[bool] = []

    def shares(girth: float) -> tuple[float, float, float]:
        """(centre-back intake, intake each side of the back seam, of the front seam)."""
        r = (b - girth) / 2
        e = min(0.2 * r, (w_side - 30) / 2, w_front - 40)
        cb = min(r - 4 * e, x1 - e - 40)
        if cb + 4 * e < r - 0.5:
            limited.append(True)
        return cb, e, e

    cb_pts = [(0.0, 0.0), (0.0, -d)] + [(shares(g)[0], y) for y, g in levels[1:]]
    cb_curve = smooth_through(cb_pts, (0, -1), (0, -1))

    def panel_seam(x: float, top_y: float, intake: int) -> list[Point]:
        """Down a panel seam from where it leaves the armhole. A shallow, wide armhole's
        bottom curve may reach the chest level there, or dip a fraction of a millimetre
        below it; the seam then starts at the chest level instead of climbing back to it
        (which would fold the outline over itself)."""
        pts = [(x, top_y)]
        for y, g in levels:
            if y < pts[-1][1] - MIN_LEVEL_STEP:
                pts.append((x - shares(g)[intake], y))
        return pts

    seam1 = panel_seam(x1, p1[1], 1)
    seam2 = panel_seam(x2, p2[1], 2)

    def edge_curve(pts: list[Point], mirror_at: float | None) -> list[Segment]:
        if mirror_at is not None:
            pts = [(2 * mirror_at - x, y) for x, y in pts]
        return smooth_through(pts, (0, -1), (0, -1))

    back_seam = edge_curve(seam1, None)  # top -> hem
    side_left = edge_curve(seam1, x1)
    side_right = edge_curve(seam2, None)
    front_left = edge_curve(seam2, x2)
    hem_y = -length
    if limited:
        warnings.append("waist_suppression_limited")

    # Back.
    cb_bottom = cb_curve[-1].p3
    back_edges: list[Edge] = [
        Edge("hem", (line(cb_bottom, back_seam[-1].p3),), allowance=HEM),
    ]
    back_seam_up = [sg.reversed() for sg in reversed(back_seam)]
    cb_down = list(cb_curve)
    if vents == "double":
        back_edges += _vent(back_seam_up, 1, upward=True, seam="side_back")
    else:
        back_edges.append(Edge("side_back", tuple(back_seam_up)))
    back_edges += [
        Edge("armhole", tuple(sg.reversed() for sg in reversed(back_hole))),
        Edge("shoulder", (line(sp_b, snp_b),)),
        Edge("neck", (back_neck.reversed(),)),
    ]
    if vents == "single":
        back_edges += _vent(cb_down, -1, upward=False, seam="centre_back", allowance=15)
    else:
        back_edges.append(Edge("centre_back", tuple(cb_down), allowance=15))
    back = Piece(
        code="back",
        name_en="Back",
        name_zh="后片",
        edges=tuple(back_edges),
        grain=((60.0, hem_y + 80), (60.0, -80.0)),
        count=2,
        pair=True,
        match_point=(0.0, -d),
    )

    # Side body.
    side_edges: list[Edge] = [
        Edge("hem", (line(side_left[-1].p3, side_right[-1].p3),), allowance=HEM),
        Edge("side_front", tuple(sg.reversed() for sg in reversed(side_right))),
        Edge("armhole", tuple(sg.reversed() for sg in reversed(side_hole))),
    ]
    if vents == "double":
        side_edges += _vent(list(side_left), -1, upward=False, seam="side_back")
    else:
        side_edges.append(Edge("side_back", tuple(side_left)))
    side = Piece(
        code="side_body",
        name_en="Side body",
        name_zh="腋下片",
        edges=tuple(side_edges),
        grain=(((x1 + x2) / 2, hem_y + 80), ((x1 + x2) / 2, -d - 40)),
        count=2,
        pair=True,
        match_point=(x1, -d),
    )

    # Front with lapel.
    edge_x = x3 + ext
    d_break = d_w + break_offset
    brk = (edge_x, -d_break)
    rl_top = (snp_f[0] + 20 * math.cos(fa), snp_f[1] + 20 * math.sin(fa))
    roll = (rl_top[0] - brk[0], rl_top[1] - brk[1])
    roll_len = math.hypot(*roll)
    ru = (roll[0] / roll_len, roll[1] / roll_len)
    out = (ru[1], -ru[0]) if ru[1] > 0 else (-ru[1], ru[0])
    if out[0] < 0:
        out = (-out[0], -out[1])
    base = along(brk, ru, 0.78 * roll_len)
    lp = along(base, out, LAPEL_WIDTH[lapel])
    top_edges: list[Segment]
    if lapel == "shawl":
        top_edges = [tangent_curve(brk, ru, lp, ru, 0.45), tangent_curve(lp, ru, gorge, (-1, 0.3))]
    elif lapel == "peak":
        peak = along(along(lp, ru, 35), out, 12)
        notch = along(lp, (gorge[0] - lp[0], gorge[1] - lp[1]), 28)
        top_edges = [tangent_curve(brk, ru, peak, ru, 0.4), line(peak, notch), line(notch, gorge)]
    else:
        top_edges = [tangent_curve(brk, ru, lp, ru, 0.4), line(lp, gorge)]
    corner = 60.0 if spec.style("buttons") != "double-breasted" else 0.0
    front_bottom_left = front_left[-1].p3
    hem_segs: list[Segment]
    if corner:
        c0 = (edge_x - corner, hem_y)
        hem_segs = [
            line(front_bottom_left, c0),
            tangent_curve(c0, (1, 0), (edge_x, hem_y + corner), (0, 1), 0.55),
        ]
        front_edge = [line((edge_x, hem_y + corner), brk)]
    else:
        hem_segs = [line(front_bottom_left, (edge_x, hem_y))]
        front_edge = [line((edge_x, hem_y), brk)]
    front_edges = (
        Edge("hem", tuple(hem_segs), allowance=HEM),
        Edge("front_edge", tuple(front_edge)),
        Edge("lapel", tuple(top_edges)),
        Edge("neck", (front_neck.reversed(),)),
        Edge("shoulder", (line(snp_f, sp_f),)),
        Edge("armhole", tuple(sg.reversed() for sg in reversed(front_hole))),
        Edge("side_front", tuple(front_left)),
    )
    buttons = _buttons(spec.style("buttons"), x3, d_break)
    pocket_y = -d_h + 30
    front_internal = [
        InternalLine("roll_line", (brk, rl_top)),
        InternalLine("centre_front", ((x3, hem_y), (x3, -d_break))),
        InternalLine("pocket_placement", ((x2 + 25, pocket_y), (x2 + 185, pocket_y + 8))),
        InternalLine("breast_welt", ((x3 - fcw + 25, -d - 20), (x3 - fcw + 130, -d - 5))),
    ]
    front_internal += [InternalLine("buttonhole", ((x - 12, y), (x + 12, y))) for x, y in buttons]
    front = Piece(
        code="front",
        name_en="Front",
        name_zh="前片",
        edges=front_edges,
        grain=((x3 - 60, hem_y + 80), (x3 - 60, -d)),
        count=2,
        pair=True,
        internal=tuple(front_internal),
        drills=tuple(buttons),
        match_point=(x3, -d),
    )
    front = front.with_notches([("shoulder", front_len / 2, NotchKind.SINGLE)])

    facing = _facing(front, snp_f, sp_f, edge_x, hem_y)

    # Two-piece sleeve.
    cap_ease = CAP_EASE[spec.fit]
    c = max(-0.2 * bicep, 80 - opening)
    wt_b, wt_h = (bicep - c) / 2, (opening - c) / 2
    if wt_h > wt_b:
        warnings.append("sleeve_opening_wider_than_bicep")
    armhole_len = (
        segments_length(back_hole) + segments_length(side_hole) + segments_length(front_hole)
    )

    def under_cap() -> Segment:
        return tangent_curve((wt_b / 2 + c, 0.0), (-1, 0.6), (-wt_b / 2, 0.0), (-1, -0.6), 0.35)

    def top_cap(hh: float) -> list[Segment]:
        # Control points no higher than the crown, so the crown is the sleeve's top.
        x0, xc, x1 = -wt_b / 2, wt_b / 10, wt_b / 2
        return [
            cubic(
                (x0, 0.0), (x0 + 0.12 * (xc - x0), 0.6 * hh), (xc - 0.45 * (xc - x0), hh), (xc, hh)
            ),
            cubic(
                (xc, hh), (xc + 0.45 * (x1 - xc), hh), (x1 - 0.1 * (x1 - xc), 0.6 * hh), (x1, 0.0)
            ),
        ]

    target = armhole_len + cap_ease
    under_len = under_cap().length()
    cap_h = solve_increasing(
        lambda hh: segments_length(top_cap(hh)) + under_len, target, 20.0, max(40.0, 0.5 * sl)
    )
    if abs(segments_length(top_cap(cap_h)) + under_len - target) > 1:
        warnings.append("sleeve_cap_ease_out_of_range")
    hl = sl - cap_h
    elbow = -0.45 * hl
    front_seam = smooth_through(
        [(-wt_b / 2, 0.0), (-(wt_b + wt_h) / 4 + 12, elbow), (-wt_h / 2 + 10, -hl)],
        (0.05, -1),
        (0.1, -1),
    )
    back_seam_sl = smooth_through(
        [(wt_b / 2, 0.0), ((wt_b + wt_h) / 4 + 8, elbow), (wt_h / 2 + 10, -hl)],
        (0, -1),
        (-0.05, -1),
    )
    cap_top = top_cap(cap_h)
    top_sleeve = Piece(
        code="top_sleeve",
        name_en="Top sleeve",
        name_zh="大袖片",
        edges=(
            Edge("sleeve_hem", (line(front_seam[-1].p3, back_seam_sl[-1].p3),), allowance=HEM),
            Edge("sleeve_back_seam", tuple(sg.reversed() for sg in reversed(back_seam_sl))),
            Edge("cap", tuple(sg.reversed() for sg in reversed(cap_top))),
            Edge("sleeve_front_seam", tuple(front_seam)),
        ),
        grain=((0.0, -hl + 60), (0.0, cap_h - 40)),
        count=2,
        pair=True,
        internal=(InternalLine("bicep_line", ((-wt_b / 2, 0.0), (wt_b / 2, 0.0))),),
        match_point=(0.0, 0.0),
    )
    top_sleeve = top_sleeve.with_notches([("cap", segments_length(cap_top) / 2, NotchKind.SINGLE)])
    shift = [sg.mapped(lambda p: (p[0] + c, p[1])) for sg in back_seam_sl]
    under_sleeve = Piece(
        code="under_sleeve",
        name_en="Under sleeve",
        name_zh="小袖片",
        edges=(
            Edge("sleeve_hem", (line(front_seam[-1].p3, shift[-1].p3),), allowance=HEM),
            Edge("sleeve_back_seam", tuple(sg.reversed() for sg in reversed(shift))),
            Edge("cap", (under_cap(),)),
            Edge("sleeve_front_seam", tuple(front_seam)),
        ),
        grain=((c / 2, -hl + 60), (c / 2, -40.0)),
        count=2,
        pair=True,
        match_point=(0.0, 0.0),
    )

    under_collar, top_collar = _collars(n / 2, lapel)
    pieces = [back, side, front, facing, top_sleeve, under_sleeve, under_collar, top_collar]
    pieces += _pocket_pieces(spec.style("pocket"))

    checks = CheckList()
    for code, en, zh, y in (
        ("chest", "Chest", "胸围", -d),
        ("waist", "Waist", "腰围", -d_w),
        ("hip", "Hip", "臀围", -d_h),
    ):
        flo, _ = _span_at(front, y)
        panels = _panel_width(back, y) + _panel_width(side, y) + (x3 - flo)
        checks.add(code, en, zh, f(code), 2 * panels)
    checks.add(
        "shoulder_width",
        "Shoulder width",
        "肩宽",
        f("shoulder_width"),
        2 * back.edge("shoulder").start[0],
    )
    checks.add(
        "back_width", "Back width", "背宽", f("back_width"), 2 * width_at(back, y_bw, origin_x=0.0)
    )
    checks.add(
        "armhole",
        "Armhole",
        "袖窿",
        f("armhole"),
        back.seam_length("armhole") + side.seam_length("armhole") + front.seam_length("armhole"),
    )
    checks.add(
        "length",
        "Garment length (centre back)",
        "后中衣长",
        length,
        back.edge("centre_back").start[1] - back.edge("hem").start[1],
    )
    checks.add("sleeve_length", "Sleeve length", "袖长", sl, height_of(top_sleeve))
    checks.add(
        "bicep",
        "Bicep",
        "袖肥",
        f("bicep"),
        width_at(top_sleeve, -0.5) + width_at(under_sleeve, -0.5),
        tolerance=2.0,
    )
    checks.add(
        "sleeve_opening",
        "Sleeve opening",
        "袖口",
        opening,
        top_sleeve.seam_length("sleeve_hem") + under_sleeve.seam_length("sleeve_hem"),
    )
    checks.add(
        "collar",
        "Collar (neck edge)",
        "领围（领下口线）",
        f("collar"),
        2 * under_collar.seam_length("neck"),
    )
    checks.match(
        "neck",
        "Collar to neckline",
        "领下口与领口",
        under_collar.seam_length("neck"),
        back.seam_length("neck") + front.seam_length("neck"),
    )
    checks.match(
        "shoulder",
        f"Shoulder, back to front (+{SHOULDER_EASE:g} mm ease)",
        f"肩缝（后肩吃势 {SHOULDER_EASE:g} 毫米）",
        back.seam_length("shoulder"),
        front.seam_length("shoulder"),
        ease=SHOULDER_EASE,
    )
    checks.match(
        "side_back",
        "Back to side body",
        "后片与腋下片",
        back.seam_length("side_back"),
        side.seam_length("side_back"),
    )
    checks.match(
        "side_front",
        "Side body to front",
        "腋下片与前片",
        side.seam_length("side_front"),
        front.seam_length("side_front"),
    )
    checks.match(
        "cap",
        f"Sleeve cap to armhole (+{cap_ease:g} mm ease)",
        f"袖山与袖窿（吃势 {cap_ease:g} 毫米）",
        top_sleeve.seam_length("cap") + under_sleeve.seam_length("cap"),
        armhole_len,
        ease=cap_ease,
    )
    checks.match(
        "sleeve_front",
        "Sleeve front seams",
        "袖前缝",
        top_sleeve.seam_length("sleeve_front_seam"),
        under_sleeve.seam_length("sleeve_front_seam"),
    )
    checks.match(
        "sleeve_back",
        "Sleeve back seams",
        "袖后缝",
        top_sleeve.seam_length("sleeve_back_seam"),
        under_sleeve.seam_length("sleeve_back_seam"),
    )
    return Pattern(spec, tuple(pieces), tuple(checks.items), tuple(warnings), SYSTEM)


def _vent(
    segs: list[Segment], direction: float, *, upward: bool, seam: str, allowance: float = 10.0
) -> list[Edge]:
    """Split a panel edge at the top of a vent and add the vent extension below it,
    ``direction`` (+1 or -1) telling which way the extension sticks out in x."""
    ends = [sg.p0 for sg in segs] + [segs[-1].p3]
    bottom_y, seam_top_y = min(p[1] for p in ends), max(p[1] for p in ends)
    # A short panel seam (a short jacket, a deep armhole) keeps 40 % of itself above the vent.
    top_y = bottom_y + min(VENT_DEPTH, 0.6 * (seam_top_y - bottom_y))
    above: list[Segment] = []
    below: list[Segment] = []
    for sg in segs:
        hit = split_at_y(sg, top_y)
        if hit is not None:
            first, second = hit
            (below if upward else above).append(first)
            (above if upward else below).append(second)
        elif (sg.p0[1] + sg.p3[1]) / 2 < top_y:
            below.append(sg)
        else:
            above.append(sg)
    vx = direction * VENT_WIDTH
    if upward:
        start, joint = segs[0].p0, above[0].p0
        shifted = [sg.mapped(lambda p: (p[0] + vx, p[1])) for sg in below]
        vent = Edge(
            "vent",
            (
                line(start, (start[0] + vx, start[1])),
                *shifted,
                line((joint[0] + vx, joint[1]), joint),
            ),
        )
        return [vent, Edge(seam, tuple(above), allowance)]
    joint, end = above[-1].p3, segs[-1].p3
    shifted = [sg.mapped(lambda p: (p[0] + vx, p[1])) for sg in below]
    vent = Edge(
        "vent",
        (
            line(joint, (joint[0] + vx, joint[1])),
            *shifted,
            line((end[0] + vx, end[1]), end),
        ),
    )
    return [Edge(seam, tuple(above), allowance), vent]


def _buttons(style: str, x3: float, d_break: float) -> list[Point]:
    if style == "one":
        return [(x3, -d_break)]
    if style == "two":
        return [(x3, -d_break), (x3, -d_break - 105)]
    return [(x3 + sx, -d_break - dy) for dy in (0.0, 110.0) for sx in (-70.0, 70.0)]


def _facing(front: Piece, snp: Point, sp: Point, edge_x: float, hem_y: float) -> Piece:
    """The part of the front beyond a line from the shoulder (40 mm from the neck) to the
    hem (90 mm inside the front edge)."""
    top = (
        snp[0] + (sp[0] - snp[0]) * 40 / math.dist(snp, sp),
        snp[1] + (sp[1] - snp[1]) * 40 / math.dist(snp, sp),
    )
    bottom = (edge_x - 90, hem_y - 5)
    far = 2000.0
    region = Polygon(
        [
            bottom,
            top,
            (top[0], top[1] + far),
            (edge_x + far, top[1] + far),
            (edge_x + far, bottom[1] - 10),
            (bottom[0], bottom[1] - 10),
        ]
    )
    shape = front.seam_polygon.intersection(region)
    if not isinstance(shape, Polygon):
        shape = max(getattr(shape, "geoms", []), key=lambda g: g.area)
    shape = orient(shape, 1.0)
    pts = list(shape.exterior.coords)[:-1]
    start = min(range(len(pts)), key=lambda i: (pts[i][1], pts[i][0]))
    pts = pts[start:] + pts[:start]
    edges = tuple(
        Edge("facing_edge", (line(pts[i], pts[(i + 1) % len(pts)]),)) for i in range(len(pts))
    )
    return Piece(
        code="facing",
        name_en="Facing",
        name_zh="挂面",
        edges=edges,
        grain=((edge_x - 40, hem_y + 80), (edge_x - 40, hem_y + 400)),
        count=2,
        pair=True,
    )


def _collars(half_neck: float, lapel: str) -> tuple[Piece, Piece]:
    stand, fall = 30.0, 42.0

    def neck(x: float) -> list[Segment]:
        return [
            line((0.0, 0.0), (0.3 * x, 0.0)),
            tangent_curve((0.3 * x, 0.0), (1, 0), (x, -18.0), (1, -0.35)),
        ]

    xe = solve_increasing(
        lambda x: segments_length(neck(x)), half_neck, half_neck / 2, half_neck * 1.5
    )
    ns = neck(xe)
    end = ns[-1].p3
    tip = (end[0] + (20.0 if lapel != "shawl" else 5.0), stand + fall - 18)
    if lapel == "shawl":
        outer = (tangent_curve(tip, (-0.2, 1), (0.0, stand + fall), (-1, 0), 0.5),)
        front_end: tuple[Segment, ...] = (tangent_curve(end, (0.6, 1), tip, (-0.2, 1), 0.4),)
    else:
        outer = (tangent_curve(tip, (-1, 0.1), (0.0, stand + fall), (-1, 0), 0.45),)
        front_end = (line(end, (end[0] + 6, end[1] + 35)), line((end[0] + 6, end[1] + 35), tip))
    edges = (
        Edge("neck", tuple(ns), allowance=10),
        Edge("collar_end", front_end, allowance=10),
        Edge("collar_edge", outer, allowance=10),
        Edge("fold", (line((0.0, stand + fall), (0.0, 0.0)),), allowance=0, fold=True),
    )
    roll = InternalLine("roll_line", ((0.0, stand), (end[0] * 0.9, stand - 14)))
    under = Piece(
        code="under_collar",
        name_en="Under collar",
        name_zh="领底",
        edges=(*edges[:-1], Edge("centre_back", edges[-1].segments, allowance=10)),
        grain=((end[0] * 0.35, 10.0), (end[0] * 0.35 + 40, 50.0)),  # on the bias
        count=2,
        pair=True,
        internal=(roll,),
    )
    top = Piece(
        code="top_collar",
        name_en="Top collar",
        name_zh="领面",
        edges=edges,
        grain=((15.0, 8.0), (15.0, stand + fall - 8)),
        count=1,
        internal=(roll,),
    )
    return under, top


def _pocket_pieces(style: str) -> list[Piece]:
    pieces = [box_piece("breast_welt", "Breast welt", "手巾袋板", 110.0, 50.0, 1)]
    if style == "flap":
        pieces.append(box_piece("pocket_flap", "Pocket flap", "袋盖", 160.0, 55.0, 2))
        pieces.append(box_piece("jetting", "Jetting", "嵌线", 180.0, 50.0, 4))
    elif style == "jetted":
        pieces.append(box_piece("jetting", "Jetting", "嵌线", 180.0, 50.0, 4))
    else:
        pieces.append(box_piece("patch_pocket", "Patch pocket", "贴袋", 170.0, 190.0, 2))
    return pieces
