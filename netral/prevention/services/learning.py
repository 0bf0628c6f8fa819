"""Learning modules: recording an attempt (and the pre-quiz) and finding it by certificate."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from netral.prevention import events, learning
from netral.prevention.models import (
    Campaign,
    CampaignEvent,
    ModuleAttempt,
)
from netral.prevention.services._common import (
    CERTIFICATE_LENGTH,
    new_certificate_code,
    normal_code,
    normal_nip,
)
from netral.prevention.services.codes import NotIdentified, identify
from netral.registry.models import CivilServant, Election
from netral.rules import catalogue


def campaign_of(election: Election, nip: str) -> Campaign:
    """The campaign of the agency a NIP belongs to (learning pages name the election only)."""
    person = CivilServant.objects.filter(nip=normal_nip(nip)).select_related("agency").first()
    campaign = (
        Campaign.objects.select_related("agency").filter(election=election, agency=person.agency)
        if person is not None
        else Campaign.objects.none()
    ).first()
    if campaign is None:
        raise NotIdentified(
            {"nip": _("No agency with a neutrality campaign for this election has this NIP.")}
        )
    return campaign


@transaction.atomic
def record_attempt(
    *,
    election: Election,
    nip: str,
    code: str,
    module: learning.Module,
    ticket: learning.Ticket,
    answers: list[str],
    now: dt.datetime,
    kind: str = learning.POST,
) -> ModuleAttempt:
    """Grade one quiz and record it (passing or not) for the civil servant NIP and code prove.

    A pre-quiz (`kind` PRE, taken before reading) is graded and kept the same way, but it
    neither passes nor earns a certificate: it is the starting point the quiz is compared to.
    """
    if kind not in (learning.PRE, learning.POST):
        raise ValueError(kind)
    campaign = campaign_of(election, nip)
    person, _issued = identify(campaign=campaign, nip=nip, code=code)
    questions = learning.draw(module, ticket.day, ticket.seed, election.family or None)
    result = learning.grade(module, questions, answers)
    passed = result.passed and kind == learning.POST
    attempt = ModuleAttempt.objects.create(
        campaign=campaign,
        civil_servant=person,
        kind=kind,
        module=module.slug,
        module_version=module.version,
        catalogue_version=catalogue.version_on(ticket.day).id,
        score=result.score,
        total=result.total,
        passed=passed,
        attempted_at=now,
        certificate_code=new_certificate_code() if passed else None,
    )
    events.record_asn_event(
        campaign,
        CampaignEvent.Type.MODULE_ATTEMPTED,
        person,
        now=now,
        module=module.slug,
        module_version=module.version,
        score=result.score,
        total=result.total,
        passed=passed,
        kind=kind,
    )
    return attempt


def attempt_by_certificate(code: str) -> ModuleAttempt | None:
    """The passing quiz a certificate code names (dashes and case ignored)."""
    return (
        ModuleAttempt.objects.select_related("campaign__agency", "campaign__election")
        .filter(certificate_code=normal_code(code)[:CERTIFICATE_LENGTH])
        .first()
    )
