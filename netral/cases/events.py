"""What each case event says: every `CaseEvent.Type` is declared here once (value, label,
payload; the model's choices are read from it), checked when `services.base.record_event`
writes it, and the one line the timeline shows for it.

A service that needs a new detail declares it here first; a detail that a later step needs
(a registration number, a sanction) is stored on the case or its rows, never read back from here.
"""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pydantic import Field, create_model

from netral.cases import letter_titles, workflow
from netral.core.events import EventTypes, Payload


def state_label(value: Any) -> str:
    try:
        return str(workflow.STATE_LABELS[workflow.State(value)])
    except ValueError:
        return str(value)


def action_label(key: str) -> str:
    try:
        return str(workflow.transition(key).label)
    except KeyError:
        return key


def outcome_label(value: str) -> str:
    from netral.cases.models.decisions import COMPLIANCE_LABELS

    return str(COMPLIANCE_LABELS.get(value, value))


def named(key: str, value: Any) -> Any:
    """Catalogue keys as the catalogue names them: HD_BERAT, PP94-BERAT-TURUN → their text."""
    from netral.cases import adapters

    if key == "sanction_category":
        return adapters.sanction_categories().get(value, value)
    if key == "sanction":
        return adapters.sanctions().get(value, gettext("no sanction") if value == "NONE" else value)
    return value


class Opened(Payload):
    state: str
    owner: str
    report: str = ""


class ForwardedRegistered(Opened):
    channel: str
    external_number: str

    def headline(self) -> str:
        return f"{self.channel} {self.external_number}"


class DetailsUpdated(Payload):
    changes: dict[str, list[Any]]

    def headline(self) -> str:
        return ", ".join(sorted(self.changes))


_INPUT_TYPES: dict[str, tuple[Any, Any]] = {
    workflow.Input.CODES: (list[str], []),
    workflow.Input.EXAMINATION_TEAM: (dict[str, str], {}),
}
_INPUTS: dict[str, Any] = {item.value: _INPUT_TYPES.get(item, (str, "")) for item in workflow.Input}

# A move along workflow.py with every input it took (inputs.clean), which the timeline shows.
_TransitionedBase: Any = create_model(
    "_TransitionedBase",
    __base__=Payload,
    action=(str, ...),
    from_=(str, Field(alias="from")),
    to=(str, ...),
    note=(str, ""),
    conflict_of_interest=(str, ""),
    **_INPUTS,
)


class Transitioned(_TransitionedBase):  # type: ignore[misc]
    def headline(self) -> str:
        return f"{action_label(self.action)}: {state_label(self.from_)} → {state_label(self.to)}"


class HandedOff(Payload):
    from_: str = Field(alias="from")
    to: str
    transition: str = ""

    def headline(self) -> str:
        return f"{self.from_} → {self.to}"


class Assigned(Payload):
    officer: str

    def headline(self) -> str:
        return self.officer or gettext("back to the team")


class Tagged(Payload):
    added: list[str]
    removed: list[str]

    def headline(self) -> str:
        return " ".join([f"+{x}" for x in self.added] + [f"−{x}" for x in self.removed])


class Linked(Payload):
    other: str
    kind: str
    note: str = ""

    def headline(self) -> str:
        return self.other


class ClosedInto(Payload):
    into: str
    reason: str

    def headline(self) -> str:
        return self.into


class RecommendationRecorded(Payload):
    body: str
    to: str
    codes: list[str]
    sanction_category: str
    due_at: str | None
    verified_deadline: bool

    def headline(self) -> str:
        return f"{self.body} → {self.to}: {', '.join(self.codes)}"


class PpkDecisionRecorded(Payload):
    decree_number: str
    decree_date: str
    sanction: str
    recommendation_status: str
    outcome: str = ""
    decree_sha256: str = ""
    deviates_from_recommendation: bool = False  # before the outcome was derived (0009)
    lift_personnel_data_block: bool

    def headline(self) -> str:
        decree = f"{self.decree_number} ({self.decree_date})"
        sanction = named("sanction", self.sanction) if self.sanction else gettext("no sanction")
        return (
            f"{decree}: {sanction} — {outcome_label(self.outcome)}"
            if self.outcome
            else (f"{decree}: {sanction}")
        )


class ReasonReviewed(Payload):
    """BKN's answer to the PPK's reason for a lighter or no sanction, with BKN's own reason."""

    outcome: str
    reason: str
    back_to: str = ""  # refused: the PPK the case returns to

    def headline(self) -> str:
        return outcome_label(self.outcome)


class ConflictRouted(Payload):
    reason: str
    to: str
    ppk: str

    def headline(self) -> str:
        return self.reason


class DeadlineMissed(Payload):
    step: str
    organisation: str
    due_at: str | None
    rule: str
    verified_deadline: bool

    def headline(self) -> str:
        return f"{workflow.step_label(self.step)} — {self.organisation}"


class Escalated(Payload):
    """Up to the supervising Bawaslu (`to`, `step`, `cause`) or a rung of the PPK ladder."""

    to: str = ""
    step: str = ""
    cause: str = ""
    rung: str = ""
    level: int | None = None
    addressee: str = ""
    document: str = ""

    def headline(self) -> str:
        return workflow.step_label("escalation." + self.rung) if self.rung else self.to


