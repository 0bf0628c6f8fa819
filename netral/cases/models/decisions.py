"""Decisions taken on a case and the recommendations sent to the PPK."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    sanction = models.CharField(_("sanction imposed"), max_length=64, blank=True)
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    examination_team = models.JSONField(default=dict, blank=True)
    reasoning = models.TextField(blank=True)
    verdict = models.TextField(blank=True)
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    deviates_from_recommendation = models.BooleanField(default=False)
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
