from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "netral.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from netral.core import timeline
        from netral.reports.models import ReportEvent

        timeline.register(timeline.chained(ReportEvent, "reports", "report__code"))
