from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "netral.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from netral.core import timeline
        from netral.monitoring.models import FindingEvent

        timeline.register(timeline.chained(FindingEvent, "findings", "finding__public_id"))
        from netral.monitoring.person_section import findings_of
        from netral.registry import sections

        sections.register(findings_of)
