"""The campaign event table: one writer, and one declared payload per event type."""

import datetime as dt
from typing import Any

from netral.core import timeline
from netral.core.events import EventTypes, NoDetails, Payload
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


class ModuleAttempted(Payload):
    civil_servant: str
    module: str
    module_version: int
    score: int
    total: int
    passed: bool


CAMPAIGN_EVENTS = EventTypes(
    {
        CampaignEvent.Type.OPENED: Opened,
        CampaignEvent.Type.TEXT_REVISED: TextRevised,
        CampaignEvent.Type.CODES_ISSUED: CodesIssued,
        CampaignEvent.Type.SIGNED_ONLINE: SignedOnline,
        CampaignEvent.Type.PAPER_LIST: PaperListRecorded,
        CampaignEvent.Type.REMINDED: Reminded,
        CampaignEvent.Type.MODULE_ATTEMPTED: ModuleAttempted,
        CampaignEvent.Type.CLOSED: NoDetails,
    }
)


def record_campaign_event(
    campaign: Campaign, type: str, *, by: Any, now: dt.datetime, **payload: Any
) -> CampaignEvent:
    data = CAMPAIGN_EVENTS.check(type, timeline.jsonable(payload))
    return CampaignEvent.objects.create(
        campaign=campaign, type=type, actor=by, at=now, payload=data
    )


def record_asn_event(
    campaign: Campaign, type: str, person: CivilServant, *, now: dt.datetime, **payload: Any
) -> CampaignEvent:
    """An event the civil servant caused themselves (signing, a quiz): no staff actor."""
    return record_campaign_event(
        campaign, type, by=None, now=now, civil_servant=str(person.public_id), **payload
    )
