"""CPU and queries of one paid order, request by request (a measurement, not a test of
the suite: pytest collects it only when named).

The browser's path of ``tests/bench_paid.py`` through Django's test client on the
database in ``DATABASE_URL`` (PostgreSQL for figures worth comparing), the demo
catalogue and factories, localstripe for the card, Celery tasks run eagerly (so the
card confirmation carries the work the worker does for one order) and the webhook
delivered after it. Prints each request's median process CPU (milliseconds, which a busy
machine does not inflate the way it does wall time) and its queries, and writes a
cProfile of every request and the SQL of each step to ``$PROFILE_OUT`` (and ``.sql``):

    DATABASE_URL=postgres://…/c2m_x .venv/bin/python -m pytest -n 0 -p no:cacheprovider \
        -s tests/profile_paid_path.py
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import json
import os
import pstats
import re
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.bench_paid import ADDRESS, CARD
from tests.shop.factories import SHIRT_BODY
from tests.shop.payments.factories import event_for, signed

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = int(os.environ.get("PROFILE_ROUNDS", "5"))
OUT = os.environ.get("PROFILE_OUT", "var/profile_paid_path.txt")


def _path(url: str) -> str:
    return re.sub(r"/pi_\w+/", "/[id]/", url.split("?")[0])


class _Recorder:
    def __init__(self) -> None:
        self.profile = cProfile.Profile()
        self.steps: dict[str, list[tuple[float, int]]] = {}
        self.sql: dict[str, list[str]] = {}

    def request(self, client: Client, name: str, method: str, url: str, **kw: Any) -> Any:
        with CaptureQueriesContext(connection) as queries:
            began = time.process_time()
            self.profile.enable()
            response = getattr(client, method)(url, **kw)
            self.profile.disable()
            cpu_ms = (time.process_time() - began) * 1000
        self.steps.setdefault(name, []).append((cpu_ms, len(queries.captured_queries)))
        self.sql.setdefault(name, [q["sql"] for q in queries.captured_queries])
        return response

    def follow(self, client: Client, method: str, url: str, **kw: Any) -> Any:
        response = self.request(client, f"{method.upper()} {_path(url)}", method, url, **kw)
        while response.status_code == 302:
            url = response["Location"]
            response = self.request(client, f"  GET {_path(url)}", "get", url)
        return response

    def report(self) -> str:
        lines, total = [], 0.0
        for name, values in self.steps.items():
            cpu = sorted(v[0] for v in values)[len(values) // 2]
            total += cpu
            counts = sorted({v[1] for v in values})
            lines.append(f"{cpu:7.1f} ms CPU  {counts} queries  {name}")
        lines.append(f"{total:7.1f} ms CPU per order (sum of the medians)")
        return "\n".join(lines)


def test_profile_one_paid_order(localstripe_url: str, settings: Any) -> None:
    from factory.services import demo_factories_load
    from shop.demo import demo_catalogue_load, demo_countries_load

    settings.CELERY_TASK_ALWAYS_EAGER = True
    with contextlib.redirect_stdout(io.StringIO()):
        demo_catalogue_load()
        demo_countries_load()
        demo_factories_load()
    product = apps.get_model("catalogue", "Product").objects.get(upc="SHIRT-OXF")
    apps.get_model("shop", "Fabric").objects.update(metres_in_stock=10**7)
    user = get_user_model().objects.create_user(username="p", email="p@example.com")
    client, stripe_webhook = Client(), Client()
    client.force_login(user)
    path = product.get_absolute_url()
    fabric = re.findall(r'name="fabric" value="([\w-]+)"', client.get(path).content.decode())[0]
    garment = {"fabric": fabric, "sex": "male", "action": "add"}
    garment.update({f"m_{k}": v for k, v in SHIRT_BODY.items()})
    recorder = _Recorder()
    for round_ in range(ROUNDS + 1):
        if round_ == 1:  # the first round warms the caches
            recorder = _Recorder()
        recorder.follow(client, "get", path)
        recorder.follow(client, "post", path, data=garment)
        recorder.follow(client, "get", "/en/checkout/")
        recorder.follow(client, "post", "/en/checkout/shipping-address/", data=ADDRESS)
        preview = recorder.follow(
            client, "post", "/en/checkout/shipping-method/", data={"method_code": "standard"}
        ).content.decode()
        fields = dict(re.findall(r'data-(stripe-key|confirm-url|complete-url)="([^"]+)"', preview))
        token = {**CARD, "key": fields["stripe-key"], "payment_user_agent": "localstripe"}
        answer = urllib.request.urlopen(
            f"{localstripe_url}/v1/tokens", data=urllib.parse.urlencode(token).encode()
        )
        card = json.loads(answer.read())["card"]["id"]
        confirmed = recorder.follow(
            client, "post", fields["confirm-url"], data={"payment_method": card}
        )
        assert json.loads(confirmed.content)["status"] == "succeeded"
        body, signature = signed(event_for(fields["confirm-url"].split("/")[-3]))
        hook = recorder.request(
            stripe_webhook,
            "POST /stripe/webhook/",
            "post",
            "/stripe/webhook/",
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature,
        )
        assert hook.status_code == 200
        thanks = recorder.follow(client, "get", fields["complete-url"])
        assert thanks.templates[0].name == "oscar/checkout/thank_you.html"
    report = recorder.report()
    print(f"\n{report}")
    stats = io.StringIO()
    pstats.Stats(recorder.profile, stream=stats).sort_stats("cumulative").print_stats(100)
    pstats.Stats(recorder.profile, stream=stats).sort_stats("tottime").print_stats(60)
    Path(OUT).write_text(f"{report}\n\n{stats.getvalue()}")
    Path(f"{OUT}.sql").write_text(
        "".join(
            f"===== {name} ({len(sql)})\n" + "".join(f"  {q[:400]}\n" for q in sql)
            for name, sql in recorder.sql.items()
        )
    )
