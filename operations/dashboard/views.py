"""The operations page for staff: throughput, work in progress, lead times, utilisation,
quality and fabric, each as a chart beside its table (CSV per table), and the exceptions
to act on."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from operations import charts
from operations.dashboard.forms import ThroughputFilterForm
from operations.selectors import DAILY_COUNTS, Table, Throughput, throughput

#: Seconds between reloads of the page while it is open.
REFRESH_SECONDS = 60


def _sections(data: Throughput) -> list[dict[str, Any]]:
    days = [d["day"].strftime("%m-%d") for d in data.daily]
    t = data.tables
    wip_by_state: dict[str, int] = {}
    for row in t["wip"].rows:
        wip_by_state[row[0]] = wip_by_state.get(row[0], 0) + row[2]
    by_centre: dict[str, list[float]] = {}
    for row in t["utilisation"].rows:
        if row[5] != "—":
            by_centre.setdefault(row[2], []).append(float(row[5]))
    return [
        {
            "table": t["daily"],
            "chart": charts.line_chart(
                chart_id="daily",
                title=t["daily"].title,
                labels=days,
                series=[
                    (str(label), [d[key] for d in data.daily]) for key, _s, label in DAILY_COUNTS
                ],
            ),
        },
        {
            "table": t["wip"],
            "chart": charts.bar_chart(
                chart_id="wip",
                title=t["wip"].title,
                labels=list(wip_by_state),
                values=list(wip_by_state.values()),
            ),
        },
        {
            "table": t["lead-time"],
            "chart": charts.bar_chart(
                chart_id="lead-time",
                title=_("Lead time p50 and p90 (hours)"),
                labels=[f"{row[0]} p{p}" for row in t["lead-time"].rows for p in (50, 90)],
                values=[
                    v if v != "—" else 0 for row in t["lead-time"].rows for v in (row[2], row[3])
                ],
            ),
        },
        {
            "table": t["utilisation"],
            "chart": charts.bar_chart(
                chart_id="utilisation",
                title=_("Mean utilisation per work centre (%)"),
                labels=list(by_centre),
                values=[round(sum(v) / len(v), 1) for v in by_centre.values()],
            ),
        },
        {
            "table": t["changeovers"],
            "chart": charts.bar_chart(
                chart_id="changeovers",
                title=t["changeovers"].title,
                labels=days,
                values=[r["changeovers"] for r in data.changeovers],
            ),
        },
        {
            "table": t["quality"],
            "chart": charts.bar_chart(
                chart_id="quality",
                title=_("First-pass yield, rework and remake rates (%)"),
                labels=[str(row[0]) for row in t["quality"].rows[2:]],
                values=[v if v != "—" else 0 for row in t["quality"].rows[2:] for v in [row[1]]],
            ),
        },
        {
            "table": t["qc-reasons"],
            "chart": charts.bar_chart(
                chart_id="qc-reasons",
                title=_("Reworks and remakes by reason"),
                labels=[str(row[0]) for row in t["qc-reasons"].rows],
                values=[row[1] + row[3] for row in t["qc-reasons"].rows],
            ),
        },
        {
            "table": t["fabric-days"],
            "chart": charts.bar_chart(
                chart_id="fabric-days",
                title=t["fabric-days"].title,
                labels=days,
                values=[float(r["metres"]) for r in data.fabric_days],
            ),
        },
        {
            "table": t["fabric-stock"],
            "chart": charts.bar_chart(
                chart_id="fabric-stock",
                title=_("Days of stock left"),
                labels=[f["code"] for f in data.fabrics],
                values=[f["days_left"] or 0 for f in data.fabrics],
            ),
        },
    ]


def _csv(table: Table, data: Throughput) -> HttpResponse:
    f = data.filters
    name = f"{table.key}-{f.start:%Y%m%d}-{f.end:%Y%m%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so that spreadsheet programs read the Chinese as UTF-8
    writer = csv.writer(response)
    writer.writerow([str(c) for c in table.columns])
    writer.writerows(table.rows)
    return response


@staff_member_required(login_url="dashboard:login")
@require_GET
def throughput_page(request: HttpRequest) -> HttpResponse:
    form = ThroughputFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "operations/throughput.html", {"form": form}, status=400)
    if not request.GET:
        form = ThroughputFilterForm({})
        form.is_valid()
    data = throughput(filters=form.filters())
    export = request.GET.get("export")
    if export:
        table = data.tables.get(export) or data.exceptions.get(export)
        if table is None:
            raise Http404(_("No such table."))
        return _csv(table, data)
    query = request.GET.copy()
    query.pop("export", None)
    return render(
        request,
        "operations/throughput.html",
        {
            "form": form,
            "data": data,
            "sections": _sections(data),
            "exceptions": list(data.exceptions.values()),
            "query": query.urlencode(),
            "refresh_seconds": REFRESH_SECONDS,
        },
    )
