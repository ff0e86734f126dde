"""Time the operations page on a large synthetic history (PostgreSQL only).

    createdb c2m_bench
    DATABASE_URL=postgres://…/c2m_bench python manage.py migrate
    DATABASE_URL=postgres://…/c2m_bench python manage.py bench_operations --events 1000000

Writes, in bulk SQL, the demo factories and fabrics, about one unit per ten events with
their whole event history over ``--days`` days (some still in progress, one in twenty
sent back from QC with a reason), then asks for the page ``--repeat`` times with no
filter and prints each query's median time and the page's p50/p95. The history is
written in bulk SQL, past the services, so its per-day counts (``orders.UnitEventDay``,
which the services keep as they write each event) are counted once from the events
before the page is timed. Refuses a database
that already holds production units: it never mixes with real data.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.utils import timezone

from factory.models import Factory
from operations.selectors import nearest_rank
from operations.services import event_days_rebuild
from orders.models import ProductionUnit
from orders.states import STAGES
from shop.models import Fabric

PATH = tuple(str(state) for state in STAGES)
EVENTS_PER_UNIT = len(PATH) + 0.15  # one in twenty units gets three more (a rework)


class Command(BaseCommand):
    help = "Time the operations page on a synthetic history of N unit events (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--events", type=int, default=1_000_000)
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        if ProductionUnit.objects.exclude(code__startswith="B-").exists():
            raise CommandError(
                "This database already holds production units; use an empty one "
                "(createdb, migrate) so the benchmark never mixes with real data."
            )
        load = os.getloadavg()
        self.stdout.write(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        started = time.monotonic()
        if ProductionUnit.objects.exists():
            self.stdout.write("the synthetic history of an earlier run is there: timing it")
            units = ProductionUnit.objects.count()
        else:
            units = self._history(events=options["events"], days=options["days"])
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM orders_unitevent")
            events = cursor.fetchone()[0]
            cursor.execute("VACUUM ANALYZE")  # the steady state autovacuum keeps
        self.stdout.write(
            f"wrote {units:,} units and {events:,} events in {time.monotonic() - started:.0f} s"
        )
        started = time.monotonic()
        rows = event_days_rebuild()
        self.stdout.write(
            f"counted the bulk-written events into the per-day rows (the services keep them "
            f"as they write events): {rows:,} rows in {time.monotonic() - started:.0f} s"
        )
        self._time(repeat=options["repeat"])

    def _history(self, *, events: int, days: int) -> int:
        call_command("demo_load", "--no-floor", verbosity=0)
        Order, Line = apps.get_model("order", "Order"), apps.get_model("order", "Line")
        order = Order.objects.create(
            number="BENCH-1",
            total_incl_tax=Decimal("0"),
            total_excl_tax=Decimal("0"),
            date_placed=timezone.now(),
        )
        Line.objects.create(
            order=order,
            partner_sku="bench",
            title="Bench shirt",
            line_price_incl_tax=Decimal("0"),
            line_price_excl_tax=Decimal("0"),
            line_price_before_discounts_incl_tax=Decimal("0"),
            line_price_before_discounts_excl_tax=Decimal("0"),
            num_allocated=0,
        )
        units = int(events / EVENTS_PER_UNIT)
        fabric_ids = list(Fabric.objects.values_list("pk", flat=True))
        factory_ids = list(Factory.objects.values_list("pk", flat=True))
        start = timezone.now() - timedelta(days=days)
        states = "ARRAY[" + ",".join(f"'{s}'" for s in PATH) + "]"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'order_line' AND column_name <> 'id'"
            )
            columns = ", ".join(f'"{row[0]}"' for row in cursor.fetchall())
            cursor.execute(
                f"INSERT INTO order_line ({columns}) SELECT {columns} "
                "FROM order_line, generate_series(2, %s) WHERE order_id = %s",
                [units, order.pk],
            )
            # Unit n is paid at start + n * span / units; it has gone as far along the
            # path as nine hours a step allow by now (so the last days are in progress).
            cursor.execute(
                """
                INSERT INTO orders_productionunit (
                    code, order_line_id, snapshot, snapshot_version, snapshot_sha256,
                    garment_type, fabric_id, fabric_metres, promised_ship_date, state,
                    factory_id, routing_reason, needs_attention, attention_reason,
                    attention_note, spec_revision, load_minutes, carrier, tracking_number,
                    created_at, state_changed_at)
                SELECT 'B-' || lpad(n::text, 8, '0'), l.id, '{}', 1, '', 'shirt',
                    (%(fabrics)s)[1 + n %% cardinality(%(fabrics)s)], 1.60,
                    (%(start)s + (n * %(step)s) * interval '1 second' + interval '9 days')::date,
                    'paid', (%(factories)s)[1 + n %% cardinality(%(factories)s)], '', false, '',
                    '{}', 1, '{}', '', '', %(start)s + (n * %(step)s) * interval '1 second',
                    %(start)s + (n * %(step)s) * interval '1 second'
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM order_line
                      WHERE order_id = %(order)s) l
                """,
                {
                    "fabrics": fabric_ids,
                    "factories": factory_ids,
                    "start": start,
                    "step": days * 86400 / units,
                    "order": order.pk,
                },
            )
            cursor.execute(
                f"""
                INSERT INTO orders_unitevent (unit_id, kind, from_state, to_state, at,
                    actor_label, reason, data)
                SELECT u.id, 'transition', COALESCE(({states})[s], ''), ({states})[s + 1],
                    u.created_at + s * interval '9 hours', 'bench', '', '{{}}'
                FROM orders_productionunit u, generate_series(0, {len(PATH) - 1}) s
                WHERE u.created_at + s * interval '9 hours' <= now()
                """
            )
            cursor.execute(
                """
                INSERT INTO orders_unitevent (unit_id, kind, from_state, to_state, at,
                    actor_label, reason, data)
                SELECT u.id, 'transition', r.f, r.t,
                    u.created_at + interval '63 hours' - r.k * interval '1 minute', 'bench',
                    '', CASE WHEN r.t = 'sewing' THEN '{"reason": "seam"}'::jsonb
                             ELSE '{}'::jsonb END
                FROM orders_productionunit u,
                    (VALUES (3, 'qc', 'sewing'), (2, 'sewing', 'finishing'),
                            (1, 'finishing', 'qc')) r(k, f, t)
                WHERE u.id % 20 = 0 AND u.created_at + interval '63 hours' <= now()
                """
            )
            cursor.execute(
                """
                UPDATE orders_productionunit u SET state = e.to_state, state_changed_at = e.at
                FROM (SELECT DISTINCT ON (unit_id) unit_id, to_state, at
                      FROM orders_unitevent ORDER BY unit_id, at DESC, id DESC) e
                WHERE e.unit_id = u.id
                """
            )
        return units

    def _time(self, *, repeat: int) -> None:
        staff, _ = get_user_model().objects.get_or_create(
            username="bench", defaults={"email": "bench@example.com", "is_staff": True}
        )
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "")
        client.force_login(staff)
        timings: dict[str, list[float]] = {}
        pages: list[float] = []

        def timed(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.setdefault(sql, []).append(time.perf_counter() - began)

        client.get("/en/dashboard/operations/")  # the first request warms caches
        timings.clear()
        for _ in range(repeat):
            began = time.perf_counter()
            with connection.execute_wrapper(timed):
                response = client.get("/en/dashboard/operations/")
            pages.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise CommandError(f"the page answered {response.status_code}")
        per_query = sorted(
            (
                (statistics.median(t), sorted(t)[nearest_rank(0.95, len(t))], sql)
                for sql, t in timings.items()
            ),
            reverse=True,
        )
        self.stdout.write(
            f"{len(per_query)} distinct queries per page; slowest first (p50 / p95 ms):"
        )
        for p50, p95, sql in per_query[:12]:
            self.stdout.write(
                f"  {p50 * 1000:7.1f} {p95 * 1000:7.1f}  {' '.join(sql.split())[:100]}"
            )
        sql_total = [sum(t[i] for t in timings.values() if len(t) > i) for i in range(repeat)]
        pages.sort()
        sql_total.sort()
        p95 = pages[nearest_rank(0.95, len(pages))]
        self.stdout.write(
            f"queries per page: p50 {statistics.median(sql_total) * 1000:.0f} ms, "
            f"p95 {sql_total[nearest_rank(0.95, len(sql_total))] * 1000:.0f} ms"
        )
        self.stdout.write(
            f"whole page (queries and rendering), {repeat} requests, no filter: "
            f"p50 {statistics.median(pages) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
        )
        load = os.getloadavg()
        self.stdout.write(f"load average at end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
