"""Base model mixins shared by every app. Core has no domain models of its own."""

from django.db import models


class TimeStampedModel(models.Model):
    """Creation and last-change moments, kept by the database layer."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
