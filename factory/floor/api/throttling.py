"""Requests per factory token, counted in the shared cache (Redis in production)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from factory.floor.api.models import FactoryApiToken

_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_parse(rate: str) -> tuple[int, int]:
    """``"600/m"`` or ``"100/10s"`` as (requests, seconds)."""
    match = _RATE.match(rate.strip())
    if match is None:
        raise ValueError(f"not a rate: {rate!r} (like 600/m or 100/10s)")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _SECONDS[unit]


class FactoryTokenThrottle(SimpleRateThrottle):
    """``THROTTLE_RATES["factory-api"]`` requests per token; read at each request so a
    changed setting takes effect without a restart of the class."""

    scope = "factory-api"

    def __init__(self) -> None:  # the rate is read per request, not at import
        pass

    def allow_request(self, request: Request, view: Any) -> bool:
        self.rate = settings.THROTTLE_RATES[self.scope]
        self.num_requests, self.duration = rate_parse(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, FactoryApiToken):
            return None
        return f"throttle_factory_api_{request.auth.pk}"
