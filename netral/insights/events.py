"""What each evaluation event says: one declared payload per `InsightEvent.Type`, checked when
`services._event` writes it."""

from netral.core.events import EventTypes, Payload
from netral.insights.models import InsightEvent

T = InsightEvent.Type


class Downloaded(Payload):
    table: str
    format: str
    scope: dict[str, str] = {}
    rows: int = 0


class Generated(Payload):
    election: str
    format: str


class Computed(Payload):
    month: str
    rows: int


INSIGHT_EVENTS = EventTypes(
    {
        T.EXPORT_DOWNLOADED: Downloaded,
        T.REPORT_GENERATED: Generated,
        T.SNAPSHOT_COMPUTED: Computed,
    }
)
