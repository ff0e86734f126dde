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

from factory.floor.api import selectors, services
from factory.models import Factory, FactoryMembership

TEMPLATE = "floor_api/token.html"


def _managed_factory(request: HttpRequest) -> Factory:
    """The factory the signed-in user manages; 403 for anyone else (an operator, a
    customer, staff who are no factory's manager)."""
    for membership in selectors.factory_memberships_for_user(user=request.user):
        if membership.role == FactoryMembership.Role.MANAGER:
            return membership.factory
    raise PermissionDenied


class ApiTokenPage(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        factory = _managed_factory(request)
        context = {"factory": factory, "token": selectors.api_token_live(factory=factory)}
        return render(request, TEMPLATE, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        factory = _managed_factory(request)
        try:
            token, key = services.api_token_rotate(factory=factory, user=request.user)
        except services.TokenRefused:
            raise PermissionDenied from None
        response = render(request, TEMPLATE, {"factory": factory, "token": token, "key": key})
        add_never_cache_headers(response)
        return response
