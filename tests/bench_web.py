"""`make bench-web`: the web stack's costs, measured against a baseline in the same run.

Runs on the PostgreSQL and Redis of ``DATABASE_URL``/``REDIS_URL`` (it migrates that
database and adds its own rows to it: point it at a scratch database). Two parts:

1. Promise and routing per garment with 0, 10,000 and 100,000 open units (``--units``),
   in this process; the baseline is the same call with no open unit, and beside it the
   open load summed over every open unit (what each promise used to do).
2. The production web server (gunicorn with ``config/gunicorn.py`` and the production
   settings, static files collected) driven over HTTP by ``--clients`` keep-alive
   clients for ``--seconds`` per page: the catalogue list and the garment configurator
   against a plain Oscar product page (an accessory), then the live preview's latency
   at half the configurator's saturation rate.

It ends with one ``name: value`` line per figure. Timed figures are wall-clock on a
shared machine: the load average is printed at the start and the end.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import logging
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "bench-web-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "WEB_CONCURRENCY": "2",
}


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) or not os.environ.get("REDIS_URL"):
        sys.exit("bench-web needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    import django

    django.setup()
    logging.disable(logging.INFO)  # tasks run in-process here: their log lines are noise


def _timed(call: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of ``call`` over ``repeat`` runs (after one to warm up)."""
    call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _open_units_add(*, template_id: int, count: int) -> None:
    """``count`` copies of a routed unit, each a remake of the one before (so each is a
    unit of its own under the one-original-per-line rule), inserted in SQL."""
    from django.db import connection

    from orders.models import ProductionUnit

    fields = [
        f.column
        for f in ProductionUnit._meta.concrete_fields
        if f.column not in ("id", "code", "remake_of_id")
    ]
    columns = ", ".join(fields)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM orders_productionunit")
        base = cursor.fetchone()[0]
        tail = (
            ProductionUnit.objects.filter(remake_of__isnull=False)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        first_parent = tail or template_id
        cursor.execute(
            f"INSERT INTO orders_productionunit (id, code, remake_of_id, {columns}) "
            f"SELECT %s + g, 'B-' || (%s + g)::text, "
            f"CASE WHEN g = 1 THEN %s ELSE %s + g - 1 END, {columns} "
            f"FROM orders_productionunit, generate_series(1, %s) AS g WHERE id = %s",
            [base, base, first_parent, base, count, template_id],
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('orders_productionunit', 'id'), "
            "(SELECT MAX(id) FROM orders_productionunit))"
        )


def open_load_part(*, sizes: list[int], repeat: int) -> dict[str, float]:
    from django.db import connection

    from orders.load import factory_load_rebuild, units_minutes
    from orders.models import ProductionUnit
    from orders.selectors import promised_ship_date_estimate, routing_candidates
    from orders.services import unit_route
    from orders.states import OPEN_STATES
    from tests.orders.factories import paid_order, plant
    from tests.shop.factories import fabric

    cloth = fabric(stock="100000")
    plant(code=f"BENCH-{int(time.time())}", fabrics=(cloth,), sewing_minutes=10**7)
    order = paid_order(fabric=cloth, garments=2)
    probe, template = ProductionUnit.objects.filter(order_line__order=order).order_by("pk")
    template = unit_route(unit_id=template.pk)

    def promise() -> None:
        promised_ship_date_estimate(garment_type="shirt")

    def routing() -> None:
        routing_candidates(unit=ProductionUnit.objects.get(pk=probe.pk))

    def summed_over_units() -> None:  # the previous way: every open unit, every time
        units = list(
            ProductionUnit.objects.filter(state__in=OPEN_STATES, factory__isnull=False).only(
                "pk", "factory_id", "garment_type", "snapshot"
            )
        )
        units_minutes(units)

    figures: dict[str, float] = {}
    present = ProductionUnit.objects.filter(state__in=OPEN_STATES).count()
    first_added = (ProductionUnit.objects.order_by("-pk").values_list("pk", flat=True).first()) + 1
    try:
        _open_load_sizes(
            sizes, present, template, figures, promise, routing, summed_over_units, repeat
        )
    finally:  # the backlog made here would otherwise be planned by the next run's worker
        # One statement: each copy is a remake of the one before (a protected key), so the
        # ORM's delete, which checks every row's references first, refuses the chain.
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM orders_productionunit WHERE id >= %s AND code LIKE 'B-%%'",
                [first_added],
            )
        factory_load_rebuild()
    return figures


