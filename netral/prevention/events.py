"""The campaign event table: one writer, and each event type declared
once (value, label, payload; the model's choices are read from it)."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from netral.core import timeline
from netral.core.events import EventTypes, NoDetails, Payload

if TYPE_CHECKING:
    from netral.prevention.models import Campaign, CampaignEvent
    from netral.registry.models import CivilServant


class Opened(Payload):
    election: str
    agency: str
    text_version: int


class TextRevised(Payload):
    text_version: int
    text_sha256: str


class CodesIssued(Payload):
    unit: str
    count: int


class SignedOnline(Payload):
    civil_servant: str
    text_version: int
    accounts: int = 0


class PaperListRecorded(Payload):
    paper_list: str
    sha256: str
    signed: int
    already_signed: int


class Reminded(Payload):
    units: list[str]
    recipients: int


class StageNoticeSent(Payload):
    stage: str
    recipients: int


class ModuleAttempted(Payload):
    civil_servant: str
    module: str
    module_version: int
    score: int
    total: int
    passed: bool
    kind: str = "post"


class BriefingCreated(Payload):
    briefing: str
    kind: str
    title: str
    starts_at: str


class AttendanceListed(Payload):
    briefing: str
    sha256: str
    recorded: int
    already_recorded: int


class CheckedIn(Payload):
    briefing: str
    civil_servant: str


class CheckInClosed(Payload):
    briefing: str


class AddressesListed(Payload):
    sha256: str
    listed: int


class CodeEmailsRequested(Payload):
    unit: str
    with_address: int
    without_address: int
    reissue: bool


class MaterialAttached(Payload):
    briefing: str
    material: str
    name: str
    sha256: str
    size: int
    public: bool


class CodesEmailed(Payload):
    sent: int
    skipped: int
    failed: int


CAMPAIGN_EVENTS = EventTypes(
    OPENED=("opened", _("Campaign opened"), Opened),
    TEXT_REVISED=("text_revised", _("Pledge text revised"), TextRevised),
    CODES_ISSUED=("codes_issued", _("Signing codes issued"), CodesIssued),
    SIGNED_ONLINE=("signed_online", _("Signed online"), SignedOnline),
    PAPER_LIST=("paper_list", _("Paper list recorded"), PaperListRecorded),
    REMINDED=("reminded", _("Lagging units reminded"), Reminded),
    STAGE_NOTICE_SENT=("stage_notice_sent", _("Stage guidance sent to runners"), StageNoticeSent),
    MODULE_ATTEMPTED=("module_attempted", _("Learning module quiz taken"), ModuleAttempted),
    CLOSED=("closed", _("Campaign closed"), NoDetails),
    BRIEFING_CREATED=("briefing_created", _("Sosialisasi or Bimtek planned"), BriefingCreated),
    ATTENDANCE_LISTED=("attendance_listed", _("Attendance list uploaded"), AttendanceListed),
    CHECKED_IN=("checked_in", _("Checked in at a sosialisasi or Bimtek"), CheckedIn),
    CHECK_IN_CLOSED=("check_in_closed", _("Check-in closed"), CheckInClosed),
    ADDRESSES_LISTED=("addresses_listed", _("Staff e-mail addresses listed"), AddressesListed),
    CODE_EMAILS_REQUESTED=(
        "code_emails_requested",
        _("Signing codes requested by e-mail"),
        CodeEmailsRequested,
    ),
    CODES_EMAILED=("codes_emailed", _("Signing codes e-mailed"), CodesEmailed),
    MATERIAL_ATTACHED=(
        "material_attached",
        _("Material attached to a sosialisasi or Bimtek"),
        MaterialAttached,
    ),
)


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
