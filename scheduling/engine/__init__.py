"""Production planning engine: problem in, plan out (pure Python, no Django).

    from scheduling.engine import ProblemData, solve, plan_violations

    result = solve(problem, seed=1, time_limit=5.0)
    assert plan_violations(problem, result) == []

* :mod:`scheduling.engine.model` -- the dataclasses and the time model
  (clock minutes from the horizon start; per-day capacity per work centre).
* :func:`solve` -- the planner (:mod:`scheduling.engine.solver`).
* :func:`factory_split` / :func:`results_merge` -- the network as independent factories,
  solved apart and put back together (:mod:`scheduling.engine.split`).
* :func:`plan_violations` -- independent checker (:mod:`scheduling.engine.validate`).
* :func:`evaluate_plan` -- simulate a given batching with the same capacity model.
* :func:`sequence` -- the single-machine core (iterated dynasearch,
  :mod:`scheduling.engine.sequencing`); ``solve`` uses it for any factory
  that is exactly one machine.
"""

from .kpis import compute_kpis, evaluate_plan
from .model import (
    DAY_MINUTES,
    DEFAULT_WORK_CENTRES,
    UNPLANNED_REASONS,
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
    UnplannedReason,
    WorkCentreCalendar,
    working_calendar,
)
from .sequencing import SequencingProblem, SequencingResult, sequence
from .solver import solve
from .split import Split, factory_split, results_merge, solve_split
from .validate import plan_violations

__all__ = [
    "DAY_MINUTES",
    "DEFAULT_WORK_CENTRES",
    "UNPLANNED_REASONS",
    "Batch",
    "Factory",
    "KPIs",
    "ProblemData",
    "Result",
    "SequencingProblem",
    "SequencingResult",
    "SetupRule",
    "Split",
    "StageSlot",
    "Unit",
    "UnitResult",
    "Unplanned",
    "UnplannedReason",
    "WorkCentreCalendar",
    "compute_kpis",
    "evaluate_plan",
    "factory_split",
    "plan_violations",
    "results_merge",
    "sequence",
    "solve",
    "solve_split",
    "working_calendar",
]
