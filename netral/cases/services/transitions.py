"""Moving a case through the workflow: the plain moves of the table, hand-offs, and the shared
steps every move takes (also the four special moves of `special_transitions.py`).

workflow.py says what is allowed; this module makes it so, with events.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from netral.accounts.models import Organisation
from netral.cases import adapters, policies, workflow
from netral.cases.models import (
    Case,
    CaseDecision,
    CaseEvent,
    DecreeOutcome,
    Handoff,
    Notification,
)
from netral.cases.services import base, documents, inputs, letters, notices

_DECISION_KINDS = {
    "bawaslu": CaseDecision.Kind.BAWASLU_OUTCOME,
    "bkn": CaseDecision.Kind.BKN_VERIFICATION,
    "ppk": CaseDecision.Kind.PPK_DECREE,
    "gakkumdu": CaseDecision.Kind.COURT_VERDICT,
    "ombudsman": CaseDecision.Kind.OMBUDSMAN,
}


@dataclass(frozen=True)
class Move:
    """A move under way: the row, the locked case, the seat acting and where the case was."""

    found: workflow.Transition
    case: Case
    seat: policies.Seat
    previous: str


def known(action: str) -> workflow.Transition:
    """The workflow row for `action`, or the refusal a person can read."""
    try:
        return workflow.transition(action)
    except KeyError:
        raise base.ActionRefused(_("Unknown action."), code="unknown") from None


def _acting_seat(by: policies.Principal, case: Case) -> policies.Seat:
    seat = policies.owner_seat(by, case)
    if seat is None:
        raise base.ActionRefused(
            _("Only %(owner)s can act on this case now.") % {"owner": case.owner.name},
            code="not_owner",
        )
    return seat


def authorise(
    found: workflow.Transition,
    case: Case,
    by: policies.Principal,
    expected_version: int | None = None,
) -> Move:
    """Locks the case and checks the stage, the organisation and the role, in that order; the
    refusal names the first that does not allow the move."""
    case = base.lock_case(case, expected_version)
    seat = _acting_seat(by, case)
    provided = {item.value for item in found.inputs}  # the inputs are checked on their own
    verdict = workflow.check(
        found.key, state=case.state, organisation_kind=seat.kind, provided=provided
    )
    if not verdict.allowed:
        raise base.ActionRefused(verdict.reason, code="refused")
    if found.capability not in seat.capabilities:
        raise base.ActionRefused(_("Your role does not allow this step."), code="role")
    return Move(found=found, case=case, seat=seat, previous=case.state)


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


def previous_owner(case: Case) -> Organisation:
    """The organisation that handed the case to its owner, for a move that sends it back."""
    last = case.handoffs.filter(to_organisation=case.owner).order_by("-at", "-pk").first()
    if last is None:
        raise base.ActionRefused(_("There is no organisation to return this case to."))
    return last.from_organisation


def _recipient(
    found: workflow.Transition, case: Case, chosen: Organisation | None
) -> Organisation | None:
    if not found.hand_off:
        return None
    if chosen is None:
        return base.require_organisation(found.hand_off, case.region_code or None)
    if chosen.kind not in found.hand_off:
        raise ValidationError({"to_organisation": [_("This organisation cannot receive it.")]})
    return chosen


def _record_decision(
    move: Move, record: dict[str, Any], *, by: policies.Principal, now: dt.datetime
) -> CaseDecision | None:
    """A move that decides leaves a decision row with what was decided and why."""
    if move.found.capability != workflow.Capability.DECIDE:
        return None
    family = str(move.seat.family)  # the keys of _DECISION_KINDS are Organisation.Family values
    return CaseDecision.objects.create(
        case=move.case,
        kind=_DECISION_KINDS.get(family, CaseDecision.Kind.OTHER),
        transition=move.found.key,
        codes=record.get("codes", []),
        sanction_category=record.get("sanction_category", ""),
        target_stage=record.get("target_stage", ""),
        sanction=record.get("sanction", ""),
        decree_number=record.get("decree_number", ""),
        decree_date=record.get("decree_date") or None,
        examination_team=record.get("examination_team", {}),
        reasoning=record.get("reasoning", ""),
        verdict=record.get("verdict", ""),
        organisation=move.seat.organisation,
        decided_by=policies.principal_user(by),
        decided_at=now,
    )


def _registered_elsewhere(move: Move, number: str | Q) -> Case | None:
    """Another case the same organisation registered under this number (or matching this
    condition): only the owner registers, so such a case is the organisation's still, or one
    it handed on."""
    organisation = move.seat.organisation
    same = number if isinstance(number, Q) else Q(registration_number__iexact=number)
    return (
        Case.objects.filter(same)
        .filter(Q(owner=organisation) | Q(handoffs__from_organisation=organisation))
        .exclude(pk=move.case.pk)
        .order_by("pk")
        .first()
    )


def _registration_number(move: Move, record: dict[str, Any], now: dt.datetime) -> str:
    """The number the officer typed, else the case's own, else the next one of the registering
    organisation's register series (its own locked counter, apart from the letters'; decision
    0071). A number the organisation already gave another case is refused, naming it."""
    letters.lock_register(move.seat.organisation, now)
    typed = str(record.get("registration_number") or "")
    number = typed or move.case.registration_number
    if not number:
        number = letters.assign_register_number(move.seat.organisation, now)
        while _registered_elsewhere(move, letters.register_sequence_pattern(number)):
            number = letters.assign_register_number(move.seat.organisation, now)  # typed before
    other = _registered_elsewhere(move, number)
    if other is not None:
        message = _(
            "Registration number %(number)s was already given to case %(code)s by your "
            "organisation: type another, or leave it empty to take the next one."
        ) % {"number": number, "code": other.code}
        raise ValidationError({"registration_number": [message]})
    return number


def _settle_election(case: Case, code: str) -> None:
    """A decision that names the election fixes the case's: later deadlines follow its family.
    The inputs were checked, so the code names an election."""
    if code and (case.election is None or case.election.code != code):
        case.election = adapters.election_by_code(code)


def record_move(
    move: Move,
    record: dict[str, Any],
    *,
    by: policies.Principal,
    now: dt.datetime,
    codes: Sequence[str] = (),
    sanction_category: str = "",
) -> CaseDecision | None:
    """The case takes the row's stage (and outcome, codes, category); the current steps end; a
    decision is recorded when the move decides; the move is on the timeline with its inputs."""
    case, found = move.case, move.found
    # While the PPK still owes a decree, a rung addressed to another body stays with it.
    base.close_steps(case, now, keep_rungs_of_others=found.target in workflow.AWAITING_PPK)
    case.state = found.target
    if codes:
        case.codes = list(codes)
    if sanction_category:
        case.sanction_category = sanction_category
    _settle_election(case, str(record.get("election") or ""))
    if workflow.Input.REGISTRATION_NUMBER in found.inputs:
        record["registration_number"] = _registration_number(move, record, now)
        case.registration_number = record["registration_number"]
    if found.outcome is not None:
        case.outcome = _closing_outcome(case, found.outcome)
    if found.target in workflow.TERMINAL:
        case.closed_at = now
    decision = _record_decision(move, record, by=by, now=now)
    shown = {key: value for key, value in record.items() if value not in ("", [], {}, None)}
    base.record_event(
        case,
        CaseEvent.Type.TRANSITIONED,
        by=by,
        organisation=move.seat.organisation,
        now=now,
        payload={"action": found.key, "from": move.previous, "to": case.state, **shown},
    )
    return decision


def _closing_outcome(case: Case, outcome: str) -> str:
    """A follow-up closes with what the PPK decreed: "sanctioned" only when the decree follows
    the recommendation; a lighter sanction, or none, whose reason BKN accepted, says so."""
    if outcome != workflow.Outcome.SANCTIONED:
        return outcome
    latest = case.recommendations.order_by("-pk").values_list("outcome", flat=True).first()
    return _DECREE_CLOSINGS.get(latest or "", outcome)


_DECREE_CLOSINGS: dict[str, str] = {
    DecreeOutcome.FOLLOWED_LIGHTER: workflow.Outcome.LIGHTER_SANCTION,
    DecreeOutcome.NOT_FOLLOWED: workflow.Outcome.NO_SANCTION,
}


def open_next_step(move: Move, *, now: dt.datetime, recommendation: Any = None) -> None:
    """The step of the new stage, with the row's deadline; none once the case is closed."""
    case, found = move.case, move.found
    if found.target in workflow.TERMINAL:
        return
    start = case.received_at if found.clock_starts == workflow.ClockStart.RECEIPT else now
    base.open_step(
        case,
        kind=found.target,
        organisation=case.owner,
        rule_key=found.deadline,
        now=now,
        start=start,
        recommendation=recommendation,
    )


