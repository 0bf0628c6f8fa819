"""BKN answers the PPK's reason for a lighter sanction than recommended, or for none.

Accepted: recorded with BKN's own reason; the outcome stays what it is (only "followed" counts
as compliance) and the follow-up goes on. Refused: the case goes back to the PPK on the same
recommendation, whose deadline and escalation rung run on, so the deadline sweep climbs the
ladder exactly as for an ignored recommendation until a compliant decree is recorded.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from netral.cases import policies, workflow
from netral.cases.models import (
    Case,
    CaseDecision,
    CaseEvent,
    Notification,
    ReasonReview,
    Recommendation,
)
from netral.cases.services import base, inputs
from netral.cases.services import transitions as moves


def decision_awaiting_review(case: Case) -> CaseDecision | None:
    """The PPK's latest decree, if its lighter or no sanction still awaits BKN's answer."""
    latest = (
        case.decisions.filter(kind=CaseDecision.Kind.PPK_DECREE, recommendation__isnull=False)
        .select_related("recommendation__addressed_to", "recommendation__issued_by")
        .order_by("-decided_at", "-pk")
        .first()
    )
    return latest if latest is not None and latest.awaits_reason_review else None


def _reviewable(case: Case, by: policies.Principal) -> tuple[policies.Seat, CaseDecision]:
    seat = policies.owner_seat(by, case)
    if seat is None or not policies.can_review_ppk_reason(by, case):
        raise base.ActionRefused(_("Only the recommending body answers the PPK's reason."))
    decision = decision_awaiting_review(case)
    if decision is None:
        raise base.ActionRefused(
            _("There is no reason of the PPK waiting for an answer: it was already answered."),
            code="answered",
        )
    return seat, decision


def _back_to_ppk(
    case: Case, recommendation: Recommendation, *, by: policies.Principal, now: dt.datetime
) -> None:
    """The PPK owes a compliant decree again: same deadline (or now, once past) and rung."""
    base.close_steps(case, now)
    case.state = workflow.State.RECOMMENDED
    moves.hand_off_to(
        case, recommendation.addressed_to, by=by, now=now, transition="refuse_ppk_reason"
    )
    due = max(recommendation.due_at or now, now)
    recommendation.acted_at = None
    recommendation.status = (
        Recommendation.Status.IGNORED if due <= now else Recommendation.Status.RECEIVED
    )
    recommendation.save(update_fields=["acted_at", "status"])
    step = base.open_step(
        case,
        kind=workflow.State.RECOMMENDED,
        organisation=case.owner,
        rule_key=None,
        now=now,
        recommendation=recommendation,
        level=recommendation.escalation_level,
    )
    step.due_at, step.due_sentence = due, recommendation.due_sentence
    step.legal_basis, step.verified = recommendation.legal_basis, recommendation.verified
    step.save(update_fields=["due_at", "due_sentence", "legal_basis", "verified"])


@transaction.atomic
def review_ppk_reason(
    *,
    case: Case,
    by: policies.Principal,
    now: dt.datetime,
    accept: bool,
    reason: str,
    expected_version: int | None = None,
) -> Case:
    """BKN accepts or refuses, with its own written reason, the PPK's reason for a lighter or no
    sanction; each answer once. A refusal sends the case back up the escalation ladder."""
    case = base.lock_case(case, expected_version)
    seat, decision = _reviewable(case, by)
    reason = (reason or "").strip()
    if len(reason) < inputs.MIN_REASONING:
        raise ValidationError(
            {
                "reason": [
                    _("Write your reason (at least %(n)s characters).")
                    % {"n": inputs.MIN_REASONING}
                ]
            }
        )
    recommendation = decision.recommendation
    assert recommendation is not None  # decision_awaiting_review only returns linked decrees
    decision.reason_review = ReasonReview.ACCEPTED if accept else ReasonReview.REFUSED
    decision.reason_review_text = reason
    decision.reason_reviewed_at, decision.reason_reviewed_by = now, policies.principal_user(by)
    decision.save(
        update_fields=[
            "reason_review",
            "reason_review_text",
            "reason_reviewed_at",
            "reason_reviewed_by",
        ]
    )
    ppk = recommendation.addressed_to
    base.record_event(
        case,
        CaseEvent.Type.PPK_REASON_ACCEPTED if accept else CaseEvent.Type.PPK_REASON_REFUSED,
        by=by,
        organisation=seat.organisation,
        now=now,
        payload={
            "outcome": decision.outcome,
            "reason": reason,
            "back_to": "" if accept else ppk.name,
        },
    )
    if not accept:
        _back_to_ppk(case, recommendation, by=by, now=now)
    # Either answer is the PPK's to know: a refusal is more than the case coming back to it.
    answer = ReasonReview.ACCEPTED if accept else ReasonReview.REFUSED
    base.notify(
        [ppk], case=case, kind=Notification.Kind.DECIDED, now=now,
        params={"step": str(answer.label)},
    )  # fmt: skip
    base.refresh_due(case)
    base.save_case(case, "state", "owner", "assignee", "due_at")
    return case
