"""Moving a case through the workflow: the generic transition, hand-offs, recommendations and the
PPK's decision. workflow.py says what is allowed; this module makes it so, with events."""

import datetime as dt
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.accounts.models import Organisation
from netral.cases import adapters, policies, workflow
from netral.cases.models import (
    Case,
    CaseDecision,
    CaseEvent,
    Handoff,
    Notification,
    Recommendation,
    Step,
)
from netral.cases.services import base, documents, inputs, notices

_DECISION_KINDS = {
    "bawaslu": CaseDecision.Kind.BAWASLU_OUTCOME,
    "bkn": CaseDecision.Kind.BKN_VERIFICATION,
    "ppk": CaseDecision.Kind.PPK_DECREE,
    "gakkumdu": CaseDecision.Kind.COURT_VERDICT,
    "ombudsman": CaseDecision.Kind.OMBUDSMAN,
}


def _acting_seat(by: policies.Principal, case: Case) -> policies.Seat:
    seat = policies.owner_seat(by, case)
    if seat is None:
        raise base.ActionRefused(
            _("Only %(owner)s can act on this case now.") % {"owner": case.owner.name},
            code="not_owner",
        )
    return seat


def _check(found: workflow.Transition, case: Case, seat: policies.Seat, provided: set[str]) -> None:
    verdict = workflow.check(
        found.key, state=case.state, organisation_kind=seat.kind, provided=provided
    )
    if not verdict.allowed:
        raise base.ActionRefused(verdict.reason, code="refused")
    if found.capability not in seat.capabilities:
        raise base.ActionRefused(_("Your role does not allow this step."), code="role")


def hand_off_to(
    case: Case,
    recipient: Organisation,
    *,
    by: policies.Principal,
    now: dt.datetime,
    transition: str,
    reason: str = "",
) -> Handoff:
    """Ownership moves to `recipient`; the sender keeps read access through this row."""
    sender = case.owner
    if recipient.pk == sender.pk:
        raise base.ActionRefused(_("The case already belongs to this organisation."))
    handoff = Handoff.objects.create(
        case=case,
        from_organisation=sender,
        to_organisation=recipient,
        transition=transition,
        reason=reason,
        at=now,
        by=policies.principal_user(by),
    )
    case.owner, case.assignee = recipient, None
    base.record_event(
        case,
        CaseEvent.Type.HANDED_OFF,
        by=by,
        organisation=sender,
        now=now,
        payload={"from": sender.name, "to": recipient.name, "transition": transition},
    )
    base.notify(
        [recipient],
        case=case,
        kind=Notification.Kind.HANDED_OFF,
        now=now,
        params={"organisation": recipient.name},
    )
    return handoff


def _recipient(
    found: workflow.Transition, case: Case, chosen: Organisation | None, route: Any
) -> Organisation | None:
    if found.hand_back:
        last = case.handoffs.filter(to_organisation=case.owner).order_by("-at", "-pk").first()
        if last is None:
            raise base.ActionRefused(_("There is no organisation to return this case to."))
        return last.from_organisation
    if not found.hand_off:
        return None
    if chosen is not None:
        if chosen.kind not in found.hand_off and not (route and chosen.kind == route[0]):
            raise ValidationError({"to_organisation": [_("This organisation cannot receive it.")]})
        return chosen
    if route is not None:
        return base.require_organisation([route[0]], route[1])
    return base.require_organisation(found.hand_off, case.region_code or None)


def _record_decision(
    found: workflow.Transition,
    case: Case,
    seat: policies.Seat,
    clean: dict[str, Any],
    *,
    by: policies.Principal,
    now: dt.datetime,
) -> CaseDecision | None:
    if found.capability != workflow.Capability.DECIDE:
        return None
    family = next((name for name in _DECISION_KINDS if seat.kind.startswith(name)), "")
    return CaseDecision.objects.create(
        case=case,
        kind=_DECISION_KINDS.get(family, CaseDecision.Kind.OTHER),
        transition=found.key,
        codes=clean.get("codes", []),
        sanction_category=clean.get("sanction_category", ""),
        sanction=clean.get("sanction", ""),
        decree_number=clean.get("decree_number", ""),
        decree_date=clean.get("decree_date") or None,
        examination_team=clean.get("examination_team", {}),
        reasoning=clean.get("reasoning", ""),
        verdict=clean.get("verdict", ""),
        organisation=seat.organisation,
        decided_by=policies.principal_user(by),
        decided_at=now,
    )


def _apply(found: workflow.Transition, case: Case, clean: dict[str, Any], now: dt.datetime) -> None:
    case.state = found.target
    if clean.get("codes"):
        case.codes = clean["codes"]
    if clean.get("sanction_category"):
        case.sanction_category = clean["sanction_category"]
    if found.outcome is not None:
        case.outcome = found.outcome
    if found.target in workflow.TERMINAL:
        case.closed_at = now


