"""One function writes every report event, so each has a type, an actor, a time and a payload
of the shape its type declares here (each `ReportEvent.Type` is one line of `REPORT_EVENTS`)."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from netral.accounts.models import Organisation, User
from netral.core import timeline
from netral.core.events import EventTypes, Payload

if TYPE_CHECKING:
    from netral.reports.models import Report, ReportEvent


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
    SUBMITTED=("submitted", _("Report received"), Submitted),
    DUPLICATE_SUSPECTED=("duplicate_suspected", _("Possible duplicate found"), DuplicateSuspected),
    INFO_REQUESTED=("info_requested", _("More information requested"), Message),
    REPLY_RECEIVED=("reply_received", _("Reporter replied"), Message),
    EVIDENCE_ADDED=("evidence_added", _("Evidence added"), Message),
    IDENTITY_ADDED=("identity_added", _("Became a formal report"), Window),
    IDENTITY_READ=("identity_read", _("Reporter identity read"), IdentityRead),
    EVIDENCE_DOWNLOADED=("evidence_downloaded", _("Evidence downloaded"), EvidenceDownloaded),
    MARKED_DUPLICATE=("marked_duplicate", _("Merged with another report"), MarkedDuplicate),
    REJECTED=("rejected", _("Not followed up"), Rejected),
    ACCEPTED=("accepted", _("Accepted for handling"), Accepted),
    REPORTER_EMAILED=("reporter_emailed", _("Reporter e-mailed about progress"), Emailed),
    ASSIGNED=("assigned", _("Assigned to an officer"), Assigned),
    FORWARDED=("forwarded", _("Forwarded to another Bawaslu"), Forwarded),
)


def record(
    *,
    report: "Report",
    type: str,
    now: dt.datetime,
    actor: User | None = None,
    organisation: Organisation | None = None,
    payload: dict[str, Any] | None = None,
) -> "ReportEvent":
    """Appends one event to the report's chain; called only from services, in their transaction."""
    event = _event(report, type, now, actor, organisation, payload)
    event.append()
    return event


def first(
    *, report: "Report", type: str, now: dt.datetime, payload: dict[str, Any]
) -> "ReportEvent":
    """The first event of a report not saved yet, linked but not saved: the service writes it
    with the report (`core.inserts.insert_together`; see `ChainedEvent.link`)."""
    event = _event(report, type, now, None, None, payload)
    event.link(first=True)
    return event


def _event(
    report: "Report",
    type: str,
    now: dt.datetime,
    actor: User | None,
    organisation: Organisation | None,
    payload: dict[str, Any] | None,
) -> "ReportEvent":
    from netral.reports.models import ReportEvent

    return ReportEvent(
        report=report,
        type=type,
        actor=actor,
        organisation=organisation,
        created_at=now,
        payload=REPORT_EVENTS.check(type, timeline.jsonable(payload or {})),
    )
