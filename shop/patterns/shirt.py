"""The dress shirt: fronts with placket, back, yoke, sleeve, sleeve placket, cuff, collar
stand and collar for each style, pockets.

Proportional draft from the finished chest B, neck N and shoulder S (see the package notes
for the system and its sources). Millimetres; the nape (back neck point) at the origin, y up,
x from the centre back (back, yoke) or centre front (fronts) towards the side seam.
"""

from __future__ import annotations

import math

from shop.patterns.geometry import (
    Point,
    Segment,
    line,
    segments_length,
    smooth_through,
    solve_increasing,
    split_at_y,
    tangent_curve,
)
from shop.patterns.pattern import CheckList, Pattern, height_of, width_at, within
from shop.patterns.pieces import Edge, InternalLine, NotchKind, Piece, box_piece
from shop.patterns.spec import DraftSpec

SYSTEM = "shirt"
SHOULDER_SLOPE_DEG = 20.0
CUFF_DEPTH = 65.0
CAP_EASE = {"slim": 6.0, "regular": 8.0, "relaxed": 10.0}
BUTTON_STAND = 17.5  # half the placket: centre front to the finished front edge
#: placket style -> (left front extension, its fold lines) measured from the centre front.
LEFT_FRONT = {
    "standard": (87.5, (17.5, 52.5)),
    "hidden": (132.5, (17.5, 52.5, 87.5, 122.5)),
    "plain": (62.5, (17.5, 52.5)),
}
RIGHT_FRONT = (62.5, (17.5, 52.5))
#: collar style -> (stand height at CB, leaf width at CB, point: dx, extra rise), mm.
COLLARS = {
    "spread": (32.0, 44.0, 22.0, 28.0),
    "button-down": (32.0, 44.0, 12.0, 38.0),
    "cutaway": (34.0, 46.0, 42.0, 12.0),
    "mandarin": (35.0, 0.0, 0.0, 0.0),
    "wing": (45.0, 0.0, 0.0, 0.0),
}


def _neck(n: float, s_half: float) -> tuple[Segment, Segment, float, float, float]:
    """Back and front neck curves whose half length is ``n / 2``.

    Returns (back CB->SNP, front SNP->CF, neck width, back rise, front depth).
    """
    bnd = max(15.0, n / 20)
    nw0, fnd0 = n / 5 - 3, n / 5 + 5

    def curves(k: float) -> tuple[Segment, Segment]:
        nw, fnd = nw0 * k, fnd0 * k
        back = tangent_curve((0.0, 0.0), (1, 0), (nw, bnd), (0.35, 1))
        front = tangent_curve((nw, bnd), (-0.25, -1), (0.0, bnd - fnd), (-1, 0), 0.5)
        return back, front

    hi = max(0.3, min(2.5, (s_half - 15) / nw0))
    k = solve_increasing(lambda k: sum(c.length() for c in curves(k)), n / 2, 0.3, hi)
    back, front = curves(k)
    return back, front, nw0 * k, bnd, fnd0 * k


def _armhole(sp: Point, shoulder_dir: Point, mid: Point, base: Point) -> list[Segment]:
    """Shoulder point -> across-back (or chest) point -> armhole base on the chest line."""
    down = (shoulder_dir[1], -shoulder_dir[0])
    if down[1] > 0:
        down = (-down[0], -down[1])
    return [
        tangent_curve(sp, down, mid, (0, -1)),
        tangent_curve(mid, (0, -1), base, (1, 0)),
    ]


def _cap(bicep: float, h: float) -> tuple[list[Segment], list[Segment]]:
    """Front half (underarm -> crown) and back half (crown -> underarm) of a sleeve cap."""
    half = bicep / 2
    front = smooth_through([(half, 0.0), (half / 2, 0.55 * h), (0.0, h)], (-1, 0.45), (-1, 0))
    back = [s.mapped(lambda p: (-p[0], p[1])).reversed() for s in reversed(front)]
    return front, back