def finish_move(move: Move, *, by: policies.Principal, now: dt.datetime) -> Case:
    """The row's letters, the case's next deadline, the save, and the reporter's e-mail."""
    case = move.case
    for key in move.found.documents:
        documents.generate(case, key, by=by, organisation=move.seat.organisation, now=now)
    base.refresh_due(case)
    base.save_case(
        case,
        "state",
        "codes",
        "sanction_category",
        "election",
        "registration_number",
        "outcome",
        "closed_at",
        "owner",
        "assignee",
        "due_at",
    )
    if case.is_closed and move.previous not in workflow.TERMINAL:
        _tell_who_handed_it_on(case, now=now)
    if notices.reporter_stage_changed(move.previous, case):
        transaction.on_commit(partial(_enqueue_reporter_email, case.code))
    return case


def _tell_who_handed_it_on(case: Case, *, now: dt.datetime) -> None:
    """A closed case is news to every body that handed it on (Bawaslu that forwarded it to BKN,
    BKN that recommended to the PPK): how it ended."""
    senders = Organisation.objects.filter(pk__in=case.handoffs.values("from_organisation")).exclude(
        pk=case.owner_id
    )
    base.notify(
        list(senders), case=case, kind=Notification.Kind.DECIDED, now=now,
        params={"step": case.outcome_label, "outcome_key": case.outcome},
    )  # fmt: skip


def _enqueue_reporter_email(case_code: str) -> None:
    from netral.cases.tasks import email_reporter_progress

    email_reporter_progress.enqueue(case_code)


@transaction.atomic
def move_case(
    *,
    case: Case,
    action: str,
    by: policies.Principal,
    now: dt.datetime,
    data: inputs.StepInput,
    to_organisation: Organisation | None = None,
    expected_version: int | None = None,
) -> Case:
    """A plain move of the workflow table: refused with the reason when the stage, the
    organisation or the role does not allow it, or when a required input is missing."""
    found = known(action)
    if found.key in workflow.SPECIAL_KEYS:
        raise base.ActionRefused(_("This step has a service of its own."), code="special")
    move = authorise(found, case, by, expected_version)
    data = inputs.validated(found, data, now=now)
    recipient = _recipient(found, move.case, to_organisation)
    record_move(
        move,
        data.record(),
        by=by,
        now=now,
        codes=data.codes,
        sanction_category=data.sanction_category,
    )
    if recipient is not None:
        hand_off_to(move.case, recipient, by=by, now=now, transition=found.key, reason=data.note)
    open_next_step(move, now=now)
    return finish_move(move, by=by, now=now)


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
