"""The web worker dies while confirming a card (real gunicorn, PostgreSQL, localstripe).

Stripe charged the card, but the worker was killed before it could answer the browser.
The customer's next page, whether they press "Pay" again or reload their payment page,
must say paid and show the order; it must never say that nothing was charged.
"""

from __future__ import annotations

import http.client
import os
import signal
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from shop.payments.models import CheckoutPayment
from tests.services import (
    child_pids,
    gunicorn_process,
    measured_report,
    service_required,
    wait_for,
)
from tests.shop.factories import fabric
from tests.shop.payments.factories import basket_with_shirt, customer, payment_start
from tests.stripe_server import localstripe_webhook_disable

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    """The web server is another process: it must share the test database."""
    if connection.vendor != "postgresql":
        service_required("PostgreSQL", "DATABASE_URL does not point at PostgreSQL")


CSRF = "c2mfaulttestcsrftoken0123456789a"  # any 32 letters and digits: cookie = header


class _StripeProxy(ThreadingHTTPServer):
    """Passes every Stripe call to localstripe; armed, it lets the next card confirmation
    reach Stripe (the card is charged) and then kills the web worker that sent it."""

    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream = urllib.parse.urlsplit(upstream)
        self.gunicorn_pid = 0
        self.armed = False
        self.killed: list[int] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _ProxyHandler(BaseHTTPRequestHandler):
    server: _StripeProxy

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection(
            self.server.upstream.hostname, self.server.upstream.port, timeout=30
        )
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host",)}
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        payload = response.read()
        if self.server.armed and self.command == "POST" and self.path.endswith("/confirm"):
            self.server.armed = False
            for pid in child_pids(self.server.gunicorn_pid):
                os.kill(pid, signal.SIGKILL)
                self.server.killed.append(pid)
            self.close_connection = True
            return
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_DELETE = _forward


@contextmanager
def _stripe_proxy(upstream: str) -> Iterator[_StripeProxy]:
    proxy = _StripeProxy(upstream)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()


def _request(
    base: str, method: str, path: str, *, session: str, body: str = ""
) -> tuple[int, dict[str, str], str]:
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode()


def _logged_in(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.mark.parametrize("tries", [3])
def test_worker_killed_while_confirming_then_the_next_page_says_paid(
    localstripe_url: str, request: pytest.FixtureRequest, tries: int
) -> None:
    localstripe_webhook_disable(base_url=localstripe_url)  # no webhook: only the read-back
    said_paid = 0
    with (
        _stripe_proxy(localstripe_url) as proxy,
        gunicorn_process(extra_env={"STRIPE_API_BASE": proxy.url}) as (server, base),
    ):
        proxy.gunicorn_pid = server.pid
        for attempt in range(tries):
            user = customer()
            basket = basket_with_shirt(user=user, fabric=fabric(stock="50"))
            payment = payment_start(basket=basket, user=user)
            session = _logged_in(user)
            confirm = f"/en/checkout/payment/{payment.payment_intent_id}/confirm/"
            complete = f"/en/checkout/payment/{payment.payment_intent_id}/"

            proxy.armed = True
            with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
                _request(base, "POST", confirm, session=session, body="payment_method=pm_card_visa")
            assert len(proxy.killed) == attempt + 1
            payment.refresh_from_db()
            assert payment.status == "pending"  # charged at Stripe, not known here yet

            if attempt % 2 == 0:  # the customer presses "Pay" again
                status, _, body = wait_for(
                    lambda confirm=confirm, session=session: _request(
                        base, "POST", confirm, session=session, body="payment_method=pm_card_visa"
                    ),
                    timeout=30,
                    what="a new worker",
                )
                assert (status, body) == (200, '{"status": "succeeded", "client_secret": ""}')
            status, headers, body = _request(base, "GET", complete, session=session)
            assert "nothing was charged" not in body
            assert (status, headers.get("Location")) == (302, "/en/checkout/thank-you/")
            status, _, thanks = _request(base, "GET", "/en/checkout/thank-you/", session=session)
            payment.refresh_from_db()
            assert payment.status == "paid"
            assert status == 200
            assert payment.order.number in thanks
            said_paid += 1
        new_worker = child_pids(server.pid)

    assert said_paid == tries
    assert set(new_worker).isdisjoint(proxy.killed)
    assert CheckoutPayment.objects.filter(status="paid").count() == tries
    assert apps.get_model("order", "Order").objects.count() == tries
    measured_report(
        request,
        f"web worker killed during card confirmation: {said_paid} of {tries} next pages "
        f"said paid ({len(proxy.killed)} workers killed after Stripe charged)",
    )
