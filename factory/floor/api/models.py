"""API tokens: one live token per factory, stored as a hash, shown once when issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FactoryApiToken(models.Model):
    """A token a factory's systems send as ``Authorization: Bearer <token>``.

    Only the SHA-256 of the token is kept (the token itself is 256 random bits, so a
    plain hash is enough); ``prefix`` lets people tell tokens apart. Rotating revokes the
    live token and issues a new one; revoked rows stay as the record of who did what.
    """

    factory = models.ForeignKey(
        "factory.Factory", on_delete=models.CASCADE, related_name="api_tokens"
    )
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ("factory", "-created_at")
        verbose_name = _("factory API token")
        verbose_name_plural = _("factory API tokens")
        constraints = [
            models.UniqueConstraint(
                fields=("factory",),
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_api_token_per_factory",
            )
        ]

    def __str__(self) -> str:
        return f"{self.factory_id}: {self.prefix}…"
