"""The campaign event table: one writer, and each event type declared once, on its payload
(name and label; the model's choices are read from it)."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from netral.core import timeline
from netral.core.events import EventTypes, NoDetails, Payload

if TYPE_CHECKING:
    from netral.prevention.models import Campaign, CampaignEvent
    from netral.registry.models import CivilServant


CAMPAIGN_EVENTS = EventTypes()


@CAMPAIGN_EVENTS.declare(OPENED=_("Campaign opened"))
class Opened(Payload):
    election: str
    agency: str
    text_version: int


@CAMPAIGN_EVENTS.declare(TEXT_REVISED=_("Pledge text revised"))
class TextRevised(Payload):
    text_version: int
    text_sha256: str


@CAMPAIGN_EVENTS.declare(CODES_ISSUED=_("Signing codes issued"))
class CodesIssued(Payload):
    unit: str
    count: int


@CAMPAIGN_EVENTS.declare(SIGNED_ONLINE=_("Signed online"))
class SignedOnline(Payload):
    civil_servant: str
    text_version: int
    accounts: int = 0


@CAMPAIGN_EVENTS.declare(PAPER_LIST=_("Paper list recorded"))
class PaperListRecorded(Payload):
    paper_list: str
    sha256: str
    signed: int
    already_signed: int


@CAMPAIGN_EVENTS.declare(REMINDED=_("Lagging units reminded"))
class Reminded(Payload):
    units: list[str]
    recipients: int


@CAMPAIGN_EVENTS.declare(STAGE_NOTICE_SENT=_("Stage guidance sent to runners"))
class StageNoticeSent(Payload):
    stage: str
    recipients: int


@CAMPAIGN_EVENTS.declare(MODULE_ATTEMPTED=_("Learning module quiz taken"))
class ModuleAttempted(Payload):
    civil_servant: str
    module: str
    module_version: int
    score: int
    total: int
    passed: bool


CAMPAIGN_EVENTS.add(NoDetails, CLOSED=_("Campaign closed"))


@CAMPAIGN_EVENTS.declare(BRIEFING_CREATED=_("Sosialisasi or Bimtek planned"))
class BriefingCreated(Payload):
    briefing: str
    kind: str
    title: str
    starts_at: str


@CAMPAIGN_EVENTS.declare(ATTENDANCE_LISTED=_("Attendance list uploaded"))
class AttendanceListed(Payload):
    briefing: str
    sha256: str
    recorded: int
    already_recorded: int


@CAMPAIGN_EVENTS.declare(CHECKED_IN=_("Checked in at a sosialisasi or Bimtek"))
class CheckedIn(Payload):
    briefing: str
    civil_servant: str


@CAMPAIGN_EVENTS.declare(CHECK_IN_CLOSED=_("Check-in closed"))
class CheckInClosed(Payload):
    briefing: str


def record_campaign_event(
    campaign: "Campaign", type: str, *, by: Any, now: dt.datetime, **payload: Any
) -> "CampaignEvent":
    from netral.prevention.models import CampaignEvent

    data = CAMPAIGN_EVENTS.check(type, timeline.jsonable(payload))
    return CampaignEvent.objects.create(
        campaign=campaign, type=type, actor=by, at=now, payload=data
    )


def record_asn_event(
    campaign: "Campaign", type: str, person: "CivilServant", *, now: dt.datetime, **payload: Any
) -> "CampaignEvent":
    """An event the civil servant caused themselves (signing, a quiz): no staff actor."""
    return record_campaign_event(
        campaign, type, by=None, now=now, civil_servant=str(person.public_id), **payload
    )