def _open_load_sizes(
    sizes, present, template, figures, promise, routing, summed_over_units, repeat
):  # type: ignore[no-untyped-def]
    from orders.load import factory_load_rebuild
    from orders.models import ProductionUnit
    from orders.states import OPEN_STATES

    for size in sizes:
        missing = size - ProductionUnit.objects.filter(state__in=OPEN_STATES).count() + present
        if missing > 0:
            _open_units_add(template_id=template.pk, count=missing)
            factory_load_rebuild()
        label = f"{size // 1000}k" if size >= 1000 else str(size)
        figures[f"promise_ms_at_{label}_open"] = _timed(promise, repeat)
        figures[f"routing_ms_at_{label}_open"] = _timed(routing, repeat)
        started = time.perf_counter()  # once: it takes seconds with a large backlog
        summed_over_units()
        figures[f"summed_over_units_ms_at_{label}_open"] = (time.perf_counter() - started) * 1000
        print(
            f"  {size:>7} open units: promise {figures[f'promise_ms_at_{label}_open']:.1f} ms, "
            f"routing {figures[f'routing_ms_at_{label}_open']:.1f} ms, the open load summed "
            f"over the units {figures[f'summed_over_units_ms_at_{label}_open']:.1f} ms",
            flush=True,
        )


class _Client:
    """One keep-alive HTTP client with its own cookies, seen by Django as HTTPS."""

    def __init__(self, base: str) -> None:
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.cookies: dict[str, str] = {}
        self.extra_headers: dict[str, str] = {}
        self.last_location = ""
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", **self.extra_headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"https://127.0.0.1{path}"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt:
                    return 0, b""
        self.last_location = response.getheader("Location") or ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data


def _throughput(base: str, path: str, *, clients: int, seconds: float) -> tuple[float, int]:
    """Requests per second answered 200 by ``clients`` clients in a closed loop, and the
    number of answers that were not 200."""
    done = [0] * clients
    errors = [0] * clients
    stop = time.monotonic() + seconds

    def run(i: int) -> None:
        client = _Client(base)
        while time.monotonic() < stop:
            status, _ = client.request("GET", path)
            if status == 200:
                done[i] += 1
            else:
                errors[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started), sum(errors)


