"""Tokens for partner systems: one organisation, some scopes, an expiry; only a hash is kept."""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_token(raw: str) -> str:
    """SHA-256 is enough: tokens are 32 random bytes, not passwords a person chose."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A partner system acting for one organisation through the JSON API.

    `cases:read` lets it see what its organisation sees; `cases:act` lets it act as an officer.
    """

    class Scope(models.TextChoices):
        READ = "cases:read", _("Read cases")
        ACT = "cases:act", _("Act on cases")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def label(self) -> str:
        return f"API: {self.name}"
