"""One function writes every report event, so each has a type, an actor, a time and a payload
of the shape its type declares here (each `ReportEvent.Type` is declared on its payload)."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from netral.accounts.models import Organisation, User
from netral.core import timeline
from netral.core.events import EventTypes, Payload

if TYPE_CHECKING:
    from netral.reports.models import Report, ReportEvent


REPORT_EVENTS = EventTypes()


@REPORT_EVENTS.declare(SUBMITTED=_("Report received"))
class Submitted(Payload):
    track: str
    channel: str
    files: int
    last_day: str = ""
    legal_basis: str = ""


class OtherReport(Payload):
    code: str
    reasons: list[str]


@REPORT_EVENTS.declare(DUPLICATE_SUSPECTED=_("Possible duplicate found"))
class DuplicateSuspected(Payload):
    others: list[OtherReport]


@REPORT_EVENTS.declare(
    INFO_REQUESTED=_("More information requested"),
    REPLY_RECEIVED=_("Reporter replied"),
    EVIDENCE_ADDED=_("Evidence added"),
)
class Message(Payload):
    message: int
    files: int = 0


@REPORT_EVENTS.declare(IDENTITY_ADDED=_("Became a formal report"))
class Window(Payload):
    """When a formal report's reporting window closes, and why (set once identity is known)."""

    last_day: str
    legal_basis: str


@REPORT_EVENTS.declare(IDENTITY_READ=_("Reporter identity read"))
class IdentityRead(Payload):
    fields: list[str]


@REPORT_EVENTS.declare(
    EVIDENCE_DOWNLOADED=_("Evidence downloaded"),
    EVIDENCE_DAMAGED=_("Evidence image found damaged"),
)
class EvidenceFile(Payload):
    """One evidence file: its original downloaded (from a report's page or a case's: cases
    declares its own type with this payload), or found damaged by the task worker, which could
    not decode it (the file stays as it was sent)."""

    evidence: str
    sha256: str


@REPORT_EVENTS.declare(MARKED_DUPLICATE=_("Merged with another report"))
class MarkedDuplicate(Payload):
    original: str


@REPORT_EVENTS.declare(REJECTED=_("Not followed up"))
class Rejected(Payload):
    reason: str

    def headline(self) -> str:
        return self.reason


@REPORT_EVENTS.declare(ACCEPTED=_("Accepted for handling"))
class Accepted(Payload):
    track: str
    case: str


@REPORT_EVENTS.declare(REPORTER_EMAILED=_("Reporter e-mailed about progress"))
class Emailed(Payload):
    """`key` names what the message was about (`progress:<case code>:<stage shown>` for a case's
    progress), so that each is sent once; where it went is never recorded."""

    key: str


@REPORT_EVENTS.declare(ASSIGNED=_("Assigned to an officer"))
class Assigned(Payload):
    assignee: int
    name: str

    def headline(self) -> str:
        return f"→ {self.name}"


@REPORT_EVENTS.declare(FORWARDED=_("Forwarded to another Bawaslu"))
class Forwarded(Payload):
    to: int
    to_name: str
    reason: str

    def headline(self) -> str:
        return f"→ {self.to_name}: {self.reason}"


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