class EscalationActed(Payload):
    """The addressee of a rung acted on it: a reprimand, a block confirmed or refused, a report."""

    rung: str
    action: str
    note: str = ""
    document: str = ""

    def headline(self) -> str:
        from netral.cases.escalation import ACTION_LABELS

        return str(ACTION_LABELS.get(self.action, self.action))


class SiasnBlockChanged(Payload):
    """The SIASN block requested, confirmed, refused or lifted (each its own event type)."""

    civil_servant: str = ""
    note: str = ""

    def headline(self) -> str:
        return self.civil_servant


class DocumentReleased(Payload):
    document: str
    title: str

    def headline(self) -> str:
        return letter_titles.shown(self.title)


class EvidenceDownloaded(Payload):
    evidence: str
    sha256: str


class ExaminationHandedToApip(Payload):
    """The PPK's examination team includes the Inspektorat, which receives the hand-off."""

    to: str
    member: str = ""

    def headline(self) -> str:
        return self.to


class DocumentGenerated(Payload):
    document: str
    template: str
    sha256: str
    template_error: str = ""
    title: str = ""

    def headline(self) -> str:
        return letter_titles.shown(self.title)


class DocumentDownloaded(Payload):
    document: str
    format: str


class IdentityViewed(Payload):
    found: bool
    fields: list[str]


CASE_EVENTS = EventTypes(
    OPENED_FROM_REPORT=("opened_from_report", _("Opened from a report"), Opened),
    OPENED_FROM_TIP=("opened_from_tip", _("Opened from a tip"), Opened),
    FINDING_OPENED=("finding_opened", _("Finding opened"), Opened),
    FORWARDED_CASE_REGISTERED=(
        "forwarded_case_registered",
        _("Forwarded case registered"),
        ForwardedRegistered,
    ),
    DETAILS_UPDATED=("details_updated", _("Details updated"), DetailsUpdated),
    TRANSITIONED=("transitioned", _("Stage changed"), Transitioned),
    HANDED_OFF=("handed_off", _("Handed over"), HandedOff),
    ASSIGNED=("assigned", _("Officer assigned"), Assigned),
    TAGGED=("tagged", _("Tags changed"), Tagged),
    LINKED=("linked", _("Linked"), Linked),
    MERGED=("merged", _("Merged"), ClosedInto),
    CLOSED_AS_DUPLICATE=("closed_as_duplicate", _("Closed as duplicate"), ClosedInto),
    RECOMMENDATION_RECORDED=(
        "recommendation_recorded",
        _("Recommendation recorded"),
        RecommendationRecorded,
    ),
    PPK_DECISION_RECORDED=(
        "ppk_decision_recorded",
        _("PPK decision recorded"),
        PpkDecisionRecorded,
    ),
    PPK_REASON_ACCEPTED=("ppk_reason_accepted", _("PPK's reason accepted"), ReasonReviewed),
    PPK_REASON_REFUSED=("ppk_reason_refused", _("PPK's reason refused"), ReasonReviewed),
    CONFLICT_OF_INTEREST_ROUTED=(
        "conflict_routed",
        _("Routed around a conflict of interest"),
        ConflictRouted,
    ),
    DEADLINE_MISSED=("deadline_missed", _("Deadline missed"), DeadlineMissed),
    ESCALATED=("escalated", _("Escalated"), Escalated),
    ESCALATION_ACTED=("escalation_acted", _("Escalation rung acted on"), EscalationActed),
    SIASN_BLOCK_REQUESTED=("siasn_block_requested", _("SIASN block requested"), SiasnBlockChanged),
    SIASN_BLOCK_CONFIRMED=("siasn_block_confirmed", _("SIASN block confirmed"), SiasnBlockChanged),
    SIASN_BLOCK_REFUSED=("siasn_block_refused", _("SIASN block refused"), SiasnBlockChanged),
    SIASN_BLOCK_LIFTED=("siasn_block_lifted", _("SIASN block lifted"), SiasnBlockChanged),
    DOCUMENT_RELEASED=("document_released", _("Letter reviewed and sent"), DocumentReleased),
    EVIDENCE_DOWNLOADED=(
        "evidence_downloaded",
        _("Evidence original downloaded"),
        EvidenceDownloaded,
    ),
    EXAMINATION_HANDED_TO_APIP=(
        "examination_to_apip",
        _("Examination handed to the Inspektorat"),
        ExaminationHandedToApip,
    ),
    DOCUMENT_GENERATED=("document_generated", _("Document generated"), DocumentGenerated),
    DOCUMENT_DOWNLOADED=("document_downloaded", _("Document downloaded"), DocumentDownloaded),
    IDENTITY_VIEWED=("identity_viewed", _("Reporter identity viewed"), IdentityViewed),
)


class TemplateChanged(Payload):
    title: str
    before_sha256: str
    after_sha256: str

    def headline(self) -> str:
        return self.title


TEMPLATE_EVENTS = EventTypes(
    CREATED=("created", _("Letter template created"), TemplateChanged),
    CHANGED=("changed", _("Letter template changed"), TemplateChanged),
)
