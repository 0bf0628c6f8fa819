"""What each evaluation event says: every `InsightEvent.Type` is declared here once
(value, label, payload), checked when `services._event` writes it."""

from django.utils.translation import gettext_lazy as _

from netral.core.events import EventTypes, Payload


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
    EXPORT_DOWNLOADED=("export_downloaded", _("Table downloaded"), Downloaded),
    REPORT_GENERATED=("report_generated", _("Evaluation report generated"), Generated),
    SNAPSHOT_COMPUTED=("snapshot_computed", _("Monthly snapshot computed"), Computed),
)
