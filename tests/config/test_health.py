"""The health check: each part's state as JSON, 503 when the platform cannot serve."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.services import free_port, redis_client

pytestmark = pytest.mark.django_db


def test_head_answers_like_get_without_a_body(client: Client) -> None:
    got = client.get("/healthz")
    head = client.head("/healthz")

    assert (got.status_code, head.status_code) == (200, 200)
    assert head.content == b""
    assert head["Content-Type"] == "application/json"
    assert got.json()["database"] == "ok"


def test_other_methods_are_refused(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def test_broker_down_is_503_json_naming_each_part(client: Client) -> None:
    redis_client()  # the real broker is up; the check is pointed at a closed port
    closed = f"redis://127.0.0.1:{free_port()}/0"

    with override_settings(REDIS_URL=closed):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "database": "ok",
        "broker": "error: ConnectionError",
        "workers": "unknown: the broker cannot be reached",
    }


def test_broker_up_with_no_worker_heartbeat_still_serves(client: Client) -> None:
    redis_client().delete("c2m:heartbeat:beat")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "workers": "no recent heartbeat",
    }