def _route_for_recommendation(case: Case, clean: dict[str, Any]) -> adapters.PpkRoute:
    conflict = clean.get("conflict_of_interest") or adapters.ppk_conflict(
        case.agency, case.election
    )
    return adapters.ppk_route(case.agency, region_code=case.region_code, conflict=conflict)


def _create_recommendation(
    case: Case,
    seat: policies.Seat,
    route: adapters.PpkRoute,
    clean: dict[str, Any],
    *,
    by: policies.Principal,
    now: dt.datetime,
) -> Recommendation:
    body = adapters.recommending_body(timezone.localdate(now))
    due = adapters.due_for("ppk.follow_up", now, **base.clock_of(case))
    recommendation = Recommendation.objects.create(
        case=case,
        agency=case.agency,
        body_key=body.key,
        body_name=body.name,
        issued_by=seat.organisation,
        addressed_to=case.owner,
        ppk_name=route.ppk_name,
        ppk_position=route.ppk_position,
        substitute_reason=route.substitute_reason,
        codes=clean["codes"],
        sanction_category=clean["sanction_category"],
        reasoning=clean["reasoning"],
        issued_at=now,
        due_at=due.at,
        due_sentence=due.sentence,
        legal_basis=due.legal_basis,
        verified=due.verified,
    )
    if route.substitute_reason:
        payload = {"reason": route.substitute_reason, "to": case.owner.name, "ppk": route.ppk_name}
        base.record_event(
            case, CaseEvent.Type.CONFLICT_OF_INTEREST_ROUTED, by=by,
            organisation=seat.organisation, now=now, payload=payload,
        )  # fmt: skip
    base.record_event(
        case,
        CaseEvent.Type.RECOMMENDATION_RECORDED,
        by=by,
        organisation=seat.organisation,
        now=now,
        payload={
            "body": body.key,
            "to": case.owner.name,
            "codes": clean["codes"],
            "sanction_category": clean["sanction_category"],
            "due_at": due.at,
            "verified_deadline": due.verified,
        },
    )
    return recommendation


def _settle_recommendation(
    case: Case,
    decision: CaseDecision | None,
    clean: dict[str, Any],
    *,
    by: policies.Principal,
    seat: policies.Seat,
    now: dt.datetime,
) -> None:
    """The PPK acted: in time or late; a sanction outside the recommended category is flagged."""
    recommendation = (
        case.recommendations.filter(acted_at__isnull=True).order_by("-issued_at").first()
    )
    if recommendation is None or decision is None:
        return
    recommendation.status = recommendation.status_when_acted(now)
    recommendation.acted_at = now
    recommendation.save(update_fields=["status", "acted_at"])
    allowed = adapters.sanctions(recommendation.sanction_category)
    decision.recommendation = recommendation
    decision.deviates_from_recommendation = bool(allowed) and clean["sanction"] not in allowed
    decision.save(update_fields=["recommendation", "deviates_from_recommendation"])
    base.record_event(
        case,
        CaseEvent.Type.PPK_DECISION_RECORDED,
        by=by,
        organisation=seat.organisation,
        now=now,
        payload={
            "decree_number": clean["decree_number"],
            "decree_date": clean["decree_date"],
            "sanction": clean["sanction"],
            "recommendation_status": recommendation.status,
            "deviates_from_recommendation": decision.deviates_from_recommendation,
            "lift_personnel_data_block": recommendation.personnel_data_block_requested,
        },
    )


@transaction.atomic
def transition(
    *,
    case: Case,
    action: str,
    by: policies.Principal,
    now: dt.datetime,
    data: Mapping[str, Any] | None = None,
    to_organisation: Organisation | None = None,
    expected_version: int | None = None,
) -> Case:
    """Moves the case along workflow.py: refused with the reason when the stage, the organisation
    or the role does not allow it, or when a required input (codes, reasoning, …) is missing."""
    try:
        found = workflow.transition(action)
    except KeyError:
        raise base.ActionRefused(_("Unknown action."), code="unknown") from None
    case = base.lock_case(case, expected_version)
    seat = _acting_seat(by, case)
    _check(found, case, seat, provided=set(item.value for item in found.inputs))
    clean = inputs.clean(found, data, now=now)
    route = _route_for_recommendation(case, clean) if found.records_recommendation else None
    recipient = _recipient(
        found,
        case,
        to_organisation,
        (route.organisation_kind, route.region_code) if route else None,
    )
    previous = case.state
    running = base.running_ppk_step(case) if found.keeps_ppk_deadline else None
    base.close_steps(case, now)
    _apply(found, case, clean, now)
    decision = _record_decision(found, case, seat, clean, by=by, now=now)
    base.record_event(
        case,
        CaseEvent.Type.TRANSITIONED,
        by=by,
        organisation=seat.organisation,
        now=now,
        payload={"action": found.key, "from": previous, "to": case.state, **_summary(clean)},
    )
    if recipient is not None:
        hand_off_to(case, recipient, by=by, now=now, transition=found.key, reason=clean["note"])
    _after(found, case, seat, clean, route, decision, running, by=by, now=now)
    if notices.reporter_stage_changed(previous, case):
        transaction.on_commit(partial(_enqueue_reporter_email, case.code))
    return case


