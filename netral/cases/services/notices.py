"""Reading one's notices."""

import datetime as dt

from django.db import transaction

from netral.accounts.models import User
from netral.cases.models import Notification


@transaction.atomic
def mark_notifications_read(
    *, user: User, now: dt.datetime, public_ids: list[str] | None = None
) -> int:
    """Marks the user's own notices read (all of them when no ids are given)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if public_ids is not None:
        unread = unread.filter(public_id__in=public_ids)
    return unread.update(read_at=now)
