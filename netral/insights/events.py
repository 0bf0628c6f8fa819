"""What each evaluation event says: every `InsightEvent.Type` is declared here once, on its
payload (name and label), checked when `services._event` writes it."""

from django.utils.translation import gettext_lazy as _

from netral.core.events import EventTypes, Payload

INSIGHT_EVENTS = EventTypes()


@INSIGHT_EVENTS.declare(EXPORT_DOWNLOADED=_("Table downloaded"))
class Downloaded(Payload):
    table: str
    format: str
    scope: dict[str, str] = {}
    rows: int = 0


@INSIGHT_EVENTS.declare(REPORT_GENERATED=_("Evaluation report generated"))
class Generated(Payload):
    election: str
    format: str


@INSIGHT_EVENTS.declare(SNAPSHOT_COMPUTED=_("Monthly snapshot computed"))
class Computed(Payload):
    month: str
    rows: int