def draft(spec: DraftSpec) -> Pattern:
    f = spec.mm
    n, b, w, h, s, sl, length = (
        f("collar"),
        f("chest"),
        f("waist"),
        f("hip"),
        f("shoulder_width"),
        f("sleeve_length"),
        f("length"),
    )
    bicep, cuff = f("bicep"), f("cuff")
    warnings: list[str] = []
    n = within(n, 0.25 * b, 0.55 * b, "collar", warnings)
    s = within(s, 0.3 * b, 0.62 * b, "shoulder_width", warnings)
    bicep = within(bicep, 0.2 * b, 0.5 * b, "bicep", warnings)
    s_half = s / 2

    # Neck and shoulder.
    back_neck, front_neck, nw, bnd, _fnd = _neck(n, s_half)
    snp = (nw, bnd)
    drop = max(0.0, s_half - nw) * math.tan(math.radians(SHOULDER_SLOPE_DEG))
    sp = (s_half, bnd - drop)
    shoulder_dir = (sp[0] - snp[0], sp[1] - snp[1])
    dsp = -sp[1]

    # Levels (depths below the nape).
    rise = min(60.0, 0.1 * length)
    bottom = length - rise - 20
    d_w = min(0.25 * spec.height, bottom - 40)
    d_h = min(d_w + 0.115 * spec.height, bottom)
    d_w = min(d_w, d_h - 40)
    d_chest0 = min(0.15 * b + 80, d_w - 40)
    d_chest0 = max(d_chest0, dsp + 60)
    d_max = max(d_chest0, d_w - 40)

    bw = min(max(0.15 * b + 45, nw + 10), b / 4 - 15)
    fw = max(bw - 10, nw + 5)
    cap_ease = CAP_EASE[spec.fit]

    def holes(d: float) -> tuple[list[Segment], list[Segment]]:
        mid_y = -(dsp + d) / 2
        back = _armhole(sp, shoulder_dir, (bw, mid_y), (b / 4, -d))
        front = _armhole(sp, shoulder_dir, (fw, mid_y), (b / 4, -d))
        return back, front

    def hole_length(d: float) -> float:
        back, front = holes(d)
        return segments_length(back) + segments_length(front)

    def cap_length(hh: float) -> float:
        fr, bk = _cap(bicep, hh)
        return segments_length(fr) + segments_length(bk)

    min_cap = cap_length(40.0)
    d_chest = d_chest0
    if hole_length(d_chest) + cap_ease < min_cap:
        d_chest = solve_increasing(hole_length, min_cap - cap_ease, d_chest0, d_max)
        warnings.append("armhole_deepened_for_bicep")
    back_hole, front_hole = holes(d_chest)

    # Yoke line and the back armhole split there.
    mid_depth = (dsp + d_chest) / 2
    yd = min(max(70.0, dsp + 25), mid_depth - 10)
    split = split_at_y(back_hole[0], -yd) or None
    if split is None:
        yd = mid_depth
        yoke_hole, body_hole = [back_hole[0]], [back_hole[1]]
    else:
        yoke_hole, body_hole = [split[0]], [split[1], back_hole[1]]
    ya = yoke_hole[-1].p3

    # Side seam and hem (back and front share them).
    side_pts = [(h / 4, -(length - rise)), (h / 4, -d_h), (w / 4, -d_w), (b / 4, -d_chest)]
    side = smooth_through(side_pts, (0, 1), (0, 1))
    hem = [tangent_curve((0.0, -length), (1, 0), side_pts[0], (0.35, 1), 0.45)]

    pieces: list[Piece] = []
    yoke = Piece(
        code="yoke",
        name_en="Yoke",
        name_zh="过肩",
        edges=(
            Edge("yoke_seam", (line((0.0, -yd), ya),)),
            Edge("armhole", tuple(s.reversed() for s in reversed(yoke_hole))),
            Edge("shoulder", (line(sp, snp),)),
            Edge("neck", (back_neck.reversed(),)),
            Edge("fold", (line((0.0, 0.0), (0.0, -yd)),), allowance=0, fold=True),
        ),
        grain=((20.0, -yd + 10), (20.0, -10.0)),
        count=2,
        match_point=(0.0, -yd),
    )
    back = Piece(
        code="back",
        name_en="Back",
        name_zh="后片",
        edges=(
            Edge("hem", tuple(hem), allowance=10),
            Edge("side", tuple(side)),
            Edge("armhole", tuple(s.reversed() for s in reversed(body_hole))),
            Edge("yoke_seam", (line(ya, (0.0, -yd)),)),
            Edge("fold", (line((0.0, -yd), (0.0, -length)),), allowance=0, fold=True),
        ),
        grain=((40.0, -length + 60), (40.0, -yd - 60)),
        count=1,
        match_point=(0.0, -d_chest),
    )
    pieces += [yoke, back]

    front_edges_common = (
        Edge("hem", tuple(hem), allowance=10),
        Edge("side", tuple(side)),
        Edge("armhole", tuple(s.reversed() for s in reversed(front_hole))),
        Edge("shoulder", (line(sp, snp),)),
    )
    cf_neck = front_neck.p3
    # A pocket fits between the centre front and the armhole, at most 115 mm wide.
    pocket_w = max(50.0, min(115.0, fw - 30))
    button_ys = _button_positions(cf_neck[1], -length)
    for code, en, zh, (ext, folds), left in (
        ("front_left", "Left front", "左前片", LEFT_FRONT[spec.style("placket")], True),
        ("front_right", "Right front", "右前片", RIGHT_FRONT, False),
    ):
        edges = (
            Edge("hem_ext", (line((-ext, -length), (0.0, -length)),), allowance=10),
            *front_edges_common,
            Edge("neck", (front_neck,)),
            Edge("neck_ext", (line(cf_neck, (-ext, cf_neck[1])),)),
            Edge("front_edge", (line((-ext, cf_neck[1]), (-ext, -length)),), allowance=0),
        )
        internal = [InternalLine("fold", ((-x, cf_neck[1]), (-x, -length))) for x in folds] + [
            InternalLine("centre_front", ((0.0, cf_neck[1]), (0.0, -length)))
        ]
        drills: list[Point] = []
        if left:
            internal += [
                InternalLine("buttonhole", ((0.0, y + 8), (0.0, y - 8))) for y in button_ys
            ]
        else:
            drills += [(0.0, y) for y in button_ys]
        internal, drills = _pocket_marks(spec, left, d_chest, pocket_w, internal, drills)
        if spec.style("monogram_position") == "chest" and left:
            internal.append(_monogram_mark((70.0, -d_w - 20)))
        pieces.append(
            Piece(
                code=code,
                name_en=en,
                name_zh=zh,
                edges=edges,
                grain=((60.0, -length + 60), (60.0, cf_neck[1] - 40)),
                count=1,
                internal=tuple(internal),
                drills=tuple(drills),
                match_point=(0.0, -d_chest),
            )
        )

    # Sleeve.
    armhole_total = segments_length(back_hole) + segments_length(front_hole)
    target_cap = armhole_total + cap_ease
    sleeve_len = sl - CUFF_DEPTH
    cap_h = solve_increasing(cap_length, target_cap, 40.0, max(60.0, 0.6 * sleeve_len))
    if abs(cap_length(cap_h) - target_cap) > 1.0:
        warnings.append("sleeve_cap_ease_out_of_range")
    cap_front, cap_back = _cap(bicep, cap_h)
    pleats = max(0.0, min(40.0, bicep - cuff - 20))
    wrist = cuff + pleats
    hem_y = cap_h - sleeve_len
    half, wh = bicep / 2, wrist / 2
    sleeve = Piece(
        code="sleeve",
        name_en="Sleeve",
        name_zh="袖片",
        edges=(
            Edge("sleeve_hem", (line((-wh, hem_y), (wh, hem_y)),)),
            Edge("underarm_front", (line((wh, hem_y), (half, 0.0)),)),
            Edge("cap", (*cap_front, *cap_back)),
            Edge("underarm_back", (line((-half, 0.0), (-wh, hem_y)),)),
        ),
        grain=((0.0, hem_y + 40), (0.0, cap_h - 40)),
        count=2,
        pair=True,
        internal=(
            InternalLine("placket_slit", ((-wh / 2, hem_y), (-wh / 2, hem_y + 140))),
            InternalLine("bicep_line", ((-half, 0.0), (half, 0.0))),
            *(
                InternalLine("pleat", ((x, hem_y), (x, hem_y + 25)))
                for x in (-wh / 2 + 25, -wh / 2 + 25 + pleats / 2)
                if pleats > 0
            ),
        ),
        match_point=(0.0, 0.0),
    )
    front_share = segments_length(front_hole) * target_cap / armhole_total
    sleeve = sleeve.with_notches(
        [
            ("cap", front_share, NotchKind.SINGLE),
            ("cap", front_share * 0.45, NotchKind.SINGLE),
            (
                "cap",
                front_share + segments_length(back_hole) * target_cap / armhole_total * 0.55,
                NotchKind.DOUBLE,
            ),
        ],
    )
    pieces.append(sleeve)
    pieces += _sleeve_plackets()

    cuff_piece, cuff_overlap, cuff_depth = _cuff(spec, cuff)
    pieces.append(cuff_piece)

    stand, leaf = _collar(spec, n)
    pieces.append(stand)
    if leaf is not None:
        pieces.append(leaf)
    pieces += _pockets(spec, pocket_w)

    # Checks, measured on the pieces.
    checks = CheckList()
    checks.add(
        "collar",
        "Collar (stand neck edge)",
        "领围（领座领口线）",
        f("collar"),
        2 * stand.seam_length("neck"),
    )
    body_neck = yoke.seam_length("neck") + pieces[2].seam_length("neck")
    checks.match(
        "neck", "Collar stand to neckline", "领座与领口", stand.seam_length("neck"), body_neck
    )
    if leaf is not None:
        checks.match(
            "collar",
            "Collar to stand",
            "翻领与领座",
            leaf.seam_length("neck"),
            stand.seam_length("collar"),
        )
    front = pieces[2]
    for code, en, zh, y in (
        ("chest", "Chest", "胸围", -d_chest),
        ("waist", "Waist", "腰围", -d_w),
        ("hip", "Hip", "臀围", -d_h),
    ):
        measured = 2 * (width_at(back, y, origin_x=0.0) + width_at(front, y, origin_x=0.0))
        checks.add(code, en, zh, f(code), measured)
    checks.add(
        "shoulder_width",
        "Shoulder width",
        "肩宽",
        f("shoulder_width"),
        2 * yoke.edge("shoulder").start[0],
    )
    checks.add(
        "length",
        "Garment length (centre back)",
        "后中衣长",
        length,
        yoke.edge("fold").length() + back.edge("fold").length(),
    )
    checks.add(
        "sleeve_length",
        "Sleeve length (with cuff)",
        "袖长（含袖头）",
        sl,
        height_of(sleeve) + cuff_depth,
    )
    checks.add("bicep", "Bicep", "袖肥", f("bicep"), width_at(sleeve, 0.0))
    checks.add(
        "cuff",
        "Cuff",
        "袖头",
        cuff,
        cuff_piece.seam_length("sleeve_seam") - cuff_overlap,
    )
    armhole_measured = (
        yoke.seam_length("armhole") + back.seam_length("armhole") + front.seam_length("armhole")
    )
    checks.match(
        "cap",
        f"Sleeve cap to armhole (+{cap_ease:g} mm ease)",
        f"袖山与袖窿（吃势 {cap_ease:g} 毫米）",
        sleeve.seam_length("cap"),
        armhole_measured,
        ease=cap_ease,
    )
    checks.match(
        "side",
        "Side seams, back to front",
        "侧缝（后片与前片）",
        back.seam_length("side"),
        front.seam_length("side"),
    )
    checks.match(
        "shoulder",
        "Shoulder, yoke to front",
        "肩缝（过肩与前片）",
        yoke.seam_length("shoulder"),
        front.seam_length("shoulder"),
    )
    checks.match(
        "yoke",
        "Yoke to back",
        "过肩与后片",
        yoke.seam_length("yoke_seam"),
        back.seam_length("yoke_seam"),
    )
    checks.match(
        "underarm",
        "Sleeve underarm seams",
        "袖底缝",
        sleeve.seam_length("underarm_front"),
        sleeve.seam_length("underarm_back"),
    )
    checks.match(
        "cuff",
        "Cuff to sleeve opening (pleats closed)",
        "袖头与袖口（褶裥收起）",
        cuff_piece.seam_length("sleeve_seam") - cuff_overlap,
        sleeve.seam_length("sleeve_hem") - pleats,
    )
    return Pattern(spec, tuple(pieces), tuple(checks.items), tuple(warnings), SYSTEM)


