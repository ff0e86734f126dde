"""Side effects after a commit survive the broker: real PostgreSQL, a private Redis that
is restarted or down, a real Celery worker, localstripe, and the outbox sweeper.

- Redis restarted with refunds and confirmation mails queued (and lost): every refund
  is made once and every mail sent once, within the sweeper's delay;
- a webhook delivered while the broker is down answers 200 and its side effects (the
  confirmation mail, routing) are delivered once the broker is back.

Beat runs the sweeper every minute; here a child process runs it every second
(``tests/outbox_sweeper.py``) and ``OUTBOX_RESEND_AFTER`` is 5 s, so the test takes
seconds instead of minutes.
"""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe
from django.db import connection

from orders import outbox
from orders.models import OutboxMessage, ProductionUnit
from shop.models import Fabric, GarmentSpec
from shop.payments.models import CheckoutPayment
from shop.payments.services import payment_succeeded_apply
from tests.services import (
    ROOT,
    celery_worker_process,
    clocked_process,
    free_port,
    gunicorn_process,
    measured_report,
    redis_server_process,
    service_required,
    subprocess_env,
    wait_for,
)
from tests.shop.factories import fabric
from tests.shop.payments.factories import (
    basket_with_shirt,
    card_confirm,
    customer,
    event_for,
    payment_start,
    signed,
)
from tests.stripe_server import localstripe_webhook_disable

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

RESEND_AFTER = 5


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    if connection.vendor != "postgresql":
        service_required("PostgreSQL", "DATABASE_URL does not point at PostgreSQL")


@pytest.fixture
def mail_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="c2m-mail-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _worker_env(mail_dir: Path) -> dict[str, str]:
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "OUTBOX_RESEND_AFTER": str(RESEND_AFTER),
    }


def _mails(mail_dir: Path) -> Counter[tuple[str, str]]:
    """(recipient, subject) of every mail the worker wrote, counted."""
    sent: Counter[tuple[str, str]] = Counter()
    for path in mail_dir.glob("*.log"):
        text = path.read_text()
        for to, subject in zip(
            re.findall(r"^To: (.+)$", text, re.M),
            re.findall(r"^Subject: (.+)$", text, re.M),
            strict=True,
        ):
            sent[(to, subject)] += 1
    return sent


