"""What each case event says: every `CaseEvent.Type` is declared here once, on its payload
(name, label, and the stored value where it is not the name in lower case; the model's choices
are read from it), checked when `services.base.record_event` writes it, and the one line the
timeline shows for it.

A service that needs a new detail declares it here first; a detail that a later step needs
(a registration number, a sanction) is stored on the case or its rows, never read back from here.
"""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pydantic import Field, create_model

from netral.cases import letter_titles, workflow
from netral.core.events import EventTypes, Payload
from netral.reports.events import EvidenceFile


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


CASE_EVENTS = EventTypes()


@CASE_EVENTS.declare(
    OPENED_FROM_REPORT=_("Opened from a report"),
    OPENED_FROM_TIP=_("Opened from a tip"),
    FINDING_OPENED=_("Finding opened"),
)
class Opened(Payload):
    state: str
    owner: str
    report: str = ""


@CASE_EVENTS.declare(FORWARDED_CASE_REGISTERED=_("Forwarded case registered"))
class ForwardedRegistered(Opened):
    channel: str
    external_number: str

    def headline(self) -> str:
        return f"{self.channel} {self.external_number}"


@CASE_EVENTS.declare(DETAILS_UPDATED=_("Details updated"))
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


@CASE_EVENTS.declare(TRANSITIONED=_("Stage changed"))
class Transitioned(_TransitionedBase):  # type: ignore[misc]
    def headline(self) -> str:
        return f"{action_label(self.action)}: {state_label(self.from_)} → {state_label(self.to)}"


@CASE_EVENTS.declare(HANDED_OFF=_("Handed over"))
class HandedOff(Payload):
    from_: str = Field(alias="from")
    to: str
    transition: str = ""

    def headline(self) -> str:
        return f"{self.from_} → {self.to}"


@CASE_EVENTS.declare(ASSIGNED=_("Officer assigned"))
class Assigned(Payload):
    officer: str

    def headline(self) -> str:
        return self.officer or gettext("back to the team")


@CASE_EVENTS.declare(TAGGED=_("Tags changed"))
class Tagged(Payload):
    added: list[str]
    removed: list[str]

    def headline(self) -> str:
        return " ".join([f"+{x}" for x in self.added] + [f"−{x}" for x in self.removed])


@CASE_EVENTS.declare(LINKED=_("Linked"))
class Linked(Payload):
    other: str
    kind: str
    note: str = ""

    def headline(self) -> str:
        return self.other


@CASE_EVENTS.declare(
    MERGED=_("Merged"),
    CLOSED_AS_DUPLICATE=_("Closed as duplicate"),
)
class ClosedInto(Payload):
    into: str
    reason: str

    def headline(self) -> str:
        return self.into


@CASE_EVENTS.declare(RECOMMENDATION_RECORDED=_("Recommendation recorded"))
class RecommendationRecorded(Payload):
    body: str
    to: str
    codes: list[str]
    sanction_category: str
    due_at: str | None
    verified_deadline: bool

    def headline(self) -> str:
        return f"{self.body} → {self.to}: {', '.join(self.codes)}"


@CASE_EVENTS.declare(PPK_DECISION_RECORDED=_("PPK decision recorded"))
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


@CASE_EVENTS.declare(
    PPK_REASON_ACCEPTED=_("PPK's reason accepted"),
    PPK_REASON_REFUSED=_("PPK's reason refused"),
)
class ReasonReviewed(Payload):
    """BKN's answer to the PPK's reason for a lighter or no sanction, with BKN's own reason."""

    outcome: str
    reason: str
    back_to: str = ""  # refused: the PPK the case returns to

    def headline(self) -> str:
        return outcome_label(self.outcome)


@CASE_EVENTS.declare(
    CONFLICT_OF_INTEREST_ROUTED=("conflict_routed", _("Routed around a conflict of interest")),
)
class ConflictRouted(Payload):
    reason: str
    to: str
    ppk: str

    def headline(self) -> str:
        return self.reason


