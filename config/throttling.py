"""Rate limits on the forms people and scripts can abuse: sign-in, registration,
password reset and card confirmation.

One table says which view is limited, on what (the client's address, the account
named in the form, the signed-in user) and at which rate (``THROTTLE_RATES``). The
counters live in the cache (Redis in production, shared by every web process). A
request over the limit changes nothing and gets 429 with a sentence a person can read;
lockout after wrong passwords is django-axes' part (settings ``AXES_*``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited


def client_ip(request: HttpRequest) -> str:
    """The client's address: the socket's, or the one the trusted proxies saw.

    Each trusted proxy appends the address it received from to X-Forwarded-For, so with
    ``TRUSTED_PROXY_COUNT`` = n the client is the n-th entry from the right; anything
    left of it was sent by the client and cannot be trusted.
    """
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return str(request.META.get("REMOTE_ADDR", ""))


@dataclass(frozen=True)
class Throttle:
    #: A key of THROTTLE_RATES.
    rate: str
    #: What is counted: "ip", "user" or "post:<field>" (django-ratelimit's keys).
    key: str
    #: Only POSTs carrying this field count (one view, several forms); "" for all POSTs.
    when_field: str = ""


#: url name -> its throttles. Only POST requests are counted.
THROTTLED_VIEWS: dict[str, tuple[Throttle, ...]] = {
    "customer:login": (
        Throttle(rate="sign-in", key="ip", when_field="login_submit"),
        Throttle(rate="registration", key="ip", when_field="registration_submit"),
    ),
    "customer:register": (Throttle(rate="registration", key="ip"),),
    "dashboard:login": (Throttle(rate="sign-in", key="ip"),),
    "admin:login": (Throttle(rate="sign-in", key="ip"),),
    "password-reset": (
        Throttle(rate="password-reset", key="ip"),
        Throttle(rate="password-reset-account", key="post:email"),
    ),
    "payments:confirm": (Throttle(rate="card-confirmation", key="user_or_ip"),),
}

#: Views whose callers read JSON.
_JSON_VIEWS = frozenset({"payments:confirm"})


def _rate(name: str) -> str:
    """django-ratelimit's "N/Xm" form: "30/10m" is 30 per 10 minutes."""
    return str(settings.THROTTLE_RATES[name])


def throttle_exceeded(request: HttpRequest, *, view_name: str) -> bool:
    """Count this request against each throttle of ``view_name``; True when one is exceeded."""
    if request.method != "POST":
        return False
    exceeded = False
    for throttle in THROTTLED_VIEWS.get(view_name, ()):
        if throttle.when_field and throttle.when_field not in request.POST:
            continue
        exceeded |= is_ratelimited(
            request,
            group=f"{view_name}:{throttle.rate}:{throttle.key}",
            key=throttle.key,
            rate=_rate(throttle.rate),
            method="POST",
            increment=True,
        )
    return exceeded


def _too_many(request: HttpRequest, *, view_name: str) -> HttpResponse:
    message = _(
        "Too many attempts from your connection. Nothing was changed; please wait a few "
        "minutes and try again."
    )
    if view_name in _JSON_VIEWS:
        return JsonResponse({"error": message}, status=429)
    return render(request, "shop/accounts/throttled.html", {"message": message}, status=429)


class ThrottleMiddleware:
    """Applies THROTTLED_VIEWS to the view a request resolved to, before it runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        match = request.resolver_match
        view_name = match.view_name if match is not None else ""
        if view_name in THROTTLED_VIEWS and throttle_exceeded(request, view_name=view_name):
            return _too_many(request, view_name=view_name)
        return None


def lockout_response(
    request: HttpRequest, original_response: object = None, credentials: object = None
) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: 429, what happened and for how long."""
    cool_off = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "shop/accounts/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(cool_off.total_seconds() // 60),
        },
        status=429,
    )


class SignInLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout for every sign-in that comes with a request.

    Oscar signs a customer in right after registration without passing the request;
    that sign-in uses the password just chosen for a new account, so there is nothing
    to lock out and it is let through to the next backend.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: object,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
