"""``manage.py plan_replay N``: recompute plan N from its stored problem and compare."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scheduling.models import PlanVersion
from scheduling.replay import plan_replay


class Command(BaseCommand):
    help = "Re-solve a stored plan with its seed and move budget and compare the batches."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("number", type=int, help="the plan number, as on the planning board")

    def handle(self, *args: Any, number: int, **options: Any) -> None:
        plan = PlanVersion.objects.filter(number=number).first()
        if plan is None:
            raise CommandError(f"There is no plan {number}.")
        if not plan.problem or plan.max_iterations is None:
            raise CommandError(
                f"Plan {number} was saved without its problem or move budget; "
                "it cannot be recomputed."
            )
        replay = plan_replay(plan=plan)
        self.stdout.write(
            f"plan {number}: {len(plan.problem['units'])} units, seed {plan.seed}, "
            f"{replay.iterations_stored} iterations stored, {replay.iterations_now} now"
        )
        for line in replay.differences + [f"violation: {v}" for v in replay.violations]:
            self.stdout.write(f"  {line}")
        if not replay.same or replay.violations:
            raise CommandError(f"Plan {number} was not reproduced.")
        self.stdout.write(self.style.SUCCESS(f"Plan {number} reproduced exactly."))
