"""Decisions taken on a case and the recommendations sent to the PPK."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DecreeOutcome(models.TextChoices):
    """How a PPK decree answers the recommendation; derived from the two sanctions, never typed.
    Only FOLLOWED counts as compliance."""

    FOLLOWED = "followed", _("Followed (same or heavier sanction)")
    FOLLOWED_LIGHTER = "followed_lighter", _("Lighter sanction than recommended")
    NOT_FOLLOWED = "not_followed", _("Not followed (no sanction)")


# Only a decree with the recommended sanction or a heavier one is compliance; a lighter sanction
# or none is not (decision 0046). The one rule behind the case page's badges, the compliance
# page's "followed" and lifting the SIASN block.
COMPLIANT = frozenset({DecreeOutcome.FOLLOWED})


def is_compliant(outcome: str) -> bool:
    return outcome in COMPLIANT


class SiasnBlock(models.TextChoices):
    """Where the block of the civil servant's personnel data in SIASN stands."""

    REQUESTED = "requested", _("SIASN block requested")
    CONFIRMED = "confirmed", _("SIASN block in force")
    REFUSED = "refused", _("SIASN block refused")
    LIFTED = "lifted", _("SIASN block lifted")


def derive_outcome(*, recommended: int | None, imposed: int | None) -> DecreeOutcome:
    """The outcome of a decree from the severity ranks of the recommended and imposed sanctions
    (the catalogue's order; None imposed: no sanction). A recommendation without a ranked
    category is followed by any sanction."""
    if imposed is None:
        return DecreeOutcome.NOT_FOLLOWED
    if recommended is None or imposed >= recommended:
        return DecreeOutcome.FOLLOWED
    return DecreeOutcome.FOLLOWED_LIGHTER


class Recommendation(models.Model):
    """A sanction recommendation to the PPK (or to the authority that replaces a conflicted PPK).

    The recommending body is dated data: KASN until 23 August 2024, BKN after. Its status is
    what the PPK compliance record counts.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, awaiting the PPK")
        ACTED_IN_TIME = "acted_in_time", _("Acted on in time")
        LATE = "late", _("Acted on late")
        IGNORED = "ignored", _("Ignored (deadline passed)")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="recommendations")
    agency = models.ForeignKey(
        "registry.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body_key = models.CharField(_("recommending body"), max_length=16)
    body_name = models.CharField(max_length=200)
    issued_by = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    addressed_to = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    ppk_name = models.CharField(_("PPK"), max_length=150, blank=True)
    ppk_position = models.CharField(max_length=150, blank=True)
    substitute_reason = models.TextField(
        _("why the next authority up receives it"), blank=True, default=""
    )
    codes = models.JSONField(default=list)
    sanction_category = models.CharField(max_length=32)
    reasoning = models.TextField()
    issued_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    due_sentence = models.TextField(blank=True)
    legal_basis = models.CharField(max_length=300, blank=True)
    verified = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    acted_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    personnel_data_block_requested = models.BooleanField(default=False)
    # The SIASN block's life (Peraturan BKN 1/2023): requested → confirmed or refused → lifted.
    siasn_block = models.CharField(
        _("SIASN block"), max_length=12, choices=SiasnBlock.choices, blank=True, default=""
    )
    siasn_block_changed_at = models.DateTimeField(null=True, blank=True)
    # The outcome of the latest decree; blank while none was recorded.
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=DecreeOutcome.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["agency", "status"], name="cases_rec_agency_status")]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.addressed_to_id} ({self.status})"

    def status_when_acted(self, at: dt.datetime) -> str:
        """In time when acted on by the due moment; late afterwards (ignored ones become late)."""
        if self.due_at is None or at <= self.due_at:
            return self.Status.ACTED_IN_TIME
        return self.Status.LATE

    @property
    def compliance(self) -> str:
        """The decree's outcome, or, with no decree yet: overdue past the deadline, else pending."""
        if self.outcome:
            return self.outcome
        return "overdue" if self.status == self.Status.IGNORED else "pending"

    @property
    def compliance_label(self) -> str:
        return str(COMPLIANCE_LABELS[self.compliance])

    @property
    def deviates(self) -> bool:
        """A decree is in and it does not comply (a lighter sanction or none)."""
        return bool(self.outcome) and not is_compliant(self.outcome)

    @property
    def follow_up_label(self) -> str:
        """When the PPK acted, and whether it complied once its decree is in: a lighter
        sanction recorded in time is not "acted on in time"."""
        if self.deviates and self.status in NOT_COMPLIANT_LABELS:
            return str(NOT_COMPLIANT_LABELS[self.status])
        return str(self.get_status_display())

    @property
    def follow_up_tone(self) -> str:
        if self.status == self.Status.RECEIVED:
            return "info"
        in_time = self.status == self.Status.ACTED_IN_TIME
        return "success" if in_time and not self.deviates else "danger"


