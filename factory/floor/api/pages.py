"""The factory portal's API token page: a manager sees whether the factory has a token
and rotates it; the new token is shown once, on the answer to the rotation, and stored
nowhere but as a hash."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views import View

from factory.floor import selectors as floor_selectors
from factory.floor.api import selectors, services
from factory.models import Factory, FactoryMembership

TEMPLATE = "floor_api/token.html"


def _managed_factory(request: HttpRequest) -> Factory:
    """The portal's factory of the signed-in user if they manage it; 403 for anyone else
    (an operator, a customer, staff who are no factory's manager)."""
    factory = floor_selectors.floor_factory_for_user(user=request.user)
    if factory is None:
        raise PermissionDenied
    role = floor_selectors.floor_role(factory=factory, user=request.user)
    if role != FactoryMembership.Role.MANAGER:
        raise PermissionDenied
    return factory


def _portal(factory: Factory) -> dict[str, object]:
    """What the portal's frame (``floor/base.html``) shows."""
    return {"factory": factory, "is_manager": True}


class ApiTokenPage(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        factory = _managed_factory(request)
        token = selectors.api_token_live(factory=factory)
        return render(request, TEMPLATE, {**_portal(factory), "token": token})

    def post(self, request: HttpRequest) -> HttpResponse:
        factory = _managed_factory(request)
        try:
            token, key = services.api_token_rotate(factory=factory, user=request.user)
        except services.TokenRefused:
            raise PermissionDenied from None
        response = render(request, TEMPLATE, {**_portal(factory), "token": token, "key": key})
        add_never_cache_headers(response)
        return response
