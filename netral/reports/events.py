"""One function writes every report event, so each has a type, an actor, a time and a payload."""

import datetime as dt
from typing import Any

from netral.accounts.models import Organisation, User
from netral.core import timeline
from netral.reports.models import Report, ReportEvent


def record(
    *,
    report: Report,
    type: str,
    now: dt.datetime,
    actor: User | None = None,
    organisation: Organisation | None = None,
    payload: dict[str, Any] | None = None,
) -> ReportEvent:
    """Appends one event to the report's chain; called only from services, in their transaction."""
    event = ReportEvent(
        report=report,
        type=type,
        actor=actor,
        organisation=organisation,
        created_at=now,
        payload=timeline.jsonable(payload or {}),
    )
    event.append()
    return event
