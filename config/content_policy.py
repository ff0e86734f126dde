"""Content-Security-Policy: what the platform's pages may load and run.

Scripts: our own files (``'self'``), Stripe.js, and inline ``<script>`` elements
written in templates. Every ``<script`` tag in a template's source gets
``nonce="{{ request.csp_nonce }}"`` when the template is loaded
(:mod:`config.template_loaders`),
so the scripts Oscar's and our templates write run while a script that arrived
through data (a product title, an address) never carries the nonce and is refused.
Inline event handlers (``onclick="…"``) are refused too, except the few fixed ones
Oscar's templates write, allowed by hash. Styles may be inline (Oscar's templates
use ``style=""``). Stripe's origins come from the settings at each request, so the
fake Stripe.js of localstripe in development and tests, and Stripe's own in
production, are allowed.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from shop.payments.gateway import stripe_js_url

_SCRIPT_TAG = re.compile(r"<script\b(?![^>]*\bnonce=)", re.IGNORECASE)
NONCE_ATTRIBUTE = 'nonce="{{ request.csp_nonce }}"'


def nonce_added(source: str) -> str:
    """A template's source with the request's nonce on every ``<script`` tag."""
    return _SCRIPT_TAG.sub(f"<script {NONCE_ATTRIBUTE}", source)


def handler_hash(handler: str) -> str:
    digest = hashlib.sha256(handler.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def oscar_event_handlers() -> list[str]:
    """The inline event handlers Oscar's templates write, word for word."""
    handlers = [
        "history.go(-1);return false",
        "javascript:history.go(-1);",
        "window.close();return false;",
        "window.history.go(-1);return false",
        "window.print()",
    ]
    # The mini-basket's "View basket" button, in each language.
    handlers += [f"window.location.href='/{code}/basket/';" for code, _ in settings.LANGUAGES]
    return handlers


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def stripe_sources() -> dict[str, list[str]]:
    """What Stripe.js needs: its script, its API and its frames."""
    api = _origin(str(settings.STRIPE_API_BASE or "https://api.stripe.com"))
    script = _origin(stripe_js_url())
    if api == "https://api.stripe.com":
        frames = ["https://js.stripe.com", "https://hooks.stripe.com"]
    else:
        frames = [script]
    return {"script-src": [script], "connect-src": [api], "frame-src": frames}


class ContentPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with Stripe's origins read from the settings per request."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        update: dict[str, Any] = {key: list(value) for key, value in (parts.update or {}).items()}
        extra = dict(stripe_sources())
        extra["script-src-attr"] = [handler_hash(h) for h in oscar_event_handlers()]
        for directive, sources in extra.items():
            update[directive] = [*update.get(directive, []), *sources]
        parts.update = update
        return parts
