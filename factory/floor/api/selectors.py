"""Reads for the factory API: its tokens. Work orders, units and shipments are read
through ``factory.floor.selectors``, like the portal."""

from __future__ import annotations

import hashlib

from factory.floor.api.models import FactoryApiToken
from factory.models import Factory, FactoryMembership, WorkCentre


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


def work_centre_for_stage(*, factory: Factory, stage: str) -> WorkCentre | None:
    """The factory's work centre of that kind, or ``None`` if it has none. One query."""
    return WorkCentre.objects.filter(factory=factory, kind=stage).first()
