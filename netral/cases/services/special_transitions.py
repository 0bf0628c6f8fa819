"""The four moves that do more than their workflow row says, each a service with a typed input:
recommending a sanction, forming the PPK's examination team, recording the PPK's decree, and
returning a case to Bawaslu. The shared steps (lock, checks, timeline, letters) come from
`transitions.py`, so a special move is refused and recorded exactly as a plain one."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.accounts.models import Organisation
from netral.cases import adapters, policies, workflow
from netral.cases.models import Case, CaseDecision, CaseEvent, Notification, Recommendation
from netral.cases.models.decisions import DEVIATING
from netral.cases.services import base, inputs
from netral.cases.services import transitions as moves
from netral.cases.workflow import INSPEKTORAT_STEP
from netral.core import when


def _route(case: Case, declared_conflict: str) -> adapters.PpkRoute:
    """The PPK, or the next authority up when the PPK is in conflict of interest."""
    conflict = declared_conflict or adapters.ppk_conflict(case.agency, case.election)
    return adapters.ppk_route(case.agency, region_code=case.region_code, conflict=conflict)


def _create_recommendation(
    move: moves.Move,
    route: adapters.PpkRoute,
    data: inputs.SanctionRecommendation,
    *,
    by: policies.Principal,
    now: dt.datetime,
) -> Recommendation:
    case, issuer = move.case, move.seat.organisation
    body = adapters.recommending_body(timezone.localdate(now))
    due = adapters.due_for("ppk.follow_up", now, **base.clock_of(case))
    recommendation = Recommendation.objects.create(
        case=case,
        agency=case.agency,
        body_key=body.key,
        body_name=body.name,
        issued_by=issuer,
        addressed_to=case.owner,
        ppk_name=route.ppk_name,
        ppk_position=route.ppk_position,
        substitute_reason=route.substitute_reason,
        codes=list(data.codes),
        sanction_category=data.sanction_category,
        reasoning=data.reasoning,
        issued_at=now,
        **base.deadline_columns(due),
    )
    if route.substitute_reason:
        base.record_event(
            case,
            CaseEvent.Type.CONFLICT_OF_INTEREST_ROUTED,
            by=by,
            organisation=issuer,
            now=now,
            payload={
                "reason": route.substitute_reason,
                "to": case.owner.name,
                "ppk": route.ppk_name,
            },
        )
    base.record_event(
        case,
        CaseEvent.Type.RECOMMENDATION_RECORDED,
        by=by,
        organisation=issuer,
        now=now,
        payload={
            "body": body.key,
            "to": case.owner.name,
            "codes": list(data.codes),
            "sanction_category": data.sanction_category,
            "due_at": due.at,
            "verified_deadline": due.verified,
        },
    )
    return recommendation


@transaction.atomic
def recommend_sanction(
    *,
    case: Case,
    by: policies.Principal,
    now: dt.datetime,
    recommendation: inputs.SanctionRecommendation,
    expected_version: int | None = None,
) -> Case:
    """BKN (KASN before 24 Aug 2024) recommends a catalogue-backed sanction to the PPK, or to
    the next authority up when the PPK is in conflict; the PPK's clock starts now."""
    found = workflow.transition(workflow.RECOMMEND_SANCTION)
    move = moves.authorise(found, case, by, expected_version)
    data = inputs.validated(found, recommendation, now=now)
    route = _route(move.case, data.conflict_of_interest)
    recipient = base.require_organisation([route.organisation_kind], route.region_code)
    moves.record_move(
        move,
        data.record(),
        by=by,
        now=now,
        codes=data.codes,
        sanction_category=data.sanction_category,
    )
    moves.hand_off_to(move.case, recipient, by=by, now=now, transition=found.key, reason=data.note)
    issued = _create_recommendation(move, route, data, by=by, now=now)
    moves.open_next_step(move, now=now, recommendation=issued)
    return moves.finish_move(move, by=by, now=now)