def _enqueue_reporter_email(case_code: str) -> None:
    from netral.cases.tasks import email_reporter_progress

    email_reporter_progress.enqueue(case_code)


def _summary(clean: dict[str, Any]) -> dict[str, Any]:
    """What the timeline shows of the inputs (all of them: they are the case's record)."""
    return {key: value for key, value in clean.items() if value not in ("", [], {}, None)}


def _after(
    found: workflow.Transition,
    case: Case,
    seat: policies.Seat,
    clean: dict[str, Any],
    route: adapters.PpkRoute | None,
    decision: CaseDecision | None,
    running: Step | None,
    *,
    by: policies.Principal,
    now: dt.datetime,
) -> None:
    recommendation = None
    if found.records_recommendation and route is not None:
        recommendation = _create_recommendation(case, seat, route, clean, by=by, now=now)
    if found.records_ppk_decision:
        _settle_recommendation(case, decision, clean, by=by, seat=seat, now=now)
    if running is not None:
        base.carry_on_step(case, running, kind=found.target, now=now)
    elif found.target not in workflow.TERMINAL:
        start = case.received_at if found.clock_from_receipt else now
        base.open_step(
            case, kind=found.target, organisation=case.owner, rule_key=found.deadline, now=now,
            start=start, recommendation=recommendation,
        )  # fmt: skip
    for key in found.documents:
        documents.generate(case, key, by=by, organisation=seat.organisation, now=now)
    base.refresh_due(case)
    base.save_case(
        case, "state", "codes", "sanction_category", "outcome", "closed_at", "owner",
        "assignee", "due_at",
    )  # fmt: skip


@transaction.atomic
def record_recommendation(
    *,
    case: Case,
    by: policies.Principal,
    now: dt.datetime,
    codes: list[str],
    sanction_category: str,
    reasoning: str,
    conflict_of_interest: str = "",
    expected_version: int | None = None,
) -> Case:
    """BKN (KASN before 24 Aug 2024) recommends a catalogue-backed sanction to the PPK, or to
    the next authority up when the PPK is in conflict; the PPK's clock starts now."""
    data = {
        "codes": codes,
        "sanction_category": sanction_category,
        "reasoning": reasoning,
        "conflict_of_interest": conflict_of_interest,
    }
    return transition(
        case=case, action="recommend_sanction", by=by, now=now, data=data,
        expected_version=expected_version,
    )  # fmt: skip


@transaction.atomic
def record_ppk_decision(
    *,
    case: Case,
    by: policies.Principal,
    now: dt.datetime,
    decree_number: str,
    decree_date: dt.date,
    sanction: str,
    reasoning: str,
    expected_version: int | None = None,
) -> Case:
    """The PPK's decree: number, date and sanction; the recommendation is marked in time or late,
    and the case returns to the recommender to monitor the follow-up."""
    data = {
        "decree_number": decree_number,
        "decree_date": decree_date,
        "sanction": sanction,
        "reasoning": reasoning,
    }
    return transition(
        case=case, action="record_ppk_decision", by=by, now=now, data=data,
        expected_version=expected_version,
    )  # fmt: skip


_FAMILIES = (workflow.BAWASLU, workflow.BKN, workflow.PPK, workflow.GAKKUMDU, workflow.OMBUDSMAN)


@transaction.atomic
def hand_off(
    *,
    case: Case,
    to_organisation: Organisation,
    reason: str,
    by: policies.Principal,
    now: dt.datetime,
    expected_version: int | None = None,
) -> Case:
    """Passes an open case to another office of the same kind of body (another Bawaslu, a BKN
    regional office); moves between bodies go through workflow transitions instead."""
    case = base.lock_case(case, expected_version)
    seat = _acting_seat(by, case)
    if case.is_closed or workflow.Capability.HANDLE not in seat.capabilities:
        raise base.ActionRefused(_("This case cannot be handed over now."), code="refused")
    family = next((f for f in _FAMILIES if seat.kind in f), frozenset())
    if to_organisation.kind not in family or not to_organisation.is_active:
        raise ValidationError(
            {"to_organisation": [_("Hand over only to another office of the same body.")]}
        )
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": [_("Say why (at least 10 characters).")]})
    hand_off_to(case, to_organisation, by=by, now=now, transition="", reason=reason.strip())
    case.steps.filter(closed_at__isnull=True).update(organisation=to_organisation)
    base.save_case(case, "owner", "assignee")
    return case
