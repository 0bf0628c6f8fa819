"""The two monitoring event tables: one writer each, and one declared payload per event type."""

import datetime as dt
from typing import Any

from netral.core import timeline
from netral.core.events import EventTypes, NoDetails, Payload
from netral.monitoring.models import AccountEvent, Finding, FindingEvent, WatchedAccount


class Flagged(Payload):
    score: float
    model_version: str


class Confirmed(Payload):
    note: str


class Dismissed(Payload):
    reason: str
    was: str


class Promoted(Payload):
    case: str
    sha256: str


class BundleDownloaded(Payload):
    bundle_sha256: str


class CaptureRequested(Payload):
    url: str


class Captured(Payload):
    warc_sha256: str
    screenshot_sha256: str


class CaptureFailed(Payload):
    reason: str
    detail: str


class LinkDecided(Payload):
    civil_servant: str
    score: float | None = None


FINDING_EVENTS = EventTypes(
    {
        FindingEvent.Type.FLAGGED: Flagged,
        FindingEvent.Type.CONFIRMED: Confirmed,
        FindingEvent.Type.DISMISSED: Dismissed,
        FindingEvent.Type.PROMOTED: Promoted,
        FindingEvent.Type.BUNDLE_DOWNLOADED: BundleDownloaded,
        FindingEvent.Type.CAPTURE_REQUESTED: CaptureRequested,
        FindingEvent.Type.CAPTURED: Captured,
        FindingEvent.Type.CAPTURE_FAILED: CaptureFailed,
    }
)
ACCOUNT_EVENTS = EventTypes(
    {
        AccountEvent.Type.ADDED: NoDetails,
        AccountEvent.Type.LINK_CONFIRMED: LinkDecided,
        AccountEvent.Type.LINK_REJECTED: LinkDecided,
    }
)


def record_finding_event(
    finding: Finding, type: str, *, by: Any, now: dt.datetime, **payload: Any
) -> FindingEvent:
    """Appends to the finding's keyed chain (its evidence downloads are reads worth proving)."""
    data = FINDING_EVENTS.check(type, timeline.jsonable(payload))
    event = FindingEvent(finding=finding, type=type, actor=by, at=now, payload=data)
    event.append()
    return event


def record_account_event(
    account: WatchedAccount, type: str, *, by: Any, now: dt.datetime, **payload: Any
) -> AccountEvent:
    data = ACCOUNT_EVENTS.check(type, timeline.jsonable(payload))
    return AccountEvent.objects.create(account=account, type=type, actor=by, at=now, payload=data)
