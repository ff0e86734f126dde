"""The Stripe calls the platform makes, behind keyword-only typed functions.

Configured from Django settings at each call (``STRIPE_API_BASE``,
``STRIPE_SECRET_KEY``, ``STRIPE_WEBHOOK_SECRET``, ``STRIPE_WEBHOOK_TOLERANCE``), so
the same code talks to real Stripe in production and to localstripe in development
and tests. Amounts are integers in the currency's smallest unit (fen for CNY).

Every failure reported by Stripe or on the way to it (declined card, network,
refused request) is raised as ``PaymentGatewayError`` whose text a person can read;
a webhook that fails verification raises ``WebhookVerificationError``.

What this module leaves out on purpose, because localstripe 1.15 rejects it with
HTTP 400: ``automatic_payment_methods``, ``description``, ``receipt_email``,
``statement_descriptor*`` and ``return_url`` on PaymentIntents, ``reason`` on
refunds, and ``payment_method`` on the confirm call (it answers 500), which is why
``payment_intent_confirm`` attaches the payment method with an update first.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import stripe
from django.conf import settings

if TYPE_CHECKING:
    from stripe.params import (
        PaymentIntentCreateParams,
        PaymentIntentListParams,
        RefundCreateParams,
    )

_HTTP_TIMEOUT_SECONDS = 30
_NETWORK_RETRIES = 2


class PaymentGatewayError(Exception):
    """Stripe refused the request or could not be reached; ``str()`` is readable.

    ``code`` is Stripe's error code when it gave one (``card_declined``, …),
    ``"network"`` when Stripe could not be reached, otherwise ``""``. ``declined`` is
    true when the card was refused: ask for another card, on a new PaymentIntent.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        declined: bool = False,
        retryable: bool = False,
        http_status: int | None = None,
        payment_intent_id: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.declined = declined
        self.retryable = retryable
        self.http_status = http_status
        self.payment_intent_id = payment_intent_id


class WebhookVerificationError(Exception):
    """A webhook payload that must not be trusted.

    ``reason`` is ``"malformed"`` (no usable header or body), ``"bad_signature"``
    or ``"stale"`` (timestamp outside ``STRIPE_WEBHOOK_TOLERANCE``).
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class PaymentIntentInfo:
    id: str
    status: str
    amount: int  # smallest currency unit (fen)
    currency: str
    client_secret: str
    metadata: dict[str, str] = field(default_factory=dict)
    created: int = 0
    payment_method_id: str = ""
    latest_charge_id: str = ""
    last_error_code: str = ""
    last_error_message: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"


@dataclass(frozen=True)
class RefundInfo:
    id: str
    payment_intent_id: str
    amount: int  # smallest currency unit (fen)
    currency: str
    status: str
    #: The platform's key for this refund (its idempotency key, kept in the metadata).
    key: str = ""


@functools.lru_cache(maxsize=4)
def _client_for(api_key: str, api_base: str) -> stripe.StripeClient:
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base},
        max_network_retries=_NETWORK_RETRIES,
        http_client=stripe.new_default_http_client(timeout=_HTTP_TIMEOUT_SECONDS),
    )


def _client() -> stripe.StripeClient:
    api_base = str(settings.STRIPE_API_BASE or stripe.DEFAULT_API_BASE).rstrip("/")
    return _client_for(str(settings.STRIPE_SECRET_KEY), api_base)


def _error(exc: stripe.StripeError, *, payment_intent_id: str = "") -> PaymentGatewayError:
    detail = (exc.user_message or "").strip() or str(exc).strip()
    status = exc.http_status
    code = str(exc.code or "")
    if isinstance(exc, stripe.CardError):
        return PaymentGatewayError(
            f"The card was declined: {detail or 'no reason given'}",
            code=code or "card_declined",
            declined=True,
            http_status=status,
            payment_intent_id=payment_intent_id,
        )
    if isinstance(exc, stripe.APIConnectionError):
        return PaymentGatewayError(
            "The payment service could not be reached.",
            code="network",
            retryable=True,
            payment_intent_id=payment_intent_id,
        )
    if isinstance(exc, stripe.RateLimitError):
        message = "The payment service is busy; please try again in a moment."
        retryable = True
    elif isinstance(exc, stripe.AuthenticationError | stripe.PermissionError):
        message = f"The payment service refused our credentials: {detail}"
        retryable = False
    elif isinstance(exc, stripe.InvalidRequestError):
        message = f"The payment service refused the request: {detail}"
        retryable = False
    else:
        message = f"The payment service failed: {detail or 'unknown error'}"
        retryable = status is None or status >= 500
    return PaymentGatewayError(
        message,
        code=code,
        retryable=retryable,
        http_status=status,
        payment_intent_id=payment_intent_id,
    )


def _id_of(value: Any) -> str:
    """An expandable field: an id string (Stripe) or a nested object (localstripe)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(value.get("id") or "")


