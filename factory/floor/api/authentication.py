"""Token authentication for the factory API: ``Authorization: Bearer <token>``.

The token names a factory; the request acts in the name of the manager who issued it
(``request.user``), and ``request.auth`` is the token row (``request.auth.factory`` is
the factory every read and write is confined to)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from factory.floor.api.models import FactoryApiToken
from factory.floor.api.selectors import api_token_authenticate
from factory.floor.api.services import api_token_used

KEYWORD = "Bearer"


class FactoryTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, FactoryApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Bearer <token>.")
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = api_token_authenticate(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid: it was rotated, or never issued.")
            )
        api_token_used(token=token)
        return token.created_by, token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="factory-api"'


class FactoryTokenRequired(permissions.BasePermission):
    """Only a request with a factory's token passes (a signed-in session does not)."""

    message = _("Send your factory's API token: Authorization: Bearer <token>.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, FactoryApiToken)


class FactoryTokenScheme(OpenApiAuthenticationExtension):
    target_class = "factory.floor.api.authentication.FactoryTokenAuthentication"
    name = "factoryToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A factory's API token, issued by a factory manager on the "
            "portal's API token page. Send it as `Authorization: Bearer <token>`.",
        }
