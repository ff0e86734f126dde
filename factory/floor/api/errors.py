"""Every refusal of the API as one JSON shape, in the request's language.

``{"code": "...", "detail": "a sentence a person can read"}``, plus ``"fields"`` (field
name -> messages) when the body or the query was invalid. Another factory's objects and
ones that do not exist get the same 404. Nothing is half-saved: each request is one
transaction (``ATOMIC_REQUESTS``), rolled back on any refusal."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback


def _field_messages(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {str(key): _messages(value) for key, value in detail.items()}
    return {"non_field_errors": _messages(detail)}


def _messages(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _messages(inner) for key, inner in value.items()}
    if isinstance(value, list):
        if all(not isinstance(item, (dict, list)) for item in value):
            return [str(item) for item in value]
        return [_messages(item) for item in value]
    return [str(value)]


def error_body(*, code: str, detail: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "detail": str(detail)}
    if fields is not None:
        body["fields"] = fields
    return body


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ObjectDoesNotExist):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, exceptions.NotAuthenticated):
        auth_header = getattr(exc, "auth_header", None)
        exc = exceptions.NotAuthenticated(
            _("Send your factory's API token: Authorization: Bearer <token>.")
        )
        exc.auth_header = auth_header  # type: ignore[attr-defined]
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(
            code="invalid",
            detail=_("Some fields are not valid; see fields."),
            fields=_field_messages(exc.detail),
        )
    elif isinstance(exc, exceptions.NotFound):
        response.data = error_body(code="not_found", detail=_("Not found."))
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail if not isinstance(exc.detail, (list, dict)) else str(exc.detail)
        code = getattr(exc.detail, "code", None) or exc.default_code
        response.data = error_body(code=str(code), detail=str(detail))
    return response


def floor_refusal(*, code: str, message: str, status_code: int) -> Response:
    """A refusal by the floor's services (``FloorError``); the transaction is rolled back."""
    set_rollback()
    return Response(error_body(code=code, detail=message), status=status_code)


CONFLICT = status.HTTP_409_CONFLICT