@CASE_EVENTS.declare(DEADLINE_MISSED=_("Deadline missed"))
class DeadlineMissed(Payload):
    step: str
    organisation: str
    due_at: str | None
    rule: str
    verified_deadline: bool

    def headline(self) -> str:
        return f"{workflow.step_label(self.step)} — {self.organisation}"


@CASE_EVENTS.declare(ESCALATED=_("Escalated"))
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


@CASE_EVENTS.declare(ESCALATION_ACTED=_("Escalation rung acted on"))
class EscalationActed(Payload):
    """The addressee of a rung acted on it: a reprimand, a block confirmed or refused, a report."""

    rung: str
    action: str
    note: str = ""
    document: str = ""

    def headline(self) -> str:
        from netral.cases.escalation import ACTION_LABELS

        return str(ACTION_LABELS.get(self.action, self.action))


@CASE_EVENTS.declare(
    SIASN_BLOCK_REQUESTED=_("SIASN block requested"),
    SIASN_BLOCK_CONFIRMED=_("SIASN block confirmed"),
    SIASN_BLOCK_REFUSED=_("SIASN block refused"),
    SIASN_BLOCK_LIFTED=_("SIASN block lifted"),
)
class SiasnBlockChanged(Payload):
    """The SIASN block requested, confirmed, refused or lifted (each its own event type)."""

    civil_servant: str = ""
    note: str = ""

    def headline(self) -> str:
        return self.civil_servant


@CASE_EVENTS.declare(DOCUMENT_RELEASED=_("Letter reviewed and sent"))
class DocumentReleased(Payload):
    document: str
    title: str

    def headline(self) -> str:
        return letter_titles.shown(self.title)


CASE_EVENTS.add(EvidenceFile, EVIDENCE_DOWNLOADED=_("Evidence original downloaded"))


@CASE_EVENTS.declare(
    EXAMINATION_HANDED_TO_APIP=("examination_to_apip", _("Examination handed to the Inspektorat")),
)
class ExaminationHandedToApip(Payload):
    """The PPK's examination team includes the Inspektorat, which receives the hand-off."""

    to: str
    member: str = ""

    def headline(self) -> str:
        return self.to


@CASE_EVENTS.declare(DOCUMENT_GENERATED=_("Document generated"))
class DocumentGenerated(Payload):
    document: str
    template: str
    sha256: str
    template_error: str = ""
    title: str = ""

    def headline(self) -> str:
        return letter_titles.shown(self.title)


@CASE_EVENTS.declare(DOCUMENT_DOWNLOADED=_("Document downloaded"))
class DocumentDownloaded(Payload):
    """A letter downloaded, the PPK's signed decree file (format "decree": the decision's id,
    the decree's number and the file's SHA-256), or a summary printed unfiled (no document)."""

    document: str
    format: str
    number: str = ""
    sha256: str = ""

    def headline(self) -> str:
        if self.format == UNFILED_SUMMARY_FORMAT:
            return gettext("Case summary printed, not filed")
        if self.format != DECREE_FORMAT:
            return ""
        return gettext("Signed decree (SK) %(number)s") % {"number": self.number}


DECREE_FORMAT = "decree"
# A summary printed by a reader that does not own the case: nothing is filed, the print is
# recorded as every other way case data leaves the platform is.
UNFILED_SUMMARY_FORMAT = "summary_unfiled"


@CASE_EVENTS.declare(IDENTITY_VIEWED=_("Reporter identity viewed"))
class IdentityViewed(Payload):
    found: bool
    fields: list[str]


TEMPLATE_EVENTS = EventTypes()


@TEMPLATE_EVENTS.declare(
    CREATED=_("Letter template created"),
    CHANGED=_("Letter template changed"),
)
class TemplateChanged(Payload):
    title: str
    before_sha256: str
    after_sha256: str

    def headline(self) -> str:
        return self.title
