"""Health of the platform's parts: the database, the broker and the workers."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection

HEARTBEAT_KEY = "c2m:heartbeat:{token}"
HEARTBEAT_TTL_SECONDS = 600


def _redis():  # type: ignore[no-untyped-def]
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


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


def health_check() -> dict[str, str]:
    """The state of each part, as words a person or a load balancer can read."""
    status: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        status["database"] = "ok"
    except Exception as exc:
        status["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            _redis().ping()
            status["broker"] = "ok"
        except Exception as exc:
            status["broker"] = f"error: {exc.__class__.__name__}"
        seen = heartbeat_seen_at(token="beat")
        status["workers"] = "ok" if seen and time.time() - seen < 180 else "no recent heartbeat"
    else:
        status["broker"] = "in-process"
        status["workers"] = "in-process"
    return status
