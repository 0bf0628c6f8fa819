"""The transparency event tables' types, each declared once, on its payload (name and label; the
models' choices are read from it), and checked when `services` writes them."""

from django.utils.translation import gettext_lazy as _

from netral.core.events import EventTypes, NoDetails, Payload

ANNOUNCEMENT_EVENTS = EventTypes()
RECOMMENDATION_EVENTS = EventTypes()


@ANNOUNCEMENT_EVENTS.declare(PUBLISHED=_("Published"))
class Published(Payload):
    organisation: str
    title: str
    attachments: int = 0


ANNOUNCEMENT_EVENTS.add(NoDetails, WITHDRAWN=_("Withdrawn"))


@RECOMMENDATION_EVENTS.declare(FILED=_("Filed"))
class Filed(Payload):
    auditor: str
    addressed_to: str
    case_codes: list[str] = []
    answer_due: str = ""  # ISO date; empty on recommendations filed before it existed


@RECOMMENDATION_EVENTS.declare(ANSWERED=_("Answered"))
class Answered(Payload):
    answer: str


RECOMMENDATION_EVENTS.add(NoDetails, CLOSED=_("Closed"))
