"""Every write of insights: the event of a download or a generated report, and the monthly
snapshot (in snapshots.py, which this module re-exports)."""

import datetime as dt
from typing import Any

from netral.accounts.models import User
from netral.insights import events
from netral.insights.models import InsightEvent


def record(type: str, *, by: User | None, now: dt.datetime, **payload: Any) -> InsightEvent:
    """Appends one evaluation event, its payload checked against its declaration."""
    checked = events.INSIGHT_EVENTS.check(type, payload)
    return InsightEvent.objects.create(type=type, actor=by, at=now, payload=checked)


def record_download(
    *, by: User | None, table: str, format: str, scope: dict[str, str], rows: int, now: dt.datetime
) -> InsightEvent:
    return record(
        InsightEvent.Type.EXPORT_DOWNLOADED,
        by=by,
        now=now,
        table=table,
        format=format,
        scope=scope,
        rows=rows,
    )
