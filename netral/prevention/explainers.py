"""The learning module that explains a self-check answer (registered with `rules.explainers`).

A module teaches the catalogue entries of its stage and of any stage, so an entry's module is
the one of its stage (the first module for an entry of any stage). Modules are taken for an
election whose agencies run pledge campaigns — the quiz identifies ASN by their campaign's
code — of the answer's family: the next one to vote, else the latest.
"""

import datetime as dt
from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from netral.prevention import learning
from netral.prevention.models import Campaign
from netral.registry.models import Election
from netral.rules import catalogue as cat
from netral.rules.explainers import Link


def _election(family: str | None, day: dt.date) -> Election | None:
    elections = Election.objects.filter(pk__in=Campaign.objects.values("election"))
    if family:
        elections = elections.filter(family=family)
    upcoming = elections.filter(voting_day__gte=day).order_by("voting_day").first()
    return upcoming or elections.order_by("-voting_day").first()


def _module_of(entry: cat.Entry) -> learning.Module | None:
    modules = list(learning.modules().values())
    same = [module for module in modules if module.stage == entry.stage]
    teaching = same or (modules if entry.stage == "any" else [])
    return teaching[0] if teaching else None


def module_links(entries: Sequence[cat.Entry], family: str | None, day: dt.date) -> list[Link]:
    """A link to each module that teaches one of `entries`, in the order of the entries."""
    found = {module.slug: module for entry in entries if (module := _module_of(entry))}
    if not found:
        return []
    election = _election(family, day)
    if election is None:
        return []
    return [
        Link(
            _("Learning module: %(module)s") % {"module": module.title.get(get_language())},
            reverse("prevention:module", args=[election.code, module.slug]),
        )
        for module in found.values()
    ]
