"""The production web server (gunicorn as docker/entrypoints/web.sh starts it, production
settings, PostgreSQL, Redis) against idle clients, and its health check.

Two clients that open a connection and send half a request line must not stall the
site: the health check still answers within 1 s. gunicorn's sync workers (the previous
setting) are measured beside it, in the same run, as the baseline.
"""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection

from tests.services import (
    free_port,
    gunicorn_process,
    measured_report,
    redis_client,
    service_required,
)

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PRODUCTION = {
    "SECRET_KEY": "serving-test-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "WEB_CONCURRENCY": "2",
}
#: The web server as the compose stack runs it.
COMPOSE_ARGS = ("--config", "config/gunicorn.py")
#: gunicorn's default worker class, with a short worker timeout so the baseline ends. The
#: application is loaded before the fork: on a busy machine loading it inside each worker
#: can outlast that timeout, and the workers would be killed before they ever answer.
SYNC_ARGS = ("--workers", "2", "--worker-class", "sync", "--timeout", "4", "--preload")


@pytest.fixture(autouse=True)
def _production_services() -> None:
    """The production settings run on PostgreSQL and Redis (a server process cannot open
    the suite's in-memory SQLite database)."""
    if connection.vendor != "postgresql":
        service_required("PostgreSQL", "DATABASE_URL does not point at PostgreSQL")
    redis_client()


@contextmanager
def _idle_clients(base: str, count: int) -> Iterator[list[socket.socket]]:
    """Connections that sent half a request line and then nothing more."""
    port = int(base.rsplit(":", 1)[1])
    sockets = []
    try:
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /heal")
            sockets.append(sock)
        time.sleep(0.5)  # let the server hand them to its workers
        yield sockets
    finally:
        for sock in sockets:
            sock.close()


def _health(base: str, *, method: str = "GET", timeout: float = 30) -> tuple[int, float, str]:
    port = int(base.rsplit(":", 1)[1])
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, "/healthz")
        response = conn.getresponse()
        body = response.read().decode()
        return response.status, time.monotonic() - started, body
    except (TimeoutError, OSError):
        return 0, time.monotonic() - started, ""
    finally:
        conn.close()


def test_two_idle_connections_do_not_stall_the_health_check(
    request: pytest.FixtureRequest,
) -> None:
    with (
        gunicorn_process(
            settings_module="config.settings.production", args=COMPOSE_ARGS, extra_env=PRODUCTION
        ) as (_, base),
        _idle_clients(base, 2),
    ):
        status, seconds, body = _health(base)
        head_status, _, head_body = _health(base, method="HEAD")

    with (
        gunicorn_process(
            settings_module="config.settings.production", args=SYNC_ARGS, extra_env=PRODUCTION
        ) as (_, sync_base),
        _idle_clients(sync_base, 2),
    ):
        _, sync_seconds, _ = _health(sync_base)

    measured_report(
        request,
        f"health check with 2 idle half-request clients: gevent workers {seconds:.3f} s, "
        f"sync workers {sync_seconds:.2f} s ({sync_seconds / max(seconds, 1e-3):.0f}x slower)",
    )
    assert status == 200, body
    assert seconds < 1.0
    assert '"database": "ok"' in body
    assert (head_status, head_body) == (200, "")
    assert sync_seconds > 3.0  # the baseline stalls: the measurement can tell them apart


def test_health_check_answers_over_plain_http_and_says_which_part_is_down() -> None:
    env = dict(PRODUCTION, DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/none")
    with gunicorn_process(
        settings_module="config.settings.production", args=COMPOSE_ARGS, extra_env=env
    ) as (_, base):
        status, _, body = _health(base)
        port = int(base.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/en/")
        storefront = conn.getresponse()

    assert status == 503
    assert body.startswith('{"database": "error: OperationalError"')
    assert '"broker": "ok"' in body
    # Everything else still goes to HTTPS.
    assert storefront.status == 301
    assert storefront.getheader("Location") == f"https://127.0.0.1:{port}/en/"
