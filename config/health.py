"""Health of the platform's parts: the database, the broker and the workers."""

from __future__ import annotations

import time

import psycopg
from django.conf import settings
from django.db import connection

HEARTBEAT_KEY = "c2m:heartbeat:{token}"
HEARTBEAT_TTL_SECONDS = 600


#: A health check answers within a few seconds even when a part is unreachable.
_REDIS_TIMEOUT_SECONDS = 2
_DATABASE_TIMEOUT_SECONDS = 2


def _database_answers() -> None:
    """``SELECT 1`` on the database; raises when it cannot be reached.

    With a connection pool (production under gevent) a request waits up to the pool's
    timeout for a connection, longer than a health check may take: the check then
    opens a connection of its own with a short connect timeout."""
    if connection.settings_dict.get("OPTIONS", {}).get("pool"):
        params = connection.get_connection_params()
        params["connect_timeout"] = _DATABASE_TIMEOUT_SECONDS
        with psycopg.connect(**params) as direct:
            direct.execute("SELECT 1")
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis():  # type: ignore[no-untyped-def]
    import redis

    return redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=_REDIS_TIMEOUT_SECONDS,
        socket_timeout=_REDIS_TIMEOUT_SECONDS,
    )


def heartbeat_record(*, token: str) -> None:
    """Store the time a worker ran the heartbeat for ``token``.

    Without Redis (tasks run in-process) there is no worker to report on.
    """
    if not settings.REDIS_URL:
        return
    _redis().set(HEARTBEAT_KEY.format(token=token), str(time.time()), ex=HEARTBEAT_TTL_SECONDS)


def heartbeat_seen_at(*, token: str) -> float | None:
    """When a worker last ran the heartbeat for ``token`` (epoch seconds), if ever."""
    if not settings.REDIS_URL:
        return None
    value = _redis().get(HEARTBEAT_KEY.format(token=token))
    return float(value) if value is not None else None


#: The parts without which the platform cannot serve; a worker that is late is reported
#: but does not take the web server out of its load balancer.
VITAL_PARTS = ("database", "broker")
HEALTHY = ("ok", "in-process")


def health_check() -> dict[str, str]:
    """The state of each part, as words a person or a load balancer can read.

    Never raises: a part that cannot be reached is reported as ``error: <kind>``.
    """
    status: dict[str, str] = {}
    try:
        _database_answers()
        status["database"] = "ok"
    except Exception as exc:
        status["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            _redis().ping()
            status["broker"] = "ok"
            seen = heartbeat_seen_at(token="beat")
        except Exception as exc:
            status["broker"] = f"error: {exc.__class__.__name__}"
            status["workers"] = "unknown: the broker cannot be reached"
        else:
            recent = seen is not None and time.time() - seen < 180
            status["workers"] = "ok" if recent else "no recent heartbeat"
    else:
        status["broker"] = "in-process"
        status["workers"] = "in-process"
    return status


def health_is_vital(status: dict[str, str]) -> bool:
    """Whether every part the platform cannot serve without is healthy."""
    return all(status.get(part) in HEALTHY for part in VITAL_PARTS)
