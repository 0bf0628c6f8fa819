"""A case, links between cases, hand-offs between organisations, and steps with deadlines."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.cases import workflow
from netral.core.models import TimeStampedModel, optional_reference
from netral.registry.models import Agency, CivilServant, Election, Region


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> "CaseQuerySet":
        # A list of states rather than "not closed": it reads the (owner, state) index.
        return self.filter(
            state__in=[s.value for s in workflow.State if s not in workflow.TERMINAL]
        )

    def overdue(self, now: dt.datetime) -> "CaseQuerySet":
        return self.open().filter(due_at__lt=now)


class Case(TimeStampedModel):
    """One matter handled across agencies, from receipt to closure; its timeline is CaseEvent.

    `owner` is the organisation that must act now; earlier owners keep read access through
    Handoff rows. `version` grows with every change, so that two officers acting on the same
    version cannot both win.
    """

    class Origin(models.TextChoices):
        REPORT = "report", _("Public report (laporan)")
        TIP = "tip", _("Anonymous tip (informasi awal)")
        FINDING = "finding", _("Finding (temuan)")
        FORWARDED = "forwarded", _("Forwarded from another channel")

    class Channel(models.TextChoices):
        NONE = "", _("—")
        SIGAPLAPOR = "sigaplapor", _("SIGAPLAPOR (Bawaslu)")
        SP4N_LAPOR = "sp4n_lapor", _("SP4N-LAPOR!")
        SBT = "sbt", _("BKN SBT")
        AGENCY = "agency", _("Agency whistleblowing channel")
        MONITORING = "monitoring", _("Netral social-media monitoring")
        OTHER = "other", _("Other")

    code = models.CharField(_("case code"), max_length=16, unique=True, editable=False)
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices)
    source_ref = models.CharField(
        _("source reference"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("The public reference of the report or tip this case was opened from."),
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, blank=True, default=""
    )
    external_number = models.CharField(
        _("external registration number"), max_length=100, blank=True
    )
    # Bawaslu's own register number, given when the case is registered (or adopted as a finding).
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary of the incident"), blank=True)
    occurred_on = models.DateField(_("date of the incident"), null=True, blank=True)
    civil_servant = optional_reference(
        CivilServant, _("reported civil servant"), related_name="cases"
    )
    civil_servant_name = models.CharField(_("reported person (as reported)"), max_length=150)
    civil_servant_position = models.CharField(
        _("position (as reported)"), max_length=200, blank=True
    )
    # The workplace as the reporter wrote it, kept when it names no registry agency exactly.
    agency_name = models.CharField(_("agency (as reported)"), max_length=200, blank=True)
    agency = optional_reference(Agency, _("agency"), related_name="cases")
    region = optional_reference(Region, _("region"), related_name="+")
    # Copied from region so that jurisdictions filter without a join: a province's or a
    # regency's cases are one indexed equality, on every database and collation.
    region_code = models.CharField(max_length=13, blank=True, db_index=True, editable=False)
    province_code = models.CharField(max_length=2, blank=True, db_index=True, editable=False)
    regency_code = models.CharField(max_length=5, blank=True, db_index=True, editable=False)
    election = optional_reference(Election, _("election"), related_name="cases")
    codes = models.JSONField(_("catalogue codes"), default=list, blank=True)
    sanction_category = models.CharField(_("sanction category"), max_length=32, blank=True)
    state = models.CharField(
        _("stage"),
        max_length=32,
        choices=[(s.value, label) for s, label in workflow.STATE_LABELS.items()],
    )
    outcome = models.CharField(_("outcome"), max_length=32, blank=True)
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owning organisation"),
        on_delete=models.PROTECT,
        related_name="owned_cases",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    # The reporter agreed that their identity may be shared with agencies other than Bawaslu.
    identity_shareable = models.BooleanField(default=False)
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("next deadline"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Head of the hash chain: appends take the row lock and extend from here.
    event_count = models.PositiveIntegerField(default=0, editable=False)
    head_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["owner", "state"], name="cases_owner_state"),
            models.Index(fields=["owner", "due_at"], name="cases_owner_due"),
            # Every column the work queue filters, sorts and pages on, so that its page of ids
            # and its capped count read this index alone (core.pagination.rows_by_id).
            models.Index(
                fields=["state", "due_at", "received_at", "owner", "id"],
                name="cases_state_due_page",
            ),
            # The queue's order itself, then the owner and stage (key columns, as SQLite has no
            # INCLUDE): a large queue (policies.owned_cases) walks it, index only, and stops
            # after the page's rows. It leads with due_at, so it also serves what the plain
            # due_at index did (the overdue filter).
            models.Index(
                fields=["due_at", "-received_at", "-id", "owner", "state"],
                name="cases_page",
            ),
        ]
        # PostgreSQL also has `cases_case_search_trgm`, a trigram index for the queue's free-text
        # search (migration 0017; not declared here, as SQLite cannot build it).
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def place_in(self, region_code: str) -> None:
        """Sets the region codes used for jurisdiction filters from one Kepmendagri code."""
        self.region_code = region_code
        parts = region_code.split(".") if region_code else []
        self.province_code = parts[0] if parts else ""
        self.regency_code = ".".join(parts[:2]) if len(parts) >= 2 else ""

    @property
    def is_closed(self) -> bool:
        return self.state == workflow.State.CLOSED

    def is_overdue(self, now: dt.datetime) -> bool:
        return not self.is_closed and self.due_at is not None and self.due_at < now

    def examination_extended(self) -> bool:
        """Whether the running step is already on the extended examination period (extended
        once, or sent back by BKN for more information): no second extension."""
        return self.steps.current().filter(rule_key=workflow.EXTENDED_EXAMINATION).exists()

    @property
    def agency_label(self) -> str:
        """The registry agency's name, else the workplace as reported."""
        return self.agency.name if self.agency else self.agency_name

    @property
    def state_label(self) -> str:
        return str(workflow.STATE_LABELS[workflow.State(self.state)])

    @property
    def outcome_label(self) -> str:
        if not self.outcome:
            return ""
        return str(workflow.OUTCOME_LABELS[workflow.Outcome(self.outcome)])


