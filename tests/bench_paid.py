"""`make bench-web`, part 3: paid orders per second and paid -> planned latency.

The production-like stack: gunicorn (``config/gunicorn.py``, production settings),
PostgreSQL and Redis from ``DATABASE_URL``/``REDIS_URL``, a Celery worker and beat, and
localstripe sending signed webhooks to ``/stripe/webhook/``. Customers are signed in and
each order goes through the browser's own HTTP path: the configurator's "Add to cart",
the shipping address and method, the preview (which starts the PaymentIntent), the card
token at localstripe (what Stripe.js does in the browser), the card confirmation, the
payment page and the thank-you page. Nothing is faked on our side.

Two runs:

- **latency**: one order a second (open loop) for ``--latency-orders`` orders; for each
  garment, the time from its production unit's creation (the payment) to its first move
  to "planned" (the unit's event), with the worker and beat planning as they would.
- **throughput**: ``--paid-clients`` customers in a closed loop for ``--paid-seconds``;
  then the run waits for localstripe's webhooks and checks that nothing was lost:
  orders = payments paid = ``payment_intent.succeeded`` events applied.

localstripe stores its objects in memory here (``persist=False``): the stock server
pickles its whole store to disk on every write, which costs O(objects) per write; the
figure ``localstripe_alone_per_s`` is what localstripe itself sustains for the three
four calls an order makes, with nothing of ours in the way.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from tests import cpu_use

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench-paid-2026"
ADDRESS = {
    "first_name": "Li",
    "last_name": "Wei",
    "line1": "88 Tianhan Avenue",
    "line4": "Hanzhong",
    "state": "Shaanxi",
    "postcode": "723000",
    "country": "CN",
}
CARD = {
    "card[number]": "4242424242424242",
    "card[exp_month]": "12",
    "card[exp_year]": "34",
    "card[cvc]": "123",
    "card[address_zip]": "72300",
}
#: The events the platform acts upon (shop.payments.events): what its Stripe endpoint
#: subscribes to.
WEBHOOK_EVENTS = ("payment_intent.succeeded", "payment_intent.payment_failed")


class OrderFailed(Exception):
    pass


def _stack_env(*, stripe_base: str, queue: str) -> dict[str, str]:
    from tests.bench_web import PRODUCTION

    return {
        **PRODUCTION,
        "STRIPE_API_BASE": stripe_base,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # localstripe posts its webhooks over plain HTTP, as a TLS proxy would pass them on.
        "SECURE_SSL_REDIRECT": "false",
        # Every customer comes from 127.0.0.1 here: the per-address limits would refuse them.
        "THROTTLE_SIGN_IN": "100000/m",
        "THROTTLE_CARD_CONFIRMATION": "100000/m",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SCHEDULING_REPLAN_ON_ARRIVAL": "true",
    }


@contextlib.contextmanager
def _celery(*args: str, env: dict[str, str], name: str) -> Iterator[subprocess.Popen[str]]:
    from tests.services import process_stop, wait_for

    log_path = ROOT / "var" / f"bench-{name}-{os.getpid()}.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        if args[0] == "worker":
            wait_for(
                lambda: "ready." in log_path.read_text() or proc.poll() is not None,
                timeout=60,
                what="the Celery worker",
            )
        if proc.poll() is not None:
            raise AssertionError(f"celery {name} exited:\n{log_path.read_text()}")
        yield proc
    finally:
        process_stop(proc)
        log.close()


def _customers(count: int) -> list[str]:
    from axes.models import AccessAttempt
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    AccessAttempt.objects.all().delete()
    user_model = get_user_model()
    # The production settings' hasher (this process may run with the tests' fast one).
    hasher = PBKDF2PasswordHasher()
    password = hasher.encode(PASSWORD, hasher.salt())
    emails = [f"bench.customer{i:03d}@example.com" for i in range(count)]
    for email in emails:
        if not user_model.objects.filter(email=email).exists():
            user_model.objects.create(username=email[:30], email=email)
    user_model.objects.filter(email__in=emails).update(password=password)
    return emails


class _Customer:
    """One signed-in customer's browser: our site and localstripe, over keep-alive."""

    def __init__(self, *, base: str, stripe_base: str, email: str, product_path: str) -> None:
        from tests.bench_web import _Client

        self.site = _Client(base)
        self.stripe = _Client(stripe_base)
        self.product_path = product_path
        self.email = email
        self.fabric = ""
        self.body: dict[str, str] = {}
        self.path = ""
        #: seconds per request, by method and path
        self.steps: dict[str, list[float]] = {}

    def _go(self, method: str, path: str, body: dict[str, str] | None = None) -> str:
        """A request as the browser makes it, following redirects; the final page."""
        encoded = urllib.parse.urlencode(body) if body is not None else None
        for _hop in range(6):
            began = time.monotonic()
            status, data = self.site.request(method, path, encoded)
            step = f"{method} {re.sub(r'/(pi|cus|card)_[^/]+/', '/[id]/', path)}"
            self.steps.setdefault(step, []).append(time.monotonic() - began)
            if status in (301, 302, 303):
                path = urllib.parse.urlsplit(self.site.last_location).path
                method, encoded = "GET", None
                continue
            if status != 200:
                raise OrderFailed(f"{method} {path}: {status}: {data[:300]!r}")
            self.path = path
            return data.decode()
        raise OrderFailed(f"too many redirects at {path}")

    def sign_in(self, body: dict[str, str]) -> None:
        self._go("GET", "/en/accounts/login/")
        form = {"login-username": self.email, "login-password": PASSWORD, "login_submit": "Log In"}
        self._go("POST", "/en/accounts/login/", form)
        page = self._go("GET", self.product_path)
        self.fabric = re.findall(r'name="fabric" value="([\w-]+)"', page)[0]
        self.body = body

    def order(self) -> str:
        """One garment configured, paid and shown; the PaymentIntent's id."""
        self._go("GET", self.product_path)
        form = {"fabric": self.fabric, "sex": "male", "action": "add", **self.body}
        self._go("POST", self.product_path, form)  # -> the basket
        self._go("GET", "/en/checkout/")  # "Proceed to checkout" -> the address form
        self._go("POST", "/en/checkout/shipping-address/", ADDRESS)  # -> the methods
        preview = self._go("POST", "/en/checkout/shipping-method/", {"method_code": "standard"})
        if not self.path.endswith("/checkout/preview/"):
            raise OrderFailed(f"the delivery method led to {self.path}")
        fields = dict(re.findall(r'data-(stripe-key|confirm-url|complete-url)="([^"]+)"', preview))
        if len(fields) != 3:
            raise OrderFailed("the preview shows no card form")
        status, data = self.stripe.request(
            "POST",
            "/v1/tokens",
            urllib.parse.urlencode(
                {**CARD, "key": fields["stripe-key"], "payment_user_agent": "localstripe"}
            ),
        )
        if status != 200:
            raise OrderFailed(f"localstripe token: {status} {data[:200]!r}")
        card_id = json.loads(data)["card"]["id"]
        answer = json.loads(self._go("POST", fields["confirm-url"], {"payment_method": card_id}))
        if answer.get("status") != "succeeded":
            raise OrderFailed(f"confirmation: {answer}")
        self._go("GET", fields["complete-url"])  # -> the thank-you page
        if not self.path.endswith("/checkout/thank-you/"):
            raise OrderFailed(f"the payment page led to {self.path}")
        return fields["confirm-url"].rstrip("/").split("/")[-2]


