"""Background entry points of insights: the monthly compliance snapshot and the stored figures."""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from netral.insights import services, snapshots


@task()
def compute_monthly_snapshot(*, month: str = "") -> int:
    """Snapshots the given month (YYYY-MM-DD, any day of it), or the month that just ended.

    Schedule it early each month (docs/insights.md); rerunning a month replaces its rows."""
    now = timezone.now()
    if month:
        day = dt.date.fromisoformat(month)
    else:
        day = timezone.localdate(now).replace(day=1) - dt.timedelta(days=1)
    return snapshots.compute_month(day, now=now)


@task()
def refresh_figures() -> int:
    """Recounts the stored dashboard and public figures (decision 0100); schedule it every
    hour or so (docs/insights.md): pages show the moment their figures were counted."""
    return services.refresh_figures(now=timezone.now())