NOT_COMPLIANT_LABELS: dict[str, Any] = {
    Recommendation.Status.ACTED_IN_TIME: _("Decree in time, but not compliant"),
    Recommendation.Status.LATE: _("Decree late, and not compliant"),
}

COMPLIANCE_LABELS = {
    **dict(DecreeOutcome.choices),
    "overdue": _("No decree by the deadline"),
    "pending": _("Awaiting the PPK"),
}


class ReasonReview(models.TextChoices):
    """BKN's answer to the PPK's reason for a lighter or no sanction."""

    ACCEPTED = "accepted", _("Reason accepted")
    REFUSED = "refused", _("Reason refused")


class CaseDecision(models.Model):
    """A decision with legal weight: Bawaslu's outcome, BKN's verification, the PPK's decree,
    a court verdict. Each names its reasoning; discipline decisions name catalogue codes."""

    class Kind(models.TextChoices):
        BAWASLU_OUTCOME = "bawaslu_outcome", _("Bawaslu decision")
        BKN_VERIFICATION = "bkn_verification", _("BKN verification")
        PPK_DECREE = "ppk_decree", _("PPK decree")
        COURT_VERDICT = "court_verdict", _("Court verdict")
        OMBUDSMAN = "ombudsman", _("Ombudsman conclusion")
        OTHER = "other", _("Other decision")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    transition = models.CharField(max_length=64)
    codes = models.JSONField(default=list, blank=True)
    sanction_category = models.CharField(max_length=32, blank=True)
    # Who the act supported on the incident day ("bakal_calon" / "calon"), as the decision
    # found it; blank when not stated. The next body's form starts from it.
    target_stage = models.CharField(_("stage of the person supported"), max_length=16, blank=True)
    sanction = models.CharField(_("sanction imposed"), max_length=64, blank=True)
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    examination_team = models.JSONField(default=dict, blank=True)
    reasoning = models.TextField(blank=True)
    verdict = models.TextField(blank=True)
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=DecreeOutcome.choices, blank=True, default=""
    )
    decree_signatory = models.CharField(_("signed by"), max_length=150, blank=True)
    # The signed decree (SK), kept in private storage like evidence, with its SHA-256.
    decree_file_name = models.CharField(max_length=200, blank=True)
    decree_content_type = models.CharField(max_length=100, blank=True)
    decree_size = models.PositiveIntegerField(default=0)
    decree_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    decree_storage_name = models.CharField(max_length=255, blank=True, editable=False)
    deviation_reason = models.TextField(_("why a lighter or no sanction"), blank=True)
    reason_review = models.CharField(
        _("BKN's answer to the reason"), max_length=16, choices=ReasonReview.choices, blank=True
    )
    reason_review_text = models.TextField(blank=True)
    reason_reviewed_at = models.DateTimeField(null=True, blank=True)
    reason_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"

    @staticmethod
    def outcome_of(recommendation: Recommendation, sanction: str) -> str:
        """The outcome of imposing `sanction` ("" for none) on this recommendation, by the
        catalogue's severity order."""
        from netral.cases import adapters

        return derive_outcome(
            recommended=adapters.category_rank(recommendation.sanction_category),
            imposed=adapters.sanction_rank(sanction) if sanction else None,
        )

    @property
    def awaits_reason_review(self) -> bool:
        """A lighter or no sanction, with its reason, that BKN has not answered yet."""
        return self.outcome in DEVIATING and not self.reason_review


DEVIATING = frozenset(DecreeOutcome) - COMPLIANT