@transaction.atomic
def form_examination_team(
    *,
    case: Case,
    by: policies.Principal,
    now: dt.datetime,
    team: inputs.ExaminationTeam,
    expected_version: int | None = None,
) -> Case:
    """The PPK forms its examination team. Forming it is no decision, so the PPK's running
    deadline and escalation rung go on unchanged into the new stage."""
    found = workflow.transition(workflow.FORM_EXAMINATION_TEAM)
    move = moves.authorise(found, case, by, expected_version)
    data = inputs.validated(found, team, now=now)
    running = base.running_ppk_step(move.case)
    moves.record_move(move, data.record(), by=by, now=now)
    if running is None:
        moves.open_next_step(move, now=now)
    else:
        base.carry_on_step(move.case, running, kind=found.target, now=now)
    _hand_examination_to_inspektorat(move.case, team, by=by, now=now)
    return moves.finish_move(move, by=by, now=now)


def _hand_examination_to_inspektorat(
    case: Case, team: inputs.ExaminationTeam, *, by: policies.Principal, now: dt.datetime
) -> None:
    """The examination team includes the Inspektorat (APIP) of the PPK's regional government
    (PP 94/2021): it receives the hand-off as a step in its queue, with a notice."""
    region_id = case.owner.region_id
    if region_id is None or case.steps.filter(kind=INSPEKTORAT_STEP).exists():
        return
    inspektorat = (
        Organisation.objects.filter(
            kind=Organisation.Kind.INSPEKTORAT, region_id=region_id, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if inspektorat is None:
        return
    base.open_step(case, kind=INSPEKTORAT_STEP, organisation=inspektorat, rule_key=None, now=now)
    base.record_event(
        case,
        CaseEvent.Type.EXAMINATION_HANDED_TO_APIP,
        by=by,
        organisation=case.owner,
        now=now,
        payload={"to": inspektorat.name, "member": team.inspektorat},
    )
    # The case stays with the PPK's BKPSDM: the Inspektorat is told of its share, by the case's
    # code ("Kasus …: Penyerahan pemeriksaan kepada Inspektorat (APIP)."), not of a hand-over.
    base.notify(
        [inspektorat], case=case, kind=Notification.Kind.DECIDED, now=now,
        params={"step": str(workflow.step_label(INSPEKTORAT_STEP))},
    )  # fmt: skip


def _open_recommendation(case: Case) -> Recommendation | None:
    """The recommendation the PPK still has to answer (the latest not yet acted on)."""
    return case.recommendations.filter(acted_at__isnull=True).order_by("-issued_at").first()


def _check_decree(recommendation: Recommendation | None, data: inputs.PpkDecision) -> str:
    """The decree's outcome against the recommendation; refused, field by field, when the decree
    predates the recommendation or a lighter or no sanction comes without its reason."""
    if recommendation is None:
        return ""
    errors: dict[str, list[str]] = {}
    if data.decree_date < timezone.localdate(recommendation.issued_at):
        errors["decree_date"] = [
            _("The decree cannot be dated before the recommendation (%(day)s).")
            % {"day": when.when(timezone.localdate(recommendation.issued_at))}
        ]
    outcome = CaseDecision.outcome_of(recommendation, data.imposed)
    if outcome in DEVIATING and len(data.deviation_reason) < inputs.MIN_REASONING:
        errors["deviation_reason"] = [
            _(
                "A lighter sanction than recommended, or none, needs the PPK's written reason "
                "(at least %(n)s characters)."
            )
            % {"n": inputs.MIN_REASONING}
        ]
    if errors:
        raise ValidationError(errors)
    return outcome


def _attach_decree_file(decision: CaseDecision, decree_file: Any) -> None:
    """The signed SK, checked like evidence (PDF or image, size limit) and kept with its hash."""
    if decree_file is None:
        return
    try:
        stored = adapters.store_decree(decree_file, getattr(decree_file, "name", ""))
    except ValidationError as exc:
        raise ValidationError({"decree_file": exc.messages}) from exc
    decision.decree_file_name = stored.name
    decision.decree_content_type = stored.content_type
    decision.decree_size = stored.size
    decision.decree_sha256 = stored.sha256
    decision.decree_storage_name = stored.storage_name


def _settle_recommendation(
    move: moves.Move,
    decision: CaseDecision,
    recommendation: Recommendation | None,
    data: inputs.PpkDecision,
    *,
    by: policies.Principal,
    now: dt.datetime,
) -> None:
    """The PPK acted: in time or late, and followed, lighter or not followed; a lighter or no
    sanction is brought to the recommender, who reviews the PPK's reason."""
    case = move.case
    if recommendation is None:
        return
    recommendation.status = recommendation.status_when_acted(now)
    recommendation.acted_at = now
    recommendation.outcome = decision.outcome
    recommendation.save(update_fields=["status", "acted_at", "outcome"])
    decision.recommendation = recommendation
    decision.save()
    base.record_event(
        case,
        CaseEvent.Type.PPK_DECISION_RECORDED,
        by=by,
        organisation=move.seat.organisation,
        now=now,
        payload={
            "decree_number": data.decree_number,
            "decree_date": data.decree_date,
            "sanction": data.imposed,
            "recommendation_status": recommendation.status,
            "outcome": decision.outcome,
            "decree_sha256": decision.decree_sha256,
            "lift_personnel_data_block": recommendation.personnel_data_block_requested,
        },
    )
    if decision.awaits_reason_review:
        base.notify(
            [recommendation.issued_by],
            case=case,
            kind=Notification.Kind.DEVIATED,
            now=now,
            params={"outcome": decision.get_outcome_display(), "outcome_key": decision.outcome},
        )


@transaction.atomic
def record_ppk_decision(
    *,
    case: Case,
    by: policies.Principal,
    now: dt.datetime,
    decision: inputs.PpkDecision,
    decree_file: Any = None,
    expected_version: int | None = None,
) -> Case:
    """The PPK's decree: number, date, signatory, the SK file and the sanction. Its outcome is
    derived from the recommendation (followed, lighter, not followed); the recommendation is
    marked in time or late, and the case returns to the recommender to monitor the follow-up."""
    found = workflow.transition(workflow.RECORD_PPK_DECISION)
    move = moves.authorise(found, case, by, expected_version)
    data = inputs.validated(found, decision, now=now)
    recommendation = _open_recommendation(move.case)
    outcome = _check_decree(recommendation, data)
    recipient = moves.previous_owner(move.case)
    recorded = moves.record_move(move, data.record(), by=by, now=now)
    assert recorded is not None  # recording a decree is a decision
    recorded.outcome, recorded.sanction = outcome, data.imposed
    recorded.decree_signatory = data.decree_signatory
    recorded.deviation_reason = data.deviation_reason if outcome in DEVIATING else ""
    _attach_decree_file(recorded, decree_file)
    recorded.save()
    moves.hand_off_to(move.case, recipient, by=by, now=now, transition=found.key, reason=data.note)
    _settle_recommendation(move, recorded, recommendation, data, by=by, now=now)
    moves.open_next_step(move, now=now)
    return moves.finish_move(move, by=by, now=now)


@transaction.atomic
def return_case(
    *,
    case: Case,
    by: policies.Principal,
    now: dt.datetime,
    reasons: inputs.CaseReturn,
    expected_version: int | None = None,
) -> Case:
    """BKN sends the case back to the Bawaslu that forwarded it, for more information; Bawaslu's
    examination resumes with the extension's deadline."""
    found = workflow.transition(workflow.RETURN_TO_BAWASLU)
    move = moves.authorise(found, case, by, expected_version)
    data = inputs.validated(found, reasons, now=now)
    recipient = moves.previous_owner(move.case)
    moves.record_move(move, data.record(), by=by, now=now)
    moves.hand_off_to(move.case, recipient, by=by, now=now, transition=found.key, reason=data.note)
    moves.open_next_step(move, now=now)
    return moves.finish_move(move, by=by, now=now)
