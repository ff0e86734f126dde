"""The planning sweeper (beat, every minute): fails replans that stopped moving and asks
for a new one, and asks for a plan when routed units have waited too long."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from orders.models import ProductionUnit
from orders.states import UnitState
from scheduling.models import PlanRun
from scheduling.requests import replan_request
from scheduling.runs import plan_runs_expire

#: Routed units that wait this long without a plan make the sweeper ask for one.
UNPLANNED_LIMIT = timedelta(minutes=3)


def planning_sweep() -> PlanRun | None:
    """Fail stale runs; ask for a replan when one was lost or routed units wait."""
    lost = plan_runs_expire()
    waiting = ProductionUnit.objects.filter(
        state=UnitState.ROUTED, state_changed_at__lte=timezone.now() - UNPLANNED_LIMIT
    ).count()
    if lost or waiting:
        trigger = PlanRun.Trigger.RETRY if lost else PlanRun.Trigger.SWEEPER
        return replan_request(trigger=trigger, countdown=0)
    return None
