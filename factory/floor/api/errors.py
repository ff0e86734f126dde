"""Every refusal of the API as one JSON shape, in the request's language.

``{"code": "...", "detail": "a sentence a person can read"}``, plus ``"fields"`` (field
name -> messages) when the body or the query was invalid. Another factory's objects and
ones that do not exist get the same 404. Nothing is half-saved: each request is one
transaction (``ATOMIC_REQUESTS``), rolled back on any refusal."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from factory.floor.services import FloorError

#: The answer to each kind of refusal by the floor's services (``FloorError.code``):
#: what does not exist at the token's factory (or is another factory's) is a 404;
#: a move the garment's state does not allow is a conflict.
FLOOR_STATUS = {
    "unknown": status.HTTP_404_NOT_FOUND,
    "invalid": status.HTTP_400_BAD_REQUEST,
    "not_yours": status.HTTP_403_FORBIDDEN,
    "not_allowed": status.HTTP_403_FORBIDDEN,
    "out_of_order": status.HTTP_409_CONFLICT,
    "cancelled": status.HTTP_409_CONFLICT,
}


def _field_messages(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors flattened to ``{"field": [...], "items.3": [...]}``."""
    if not isinstance(detail, dict):
        detail = {"non_field_errors": detail}
    fields: dict[str, list[str]] = {}
    for key, value in detail.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            fields.update(_field_messages(value, prefix=f"{name}."))
        elif isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
            for index, item in enumerate(value):
                if item:
                    fields.update(_field_messages({str(index): item}, prefix=f"{name}."))
        else:
            messages = value if isinstance(value, list) else [value]
            fields[name] = [str(message) for message in messages]
    return fields


def error_body(*, code: str, detail: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "detail": str(detail)}
    if fields is not None:
        body["fields"] = fields
    return body


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, FloorError):
        set_rollback()
        code = FLOOR_STATUS.get(exc.code, status.HTTP_409_CONFLICT)
        return Response(error_body(code=exc.code, detail=exc.message), status=code)
    if isinstance(exc, (ObjectDoesNotExist, Http404)):
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
