"""One function writes every report event, so each has a type, an actor, a time and a payload
of the shape its type declares here."""

import datetime as dt
from typing import Any

from netral.accounts.models import Organisation, User
from netral.core import timeline
from netral.core.events import EventTypes, Payload
from netral.reports.models import Report, ReportEvent

T = ReportEvent.Type


class Window(Payload):
    """When a formal report's reporting window closes, and why (set once identity is known)."""

    last_day: str
    legal_basis: str


class Submitted(Payload):
    track: str
    channel: str
    files: int
    last_day: str = ""
    legal_basis: str = ""


class OtherReport(Payload):
    code: str
    reasons: list[str]


class DuplicateSuspected(Payload):
    others: list[OtherReport]


class Message(Payload):
    message: int
    files: int = 0


class Emailed(Payload):
    key: str


class MarkedDuplicate(Payload):
    original: str


class Rejected(Payload):
    reason: str


class Accepted(Payload):
    track: str
    case: str


class IdentityRead(Payload):
    fields: list[str]


class EvidenceDownloaded(Payload):
    evidence: str
    sha256: str


class Assigned(Payload):
    assignee: int
    name: str


class Forwarded(Payload):
    to: int
    to_name: str
    reason: str


REPORT_EVENTS = EventTypes(
    {
        T.SUBMITTED: Submitted,
        T.DUPLICATE_SUSPECTED: DuplicateSuspected,
        T.INFO_REQUESTED: Message,
        T.REPLY_RECEIVED: Message,
        T.EVIDENCE_ADDED: Message,
        T.IDENTITY_ADDED: Window,
        T.IDENTITY_READ: IdentityRead,
        T.EVIDENCE_DOWNLOADED: EvidenceDownloaded,
        T.MARKED_DUPLICATE: MarkedDuplicate,
        T.REJECTED: Rejected,
        T.ACCEPTED: Accepted,
        T.REPORTER_EMAILED: Emailed,
        T.ASSIGNED: Assigned,
        T.FORWARDED: Forwarded,
    }
)


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
        payload=REPORT_EVENTS.check(type, timeline.jsonable(payload or {})),
    )
    event.append()
    return event
