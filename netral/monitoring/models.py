"""Accounts to watch, imported items, findings of the detector and their append-only events."""

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netral.core.models import AppendOnlyEvent
from netral.core.timeline import ChainedEvent
from netral.monitoring.events import ACCOUNT_EVENTS, FINDING_EVENTS

PLATFORMS = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("x", "X (Twitter)"),
    ("tiktok", "TikTok"),
    ("youtube", "YouTube"),
    ("threads", "Threads"),
    ("lainnya", _("Other")),
]


class WatchedAccount(models.Model):
    """An account monitoring knows: a candidate pair's, an agency's, or an author seen in items.

    Accounts civil servants declare live in the registry (SocialAccount); an author seen here is
    linked to one only after a human confirms a suggestion.
    """

    class Kind(models.TextChoices):
        CANDIDATE = "calon", _("Candidate pair official or team account")
        AGENCY = "instansi", _("Official agency account")
        AUTHOR = "penulis", _("Author seen in imported items")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    platform = models.CharField(_("platform"), max_length=16, choices=PLATFORMS)
    handle = models.CharField(_("handle"), max_length=200, help_text=_("Lower case, no @."))
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    election = models.ForeignKey(
        "registry.Election", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    candidate_number = models.PositiveSmallIntegerField(_("ballot number"), null=True, blank=True)
    agency = models.ForeignKey(
        "registry.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    civil_servant = models.ForeignKey(
        "registry.CivilServant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The region whose staff see this account ("" = national); copied from the election/agency.
    region_code = models.CharField(max_length=13, blank=True, db_index=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "platform", "handle"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "platform", "handle", "region_code"], name="monitoring_account_once"
            )
        ]
        verbose_name = _("watched account")
        verbose_name_plural = _("watched accounts")

    def __str__(self) -> str:
        return f"{self.get_platform_display()} @{self.handle}"


class LinkSuggestion(models.Model):
    """A possible owner (civil servant) of an unknown author, for a human to confirm or reject."""

    class Status(models.TextChoices):
        OPEN = "terbuka", pgettext_lazy("link suggestion", "Open")
        CONFIRMED = "dikonfirmasi", _("Confirmed")
        REJECTED = "ditolak", _("Rejected")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey(
        WatchedAccount, on_delete=models.CASCADE, related_name="suggestions"
    )
    civil_servant = models.ForeignKey(
        "registry.CivilServant", on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "civil_servant"], name="monitoring_suggestion_once"
            )
        ]
        verbose_name = _("link suggestion")
        verbose_name_plural = _("link suggestions")

    def __str__(self) -> str:
        return f"{self.account} → {self.civil_servant}"


