"""Base model mixins shared by every app, the append-only base every event table stands on, the
published timeline digests, and two infrastructure tables (rate counters, worker heartbeats).
Core has no domain models of its own."""

import uuid
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from netral.core.events import EventTypes


def optional_reference[M: models.Model](
    to: type[M], verbose_name: "StrOrPromise", *, related_name: str | None = None, **options: Any
) -> "models.ForeignKey[M | None, M | None]":
    """A reference a row may lack, which keeps what it points to from being deleted
    (`null`, `blank`, `PROTECT`): an agency, a region, an election a case or report names."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
        **options,
    )


class TimeStampedModel(models.Model):
    """Creation and last-change moments, kept by the database layer."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(TypeError, ValueError):
    """An event row was about to be changed or removed through the application."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Refuses bulk updates and deletes. Raw SQL is not caught here: the keyed hash chain
    (`netral verify-timeline`) detects it instead."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")


class AppendOnly(models.Model):
    """The one base of every event table: rows are written once, never changed or deleted.

    Save refuses an existing row, delete refuses always, and the default manager's queryset
    refuses `update()` and `delete()`. (Django's own cascades and SET_NULL bypass both, as they
    bypass every model method; the chain catches what they change in a chained column.)
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")


class AppendOnlyEvent(AppendOnly):
    """An event row: what happened (`type`, choices set by the subclass from its declared
    `event_types`), who, when, details."""

    event_types: ClassVar["EventTypes"]

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

    @property
    def headline(self) -> str:
        """What the event says beyond its type, in one line (its declared payload's)."""
        return self.event_types.headline(self.type, self.payload)


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


class TimelineDigest(AppendOnly):
    """A signed record of every timeline's head at one moment (`netral publish-timeline-digest`).

    Kept here for download, but its worth is in the copies held outside the database: an auditor
    who keeps one can later prove that no history before it was rewritten.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    published_at = models.DateTimeField(_("published at"), db_index=True)
    root = models.CharField(_("root"), max_length=64)
    signature = models.CharField(_("signature"), max_length=128)
    public_key = models.CharField(_("public key"), max_length=64)
    document = models.JSONField()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("timeline digest")
        verbose_name_plural = _("timeline digests")

    def __str__(self) -> str:
        return f"{self.published_at:%Y-%m-%d %H:%M} {self.root[:16]}"

    def as_file(self) -> dict[str, Any]:
        """What `netral verify-timeline --against` reads."""
        return {
            "document": self.document,
            "root": self.root,
            "signature": self.signature,
            "public_key": self.public_key,
        }

    def counts(self) -> dict[str, tuple[int, int]]:
        """Per chain: how many timelines, how many events they anchor."""
        return {
            name: (len(heads), sum(count for _scope, count, _head in heads))
            for name, heads in self.document.get("chains", {}).items()
        }