class CaseLink(models.Model):
    """A relation between a case and another case or report: related, duplicate or merged."""

    class Kind(models.TextChoices):
        RELATED = "related", _("Related")
        DUPLICATE = "duplicate", _("Duplicate of")
        MERGED = "merged", _("Merged into")
        REPORT = "report", _("Further report")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    other_case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    report_ref = models.CharField(max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(other_case__isnull=False) | ~Q(report_ref=""),
                name="cases_link_has_target",
            ),
        ]
        verbose_name = _("case link")
        verbose_name_plural = _("case links")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.other_case_id or self.report_ref}"


class Handoff(models.Model):
    """Ownership moving from one organisation to another; the sender keeps read access."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handoffs")
    from_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    transition = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["from_organisation", "case"], name="cases_handoff_from")]
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_organisation_id} → {self.to_organisation_id}"


class StepQuerySet(models.QuerySet["Step"]):
    def current(self) -> "StepQuerySet":
        return self.filter(status__in=(Step.Status.OPEN, Step.Status.MISSED))

    def overdue(self, now: dt.datetime) -> "StepQuerySet":
        return self.filter(status=Step.Status.OPEN, due_at__lt=now)


class Step(models.Model):
    """Who must do what next, by when: one per workflow stage, plus one per escalation rung.

    A missed step stays current (the work is still owed) until the case moves on; the deadline
    sweep flips it from OPEN to MISSED exactly once.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MISSED = "missed", _("Deadline missed")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("kind"), max_length=64)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    recommendation = models.ForeignKey(
        "cases.Recommendation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    escalation_level = models.PositiveSmallIntegerField(default=0)
    rule_key = models.CharField(max_length=64, blank=True)
    opened_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    due_sentence = models.TextField(blank=True)
    legal_basis = models.CharField(max_length=300, blank=True)
    verified = models.BooleanField(default=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    missed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["opened_at", "pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="cases_step_sweep"),
            # The open steps an organisation holds: the work queue's "owned" scope reads them
            # as an index-only scan (an organisation's closed steps outnumber them many times).
            models.Index(
                fields=["organisation", "case"],
                name="cases_step_open_org",
                condition=models.Q(closed_at__isnull=True),
            ),
        ]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} ({self.status})"

    @property
    def label(self) -> str:
        return workflow.step_label(self.kind)
