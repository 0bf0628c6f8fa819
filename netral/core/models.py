"""Base model mixins shared by every app, and two infrastructure tables (rate counters, worker
heartbeats). Core has no domain models of its own."""

from typing import Any

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Creation and last-change moments, kept by the database layer."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyEvent(models.Model):
    """An event row: what happened (`type`, choices set by the subclass), who, when, details.

    Rows are written once and never changed, so a timeline read later is the one recorded.
    """

    type = models.CharField(max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)


class RateCounter(models.Model):
    """One rate-limit counter: a keyed hash of (limit, client, window), a count, an expiry.

    The key is an HMAC under the site's secret, so the table alone does not reveal who was
    counted; every counter of a limit expires at the same aligned moment, so the expiry reveals
    nothing either. Counters are incremented atomically in SQL (see core/ratelimit.py).
    """

    key = models.CharField(max_length=64, primary_key=True)
    count = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.count}"


class WorkerHeartbeat(models.Model):
    """When each task worker last showed it was alive: `netral check-queue` reads it."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} {self.seen_at:%Y-%m-%d %H:%M:%S}"
