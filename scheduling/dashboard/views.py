"""The planning board for staff: a Gantt per factory, KPIs beside the previous plan's,
and "replan now" with its progress."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from factory.models import Factory
from scheduling.engine import DAY_MINUTES
from scheduling.models import PlanRun
from scheduling.requests import replan_request
from scheduling.selectors import (
    DEFAULT_ZOOM,
    ZOOMS,
    calendar_warnings,
    plan_run_get,
    plan_run_text,
    planned_batch_detail,
    planning_board,
    runs_recent,
    units_needing_attention,
)

#: How far the board may be moved forward (days after the plan's start).
MAX_START_DAY = 120


@staff_member_required(login_url="dashboard:login")
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    factories = list(Factory.objects.filter(is_active=True).order_by("priority", "code"))
    code = request.GET.get("factory") or (factories[0].code if factories else "")
    factory = next((f for f in factories if f.code == code), None)
    if factories and factory is None:
        raise Http404(_("No such factory."))
    run = None
    if request.GET.get("run", "").isdigit():
        run = plan_run_get(run_id=int(request.GET["run"]))
    zoom = request.GET.get("zoom") or DEFAULT_ZOOM
    if zoom not in ZOOMS:
        raise Http404(_("No such zoom."))
    start = request.GET.get("from", "0")
    if not start.isdigit() or int(start) > MAX_START_DAY:
        raise Http404(_("No such day in the plan."))
    board = planning_board(factory=factory, zoom=zoom, start_day=int(start)) if factory else None
    detail = None
    if request.GET.get("batch") and board is not None and board.plan is not None:
        detail = planned_batch_detail(plan=board.plan, factory=factory, key=request.GET["batch"])
        if detail is None:
            raise Http404(_("No such batch in the latest plan."))
    step = max(ZOOMS[zoom].span_minutes // DAY_MINUTES, 1)
    context = {
        "factories": factories,
        "factory": factory,
        "board": board,
        "detail": detail,
        "zooms": list(ZOOMS.values()),
        "view": "table" if request.GET.get("view") == "table" else "gantt",
        "earlier": max(int(start) - step, 0) if int(start) > 0 else None,
        "later": int(start) + step if int(start) + step <= MAX_START_DAY else None,
        "run": run,
        "run_text": plan_run_text(run=run) if run else "",
        "flagged": units_needing_attention(),
        "calendar_warnings": calendar_warnings(factories=factories),
        "recent_runs": runs_recent(),
    }
    return render(request, "scheduling/board.html", context)


@staff_member_required(login_url="dashboard:login")
@require_POST
def replan_now(request: HttpRequest) -> HttpResponse:
    run = replan_request(
        trigger=PlanRun.Trigger.STAFF, requested_by=request.user.get_username(), countdown=0
    )
    factory = request.POST.get("factory", "")
    return redirect(f"{reverse('planning-dashboard:board')}?factory={factory}&run={run.pk}")


@staff_member_required(login_url="dashboard:login")
@require_GET
def run_status(request: HttpRequest, run_id: int) -> JsonResponse:
    run = plan_run_get(run_id=run_id)
    if run is None:
        raise Http404(_("No such replan."))
    return JsonResponse(
        {
            "status": run.status,
            "status_label": str(run.get_status_display()),
            "progress": run.progress,
            "message": plan_run_text(run=run),
            "plan": run.plan.number if run.plan else None,
        }
    )
