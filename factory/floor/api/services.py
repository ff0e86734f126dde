"""Writes for the factory API: issuing (rotating) a factory's token."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from factory.floor.api.models import FactoryApiToken
from factory.floor.api.selectors import api_token_hash
from factory.models import Factory, FactoryMembership

TOKEN_PREFIX = "c2mf_"


class TokenRefused(Exception):
    """The user may not issue a token for this factory; nothing was changed."""


def api_token_rotate(*, factory: Factory, user: Any) -> tuple[FactoryApiToken, str]:
    """Revoke the factory's live token (if any) and issue a new one in ``user``'s name.

    Returns the new row and the token itself, which is stored nowhere and can be shown
    only now. Only a manager of the factory may do it (``TokenRefused`` otherwise).
    Rotations of one factory are serialised by a lock on the factory row."""
    is_manager = FactoryMembership.objects.filter(
        user=user, factory=factory, role=FactoryMembership.Role.MANAGER
    ).exists()
    if not (user.is_authenticated and user.is_active and is_manager):
        raise TokenRefused
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        Factory.objects.select_for_update().filter(pk=factory.pk).first()
        FactoryApiToken.objects.filter(factory=factory, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token = FactoryApiToken.objects.create(
            factory=factory, prefix=key[:12], key_hash=api_token_hash(key), created_by=user
        )
    return token, key


def api_token_used(*, token: FactoryApiToken) -> None:
    """Note when the token was last used, at most once a minute (one write at most)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        FactoryApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
