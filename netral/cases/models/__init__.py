"""Models of the cases app, one module per concern; import them from here."""

from netral.cases.models.case import Case, CaseLink, Handoff, Step
from netral.cases.models.decisions import (
    CaseDecision,
    DecreeOutcome,
    ReasonReview,
    Recommendation,
    derive_outcome,
)
from netral.cases.models.documents import Document, DocumentTemplate, DocumentTemplateEvent
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
    "Document",
    "DocumentTemplate",
    "DocumentTemplateEvent",
    "Handoff",
    "Notification",
    "ReasonReview",
    "Recommendation",
    "Step",
    "derive_outcome",
]
