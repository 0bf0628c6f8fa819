"""Permission decisions of core: who may read the published timeline digests. Deny by default."""

from typing import Any

from django.db.models import QuerySet

from netral.core.models import TimelineDigest


def can_read_digests(user: Any) -> bool:
    """Platform administrators (superusers) and whoever they grant the model's view permission:
    digests name every case and report, across every jurisdiction."""
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("core.view_timelinedigest")
    )


def visible_digests(user: Any) -> QuerySet[TimelineDigest]:
    if not can_read_digests(user):
        return TimelineDigest.objects.none()
    return TimelineDigest.objects.all()
