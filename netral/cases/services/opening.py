"""How a case comes into being: from an accepted report or tip, from Bawaslu's own finding, or
forwarded from another channel (SP4N-LAPOR!, BKN SBT, …) with its external number."""

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.accounts.models import Organisation
from netral.cases import adapters, policies, workflow
from netral.cases.models import Case, CaseEvent, Notification
from netral.cases.services import base
from netral.registry.models import Agency, CivilServant, Election, Region

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U to misread


def new_case_code() -> str:
    """KS-XXXX-XXXX: random, unguessable, easy to read out on the phone."""
    while True:
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
        code = f"KS-{raw[:4]}-{raw[4:]}"
        if not Case.objects.filter(code=code).exists():
            return code


@dataclass
class NewCase:
    """The facts a new case starts with, whatever its origin."""

    title: str
    civil_servant_name: str
    summary: str = ""
    civil_servant_position: str = ""
    civil_servant: CivilServant | None = None
    agency: Agency | None = None
    agency_name: str = ""
    region: Region | None = None
    election: Election | None = None
    occurred_on: dt.date | None = None
    codes: tuple[str, ...] = ()


def _validated(facts: NewCase) -> NewCase:
    errors: dict[str, list[str]] = {}
    if not facts.title.strip():
        errors["title"] = [_("Give the case a short title.")]
    if not (facts.civil_servant_name.strip() or facts.civil_servant):
        errors["civil_servant_name"] = [_("Name the reported civil servant.")]
    unknown = [code for code in facts.codes if code not in adapters.catalogue()]
    if unknown:
        errors["codes"] = [_("Unknown catalogue codes: %(codes)s") % {"codes": ", ".join(unknown)}]
    if errors:
        raise ValidationError(errors)
    if facts.civil_servant is not None:
        facts.civil_servant_name = facts.civil_servant_name.strip() or facts.civil_servant.name
        facts.agency = facts.agency or facts.civil_servant.agency
    if facts.region is None and facts.agency is not None:
        facts.region = facts.agency.region
    return facts


def _create(
    facts: NewCase,
    *,
    origin: str,
    owner: Organisation,
    state: workflow.State,
    received_at: dt.datetime,
    **extra: Any,
) -> Case:
    facts = _validated(facts)
    case = Case(
        code=new_case_code(),
        origin=origin,
        title=facts.title.strip()[:200],
        summary=facts.summary.strip(),
        civil_servant=facts.civil_servant,
        civil_servant_name=facts.civil_servant_name.strip()[:150],
        civil_servant_position=facts.civil_servant_position.strip()[:200],
        agency=facts.agency,
        agency_name=facts.agency_name.strip()[:200],
        region=facts.region,
        election=facts.election,
        occurred_on=facts.occurred_on,
        codes=list(facts.codes),
        state=state,
        owner=owner,
        received_at=received_at,
        **extra,
    )
    case.place_in(facts.region.code if facts.region else "")
    case.save()
    return case


def _start(
    case: Case,
    event_type: str,
    *,
    by: policies.Principal,
    now: dt.datetime,
    payload: dict[str, Any],
) -> Case:
    """The first event, the first step with its legal clock from receipt, and the first notice."""
    case = base.lock_case(case)
    base.record_event(
        case,
        event_type,
        by=by,
        organisation=policies.acting_organisation(by, case),
        now=now,
        payload={"state": case.state, "owner": case.owner.name, **payload},
    )
    rule = workflow.ENTRY_DEADLINES.get(workflow.State(case.state))
    base.open_step(
        case,
        kind=case.state,
        organisation=case.owner,
        rule_key=rule,
        now=now,
        start=case.received_at,
    )
    base.refresh_due(case)
    case.save(update_fields=["due_at", "updated_at"])
    base.notify([case.owner], case=case, kind=Notification.Kind.NEW_CASE, now=now)
    return case


def _check_remit(facts: NewCase, owner: Organisation) -> None:
    """A Bawaslu opens cases only in its own territory (a regency's Bawaslu not in the next
    regency); the one that covers the region must open it there."""
    region = facts.region
    if region is not None and owner.kind in workflow.BAWASLU and not owner.covers(region.code):
        message = _("%(region)s lies outside the jurisdiction of %(organisation)s.") % {
            "region": region.name,
            "organisation": owner.name,
        }
        raise ValidationError({"region": [message]})


def _bawaslu_seat(by: policies.Principal, region: Region | None = None) -> Organisation:
    """The Bawaslu the person acts for: of several, the closest one whose territory holds
    `region` (a person in both a regency's and the province's Bawaslu opens a case of the next
    regency as the province)."""
    handling = [
        seat
        for seat in policies.seats(by)
        if seat.kind in workflow.BAWASLU and workflow.Capability.HANDLE in seat.capabilities
    ]
    if not handling:
        raise base.ActionRefused(
            _("Only Bawaslu officers can open this kind of case."), code="role"
        )
    covering = [seat for seat in handling if region is None or seat.covers(region.code)]
    closest = max(covering or handling, key=lambda seat: len(seat.region_code or ""))
    return closest.organisation


