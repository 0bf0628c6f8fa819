from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "netral.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # Reports sits below cases and never imports it: it hands accepted reports over, and
        # shows their progress, through the desk cases connects here (docs/architecture.md).
        from netral.cases import selectors, services, timeline
        from netral.reports import handoff

        # Looked up at each call, so that the desk always reaches the current functions.
        def open_case(*, report: Any, by: Any, now: Any) -> str:
            return str(services.open_case_from_report(report=report, by=by, now=now).code)

        def public_progress(report: Any) -> dict[str, Any] | None:
            return selectors.public_progress(report)

        handoff.connect(handoff.CaseDesk(open_case=open_case, public_progress=public_progress))
        timeline.register()
        from netral.cases.person_section import cases_of
        from netral.registry import sections

        sections.register(cases_of)