def _button_positions(top: float, bottom: float) -> list[float]:
    first = top - 70
    last = bottom + 120
    count = max(3, min(8, int((first - last) // 95) + 1))
    step = (first - last) / (count - 1)
    return [first - i * step for i in range(count)]


def _monogram_mark(at: Point) -> InternalLine:
    x, y = at
    return InternalLine("monogram", ((x - 20, y), (x + 20, y), (x + 20, y + 10), (x - 20, y + 10)))


def _pocket_marks(
    spec: DraftSpec,
    left: bool,
    d_chest: float,
    width: float,
    internal: list[InternalLine],
    drills: list[Point],
) -> tuple[list[InternalLine], list[Point]]:
    style = spec.style("pocket")
    if style == "none" or (style == "one" and not left):
        return internal, drills
    top = -d_chest + 40
    x0 = min(55.0, width / 3)
    x1 = x0 + width
    internal = [*internal, InternalLine("pocket_placement", ((x0, top), (x1, top)))]
    drills = [*drills, (x0 + 5, top - 5), (x1 - 5, top - 5)]
    return internal, drills


def _sleeve_plackets() -> list[Piece]:
    return [
        box_piece("sleeve_placket", "Sleeve placket", "袖衩条", 60.0, 180.0, 2, pair=True),
        box_piece("placket_binding", "Placket binding", "袖衩滚条", 30.0, 150.0, 2),
    ]


def _cuff(spec: DraftSpec, cuff: float) -> tuple[Piece, float, float]:
    """The cuff (x along its length), its button overlap and its finished depth."""
    style = spec.style("cuff")
    if style == "french":
        length, overlap, depth, cut_depth = cuff + 10, 10.0, CUFF_DEPTH, 2 * CUFF_DEPTH
    else:
        length, overlap, depth, cut_depth = cuff + 24, 24.0, CUFF_DEPTH, CUFF_DEPTH
    r = 15.0 if style == "barrel" else 12.0
    top = cut_depth
    if style == "barrel":
        corner_l = tangent_curve((0.0, top - r), (0, 1), (r, top), (1, 0), 0.55)
        corner_r = tangent_curve((length - r, top), (1, 0), (length, top - r), (0, -1), 0.55)
        outer = (line((length, 0.0), (length, top - r)),)
        edges = (
            Edge("sleeve_seam", (line((0.0, 0.0), (length, 0.0)),)),
            Edge("cuff_end", outer),
            Edge(
                "cuff_edge",
                (corner_r.reversed(), line((length - r, top), (r, top)), corner_l.reversed()),
            ),
            Edge("cuff_end_back", (line((0.0, top - r), (0.0, 0.0)),)),
        )
    else:
        edges = (
            Edge("sleeve_seam", (line((0.0, 0.0), (length, 0.0)),)),
            Edge(
                "cuff_end",
                (
                    line((length, 0.0), (length, top - r)),
                    line((length, top - r), (length - r, top)),
                ),
            ),
            Edge("cuff_edge", (line((length - r, top), (r, top)),)),
            Edge(
                "cuff_end_back", (line((r, top), (0.0, top - r)), line((0.0, top - r), (0.0, 0.0)))
            ),
        )
    internal: list[InternalLine] = []
    drills: list[Point] = []
    if style == "french":
        internal.append(InternalLine("fold", ((0.0, depth), (length, depth))))
        for x in (overlap + 15, length - overlap - 15):
            internal += [
                InternalLine("buttonhole", ((x - 8, depth / 2), (x + 8, depth / 2))),
                InternalLine("buttonhole", ((x - 8, depth * 1.5), (x + 8, depth * 1.5))),
            ]
    else:
        internal.append(InternalLine("buttonhole", ((8.0, depth / 2), (24.0, depth / 2))))
        drills.append((length - 12, depth / 2))
        if style == "convertible":
            internal.append(
                InternalLine("buttonhole", ((length - 28, depth / 2), (length - 12, depth / 2)))
            )
            drills.append((length - 40, depth / 2))
    if spec.style("monogram_position") == "cuff":
        internal.append(_monogram_mark((length / 2, depth / 2)))
    piece = Piece(
        code="cuff",
        name_en="Cuff",
        name_zh="袖头",
        edges=edges,
        grain=((15.0, top / 2), (length - 15, top / 2)),
        count=4,
        internal=tuple(internal),
        drills=tuple(drills),
        meta={"overlap": overlap},
    )
    return piece, overlap, depth


def _collar(spec: DraftSpec, n: float) -> tuple[Piece, Piece | None]:
    style = spec.style("collar")
    stand_h, leaf_w, point_dx, point_rise = COLLARS[style]
    ext = 0.0 if style == "mandarin" else BUTTON_STAND
    rise = 12.0

    def neck(x: float) -> list[Segment]:
        return [
            line((0.0, 0.0), (0.4 * x, 0.0)),
            tangent_curve((0.4 * x, 0.0), (1, 0), (x, rise), (1, 0.35)),
        ]

    x_cf = solve_increasing(lambda x: segments_length(neck(x)), n / 2, n / 4, n)
    neck_segs = neck(x_cf)
    cf = neck_segs[-1].p3
    d = (1.0, 0.35)
    dn = math.hypot(*d)
    du = (d[0] / dn, d[1] / dn)
    up = (-du[1], du[0])
    front_h = stand_h - 5
    cf_top = (cf[0] + up[0] * front_h, cf[1] + up[1] * front_h)
    end = (cf[0] + du[0] * ext, cf[1] + du[1] * ext)
    end_top = (end[0] + up[0] * front_h, end[1] + up[1] * front_h)
    edges: list[Edge] = [Edge("neck", tuple(neck_segs), allowance=10)]
    if ext > 0:
        edges.append(Edge("neck_ext", (line(cf, end),)))
    r = min(12.0, front_h / 2)
    front_low = (end_top[0] - up[0] * r, end_top[1] - up[1] * r)
    if style == "wing":
        tip = (end_top[0] + du[0] * 28 - up[0] * 6, end_top[1] + du[1] * 28 - up[1] * 6)
        edges.append(
            Edge(
                "stand_front",
                (line(end, front_low), line(front_low, tip), line(tip, end_top)),
                allowance=6,
            )
        )
    else:
        corner = tangent_curve(
            front_low, up, (end_top[0] - du[0] * r, end_top[1] - du[1] * r), (-du[0], -du[1]), 0.55
        )
        edges.append(Edge("stand_front", (line(end, front_low), corner), allowance=6))
        end_top = corner.p3
    if ext > 0:
        edges.append(Edge("top_ext", (line(end_top, cf_top),), allowance=6))
    else:
        cf_top = end_top
    top_curve = tangent_curve(cf_top, (-du[0], -du[1]), (0.0, stand_h), (-1, 0), 0.4)
    edges.append(Edge("collar", (top_curve,), allowance=6))
    edges.append(Edge("fold", (line((0.0, stand_h), (0.0, 0.0)),), allowance=0, fold=True))
    internal = []
    drills: list[Point] = []
    if ext > 0:
        internal.append(
            InternalLine(
                "buttonhole",
                (
                    (cf[0] - 8 + up[0] * 15, cf[1] + up[1] * 15),
                    (cf[0] + 8 + up[0] * 15, cf[1] + up[1] * 15),
                ),
            )
        )
    if spec.style("monogram_position") == "collar-band":
        internal.append(_monogram_mark((20.0, stand_h / 2 - 5)))
    stand = Piece(
        code="collar_stand",
        name_en="Collar stand",
        name_zh="领座",
        edges=tuple(edges),
        grain=((15.0, 6.0), (15.0, stand_h - 6)),
        count=2,
        internal=tuple(internal),
        drills=tuple(drills),
    )
    if leaf_w == 0:
        return stand, None
    stand_top = stand.seam_length("collar")

    def leaf_neck(x: float) -> list[Segment]:
        return [
            line((0.0, 0.0), (0.45 * x, 0.0)),
            tangent_curve((0.45 * x, 0.0), (1, 0), (x, -6.0), (1, -0.2)),
        ]

    x_end = solve_increasing(
        lambda x: segments_length(leaf_neck(x)), stand_top, stand_top / 2, stand_top * 1.5
    )
    ln = leaf_neck(x_end)
    p_end = ln[-1].p3
    point = (p_end[0] + point_dx, leaf_w + point_rise)
    outer = tangent_curve(point, (-1, 0.05), (0.0, leaf_w), (-1, 0), 0.45)
    leaf_drills: tuple[Point, ...] = ()
    if style == "button-down":
        leaf_drills = ((point[0] - 14, point[1] - 22),)
    leaf = Piece(
        code="collar",
        name_en="Collar",
        name_zh="翻领",
        edges=(
            Edge("neck", tuple(ln), allowance=6),
            Edge("collar_point", (line(p_end, point),), allowance=6),
            Edge("collar_edge", (outer,), allowance=6),
            Edge("fold", (line((0.0, leaf_w), (0.0, 0.0)),), allowance=0, fold=True),
        ),
        grain=((15.0, 8.0), (15.0, leaf_w - 8)),
        count=2,
        drills=leaf_drills,
    )
    return stand, leaf


def _pockets(spec: DraftSpec, w: float) -> list[Piece]:
    style = spec.style("pocket")
    if style == "none":
        return []
    d = 140.0
    pocket = Piece(
        code="pocket",
        name_en="Chest pocket",
        name_zh="胸袋",
        edges=(
            Edge(
                "pocket_side",
                (
                    line((0.0, d), (0.0, 15.0)),
                    line((0.0, 15.0), (w / 2, 0.0)),
                    line((w / 2, 0.0), (w, 15.0)),
                    line((w, 15.0), (w, d)),
                ),
                allowance=10,
            ),
            Edge("pocket_mouth", (line((w, d), (0.0, d)),), allowance=30),
        ),
        grain=((w / 2, 30.0), (w / 2, d - 20)),
        count=1 if style == "one" else 2,
    )
    if style == "one":
        return [pocket]
    flap = Piece(
        code="pocket_flap",
        name_en="Pocket flap",
        name_zh="袋盖",
        edges=(
            Edge(
                "flap_edge",
                (
                    line((0.0, 55.0), (0.0, 15.0)),
                    line((0.0, 15.0), (w / 2, 0.0)),
                    line((w / 2, 0.0), (w, 15.0)),
                    line((w, 15.0), (w, 55.0)),
                ),
                allowance=6,
            ),
            Edge("flap_seam", (line((w, 55.0), (0.0, 55.0)),), allowance=10),
        ),
        grain=((w / 2, 15.0), (w / 2, 45.0)),
        count=4,
    )
    return [pocket, flap]
