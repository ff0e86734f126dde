"""Reads for the factory API: tokens, and the work orders as the API lists them."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from factory.floor.api.models import FactoryApiToken
from factory.models import Factory, FactoryMembership, WorkOrder
from orders.models import ProductionUnit


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_authenticate(*, key: str) -> FactoryApiToken | None:
    """The live token whose hash matches ``key``, with its factory and issuer; ``None``
    when there is none, or when its issuer is no longer an active manager of the factory
    (a token acts in its issuer's name, so it lapses with their role). Two queries."""
    token = (
        FactoryApiToken.objects.select_related("factory", "created_by")
        .filter(key_hash=api_token_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.created_by.is_active:
        return None
    still_manager = FactoryMembership.objects.filter(
        user=token.created_by, factory=token.factory, role=FactoryMembership.Role.MANAGER
    ).exists()
    return token if still_manager else None


def api_token_live(*, factory: Factory) -> FactoryApiToken | None:
    """The factory's live token (its prefix, issuer and dates; never the token)."""
    return (
        FactoryApiToken.objects.select_related("created_by")
        .filter(factory=factory, revoked_at__isnull=True)
        .first()
    )


def factory_memberships_for_user(*, user: Any) -> list[FactoryMembership]:
    """The factories ``user`` works for, with their role; none for anyone signed out."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return list(
        FactoryMembership.objects.select_related("factory")
        .filter(user=user)
        .order_by("factory__code")
    )


# --- Work orders, as the API shows them ---------------------------------------------


def work_orders_for_api(
    *,
    factory: Factory,
    released_from: date | None = None,
    released_to: date | None = None,
) -> QuerySet[WorkOrder]:
    """The factory's work orders, newest first, each with ``unit_count`` and its fabric:
    one query for any number of rows (plus one to count them for a page)."""
    orders = WorkOrder.objects.filter(factory=factory)
    tz = factory.tzinfo
    if released_from is not None:
        orders = orders.filter(
            released_at__gte=datetime.combine(released_from, time.min, tzinfo=tz)
        )
    if released_to is not None:
        end = datetime.combine(released_to + timedelta(days=1), time.min, tzinfo=tz)
        orders = orders.filter(released_at__lt=end)
    return (
        orders.select_related("fabric")
        .annotate(unit_count=Count("units", distinct=True))
        .order_by("-released_at", "-pk")
    )


def work_order_for_api(*, factory: Factory, work_order_id: int) -> WorkOrder:
    """One of the factory's work orders with its units (``api_units``, in code order);
    ``WorkOrder.DoesNotExist`` for another factory's or none. Two queries."""
    return (
        work_orders_for_api(factory=factory)
        .prefetch_related(
            Prefetch("units", queryset=ProductionUnit.objects.order_by("code"), to_attr="api_units")
        )
        .get(pk=work_order_id)
    )