def _plain(obj: Any) -> dict[str, Any]:
    """A response as plain dicts and lists (stripe 16's objects are not dicts)."""
    return obj.to_dict() if isinstance(obj, stripe.StripeObject) else dict(obj)


def _intent_info(response: Any) -> PaymentIntentInfo:
    intent = _plain(response)
    error = intent.get("last_payment_error") or {}
    return PaymentIntentInfo(
        id=str(intent["id"]),
        status=str(intent["status"]),
        amount=int(intent["amount"]),
        currency=str(intent["currency"]),
        client_secret=str(intent.get("client_secret") or ""),
        metadata={str(k): str(v) for k, v in (intent.get("metadata") or {}).items()},
        created=int(intent.get("created") or 0),
        payment_method_id=_id_of(intent.get("payment_method")),
        latest_charge_id=_id_of(intent.get("latest_charge")),
        last_error_code=str(error.get("code") or ""),
        last_error_message=str(error.get("message") or ""),
    )


def payment_intent_create(
    *, amount_fen: int, currency: str, idempotency_key: str, metadata: Mapping[str, str]
) -> PaymentIntentInfo:
    """A card PaymentIntent awaiting its payment method (``requires_payment_method``)."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise ValueError(f"amount_fen must be a positive integer, not {amount_fen!r}")
    if not idempotency_key:
        raise ValueError("idempotency_key is required")
    params: PaymentIntentCreateParams = {
        "amount": amount_fen,
        "currency": currency.lower(),
        # Typed away in stripe 16 (allowed_payment_method_types), which localstripe
        # 1.15 refuses; payment_method_types is what both still take.
        "payment_method_types": ["card"],  # type: ignore[typeddict-unknown-key]
        "metadata": {str(k): str(v) for k, v in metadata.items()},
    }
    try:
        intent = _client().v1.payment_intents.create(params, {"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        raise _error(exc) from exc
    return _intent_info(intent)


def payment_intent_retrieve(*, payment_intent_id: str) -> PaymentIntentInfo:
    try:
        intent = _client().v1.payment_intents.retrieve(payment_intent_id)
    except stripe.StripeError as exc:
        raise _error(exc, payment_intent_id=payment_intent_id) from exc
    return _intent_info(intent)


def payment_intent_confirm(
    *, payment_intent_id: str, payment_method_id: str, idempotency_key: str
) -> PaymentIntentInfo:
    """Confirm server-side with a payment method (``pm_…``, or ``card_…`` from a token).

    Returns the intent (``succeeded``, or ``requires_action`` for a card that needs
    3-D Secure); a declined card raises ``PaymentGatewayError`` with ``declined``
    set. A declined intent cannot be confirmed again on localstripe: start a new one.
    """
    client = _client()
    try:
        client.v1.payment_intents.update(
            payment_intent_id,
            {"payment_method": payment_method_id},
            {"idempotency_key": f"{idempotency_key}:payment-method"},
        )
        intent = client.v1.payment_intents.confirm(
            payment_intent_id, None, {"idempotency_key": f"{idempotency_key}:confirm"}
        )
    except stripe.StripeError as exc:
        raise _error(exc, payment_intent_id=payment_intent_id) from exc
    return _intent_info(intent)


#: The metadata field in which each refund carries the platform's key for it.
REFUND_KEY_FIELD = "c2m_key"


def _refund_info(response: Any, *, payment_intent_id: str = "") -> RefundInfo:
    refund = _plain(response)
    metadata = refund.get("metadata") or {}
    return RefundInfo(
        id=str(refund["id"]),
        payment_intent_id=_id_of(refund.get("payment_intent")) or payment_intent_id,
        amount=int(refund["amount"]),
        currency=str(refund["currency"]),
        status=str(refund.get("status") or ""),
        key=str(metadata.get(REFUND_KEY_FIELD) or ""),
    )


def refund_create(
    *, payment_intent_id: str, amount_fen: int | None, idempotency_key: str
) -> RefundInfo:
    """Refund ``amount_fen`` of a succeeded payment, or what is left of it when None.

    The idempotency key is sent as Stripe's and kept in the refund's metadata, so
    ``refund_create_once`` can find the refund again. localstripe does not check that
    the amount is still refundable, nor honour idempotency keys; Stripe does both.
    """
    if amount_fen is not None and (
        isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0
    ):
        raise ValueError(f"amount_fen must be a positive integer or None, not {amount_fen!r}")
    params: RefundCreateParams = {
        "payment_intent": payment_intent_id,
        "metadata": {REFUND_KEY_FIELD: idempotency_key},
    }
    if amount_fen is not None:
        params["amount"] = amount_fen
    try:
        response = _client().v1.refunds.create(params, {"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        raise _error(exc, payment_intent_id=payment_intent_id) from exc
    return _refund_info(response, payment_intent_id=payment_intent_id)


def refunds_list(*, payment_intent_id: str) -> list[RefundInfo]:
    """Every refund Stripe has made of a PaymentIntent, newest first."""
    try:
        page = _client().v1.refunds.list({"payment_intent": payment_intent_id, "limit": 100})
        return [
            _refund_info(refund, payment_intent_id=payment_intent_id)
            for refund in page.auto_paging_iter()
        ]
    except stripe.StripeError as exc:
        raise _error(exc, payment_intent_id=payment_intent_id) from exc


def refund_create_once(
    *, payment_intent_id: str, amount_fen: int | None, idempotency_key: str
) -> RefundInfo:
    """The refund made under ``idempotency_key``: found among the PaymentIntent's refunds
    when an earlier try made it (its answer lost, or its process gone before the refund
    was recorded), otherwise made now. A handler delivered twice refunds once, even
    where idempotency keys are not honoured."""
    for refund in refunds_list(payment_intent_id=payment_intent_id):
        if refund.key == idempotency_key:
            return refund
    return refund_create(
        payment_intent_id=payment_intent_id,
        amount_fen=amount_fen,
        idempotency_key=idempotency_key,
    )


def _intents_listed(params: PaymentIntentListParams) -> Iterator[dict[str, Any]]:
    page = _client().v1.payment_intents.list(params)
    for intent in page.auto_paging_iter():
        yield _plain(intent)


def payment_intents_recent(*, created_after: int, page_size: int = 100) -> list[PaymentIntentInfo]:
    """Every PaymentIntent created at or after ``created_after`` (Unix seconds), all pages.

    Stripe filters by ``created[gte]``; localstripe 1.15 rejects that filter
    ("Unexpected created"), so on that refusal the list is read whole and filtered
    here. Ordered oldest first.
    """
    params: PaymentIntentListParams = {"limit": page_size, "created": {"gte": created_after}}
    try:
        try:
            intents = list(_intents_listed(params))
        except stripe.InvalidRequestError as exc:
            if "created" not in str(exc.user_message or exc):
                raise
            del params["created"]
            intents = list(_intents_listed(params))
    except stripe.StripeError as exc:
        raise _error(exc) from exc
    infos = [_intent_info(i) for i in intents if int(i.get("created") or 0) >= created_after]
    return sorted(infos, key=lambda info: (info.created, info.id))


def _signature_parts(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                timestamp = None
        elif key == stripe.WebhookSignature.EXPECTED_SCHEME and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise WebhookVerificationError(
            "The Stripe-Signature header has no timestamp or no v1 signature.",
            reason="malformed",
        )
    return timestamp, signatures


def webhook_event_verify(*, payload: bytes, signature_header: str) -> dict[str, Any]:
    """The event in a webhook request, once its signature and timestamp are checked.

    Checked as ``stripe.Webhook.construct_event`` does, under ``STRIPE_WEBHOOK_SECRET``
    (the ``v1`` signature is the hex HMAC-SHA256 of ``b"<t>." + payload``) with
    ``STRIPE_WEBHOOK_TOLERANCE``; a timestamp that far in the future is refused too.
    """
    secret = str(settings.STRIPE_WEBHOOK_SECRET or "")
    tolerance = int(settings.STRIPE_WEBHOOK_TOLERANCE)
    if not secret:
        raise WebhookVerificationError("No webhook secret is configured.", reason="malformed")
    if not signature_header:
        raise WebhookVerificationError(
            "The Stripe-Signature header is missing.", reason="malformed"
        )
    timestamp, _signatures = _signature_parts(signature_header)
    try:
        # The check stripe.Webhook.construct_event makes before it parses the body.
        stripe.WebhookSignature.verify_header(payload, signature_header, secret, tolerance)
    except stripe.SignatureVerificationError:
        try:
            stripe.WebhookSignature.verify_header(payload, signature_header, secret, None)
        except stripe.SignatureVerificationError:
            raise WebhookVerificationError(
                "The webhook signature does not match its body.", reason="bad_signature"
            ) from None
        raise WebhookVerificationError(
            f"The webhook timestamp {timestamp} is more than {tolerance} s old.", reason="stale"
        ) from None
    except UnicodeDecodeError:
        raise WebhookVerificationError(
            "The webhook body is not UTF-8.", reason="malformed"
        ) from None
    if timestamp > time.time() + tolerance:
        raise WebhookVerificationError(
            f"The webhook timestamp {timestamp} is more than {tolerance} s ahead.", reason="stale"
        )
    try:
        event = json.loads(payload, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise WebhookVerificationError(
            "The webhook body is not JSON.", reason="malformed"
        ) from None
    problem = webhook_event_shape_problem(event)
    if problem:
        raise WebhookVerificationError(
            f"The webhook body is not a Stripe event: {problem}", reason="malformed"
        )
    return event


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


#: Stripe's ids (``evt_…``, ``pi_…``) are well under this; the columns hold 64.
STRIPE_ID_MAX_LENGTH = 64
_EVENT_TYPE_MAX_LENGTH = 100


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= STRIPE_ID_MAX_LENGTH


def _has_nul(value: Any) -> bool:
    """A NUL character anywhere: PostgreSQL's JSON cannot store it."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def webhook_event_shape_problem(event: Any) -> str:
    """What makes ``event`` unusable as a Stripe event, in a few words; "" when it is usable.

    Checks what the platform reads: ``id`` and ``type``; ``data.object`` an object whose
    ``id`` and ``payment_intent`` (when present) are ids, and whose
    ``last_payment_error`` (when present) is an object with a text ``message``.
    """
    if not isinstance(event, dict):
        return "not an object"
    if not _is_id(event.get("id")):
        return f"id must be text of 1 to {STRIPE_ID_MAX_LENGTH} characters"
    kind = event.get("type")
    if not isinstance(kind, str) or not 0 < len(kind) <= _EVENT_TYPE_MAX_LENGTH:
        return f"type must be text of 1 to {_EVENT_TYPE_MAX_LENGTH} characters"
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        return "data.object must be an object"
    obj = data["object"]
    for key in ("id", "payment_intent"):
        if obj.get(key) is not None and not _is_id(obj[key]):
            return f"data.object.{key} must be text of 1 to {STRIPE_ID_MAX_LENGTH} characters"
    if obj.get("object") is not None and not isinstance(obj["object"], str):
        return "data.object.object must be text"
    error = obj.get("last_payment_error")
    if error is not None and (
        not isinstance(error, dict) or not isinstance(error.get("message", ""), str | None)
    ):
        return "data.object.last_payment_error must be an object with a text message"
    if _has_nul(event):
        return "text must not contain NUL characters"
    return ""


def stripe_js_url() -> str:
    """Where the browser loads Stripe.js from: Stripe's own, or localstripe's fake one."""
    if settings.STRIPE_JS_URL:
        return str(settings.STRIPE_JS_URL)
    base = str(settings.STRIPE_API_BASE).rstrip("/")
    if base.startswith("https://api.stripe.com"):
        return "https://js.stripe.com/v3/"
    return f"{base}/js.stripe.com/v3/"
