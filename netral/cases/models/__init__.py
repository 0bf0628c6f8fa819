"""Models of the cases app, one module per concern; import them from here."""

from netral.cases.models.case import Case, CaseLink, Handoff, Step
from netral.cases.models.decisions import (
    CaseDecision,
    DecreeOutcome,
    ReasonReview,
    Recommendation,
    SiasnBlock,
    derive_outcome,
    is_compliant,
)
from netral.cases.models.documents import (
    Document,
    DocumentStatus,
    DocumentTemplate,
    DocumentTemplateEvent,
    LetterCounter,
    LetterSettings,
)
from netral.cases.models.events import CaseEvent
from netral.cases.models.notifications import Notification
from netral.cases.models.tokens import ApiToken

__all__ = [
    "ApiToken",
    "Case",
    "CaseDecision",
    "CaseEvent",
    "CaseLink",
    "DecreeOutcome",
    "SiasnBlock",
    "Document",
    "DocumentStatus",
    "DocumentTemplate",
    "DocumentTemplateEvent",
    "LetterCounter",
    "LetterSettings",
    "Handoff",
    "Notification",
    "ReasonReview",
    "Recommendation",
    "Step",
    "derive_outcome",
    "is_compliant",
]
