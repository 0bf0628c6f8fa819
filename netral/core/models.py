"""Base model mixins shared by every app. Core has no domain models of its own, only the
append-only base every event table stands on and the published timeline digests."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


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
    """An event row: what happened (`type`, choices set by the subclass), who, when, details."""

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