def _forwarding_seat(by: policies.Principal, region: Region | None) -> policies.Seat:
    """The Bawaslu or BKN seat that registers a forwarded case: a Bawaslu only where its
    territory holds the region (BKN takes cases from every region it serves)."""
    seats = [
        seat
        for seat in policies.seats(by)
        if workflow.Capability.HANDLE in seat.capabilities
        and (seat.kind in workflow.BAWASLU or seat.kind in workflow.BKN)
    ]
    if not seats:
        raise base.ActionRefused(_("Only Bawaslu or BKN officers register forwarded cases."))
    fitting = [
        seat
        for seat in seats
        if seat.kind not in workflow.BAWASLU or region is None or seat.covers(region.code)
    ]
    return (fitting or seats)[0]


@transaction.atomic
def open_case_from_report(*, report: Any, by: policies.Principal, now: dt.datetime) -> Case:
    """An accepted report or tip becomes a case of the local Bawaslu; a formal report starts
    at receipt (kajian awal), a tip as initial information (informasi awal). Idempotent."""
    summary = adapters.summarise_report(report)
    existing = Case.objects.filter(source_ref=summary.ref).first()
    if existing is not None:
        return existing
    region = Region.objects.filter(code=summary.region_code).first()
    owner = base.resolve_organisation(workflow.BAWASLU, summary.region_code) or _bawaslu_seat(by)
    servant = adapters.civil_servant_by_nip(summary.subject_nip)
    on = summary.occurred_on or timezone.localdate(now)
    facts = NewCase(
        title=summary.title,
        civil_servant_name=summary.subject_name,
        summary=summary.description,
        civil_servant_position=summary.subject_position,
        civil_servant=servant,
        agency=summary.agency,
        agency_name=summary.subject_agency,
        region=region,
        election=summary.election
        or adapters.election_for(summary.election_kind, summary.region_code, on),
        occurred_on=summary.occurred_on,
        codes=tuple(c for c in [summary.act_code] if c in adapters.catalogue()),
    )
    is_tip = summary.track == "tip"
    case = _create(
        facts,
        origin=Case.Origin.TIP if is_tip else Case.Origin.REPORT,
        owner=owner,
        state=workflow.State.NOT_REGISTERED if is_tip else workflow.State.RECEIVED,
        received_at=getattr(report, "submitted_at", None) or now,
        source_ref=summary.ref,
        identity_shareable=summary.identity_shareable,
    )
    kind = CaseEvent.Type.OPENED_FROM_TIP if is_tip else CaseEvent.Type.OPENED_FROM_REPORT
    return _start(case, kind, by=by, now=now, payload={"report": summary.ref})


@transaction.atomic
def open_finding(
    *, facts: NewCase, by: policies.Principal, now: dt.datetime, channel: str = ""
) -> Case:
    """Bawaslu's own finding (temuan), e.g. from monitoring: owned by the officer's Bawaslu."""
    owner = _bawaslu_seat(by, facts.region)
    _check_remit(facts, owner)
    case = _create(
        facts,
        origin=Case.Origin.FINDING,
        owner=owner,
        state=workflow.State.RECEIVED,
        received_at=now,
        channel=channel,
    )
    return _start(case, CaseEvent.Type.FINDING_OPENED, by=by, now=now, payload={})


@transaction.atomic
def register_forwarded_case(
    *,
    facts: NewCase,
    channel: str,
    external_number: str,
    received_at: dt.datetime,
    by: policies.Principal,
    now: dt.datetime,
) -> Case:
    """A case forwarded from another channel keeps its external number; Bawaslu starts at
    receipt, BKN (the SBT channel) at verification. One case per channel and number."""
    number = external_number.strip()
    if not number:
        raise ValidationError({"external_number": [_("Give the external registration number.")]})
    if channel not in Case.Channel.values or not channel:
        raise ValidationError({"channel": [_("Choose the channel the case came from.")]})
    clash = Case.objects.filter(channel=channel, external_number=number).first()
    if clash is not None:
        raise base.ActionRefused(
            _("This number is already registered as case %(code)s.") % {"code": clash.code},
            code="duplicate",
        )
    if received_at > now:
        raise ValidationError({"received_at": [_("The date of receipt cannot be in the future.")]})
    try:
        adapters.check_on_clock(received_at.date())  # the deadlines count from it
    except ValidationError as off_clock:
        raise ValidationError({"received_at": off_clock.messages}) from None
    seat = _forwarding_seat(by, facts.region)
    entry = workflow.ENTRY_STATES["bawaslu" if seat.kind in workflow.BAWASLU else "bkn"]
    _check_remit(facts, seat.organisation)
    case = _create(
        facts,
        origin=Case.Origin.FORWARDED,
        owner=seat.organisation,
        state=entry,
        received_at=received_at,
        channel=channel,
        external_number=number[:100],
    )
    payload = {"channel": channel, "external_number": number}
    return _start(case, CaseEvent.Type.FORWARDED_CASE_REGISTERED, by=by, now=now, payload=payload)
