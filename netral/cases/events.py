"""What each case event says: one declared payload per `CaseEvent.Type`, checked when
`services.base.record_event` writes it, and the one line the timeline shows for it.

A service that needs a new detail declares it here first; a detail that a later step needs
(a registration number, a sanction) is stored on the case or its rows, never read back from here.
"""

from typing import Any

from django.utils.translation import gettext as _
from pydantic import Field, create_model

from netral.cases import workflow
from netral.cases.models import CaseEvent, DocumentTemplateEvent
from netral.core.events import EventTypes, Payload

T = CaseEvent.Type


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
        return adapters.sanctions().get(value, _("no sanction") if value == "NONE" else value)
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
        return self.officer or _("back to the team")


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
        sanction = named("sanction", self.sanction) if self.sanction else _("no sanction")
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
        return self.title


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
        return self.title


class DocumentDownloaded(Payload):
    document: str
    format: str


class IdentityViewed(Payload):
    found: bool
    fields: list[str]


CASE_EVENTS = EventTypes(
    {
        T.OPENED_FROM_REPORT: Opened,
        T.OPENED_FROM_TIP: Opened,
        T.FINDING_OPENED: Opened,
        T.FORWARDED_CASE_REGISTERED: ForwardedRegistered,
        T.DETAILS_UPDATED: DetailsUpdated,
        T.TRANSITIONED: Transitioned,
        T.HANDED_OFF: HandedOff,
        T.ASSIGNED: Assigned,
        T.TAGGED: Tagged,
        T.LINKED: Linked,
        T.MERGED: ClosedInto,
        T.CLOSED_AS_DUPLICATE: ClosedInto,
        T.RECOMMENDATION_RECORDED: RecommendationRecorded,
        T.PPK_DECISION_RECORDED: PpkDecisionRecorded,
        T.PPK_REASON_ACCEPTED: ReasonReviewed,
        T.PPK_REASON_REFUSED: ReasonReviewed,
        T.CONFLICT_OF_INTEREST_ROUTED: ConflictRouted,
        T.DEADLINE_MISSED: DeadlineMissed,
        T.ESCALATED: Escalated,
        T.ESCALATION_ACTED: EscalationActed,
        T.SIASN_BLOCK_REQUESTED: SiasnBlockChanged,
        T.SIASN_BLOCK_CONFIRMED: SiasnBlockChanged,
        T.SIASN_BLOCK_REFUSED: SiasnBlockChanged,
        T.SIASN_BLOCK_LIFTED: SiasnBlockChanged,
        T.EXAMINATION_HANDED_TO_APIP: ExaminationHandedToApip,
        T.EVIDENCE_DOWNLOADED: EvidenceDownloaded,
        T.DOCUMENT_RELEASED: DocumentReleased,
        T.DOCUMENT_GENERATED: DocumentGenerated,
        T.DOCUMENT_DOWNLOADED: DocumentDownloaded,
        T.IDENTITY_VIEWED: IdentityViewed,
    }
)
assert set(CASE_EVENTS.declared) == set(T), "every case event type declares its payload"


class TemplateChanged(Payload):
    title: str
    before_sha256: str
    after_sha256: str

    def headline(self) -> str:
        return self.title


TEMPLATE_EVENTS = EventTypes(
    {
        DocumentTemplateEvent.Type.CREATED: TemplateChanged,
        DocumentTemplateEvent.Type.CHANGED: TemplateChanged,
    }
)
