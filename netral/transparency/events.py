"""What each transparency event says: one declared payload per type, checked when `services`
writes it."""

from netral.core.events import EventTypes, NoDetails, Payload
from netral.transparency.models import AnnouncementEvent, AuditRecommendationEvent

A = AnnouncementEvent.Type
R = AuditRecommendationEvent.Type


class Published(Payload):
    organisation: str
    title: str
    attachments: int = 0


class Filed(Payload):
    auditor: str
    addressed_to: str
    case_codes: list[str] = []


class Answered(Payload):
    answer: str


ANNOUNCEMENT_EVENTS = EventTypes({A.PUBLISHED: Published, A.WITHDRAWN: NoDetails})
RECOMMENDATION_EVENTS = EventTypes({R.FILED: Filed, R.ANSWERED: Answered, R.CLOSED: NoDetails})
