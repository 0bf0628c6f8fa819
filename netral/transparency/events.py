"""The transparency event tables' types, each declared once (value, label, payload; the models'
choices are read from it), and checked when `services` writes them."""

from django.utils.translation import gettext_lazy as _

from netral.core.events import EventTypes, NoDetails, Payload


class Published(Payload):
    organisation: str
    title: str
    attachments: int = 0


class Filed(Payload):
    auditor: str
    addressed_to: str
    case_codes: list[str] = []
    answer_due: str = ""  # ISO date; empty on recommendations filed before it existed


class Answered(Payload):
    answer: str


ANNOUNCEMENT_EVENTS = EventTypes(
    PUBLISHED=("published", _("Published"), Published),
    WITHDRAWN=("withdrawn", _("Withdrawn"), NoDetails),
)
RECOMMENDATION_EVENTS = EventTypes(
    FILED=("filed", _("Filed"), Filed),
    ANSWERED=("answered", _("Answered"), Answered),
    CLOSED=("closed", _("Closed"), NoDetails),
)
