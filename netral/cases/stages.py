"""The stages a case passes through and the outcomes it can close with, with their labels.

Pure vocabulary; workflow.py, which re-exports it, says how a case moves between the stages.
"""

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class State(StrEnum):
    RECEIVED = "received"
    INITIAL_REVIEW = "initial_review"
    NOT_REGISTERED = "not_registered"
    INQUIRY = "inquiry"
    REGISTERED = "registered"
    EXAMINATION = "examination"
    BKN_VERIFICATION = "bkn_verification"
    RECOMMENDED = "recommended"
    DISCIPLINARY_EXAMINATION = "disciplinary_examination"
    FOLLOW_UP = "follow_up"
    GAKKUMDU_INVESTIGATION = "gakkumdu_investigation"
    GAKKUMDU_PROSECUTION = "gakkumdu_prosecution"
    GAKKUMDU_TRIAL = "gakkumdu_trial"
    GAKKUMDU_APPEAL = "gakkumdu_appeal"
    OMBUDSMAN = "ombudsman"
    CLOSED = "closed"


STATE_LABELS: dict[State, Promise] = {
    State.RECEIVED: _("Received"),
    State.INITIAL_REVIEW: _("Initial review"),
    State.NOT_REGISTERED: _("Not registered (initial information)"),
    State.INQUIRY: _("Inquiry (penelusuran)"),
    State.REGISTERED: _("Registered"),
    State.EXAMINATION: _("Clarification and examination"),
    State.BKN_VERIFICATION: _("Verification by BKN"),
    State.RECOMMENDED: _("Recommendation with the PPK"),
    State.DISCIPLINARY_EXAMINATION: _("Disciplinary examination"),
    State.FOLLOW_UP: _("Follow-up monitored"),
    State.GAKKUMDU_INVESTIGATION: _("Gakkumdu: investigation"),
    State.GAKKUMDU_PROSECUTION: _("Gakkumdu: prosecution"),
    State.GAKKUMDU_TRIAL: _("Gakkumdu: trial"),
    State.GAKKUMDU_APPEAL: _("Gakkumdu: appeal"),
    State.OMBUDSMAN: _("With the Ombudsman"),
    State.CLOSED: _("Closed"),
}

# Steps that are no stage of the case: another body's share of the work while the PPK acts.
INSPEKTORAT_STEP = "inspektorat_examination"
OTHER_STEP_LABELS: dict[str, Promise] = {
    INSPEKTORAT_STEP: _("Examination hand-off to the Inspektorat (APIP)"),
}

TERMINAL = frozenset({State.CLOSED})
# States in which the PPK is expected to act on a recommendation: the escalation ladder applies.
AWAITING_PPK = frozenset({State.RECOMMENDED, State.DISCIPLINARY_EXAMINATION})


class Outcome(StrEnum):
    """Why a case closed."""

    NO_VIOLATION = "no_violation"
    NOT_PROVEN = "not_proven"
    ARCHIVED = "archived"
    SANCTIONED = "sanctioned"
    COURT_VERDICT = "court_verdict"
    INVESTIGATION_STOPPED = "investigation_stopped"
    OMBUDSMAN_CONCLUDED = "ombudsman_concluded"
    FORWARDED_ELSEWHERE = "forwarded_elsewhere"
    DUPLICATE = "duplicate"
    MERGED = "merged"


OUTCOME_LABELS: dict[Outcome, Promise] = {
    Outcome.NO_VIOLATION: _("Not a violation"),
    Outcome.NOT_PROVEN: _("Not proven by BKN"),
    Outcome.ARCHIVED: _("Kept as initial information, no further action"),
    Outcome.SANCTIONED: _("Sanction imposed and followed up"),
    Outcome.COURT_VERDICT: _("Court verdict"),
    Outcome.INVESTIGATION_STOPPED: _("Investigation stopped"),
    Outcome.OMBUDSMAN_CONCLUDED: _("Concluded by the Ombudsman"),
    Outcome.FORWARDED_ELSEWHERE: _("Forwarded to KPU or DKPP"),
    Outcome.DUPLICATE: _("Duplicate of another case"),
    Outcome.MERGED: _("Merged into another case"),
}