class AccountEvent(AppendOnlyEvent):
    """Append-only record of what people did with watched accounts and link suggestions."""

    event_types = ACCOUNT_EVENTS
    Type = ACCOUNT_EVENTS.choices(__name__, "AccountEvent")

    account = models.ForeignKey(WatchedAccount, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=32, choices=Type.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("account event")
        verbose_name_plural = _("account events")


class ImportRun(models.Model):
    """One import of an export file: who, which election, how far, and each row's problem."""

    class Status(models.TextChoices):
        QUEUED = "antre", _("Queued")
        RUNNING = "berjalan", _("Running")
        DONE = "selesai", _("Done")
        FAILED = "gagal", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    election = models.ForeignKey("registry.Election", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=8)
    stored_name = models.CharField(max_length=200, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_read = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class _WayIn:
    def __init__(self, value: str, label: Any, *stored: str) -> None:
        self.value, self.label, self.stored = value, label, stored


# How items come in, with the words an import stored for it (Indonesian or English).
_WAYS_IN = (
    _WayIn("upload", _("upload"), "unggahan berkas"),
    _WayIn("command line", _("command line"), "baris perintah"),
)


class Item(models.Model):
    """One captured post or interaction, exactly as imported; `sha256` is of its canonical form."""

    class Kind(models.TextChoices):
        POST = "post", _("Post")
        SHARE = "share", _("Share")
        COMMENT = "comment", _("Comment")
        LIKE = "like", _("Like")
        FOLLOW = "follow", _("Follow")
        GROUP = "group", _("Group membership")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    election = models.ForeignKey("registry.Election", on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="items")
    account = models.ForeignKey(
        WatchedAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    external_id = models.CharField(max_length=200)
    platform = models.CharField(_("platform"), max_length=16)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    author = models.CharField(_("author"), max_length=200)
    url = models.CharField(_("URL"), max_length=2000, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    shared_text = models.TextField(_("shared or commented content"), blank=True)
    shared_url = models.CharField(max_length=2000, blank=True)
    shared_author = models.CharField(max_length=200, blank=True)
    canonical = models.TextField(help_text=_("The normalised fields as sorted-key JSON."))
    sha256 = models.CharField(max_length=64)
    captured_at = models.DateTimeField(_("captured at"))
    source = models.CharField(_("source"), max_length=64)
    warc_name = models.CharField(max_length=200, blank=True)
    warc_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-captured_at"]
        constraints = [
            models.UniqueConstraint(fields=["election", "sha256"], name="monitoring_item_once")
        ]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self) -> str:
        return f"{self.platform} {self.kind} @{self.author}"

    @property
    def source_label(self) -> str:
        """Where it came from in the reader's words: the stored source names the way in (upload,
        command line) in the language of whoever imported it, then the file's name."""
        way, _sep, rest = self.source.partition(":")
        for known in _WAYS_IN:
            if way in (known.value, *known.stored):
                return f"{known.label}:{rest}" if _sep else str(known.label)
        return self.source


class Finding(models.Model):
    """An item the detector labelled campaigning: a lead for a human, never a verdict."""

    class Status(models.TextChoices):
        NEW = "baru", _("New")
        CONFIRMED = "dikonfirmasi", _("Confirmed")
        DISMISSED = "ditolak", pgettext_lazy("finding", "Dismissed")
        PROMOTED = "jadi_kasus", _("Promoted to a case")

    class CaptureStatus(models.TextChoices):
        NONE = "", _("Not captured")
        REQUESTED = "diminta", _("Capture requested")
        CAPTURED = "tersimpan", _("Page captured")
        FAILED = "gagal", _("Capture failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.OneToOneField(Item, on_delete=models.PROTECT, related_name="finding")
    election = models.ForeignKey("registry.Election", on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField(max_length=13, blank=True, db_index=True)
    score = models.FloatField(_("score"), db_index=True)
    candidate = models.PositiveSmallIntegerField(_("candidate"), null=True, blank=True)
    stance = models.CharField(max_length=16, blank=True)
    codes = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    signals = models.JSONField(default=list, blank=True)
    model_version = models.CharField(max_length=100)
    config_version = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    case_code = models.CharField(_("case"), max_length=16, blank=True)
    created_at = models.DateTimeField()
    # The page behind the item's address, fetched by the capture task (monitoring/capture.py).
    capture_status = models.CharField(
        max_length=16, choices=CaptureStatus.choices, default=CaptureStatus.NONE
    )
    capture_error = models.CharField(max_length=300, blank=True)
    capture_warc_name = models.CharField(max_length=200, blank=True)
    capture_warc_sha256 = models.CharField(max_length=64, blank=True)
    capture_png_name = models.CharField(max_length=200, blank=True)
    capture_png_sha256 = models.CharField(max_length=64, blank=True)
    captured_page_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "-created_at"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.item} ({self.score:.2f})"

    @property
    def reason_sentences(self) -> list[str]:
        """The detector's reasons in the reader's language (text stored before keys, as is)."""
        from netral.monitoring.pipeline import reasons

        return reasons.sentences(self.reasons)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.CONFIRMED)


class FindingEvent(ChainedEvent, AppendOnlyEvent):
    """Every action on a finding (evidence bundle downloads included), with its actor, time and
    details. Append-only and hash-chained per finding under the timeline key."""

    chain_scope = "finding"

    event_types = FINDING_EVENTS
    Type = FINDING_EVENTS.choices(__name__, "FindingEvent")

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=32, choices=Type.choices)

    class Meta(AppendOnlyEvent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["finding", "seq"], name="monitoring_finding_event_once")
        ]
        verbose_name = _("finding event")
        verbose_name_plural = _("finding events")

    def chain_record(self) -> dict[str, Any]:
        return {
            "finding": str(self.finding.public_id),
            "seq": self.seq,
            "type": self.type,
            "actor": self.actor_id,
            "at": self.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "payload": self.payload,
            "prev": self.prev_hash,
        }


class LabelledExample(models.Model):
    """A reviewer's verdict on an item, kept as training data (`netral monitor export-labels`)."""

    class Label(models.TextChoices):
        CAMPAIGN = "campaign", _("Campaigning")
        NEUTRAL = "neutral", _("Neutral")

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="example")
    label = models.CharField(max_length=16, choices=Label.choices)
    reason = models.TextField(blank=True)
    labelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    labelled_at = models.DateTimeField()

    class Meta:
        ordering = ["labelled_at", "pk"]
        verbose_name = _("labelled example")
        verbose_name_plural = _("labelled examples")

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.label}"
