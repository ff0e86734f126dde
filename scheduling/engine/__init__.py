"""Production planning engine: problem in, plan out (pure Python, no Django).

>>> from scheduling.engine import ProblemData, solve
>>> result = solve(problem, seed=1, time_limit=5.0)   # doctest: +SKIP

See :mod:`scheduling.engine.model` for the time model.
"""

from .kpis import compute_kpis, evaluate_plan
from .model import (
    DAY_MINUTES,
    DEFAULT_WORK_CENTRES,
    Batch,
    Factory,
    KPIs,
    ProblemData,
    Result,
    SetupRule,
    StageSlot,
    Unit,
    UnitResult,
    Unplanned,
    WorkCentreCalendar,
    working_calendar,
)
from .solver import solve
from .validate import plan_violations

__all__ = [
    "DAY_MINUTES",
    "DEFAULT_WORK_CENTRES",
    "Batch",
    "Factory",
    "KPIs",
    "ProblemData",
    "Result",
    "SetupRule",
    "StageSlot",
    "Unit",
    "UnitResult",
    "Unplanned",
    "WorkCentreCalendar",
    "compute_kpis",
    "evaluate_plan",
    "plan_violations",
    "solve",
    "working_calendar",
]
