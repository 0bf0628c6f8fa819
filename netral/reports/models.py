"""Public intake: reports, their evidence, messages with the reporter, and the event timeline.

A report is anonymous by construction: nothing here points to the person who sent it unless they
chose the formal track, and then their identity lives encrypted in `ReporterIdentity`.
"""

import datetime as dt
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.accounts.models import Organisation, User
from netral.core.models import optional_reference
from netral.core.timeline import ChainedEvent
from netral.registry.models import Region
from netral.reports.events import REPORT_EVENTS
from netral.rules import zones

# Elections the legal clock knows; the election file format defines the same kinds.
ELECTION_KINDS = [
    ("gubernur", _("Governor election (Pilkada)")),
    ("bupati", _("Regent election (Pilkada)")),
    ("wali_kota", _("Mayor election (Pilkada)")),
    ("presiden", _("Presidential election (Pemilu)")),
    ("legislatif", _("Legislative election (Pemilu)")),
]


class Category(models.TextChoices):
    """What happened, in the reporter's words; each maps to a catalogue act (see categories.py)."""

    SOCIAL_MEDIA_SUPPORT = (
        "social_media_support",
        _("Posting, sharing or liking posts supporting a candidate on social media"),
    )
    PHOTO_WITH_GESTURE = (
        "photo_with_gesture",
        _("Photo with a finger gesture or symbol of support"),
    )
    BANNER = "banner", _("Putting up a banner or billboard")
    ATTEND_DECLARATION = "attend_declaration", _("Attending a campaign event or declaration")
    STATE_FACILITIES = "state_facilities", _("Using official facilities or vehicles")
    MOBILISE_CIVIL_SERVANTS = (
        "mobilise_civil_servants",
        _("Mobilising or inviting staff to support a candidate"),
    )
    FAVOURING_DECISION = "favouring_decision", _("Making a decision that favours a candidate")
    PARTY_MEMBERSHIP = "party_membership", _("Being a member or official of a political party")
    OTHER = "other", _("Other")


class ReportQuerySet(models.QuerySet["Report"]):
    def in_regions(self, codes: set[str]) -> "ReportQuerySet":
        """Reports whose region lies under one of these codes ("" is the whole country)."""
        if not codes:
            return self.none()
        return self.filter(Region.within_q(codes, "region__code"))

    def open(self) -> "ReportQuerySet":
        return self.filter(status__in=[Report.Status.RECEIVED, Report.Status.INFO_REQUESTED])