def _preview_latency(
    base: str, page: str, preview: str, body: str, *, rate: float, seconds: float
) -> tuple[list[float], int]:
    """Live-preview latencies (ms) at a steady ``rate`` per second (open loop, 4 clients)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    count = max(1, int(rate * seconds))
    interval = 1.0 / rate
    start = time.monotonic() + 0.5
    slots = iter(range(count))

    def run() -> None:
        client = _Client(base)
        client.request("GET", page)  # the session and the CSRF cookie
        while True:
            with lock:
                k = next(slots, None)
            if k is None:
                return
            delay = start + k * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            began = time.monotonic()
            status, _ = client.request("POST", preview, body)
            with lock:
                if status == 200:
                    latencies.append((time.monotonic() - began) * 1000)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def pages_part(*, clients: int, seconds: float, web_port: int | None) -> dict[str, float]:
    from django.apps import apps

    from shop.demo import demo_catalogue_load
    from tests.services import gunicorn_process
    from tests.shop.factories import SHIRT_BODY
    from tests.shop.test_plain_products import _tie

    product_model = apps.get_model("catalogue", "Product")
    with contextlib.redirect_stdout(io.StringIO()):  # Oscar's product alerts talk
        demo_catalogue_load()
        tie = product_model.objects.filter(upc="TIE-1").first() or _tie()
    shirt = product_model.objects.filter(
        product_class__garment_style__garment_type="shirt", is_public=True
    ).first()
    fabric_code = apps.get_model("shop", "Fabric").objects.values_list("code", flat=True)[0]

    figures: dict[str, float] = {}
    pages = {
        "plain_product": tie.get_absolute_url(),
        "catalogue": "/en/catalogue/",
        "configurator": shirt.get_absolute_url(),
    }
    args = ("--config", "config/gunicorn.py")
    with gunicorn_process(
        settings_module="config.settings.production",
        args=args,
        extra_env=PRODUCTION,
        port=web_port,
    ) as (_, base):
        errors = 0
        for name, path in pages.items():
            _throughput(base, path, clients=clients, seconds=1.0)  # warm up
            rate, failed = _throughput(base, path, clients=clients, seconds=seconds)
            errors += failed
            figures[f"{name}_per_s"] = rate
            print(f"  {name:<14} {path:<40} {rate:7.1f} requests/s, {failed} not 200", flush=True)
        figures["catalogue_vs_plain_product"] = figures["catalogue_per_s"] / max(
            figures["plain_product_per_s"], 1e-9
        )
        figures["configurator_vs_plain_product"] = figures["configurator_per_s"] / max(
            figures["plain_product_per_s"], 1e-9
        )
        body = urllib.parse.urlencode(
            {"fabric": fabric_code, "sex": "male", **{f"m_{k}": v for k, v in SHIRT_BODY.items()}}
        )
        rate = max(1.0, figures["configurator_per_s"] / 2)
        latencies, failed = _preview_latency(
            base,
            pages["configurator"],
            f"/en/garments/{shirt.pk}/preview/",
            body,
            rate=rate,
            seconds=seconds,
        )
        errors += failed
        ordered = sorted(latencies) or [float("nan")]
        figures["preview_rate_per_s"] = rate
        figures["preview_p50_ms"] = ordered[len(ordered) // 2]
        figures["preview_p95_ms"] = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        figures["http_errors"] = errors
        print(
            f"  live preview at {rate:.1f}/s: p50 {figures['preview_p50_ms']:.0f} ms, "
            f"p95 {figures['preview_p95_ms']:.0f} ms ({len(latencies)} answered, "
            f"{failed} not 200)",
            flush=True,
        )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", default="0,10000,100000", help="open units to measure at")
    parser.add_argument("--repeat", type=int, default=20, help="calls per open-load figure")
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients")
    parser.add_argument("--seconds", type=float, default=8.0, help="seconds per page")
    parser.add_argument("--paid-clients", type=int, default=16, help="customers paying at once")
    parser.add_argument("--paid-seconds", type=float, default=30.0, help="seconds of paying")
    parser.add_argument("--latency-orders", type=int, default=60, help="orders at 1 a second")
    parser.add_argument("--web-port", type=int, default=None, help="gunicorn's port (free one)")
    parser.add_argument("--stripe-port", type=int, default=None, help="localstripe's port")
    parser.add_argument(
        "--parts", default="paid,load,pages", help="which parts to run (paid, load, pages)"
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="more environment for the web server, e.g. WEB_WORKER_CLASS=gthread",
    )
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    PRODUCTION.update(item.split("=", 1) for item in args.env)
    _setup()
    from django.core.management import call_command

    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    call_command("migrate", interactive=False, verbosity=0)
    from tests.services import subprocess_env

    subprocess.run(  # the production settings serve the collected, hashed static files
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=subprocess_env(DJANGO_SETTINGS_MODULE="config.settings.production", **PRODUCTION),
        check=True,
    )
    started = time.monotonic()
    figures: dict[str, float] = {}
    if "paid" in parts:
        from tests.bench_paid import paid_orders_part

        print("Paid orders through the browser's HTTP path, localstripe's webhooks:", flush=True)
        figures.update(
            paid_orders_part(
                clients=args.paid_clients,
                seconds=args.paid_seconds,
                latency_orders=args.latency_orders,
                web_port=args.web_port,
                stripe_port=args.stripe_port,
            )
        )
    if "load" in parts:
        print("Promise and routing per garment (median ms) by open units:", flush=True)
        sizes = [int(s) for s in args.units.split(",")]
        figures.update(open_load_part(sizes=sizes, repeat=args.repeat))
        first, last = sizes[0], sizes[-1]
        label = lambda n: f"{n // 1000}k" if n >= 1000 else str(n)  # noqa: E731
        for kind in ("promise", "routing"):
            figures[f"{kind}_{label(last)}_vs_{label(first)}"] = figures[
                f"{kind}_ms_at_{label(last)}_open"
            ] / max(figures[f"{kind}_ms_at_{label(first)}_open"], 1e-9)
    if "pages" in parts:
        print(f"Pages through gunicorn, {args.clients} clients, {args.seconds:.0f} s each:")
        figures.update(
            pages_part(clients=args.clients, seconds=args.seconds, web_port=args.web_port)
        )
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"took {time.monotonic() - started:.0f} s")
    for name, value in figures.items():
        print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
