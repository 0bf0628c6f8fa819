"""Taking a workflow step from untyped data (a form, an API body, a script): the refusal comes
first, then the data is parsed into the step's typed input and handed to its service."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from netral.accounts.models import Organisation
from netral.cases import policies, workflow
from netral.cases.models import Case
from netral.cases.services import inputs, transitions
from netral.cases.services import special_transitions as special
from netral.cases.services.base import ActionRefused
from netral.cases.services.reason_review import decision_awaiting_review

# Closing the follow-up waits for BKN's answer to a pending reason of the PPK.
CLOSE_FOLLOW_UP = "close_follow_up"


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
    decree_file: Any = None,
) -> Case:
    """Moves the case along workflow.py: refused with the reason when the stage, the organisation
    or the role does not allow it (or the case changed since `expected_version`), then refused
    field by field when a required input (codes, reasoning, …) is missing or wrong."""
    found = transitions.known(action)
    case = transitions.authorise(found, case, by, expected_version).case
    if found.key == CLOSE_FOLLOW_UP and decision_awaiting_review(case) is not None:
        raise ActionRefused(
            _(
                "The PPK's reason for a lighter sanction, or none, awaits your answer: answer "
                "it before closing the follow-up."
            ),
            code="reason_pending",
        )
    if found.key == workflow.EXTEND_EXAMINATION and case.examination_extended():
        raise ActionRefused(
            _("The examination has already been extended once; it cannot be extended again."),
            code="extended",
        )
    typed = inputs.parse(found, data, now=now)
    match typed:
        case inputs.SanctionRecommendation():
            return special.recommend_sanction(case=case, by=by, now=now, recommendation=typed)
        case inputs.ExaminationTeam():
            return special.form_examination_team(case=case, by=by, now=now, team=typed)
        case inputs.PpkDecision():
            return special.record_ppk_decision(
                case=case, by=by, now=now, decision=typed, decree_file=decree_file
            )
        case inputs.CaseReturn():
            return special.return_case(case=case, by=by, now=now, reasons=typed)
    return transitions.move_case(
        case=case, action=action, by=by, now=now, data=typed, to_organisation=to_organisation
    )