class Report(models.Model):
    """A report from the public about a civil servant, on the tip or the formal track."""

    class Track(models.TextChoices):
        TIP = "tip", _("Initial information (anonymous)")
        FORMAL = "formal", _("Formal report")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, awaiting review")
        INFO_REQUESTED = "info_requested", _("More information requested")
        ACCEPTED = "accepted", _("Accepted for handling")
        DUPLICATE = "duplicate", _("Merged with another report")
        REJECTED = "rejected", _("Not followed up")

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        API = "api", _("API")

    code = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    track = models.CharField(_("track"), max_length=8, choices=Track.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    subject_name = models.CharField(_("name of the civil servant"), max_length=200)
    # Upper-cased, space-collapsed name: the duplicate check compares on it with an index.
    subject_key = models.CharField(max_length=200, editable=False)
    subject_agency = models.CharField(_("agency"), max_length=200, blank=True)
    # The registry's agency when the reporter's text names exactly one (or a partner app sends
    # its code); the text is kept either way, as typed.
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("agency in the registry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_position = models.CharField(_("position"), max_length=200, blank=True)
    subject_nip = models.CharField(_("NIP"), max_length=18, blank=True)

    incident_date = models.DateField(_("date of the incident"))
    incident_time = models.TimeField(_("time of the incident"), null=True, blank=True)
    discovered_on = models.DateField(_("date the reporter learned of it"), null=True, blank=True)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    # The regency or city code ("34.02"), copied from the region so the duplicate check can
    # find neighbours with one index and no join.
    regency_code = models.CharField(max_length=5, editable=False, default="")
    place = models.CharField(_("place"), max_length=300, blank=True)
    # Two decimals of a degree, about 1.1 km: enough to find the place, too coarse for a house.
    latitude = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    longitude = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    election = models.ForeignKey(
        "registry.Election",
        verbose_name=_("election"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept even when the election is known: the legal clock counts by kind (Pilkada or Pemilu).
    election_kind = models.CharField(_("kind of election"), max_length=16, choices=ELECTION_KINDS)

    category = models.CharField(_("what happened"), max_length=32, choices=Category.choices)
    act_code = models.CharField(_("catalogue act"), max_length=64)
    description = models.TextField(_("description"))
    # Names and contacts of witnesses, sealed with the identity key like the reporter's identity
    # (crypto.seal): a copy of the database alone does not name them. Read via selectors.
    witnesses_sealed = models.BinaryField(blank=True, default=b"", editable=False)

    # Rounded down to the hour (see docs/reporting.md): the law counts days, and a minute-exact
    # time would help match a reporter against network logs.
    submitted_at = models.DateTimeField(_("submitted"), editable=False)
    formal_since = models.DateTimeField(null=True, blank=True, editable=False)
    # The formal reporter's consent to pass their identity on with the case (to BKN, the PPK);
    # without it the identity stays with Bawaslu.
    identity_shareable = models.BooleanField(_("identity may be shared onwards"), default=False)
    window_last_day = models.DateField(_("last day for a formal report"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    # The case that accepting the report opened; set by services.triage.accept_report.
    case_code = models.CharField(_("case code"), max_length=16, blank=True)
    # Set when one Bawaslu forwards the report to another (decision 0095): from then on that
    # Bawaslu, and those above it, see and handle it. Empty: every Bawaslu covering the region.
    handling_organisation = optional_reference(Organisation, _("handled by"), related_name="+")
    assignee = optional_reference(User, _("assigned to"), related_name="+")

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["subject_key", "incident_date"]),
            models.Index(fields=["incident_date"]),
            # Newest first within one regency and day: the duplicate check reads a bounded
            # range per day of its window, whatever the number of reports (issue 19).
            models.Index(fields=["regency_code", "incident_date", "-id"]),
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return self.display_code

    @property
    def received_on(self) -> dt.date:
        """The day the report was received in the zone of its region (WIB, WITA or WIT): the day
        the legal clock starts from. Received at 00:30 WITA on 25 November: 25 November."""
        return zones.local_date(self.submitted_at, self.regency_code)

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.INFO_REQUESTED)

    @property
    def awaits_reporter(self) -> bool:
        return self.status == self.Status.INFO_REQUESTED


class ReporterIdentity(models.Model):
    """The formal reporter's name, NIK, address and contact, sealed with the identity key."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="identity")
    ciphertext = models.BinaryField()
    key_version = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("reporter identity")
        verbose_name_plural = _("reporter identities")

    def __str__(self) -> str:
        return str(_("Sealed identity for %(report)s")) % {"report": self.report_id}


class ReportLink(models.Model):
    """A link to a post or page the report is about; its hash finds other reports of it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="links")
    url = models.TextField(_("link"))
    url_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.url


class PossibleDuplicate(models.Model):
    """A pair of reports that look alike; staff decide, nothing is merged automatically."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="duplicate_hints")
    other = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "other"], name="one_hint_per_pair"),
        ]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")

    def __str__(self) -> str:
        return f"{self.report} ~ {self.other}"


class PendingDuplicateCheck(models.Model):
    """A new report whose duplicate check has not run yet: written with the report, in the same
    statement, and taken by the task worker on its next pass (decision 0185). It carries no
    time, so nothing but the report's hour tells when a report came in."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pending duplicate check")
        verbose_name_plural = _("pending duplicate checks")

    def __str__(self) -> str:
        return str(self.report_id)


class ReportMessage(models.Model):
    """A message between the handlers and the reporter, seen by the reporter through the receipt."""

    class Direction(models.TextChoices):
        TO_REPORTER = "to_reporter", _("From the handlers")
        FROM_REPORTER = "from_reporter", _("From the reporter")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=16, choices=Direction.choices)
    body = models.TextField(_("message"))
    author = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.report} {self.get_direction_display()}"


class Evidence(models.Model):
    """An evidence file, kept byte for byte in private storage, with its hash and a safe preview."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo or screenshot")
        PDF = "pdf", _("PDF document")
        AUDIO = "audio", _("Audio recording")
        VIDEO = "video", _("Video")

    class Processing(models.TextChoices):
        """An image is checked by its header in the request and decoded by the task worker
        (decision 0180); every other file is checked whole in the request."""

        PENDING = "pending", _("Being checked")
        CHECKED = "checked", _("Checked")
        DAMAGED = "damaged", _("Damaged")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    message = models.ForeignKey(
        ReportMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    storage_name = models.CharField(max_length=255, editable=False)
    preview_name = models.CharField(max_length=255, blank=True, editable=False)
    metadata = models.JSONField(default=dict, blank=True)
    added_at = models.DateTimeField(editable=False)
    processing = models.CharField(
        _("check"), max_length=8, choices=Processing.choices, default=Processing.CHECKED
    )

    class Meta:
        ordering = ["added_at", "id"]
        # The sweep finds what the worker has not checked yet without reading every file row.
        indexes = [
            models.Index(
                fields=["processing"],
                name="reports_evidence_pending",
                condition=models.Q(processing="pending"),
            )
        ]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class ReportEvent(ChainedEvent):
    """One change to a report or one read of protected data (identity, evidence).

    Append-only and hash-chained per report under the timeline key, like the case timeline:
    written only through `reports.events.record`.
    """

    chain_scope = "report"

    Type = REPORT_EVENTS.choices(__name__, "ReportEvent")

    # What the reporter may see of the timeline; reads and internal hints stay with staff.
    PUBLIC_TYPES = frozenset(
        {
            Type.SUBMITTED,
            Type.INFO_REQUESTED,
            Type.REPLY_RECEIVED,
            Type.EVIDENCE_ADDED,
            Type.IDENTITY_ADDED,
            Type.MARKED_DUPLICATE,
            Type.REJECTED,
            Type.ACCEPTED,
        }
    )
    # What a public event may say beyond its type on the reporter's page: a rejection's reason.
    PUBLIC_HEADLINES = frozenset({Type.REJECTED})

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=24, choices=Type.choices)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(editable=False)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["report", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["report", "seq"], name="reports_event_seq_once")
        ]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report} {self.type}"

    def chain_record(self) -> dict[str, object]:
        return {
            "report": self.report.code,
            "seq": self.seq,
            "type": self.type,
            "actor": self.actor_id,
            "organisation": self.organisation_id,
            "at": self.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "payload": self.payload,
            "prev": self.prev_hash,
        }

    @property
    def is_public(self) -> bool:
        return self.type in self.PUBLIC_TYPES


class ReportDraft(models.Model):
    """What a reporter typed and uploaded before a failed validation, kept for a short while.

    Keyed by the hash of a random token held in the form; the typed data is sealed like an
    identity because it may contain one.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    ciphertext = models.BinaryField()
    # Set once the form became a report: a resent form (a reload, a retry on a slow connection)
    # then finds that report instead of making a second one. The typed data is gone by then.
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self) -> str:
        return f"draft {self.pk}"


class DraftFile(models.Model):
    """A file uploaded with a draft; it passed every check and waits for the report."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="files")
    original_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    storage_name = models.CharField(max_length=255)

    class Meta:
        ordering = ["id"]
        verbose_name = _("draft file")
        verbose_name_plural = _("draft files")

    def __str__(self) -> str:
        return self.original_name