def _localstripe_alone(stripe_base: str, *, clients: int, seconds: float) -> float:
    """What localstripe sustains for an order's four calls (PaymentIntent, token, card
    set, confirmation), with nothing of ours in the way: sets of calls per second."""
    from django.conf import settings

    from tests.bench_web import _Client

    done = [0] * clients
    stop = time.monotonic() + seconds
    auth = {"Authorization": f"Bearer {settings.STRIPE_SECRET_KEY}"}

    def run(i: int) -> None:
        client = _Client(stripe_base)
        client.extra_headers = auth
        while time.monotonic() < stop:
            _, data = client.request(
                "POST",
                "/v1/payment_intents",
                urllib.parse.urlencode({"amount": 100, "currency": "cny"}),
            )
            intent = json.loads(data)["id"]
            _, data = client.request(
                "POST", "/v1/tokens", urllib.parse.urlencode({**CARD, "key": "pk_test_x"})
            )
            card = json.loads(data)["card"]["id"]
            client.request(  # what shop.payments.gateway does: set the card, then confirm
                "POST",
                f"/v1/payment_intents/{intent}",
                urllib.parse.urlencode({"payment_method": card}),
            )
            status, _ = client.request("POST", f"/v1/payment_intents/{intent}/confirm", "")
            if status == 200:
                done[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def _counts(intents: list[str]) -> dict[str, int]:
    from django.apps import apps

    from shop.payments.models import CheckoutPayment, StripeEvent

    payments = CheckoutPayment.objects.filter(payment_intent_id__in=intents)
    return {
        "orders": apps.get_model("order", "Order")
        .objects.filter(number__in=payments.values("order__number"))
        .count(),
        "payments": payments.filter(status=CheckoutPayment.Status.PAID).count(),
        "events": StripeEvent.objects.filter(
            payment_intent_id__in=intents, type="payment_intent.succeeded"
        ).count(),
    }


def _paid_to_planned(intents: list[str], *, timeout: float) -> tuple[list[float], int]:
    """Seconds from each garment's payment to its first "planned" event; how many were
    still unplanned after ``timeout``."""
    from django.db.models import Min, Q

    from orders.models import ProductionUnit
    from shop.payments.models import CheckoutPayment

    orders = CheckoutPayment.objects.filter(payment_intent_id__in=intents).values("order_id")
    deadline = time.monotonic() + timeout
    while True:
        units = (
            ProductionUnit.objects.filter(order_line__order_id__in=orders)
            .annotate(planned_at=Min("events__at", filter=Q(events__to_state="planned")))
            .values_list("created_at", "planned_at")
        )
        rows = list(units)
        missing = sum(1 for _, planned in rows if planned is None)
        if not missing or time.monotonic() > deadline:
            return [(p - c).total_seconds() for c, p in rows if p is not None], missing
        time.sleep(1)


def paid_orders_part(
    *,
    clients: int,
    seconds: float,
    latency_orders: int,
    web_port: int | None,
    stripe_port: int | None,
) -> dict[str, float]:
    from django.apps import apps

    from factory.services import demo_factories_load
    from shop.demo import demo_catalogue_load, demo_countries_load
    from tests.services import gunicorn_process
    from tests.shop.factories import SHIRT_BODY
    from tests.stripe_server import localstripe_process, localstripe_webhook_configure

    with contextlib.redirect_stdout(io.StringIO()):
        demo_catalogue_load()
        demo_countries_load()
        demo_factories_load()
    product = apps.get_model("catalogue", "Product").objects.get(upc="SHIRT-OXF")
    # Stock for every order the run can make.
    apps.get_model("shop", "Fabric").objects.update(metres_in_stock=10**7)
    emails = _customers(max(clients, 4))
    body = {f"m_{k}": v for k, v in SHIRT_BODY.items()}
    figures: dict[str, float] = {}
    queue = f"c2m-bench-{os.getpid()}"
    with localstripe_process(port=stripe_port, persist=False) as stripe:
        env = _stack_env(stripe_base=stripe.base_url, queue=queue)
        alone = _localstripe_alone(stripe.base_url, clients=clients, seconds=min(seconds, 8))
        figures["localstripe_alone_per_s"] = alone
        print(
            f"  localstripe alone: {alone:.1f} orders' four calls/s ({clients} clients)", flush=True
        )
        from tests.services import subprocess_env

        child_env = subprocess_env(**env)
        child_env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
        gunicorn_args = ("--config", "config/gunicorn.py")
        with (
            gunicorn_process(
                settings_module="config.settings.production",
                args=gunicorn_args,
                extra_env=env,
                port=web_port,
            ) as (_, base),
            _celery(
                "worker",
                "--loglevel=info",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
                "-Q",
                ",".join(
                    [
                        queue,
                        *(
                            f"{queue}.{k}"
                            for k in ("routing", "planning", "notifications", "payments")
                        ),
                    ]
                ),
                "-n",
                f"bench-{os.getpid()}@%h",
                env=child_env,
                name="worker",
            ),
            _celery(
                "beat",
                "--loglevel=info",
                "-s",
                str(ROOT / "var" / f"bench-beat-{os.getpid()}"),
                env=child_env,
                name="beat",
            ),
        ):
            localstripe_webhook_configure(
                base_url=stripe.base_url,
                webhook_url=f"{base}/stripe/webhook/",
                secret="whsec_c2m_local",
                events=WEBHOOK_EVENTS,
            )
            customers = [
                _Customer(
                    base=base,
                    stripe_base=stripe.base_url,
                    email=email,
                    product_path=product.get_absolute_url(),
                )
                for email in emails
            ]
            for customer in customers:
                customer.sign_in(body)
            figures.update(_latency_run(customers[:4], orders=latency_orders))
            figures.update(_throughput_run(customers[:clients], seconds=seconds))
    return figures


def _cpu_per_order(spent: dict[str, float], *, orders: int) -> dict[str, float]:
    """Print and return the CPU milliseconds per paid order of each part of the stack."""
    cores = os.cpu_count() or 1
    total = spent["all"] * 1000 / orders
    print(
        f"  CPU per paid order, all parts on {cores} cores: {total:.0f} ms "
        f"(20 orders/s would leave {1000 * cores / 20:.0f} ms)",
        flush=True,
    )
    figures = {"paid_cpu_ms_per_order": total}
    for part, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        if part == "all":
            continue
        ms = seconds * 1000 / orders
        print(f"    {ms:7.1f} ms  {part}", flush=True)
        key = re.sub(r"\W+", "_", part.split(" (")[0]).strip("_")
        figures[f"paid_cpu_ms_{key}"] = ms
    return figures


def _latency_run(customers: list[_Customer], *, orders: int) -> dict[str, float]:
    """One order a second, open loop; paid -> planned per garment."""
    intents: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()
    slots = iter(range(orders))
    start = time.monotonic() + 0.5

    def run(customer: _Customer) -> None:
        while True:
            with lock:
                k = next(slots, None)
            if k is None:
                return
            delay = start + k - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                intent = customer.order()
            except (OrderFailed, ValueError, KeyError) as error:
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                intents.append(intent)

    threads = [threading.Thread(target=run, args=(c,)) for c in customers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies, unplanned = _paid_to_planned(intents, timeout=120)
    ordered = sorted(latencies) or [float("nan")]
    p50 = ordered[len(ordered) // 2]
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(
        f"  paid -> planned at 1 order/s: {len(intents)} orders, p50 {p50:.1f} s, "
        f"p95 {p95:.1f} s, max {ordered[-1]:.1f} s, {unplanned} not planned after 120 s, "
        f"{len(errors)} errors",
        flush=True,
    )
    for error in errors[:3]:
        print(f"    error: {error}", flush=True)
    return {
        "paid_to_planned_p50_s": p50,
        "paid_to_planned_p95_s": p95,
        "paid_to_planned_unplanned": unplanned,
        "paid_to_planned_errors": len(errors),
    }


def _throughput_run(customers: list[_Customer], *, seconds: float) -> dict[str, float]:
    """Customers in a closed loop; then nothing lost, once the webhooks have arrived."""
    for customer in customers:
        customer.steps.clear()
    intents: list[str] = []
    errors: list[str] = []
    step_times: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run(customer: _Customer) -> None:
        while time.monotonic() < stop:
            began = time.monotonic()
            try:
                intent = customer.order()
            except (OrderFailed, ValueError, KeyError) as error:
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                intents.append(intent)
                step_times.append(time.monotonic() - began)

    threads = [threading.Thread(target=run, args=(c,)) for c in customers]
    measure_cpu = cpu_use.available()
    cpu_before = cpu_use.snapshot() if measure_cpu else None
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cpu_after = cpu_use.snapshot() if measure_cpu else None
    rate = len(intents) / elapsed
    deadline = time.monotonic() + 60
    counts = _counts(intents)
    while counts["events"] < len(intents) and time.monotonic() < deadline:
        time.sleep(1)
        counts = _counts(intents)
    lost = not (counts["orders"] == counts["payments"] == counts["events"] == len(intents))
    steps: dict[str, list[float]] = {}
    for customer in customers:
        for step, times in customer.steps.items():
            steps.setdefault(step, []).extend(times)
    per_order = sum(len(times) for times in steps.values()) / max(1, len(intents) + len(errors))
    print(
        f"  paid orders, {len(customers)} customers for {elapsed:.0f} s: {rate:.1f} orders/s "
        f"(one order {statistics.median(step_times or [0]):.2f} s median over "
        f"{per_order:.0f} requests to the site and one to localstripe), "
        f"{len(errors)} errors; orders {counts['orders']}, payments {counts['payments']}, "
        f"webhook events applied {counts['events']} of {len(intents)} paid",
        flush=True,
    )
    for error in errors[:3]:
        print(f"    error: {error}", flush=True)
    for step, times in sorted(steps.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"    {statistics.median(times) * 1000:7.0f} ms median  {step}", flush=True)
    cpu: dict[str, float] = {}
    if cpu_before is not None and cpu_after is not None and intents:
        cpu = _cpu_per_order(cpu_use.spent(cpu_before, cpu_after), orders=len(intents))
    if errors or lost:
        raise SystemExit("paid orders: errors or lost orders (above)")
    return {
        **cpu,
        "paid_orders_per_s": rate,
        "paid_orders": len(intents),
        "paid_orders_errors": len(errors),
        "paid_orders_in_db": counts["orders"],
        "paid_payments_in_db": counts["payments"],
        "paid_webhook_events_applied": counts["events"],
    }
