"""The two monitoring event tables: one writer each, and each event type declared
once (value, label, payload; the models' choices are read from it)."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netral.core import timeline
from netral.core.events import EventTypes, NoDetails, Payload

if TYPE_CHECKING:
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
    FLAGGED=("flagged", _("Flagged by the detector"), Flagged),
    CONFIRMED=("confirmed", _("Confirmed"), Confirmed),
    DISMISSED=("dismissed", pgettext_lazy("finding", "Dismissed"), Dismissed),
    PROMOTED=("promoted", _("Promoted to a case"), Promoted),
    BUNDLE_DOWNLOADED=("bundle_downloaded", _("Evidence bundle downloaded"), BundleDownloaded),
    CAPTURE_REQUESTED=("capture_requested", _("Page capture requested"), CaptureRequested),
    CAPTURED=("captured", _("Page captured"), Captured),
    CAPTURE_FAILED=("capture_failed", _("Page capture failed"), CaptureFailed),
)
ACCOUNT_EVENTS = EventTypes(
    ADDED=("added", _("Account added"), NoDetails),
    LINK_CONFIRMED=("link_confirmed", _("Link to a civil servant confirmed"), LinkDecided),
    LINK_REJECTED=("link_rejected", _("Link suggestion rejected"), LinkDecided),
)


def record_finding_event(
    finding: "Finding", type: str, *, by: Any, now: dt.datetime, **payload: Any
) -> "FindingEvent":
    """Appends to the finding's keyed chain (its evidence downloads are reads worth proving)."""
    from netral.monitoring.models import FindingEvent

    data = FINDING_EVENTS.check(type, timeline.jsonable(payload))
    event = FindingEvent(finding=finding, type=type, actor=by, at=now, payload=data)
    event.append()
    return event


def record_account_event(
    account: "WatchedAccount", type: str, *, by: Any, now: dt.datetime, **payload: Any
) -> "AccountEvent":
    from netral.monitoring.models import AccountEvent

    data = ACCOUNT_EVENTS.check(type, timeline.jsonable(payload))
    return AccountEvent.objects.create(account=account, type=type, actor=by, at=now, payload=data)
