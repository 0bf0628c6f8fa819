"""The two monitoring event tables: one writer each, and each event type declared once, on its
payload (name and label; the models' choices are read from it)."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netral.core import timeline
from netral.core.events import EventTypes, NoDetails, Payload

if TYPE_CHECKING:
    from netral.monitoring.models import AccountEvent, Finding, FindingEvent, WatchedAccount


FINDING_EVENTS = EventTypes()
ACCOUNT_EVENTS = EventTypes()


@FINDING_EVENTS.declare(FLAGGED=_("Flagged by the detector"))
class Flagged(Payload):
    score: float
    model_version: str


@FINDING_EVENTS.declare(CONFIRMED=_("Confirmed"))
class Confirmed(Payload):
    note: str


@FINDING_EVENTS.declare(DISMISSED=pgettext_lazy("finding", "Dismissed"))
class Dismissed(Payload):
    reason: str
    was: str

    def headline(self) -> str:
        return f"“{self.reason}”"


@FINDING_EVENTS.declare(PROMOTED=_("Promoted to a case"))
class Promoted(Payload):
    case: str
    sha256: str

    def headline(self) -> str:
        return self.case


@FINDING_EVENTS.declare(BUNDLE_DOWNLOADED=_("Evidence bundle downloaded"))
class BundleDownloaded(Payload):
    bundle_sha256: str


@FINDING_EVENTS.declare(CAPTURE_REQUESTED=_("Page capture requested"))
class CaptureRequested(Payload):
    url: str


@FINDING_EVENTS.declare(CAPTURED=_("Page captured"))
class Captured(Payload):
    warc_sha256: str
    screenshot_sha256: str


@FINDING_EVENTS.declare(CAPTURE_FAILED=_("Page capture failed"))
class CaptureFailed(Payload):
    reason: str
    detail: str

    def headline(self) -> str:
        return f"“{self.reason}”"


ACCOUNT_EVENTS.add(NoDetails, ADDED=_("Account added"))


@ACCOUNT_EVENTS.declare(
    LINK_CONFIRMED=_("Link to a civil servant confirmed"),
    LINK_REJECTED=_("Link suggestion rejected"),
)
class LinkDecided(Payload):
    civil_servant: str
    score: float | None = None


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