def _send_from_child(message_ids: list[int], redis_url: str) -> None:
    """The after-commit sends of ``message_ids``, made into ``redis_url``."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup()\nfrom orders.outbox import _send\n"
            f"assert all(_send(i) for i in {message_ids!r})",
        ],
        cwd=ROOT,
        env=subprocess_env(redis_url=redis_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr


def _paid_basket(cloth):  # type: ignore[no-untyped-def]
    user = customer()
    basket = basket_with_shirt(user=user, fabric=cloth)
    payment = payment_start(basket=basket, user=user)
    card_confirm(payment)
    return payment


def _refunded_fen(payment_intent_id: str) -> int:
    charges = stripe.PaymentIntent.retrieve(payment_intent_id).to_dict()["charges"]["data"]
    return sum(int(c.get("amount_refunded", 0)) for c in charges)


def test_redis_restarted_with_refunds_and_mails_queued_then_each_is_done_once(
    localstripe_url: str,
    mail_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    localstripe_webhook_disable(base_url=localstripe_url)
    sends: list[int] = []
    monkeypatch.setattr(outbox, "_send", sends.append)  # after commit: recorded, sent below
    # Three payers race for one garment's fabric: one order, two refunds owed.
    scarce = fabric(stock="10")
    racers = [_paid_basket(scarce) for _ in range(3)]
    need = GarmentSpec.objects.get(basket_line__basket_id=racers[0].basket_id).fabric_metres
    Fabric.objects.filter(pk=scarce.pk).update(metres_in_stock=need)
    payments = [payment_succeeded_apply(payment_intent_id=p.payment_intent_id) for p in racers]
    # Five more buyers of another fabric: six confirmations in all.
    plenty = fabric(stock="100")
    payments += [
        payment_succeeded_apply(payment_intent_id=_paid_basket(plenty).payment_intent_id)
        for _ in range(5)
    ]
    monkeypatch.undo()
    statuses = Counter(p.status for p in payments)
    assert statuses == {"paid": 6, "refund_pending": 2}
    refunds = OutboxMessage.objects.filter(task="shop.payments.refund").count()
    mails = OutboxMessage.objects.filter(task="shop.payments.order_confirmation").count()
    assert (refunds, mails) == (2, 6)

    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    workdir = tempfile.mkdtemp(prefix="c2m-redis-")
    try:
        with redis_server_process(port=port, workdir=workdir):
            _send_from_child(sends, url)  # queued in Redis, no worker yet
        with (
            redis_server_process(port=port, workdir=workdir),  # restarted: all lost
            celery_worker_process(redis_url=url, extra_env=_worker_env(mail_dir)),
        ):
            restarted = time.monotonic()
            with clocked_process(
                "tests.outbox_sweeper", redis_url=url, extra_env=_worker_env(mail_dir)
            ):
                wait_for(
                    lambda: not OutboxMessage.objects.filter(done_at__isnull=True).exists(),
                    timeout=120,
                    what="every outbox message to be done",
                )
            took = time.monotonic() - restarted
            time.sleep(RESEND_AFTER + 2)  # a late duplicate would show here
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    owed = [p for p in payments if p.status == "refund_pending"]
    refunded = [_refunded_fen(p.payment_intent_id) for p in owed]
    sent = _mails(mail_dir)
    expected = {p.email for p in payments if p.status == "paid"}
    measured_report(
        request,
        f"Redis restarted with 2 refunds and 6 confirmation mails queued: "
        f"{sum(1 for r, p in zip(refunded, owed, strict=True) if r == p.amount_fen)} of 2 "
        f"refunded once, {len(sent)} of 6 mails sent ({sum(sent.values())} sent in all), "
        f"all done {took:.1f} s after the restart (sweeper delay {RESEND_AFTER} s)",
    )
    assert refunded == [p.amount_fen for p in owed]
    assert set(
        CheckoutPayment.objects.filter(pk__in=[p.pk for p in owed]).values_list("status", flat=True)
    ) == {"refunded"}
    assert {to for to, _subject in sent} == expected
    assert set(sent.values()) == {1}
    assert took < 60  # the first sweeps after the restart (beat: every minute)


def _post_webhook(base: str, event: dict) -> tuple[int, str, float]:
    body, header = signed(event)
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    started = time.monotonic()
    conn.request(
        "POST",
        "/stripe/webhook/",
        body=body,
        headers={"Content-Type": "application/json", "Stripe-Signature": header},
    )
    response = conn.getresponse()
    return response.status, response.read().decode(), time.monotonic() - started


def test_webhook_while_the_broker_is_down_answers_200_and_its_effects_follow(
    localstripe_url: str, mail_dir: Path, request: pytest.FixtureRequest
) -> None:
    localstripe_webhook_disable(base_url=localstripe_url)
    payment = _paid_basket(fabric(stock="50"))
    event = event_for(payment.payment_intent_id)
    port = free_port()  # nothing listens there yet: the broker is down
    url = f"redis://127.0.0.1:{port}/0"

    with gunicorn_process(extra_env={"REDIS_URL": url}, clocked=True) as (_server, base):
        status, body, took = _post_webhook(base, event)
        again = _post_webhook(base, event)
    payment.refresh_from_db()
    unit = ProductionUnit.objects.get(order_line__order=payment.order)
    waiting = OutboxMessage.objects.filter(done_at__isnull=True).count()
    assert (status, body) == (200, "applied")
    assert again[:2] == (200, "already applied")
    assert payment.status == "paid"
    assert unit.state == "paid"  # routing not delivered yet
    assert waiting == 2  # the confirmation mail and the routing, waiting for the broker

    workdir = tempfile.mkdtemp(prefix="c2m-redis-")
    try:
        with (
            redis_server_process(port=port, workdir=workdir),
            celery_worker_process(redis_url=url, extra_env=_worker_env(mail_dir)),
            clocked_process("tests.outbox_sweeper", redis_url=url, extra_env=_worker_env(mail_dir)),
        ):
            wait_for(
                lambda: not OutboxMessage.objects.filter(done_at__isnull=True).exists(),
                timeout=120,
                what="the webhook's side effects to be delivered",
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    unit.refresh_from_db()
    sent = _mails(mail_dir)
    measured_report(
        request,
        f"webhook with the broker down: HTTP {status} in {took:.2f} s, redelivery "
        f"{again[0]} {again[1]!r} in {again[2]:.2f} s; after the broker came back: "
        f"{sum(sent.values())} confirmation mail, unit {unit.state} "
        f"(no factory: flagged for staff {unit.needs_attention})",
    )
    ((to, subject),) = sent
    assert (to, sent[(to, subject)]) == (payment.email, 1)
    assert str(payment.order.number) in subject
    assert (unit.state, unit.needs_attention) == ("paid", True)  # routing ran: no factory
