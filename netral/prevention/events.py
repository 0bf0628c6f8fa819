"""The campaign event table: one writer, and each event type declared once, on its payload
(name and label; the model's choices are read from it)."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from netral.core import timeline
from netral.core.events import EventTypes, NoDetails, Payload
from netral.core.text import grouped_digits

if TYPE_CHECKING:
    from netral.prevention.models import Campaign, CampaignEvent
    from netral.registry.models import CivilServant


CAMPAIGN_EVENTS = EventTypes()


@CAMPAIGN_EVENTS.declare(OPENED=_("Campaign opened"))
class Opened(Payload):
    election: str
    agency: str
    text_version: int

    def headline(self) -> str:
        return f"{self.agency} · {self.election}"


@CAMPAIGN_EVENTS.declare(TEXT_REVISED=_("Pledge text revised"))
class TextRevised(Payload):
    text_version: int
    text_sha256: str

    def headline(self) -> str:
        return gettext("Version %(version)s") % {"version": self.text_version}


@CAMPAIGN_EVENTS.declare(CODES_ISSUED=_("Signing codes issued"))
class CodesIssued(Payload):
    unit: str
    count: int

    def headline(self) -> str:
        codes = ngettext("%(count)s code", "%(count)s codes", self.count)
        return f"{_unit(self.unit)}: {codes % {'count': grouped_digits(self.count)}}"


@CAMPAIGN_EVENTS.declare(SIGNED_ONLINE=_("Signed online"))
class SignedOnline(Payload):
    civil_servant: str
    text_version: int
    accounts: int = 0


@CAMPAIGN_EVENTS.declare(PAPER_LIST=_("Paper list recorded"))
class PaperListRecorded(Payload):
    """`signed`: the signatures the list added; `already_signed`: people on it who had signed
    before (online, or on an earlier list), whose first signature stands."""

    paper_list: str
    sha256: str
    signed: int
    already_signed: int

    def headline(self) -> str:
        return _recorded(self.signed, self.already_signed)


@CAMPAIGN_EVENTS.declare(REMINDED=_("Lagging units reminded"))
class Reminded(Payload):
    units: list[str]
    recipients: int

    def headline(self) -> str:
        units = ngettext("%(count)s unit", "%(count)s units", len(self.units))
        units = units % {"count": grouped_digits(len(self.units))}
        return f"{units} · {_recipients(self.recipients)}"


@CAMPAIGN_EVENTS.declare(STAGE_NOTICE_SENT=_("Stage guidance sent to runners"))
class StageNoticeSent(Payload):
    stage: str
    recipients: int

    def headline(self) -> str:
        return _recipients(self.recipients)


@CAMPAIGN_EVENTS.declare(MODULE_ATTEMPTED=_("Learning module quiz taken"))
class ModuleAttempted(Payload):
    civil_servant: str
    module: str
    module_version: int
    score: int
    total: int
    passed: bool
    kind: str = "post"


CAMPAIGN_EVENTS.add(NoDetails, CLOSED=_("Campaign closed"))


@CAMPAIGN_EVENTS.declare(BRIEFING_CREATED=_("Sosialisasi or Bimtek planned"))
class BriefingCreated(Payload):
    briefing: str
    kind: str
    title: str
    starts_at: str

    def headline(self) -> str:
        return self.title


@CAMPAIGN_EVENTS.declare(ATTENDANCE_LISTED=_("Attendance list uploaded"))
class AttendanceListed(Payload):
    briefing: str
    sha256: str
    recorded: int
    already_recorded: int

    def headline(self) -> str:
        return _recorded(self.recorded, self.already_recorded)


@CAMPAIGN_EVENTS.declare(CHECKED_IN=_("Checked in at a sosialisasi or Bimtek"))
class CheckedIn(Payload):
    briefing: str
    civil_servant: str


@CAMPAIGN_EVENTS.declare(CHECK_IN_CLOSED=_("Check-in closed"))
class CheckInClosed(Payload):
    briefing: str


@CAMPAIGN_EVENTS.declare(ADDRESSES_LISTED=_("Staff e-mail addresses listed"))
class AddressesListed(Payload):
    sha256: str
    listed: int

    def headline(self) -> str:
        listed = ngettext("%(count)s address", "%(count)s addresses", self.listed)
        return listed % {"count": grouped_digits(self.listed)}


@CAMPAIGN_EVENTS.declare(CODE_EMAILS_REQUESTED=_("Signing codes requested by e-mail"))
class CodeEmailsRequested(Payload):
    unit: str
    with_address: int
    without_address: int
    reissue: bool

    def headline(self) -> str:
        counts = gettext("%(with)s with an address, %(without)s without") % {
            "with": grouped_digits(self.with_address),
            "without": grouped_digits(self.without_address),
        }
        return f"{_unit(self.unit)}: {counts}"


@CAMPAIGN_EVENTS.declare(CODES_EMAILED=_("Signing codes e-mailed"))
class CodesEmailed(Payload):
    sent: int
    skipped: int
    failed: int

    def headline(self) -> str:
        return gettext("%(sent)s sent, %(skipped)s skipped, %(failed)s failed") % {
            "sent": grouped_digits(self.sent),
            "skipped": grouped_digits(self.skipped),
            "failed": grouped_digits(self.failed),
        }


@CAMPAIGN_EVENTS.declare(MATERIAL_ATTACHED=_("Material attached to a sosialisasi or Bimtek"))
class MaterialAttached(Payload):
    briefing: str
    material: str
    name: str
    sha256: str
    size: int
    public: bool

    def headline(self) -> str:
        return self.name


def _unit(unit: str) -> str:
    """A unit as the events name it; "*" is the whole agency, "" the staff without a unit."""
    if unit == "*":
        return gettext("the whole agency")
    return unit or gettext("(no unit)")


def _recipients(count: int) -> str:
    recipients = ngettext("%(count)s recipient", "%(count)s recipients", count)
    return recipients % {"count": grouped_digits(count)}


def _recorded(new: int, before: int) -> str:
    """A list's result: how many it recorded, and how many had been recorded before."""
    return gettext("%(new)s recorded, %(before)s already recorded") % {
        "new": grouped_digits(new),
        "before": grouped_digits(before),
    }


def record_campaign_event(
    campaign: "Campaign", type: str, *, by: Any, now: dt.datetime, **payload: Any
) -> "CampaignEvent":
    from netral.prevention.models import CampaignEvent

    data = CAMPAIGN_EVENTS.check(type, timeline.jsonable(payload))
    return CampaignEvent.objects.create(
        campaign=campaign, type=type, actor=by, at=now, payload=data
    )


# Events a civil servant causes (signing, a quiz, a check-in: the payloads that name one):
# counted on the campaign page, not listed in its history of what the organisers and the
# platform did.
ASN_TYPES = frozenset(
    value
    for value, _label, payload in CAMPAIGN_EVENTS.kinds.values()
    if "civil_servant" in payload.model_fields
)


def record_asn_event(
    campaign: "Campaign", type: str, person: "CivilServant", *, now: dt.datetime, **payload: Any
) -> "CampaignEvent":
    """An event the civil servant caused themselves (signing, a quiz): no staff actor."""
    return record_campaign_event(
        campaign, type, by=None, now=now, civil_servant=str(person.public_id), **payload
    )
