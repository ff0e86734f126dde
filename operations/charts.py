"""Charts drawn on the server as SVG (no script, no outside library): bars for one
series, lines for several. Each chart is an image with a title; its figures are in the
table the page shows beside it."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 12, 40
COLOURS = ("#2f6db5", "#d9822b", "#3a9a5b", "#a23b72", "#6b6b6b", "#c0392b", "#7a5ec7")


def _scale(values: Sequence[float]) -> float:
    top = max([float(v) for v in values if v is not None] + [0.0])
    if top <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(top))) - 1)
    return float(-(-top // magnitude) * magnitude) or 1.0


def _frame(title: str, chart_id: str, top: float, labels: Sequence[str], body: list[str]) -> str:
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="ops-chart" id="chart-{escape(chart_id)}" role="img" '
        f'aria-labelledby="chart-{escape(chart_id)}-title">',
        f'<title id="chart-{escape(chart_id)}-title">{escape(title)}</title>',
    ]
    for i in range(5):
        y = TOP + inner_h - inner_h * i / 4
        value = top * i / 4
        text = f"{value:g}" if value < 1000 else f"{value / 1000:g}k"
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#ddd" stroke-width="1"/>'
            f'<text x="{LEFT - 4}" y="{y + 3:.1f}" font-size="10" text-anchor="end" '
            f'fill="#555">{text}</text>'
        )
    step = max(1, len(labels) // 10)
    slot = inner_w / max(len(labels), 1)
    for i, label in enumerate(labels):
        if i % step:
            continue
        x = LEFT + slot * (i + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="10" '
            f'text-anchor="middle" fill="#555">{escape(str(label))}</text>'
        )
    parts.extend(body)
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    *, chart_id: str, title: str, labels: Sequence[str], values: Sequence[float | None]
) -> SafeString:
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _scale([v or 0 for v in values])
    slot = inner_w / max(len(labels), 1)
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        v = float(value or 0)
        h = inner_h * v / top
        x = LEFT + slot * i + slot * 0.15
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{TOP + inner_h - h:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{COLOURS[0]}" '
            f'data-label="{escape(str(label))}" data-value="{v:g}">'
            f"<title>{escape(str(label))}: {v:g}</title></rect>"
        )
    return mark_safe(_frame(title, chart_id, top, labels, body))


def line_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
) -> SafeString:
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _scale([v for _name, values in series for v in values])
    slot = inner_w / max(len(labels), 1)
    body = []
    for n, (name, values) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(
            f"{LEFT + slot * (i + 0.5):.1f},{TOP + inner_h - inner_h * float(v) / top:.1f}"
            for i, v in enumerate(values)
        )
        body.append(
            f'<polyline class="series" data-series="{escape(name)}" points="{points}" '
            f'fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        legend_x = LEFT + 8 + n * 85
        body.append(
            f'<rect x="{legend_x}" y="{HEIGHT - 16}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{legend_x + 13}" y="{HEIGHT - 7}" font-size="10" fill="#333">'
            f"{escape(name)}</text>"
        )
    return mark_safe(_frame(title, chart_id, top, labels, body))
