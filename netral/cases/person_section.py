"""The cases section of a civil servant's registry page (netral.registry.sections)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from netral.cases import policies
from netral.registry.models import CivilServant
from netral.registry.sections import Row, Section

LIMIT = 50


def cases_of(user: Any, person: CivilServant) -> Section:
    """The person's cases the reader may see (cases.policies.visible_cases), newest first."""
    cases = policies.visible_cases(user).filter(civil_servant=person).order_by("-id")[:LIMIT]
    rows = [
        Row(case.code, reverse("cases:detail", args=[case.code]), case.get_state_display())
        for case in cases
    ]
    return Section(_("Cases"), _("No case about this person that you may see."), rows)
