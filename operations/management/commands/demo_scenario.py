"""`manage.py demo_scenario --customers N --days D --seed S`: the demo C2M scenario on a
simulated clock (see operations/demo.py), with a progress bar and the KPIs at the end."""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import date
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from operations.demo import demo_scenario_run
from orders.models import ProductionUnit


class Command(BaseCommand):
    help = "Simulate customers, factories and parcels for D days; print the KPIs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--customers", type=int, default=100)
        parser.add_argument("--days", type=int, default=14)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--start",
            type=date.fromisoformat,
            default=None,
            help="first simulated day (YYYY-MM-DD); default: DAYS days before today",
        )
        parser.add_argument("--json", action="store_true", help="print the KPIs as JSON only")
        parser.add_argument(
            "--no-cut-plans",
            action="store_true",
            help="do not nest released work orders (they keep the consumption estimate)",
        )
        parser.add_argument(
            "--unless-orders",
            action="store_true",
            help="do nothing when the database already has garments in production",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["customers"] < 1 or options["days"] < 1:
            self.stderr.write("--customers and --days must be at least 1.")
            sys.exit(2)
        if options["unless_orders"] and ProductionUnit.objects.exists():
            self.stdout.write("Garments are already in production: no demo scenario added.")
            return
        call_command("demo_load", verbosity=0, stdout=self.stderr)
        logging.getLogger("celery").setLevel(logging.WARNING)
        began = time.monotonic()
        quiet = options["json"]

        def progress(done: int, total: int) -> None:
            if quiet:
                return
            width = 30
            filled = width * done // total
            self.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] day {done}/{total} "
                f"({time.monotonic() - began:.0f} s)",
                ending="",
            )
            self.stderr.flush()

        outcome = demo_scenario_run(
            customers=options["customers"],
            days=options["days"],
            seed=options["seed"],
            start=options["start"],
            progress=progress,
            cut_plans=not options["no_cut_plans"],
        )
        if quiet:
            self.stdout.write(json.dumps(outcome.kpis, sort_keys=True))
            return
        self.stderr.write("")
        self.stdout.write(
            f"{outcome.customers} customers, {outcome.orders} orders, {outcome.garments} "
            f"garments ({outcome.refused} not bought: fabric short) in "
            f"{time.monotonic() - began:.0f} s"
        )
        for key, value in outcome.kpis.items():
            self.stdout.write(f"  {key:<32} {value}")
