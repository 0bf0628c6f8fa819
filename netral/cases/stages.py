"""The stages a case passes through and the outcomes it can close with, with their labels.

Pure vocabulary; workflow.py, which re-exports it, says how a case moves between the stages.
Each stage and outcome is written once, with its label (Django's `TextChoices`, which needs no
ORM), a stage also with the plainer stage its reporter is shown (`Shown`); STATE_LABELS and
OUTCOME_LABELS are read from the members.
"""

from django.db.models.enums import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from netral.core.choices import CarryingChoices


class Shown(TextChoices):
    """The fewer, plainer stages a reporter is shown on the receipt page, in their order."""

    RECEIVED = "received", _("Received by Bawaslu")
    REVIEW = "review", _("Being reviewed")
    REGISTERED = "registered", _("Registered and being examined")
    FORWARDED = "forwarded", _("Forwarded to the competent authority")
    RECOMMENDED = "recommended", _("Sanction recommended to the official in charge")
    DECIDED = "decided", _("Decision taken, follow-up monitored")
    CLOSED = "closed", _("Closed")


class State(CarryingChoices):
    """Each stage once: its stored value, the stage its reporter is shown, its label."""

    RECEIVED = "received", Shown.RECEIVED, _("Received")
    INITIAL_REVIEW = "initial_review", Shown.REVIEW, _("Initial review")
    NOT_REGISTERED = "not_registered", Shown.REVIEW, _("Not registered (initial information)")
    INQUIRY = "inquiry", Shown.REVIEW, _("Inquiry (penelusuran)")
    REGISTERED = "registered", Shown.REGISTERED, _("Registered")
    EXAMINATION = "examination", Shown.REGISTERED, _("Clarification and examination")
    BKN_VERIFICATION = "bkn_verification", Shown.FORWARDED, _("Verification by BKN")
    RECOMMENDED = "recommended", Shown.RECOMMENDED, _("Recommendation with the PPK")
    DISCIPLINARY_EXAMINATION = (
        "disciplinary_examination",
        Shown.RECOMMENDED,
        _("Disciplinary examination"),
    )
    FOLLOW_UP = "follow_up", Shown.DECIDED, _("Follow-up monitored")
    GAKKUMDU_INVESTIGATION = "gakkumdu_investigation", Shown.FORWARDED, _("Gakkumdu: investigation")
    GAKKUMDU_PROSECUTION = "gakkumdu_prosecution", Shown.FORWARDED, _("Gakkumdu: prosecution")
    GAKKUMDU_TRIAL = "gakkumdu_trial", Shown.FORWARDED, _("Gakkumdu: trial")
    GAKKUMDU_APPEAL = "gakkumdu_appeal", Shown.FORWARDED, _("Gakkumdu: appeal")
    OMBUDSMAN = "ombudsman", Shown.FORWARDED, _("With the Ombudsman")
    CLOSED = "closed", Shown.CLOSED, _("Closed")

    shown: Shown


STATE_LABELS: dict[State, Promise] = {member: member.label for member in State}

# Steps that are no stage of the case: another body's share of the work while the PPK acts.
INSPEKTORAT_STEP = "inspektorat_examination"
OTHER_STEP_LABELS: dict[str, Promise] = {
    INSPEKTORAT_STEP: _("Examination hand-off to the Inspektorat (APIP)"),
}

TERMINAL = frozenset({State.CLOSED})
# States in which the PPK is expected to act on a recommendation: the escalation ladder applies.
AWAITING_PPK = frozenset({State.RECOMMENDED, State.DISCIPLINARY_EXAMINATION})


class Outcome(TextChoices):
    """Why a case closed."""

    NO_VIOLATION = "no_violation", _("Not a violation")
    NOT_PROVEN = "not_proven", _("Not proven by BKN")
    ARCHIVED = "archived", _("Kept as initial information, no further action")
    SANCTIONED = "sanctioned", _("Sanction imposed and followed up")
    # The follow-up closes with what the PPK did, once BKN has accepted the reason for it.
    LIGHTER_SANCTION = "lighter_sanction", _("Lighter sanction than recommended, reason accepted")
    NO_SANCTION = "no_sanction", _("No sanction imposed, reason accepted")
    COURT_VERDICT = "court_verdict", _("Court verdict")
    INVESTIGATION_STOPPED = "investigation_stopped", _("Investigation stopped")
    OMBUDSMAN_CONCLUDED = "ombudsman_concluded", _("Concluded by the Ombudsman")
    FORWARDED_ELSEWHERE = "forwarded_elsewhere", _("Forwarded to KPU or DKPP")
    DUPLICATE = "duplicate", _("Duplicate of another case")
    MERGED = "merged", _("Merged into another case")


OUTCOME_LABELS: dict[Outcome, Promise] = {member: member.label for member in Outcome}
