"""The monitoring section of a civil servant's registry page (netral.registry.sections)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from netral.monitoring import policies
from netral.registry.models import CivilServant
from netral.registry.sections import Row, Section
from netral.rules.templatetags.rules_tags import when_in

LIMIT = 50


def findings_of(user: Any, person: CivilServant) -> Section:
    """Findings on accounts linked to the person that the reader may see, newest first."""
    findings = (
        policies.visible_findings(user)
        .filter(item__account__civil_servant=person)
        .order_by("-created_at")[:LIMIT]
    )
    rows = [
        Row(
            _("Finding of %(day)s") % {"day": when_in(finding.created_at)},
            reverse("monitoring:finding", args=[finding.public_id]),
            finding.get_status_display(),
        )
        for finding in findings
    ]
    return Section(
        _("Monitoring findings"), _("No finding about this person that you may see."), rows
    )
