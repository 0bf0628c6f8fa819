"""The neutrality pledge (ikrar netralitas): campaigns, one-time signing codes, signatures,
paper lists of signing ceremonies, and the campaign's event table."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.core.models import AppendOnlyEvent
from netral.prevention.events import CAMPAIGN_EVENTS
from netral.registry.models import Agency, CivilServant, Election


def _person(related_name: str) -> Any:
    """The civil servant a record of theirs names; protected: the record outlives edits."""
    return models.ForeignKey(CivilServant, on_delete=models.PROTECT, related_name=related_name)


def _once_each(parent: str, name: str) -> list[models.BaseConstraint]:
    """One record per civil servant in each `parent` (a pledge signed, a briefing attended)."""
    return [models.UniqueConstraint(fields=[parent, "civil_servant"], name=name)]


class Campaign(models.Model):
    """One agency's pledge campaign for one election, with its current (versioned) text."""

    TEXT_MAX_LENGTH = 5000  # characters: a pledge is read on a phone and printed on one sheet

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("pledge text"))
    text_version = models.PositiveIntegerField(_("text version"), default=1)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "agency"], name="prevention_one_campaign_per_agency"
            )
        ]
        verbose_name = _("pledge campaign")
        verbose_name_plural = _("pledge campaigns")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class SigningCode(models.Model):
    """The current one-time code of one civil servant in one campaign, kept only as a hash.

    Issuing again replaces the hash (the old code stops working, its hash is kept in
    `replaced_hashes` only to tell its holder it was replaced); signing marks it used.
    """

    REPLACED_KEPT = 5  # hashes of earlier codes kept per person, newest first

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="codes")
    civil_servant = models.ForeignKey(CivilServant, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    issued_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # Set when this code was sent by e-mail (then it is not printed on a sheet again unless the
    # officer asks); the address it went to is the campaign's `StaffAddress`.
    emailed_at = models.DateTimeField(null=True, blank=True)
    replaced_hashes = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "civil_servant"], name="prevention_one_code_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.civil_servant_id}"

    def replaced_by_new(self) -> list[str]:
        """What a newer code's row keeps of this one: its hash, then the earlier ones."""
        return [self.code_hash, *self.replaced_hashes][: self.REPLACED_KEPT]


class StaffAddress(models.Model):
    """The e-mail address a campaign sends one civil servant's signing code to.

    The registry holds no addresses of civil servants: the personnel office uploads its own
    list (NIP, e-mail) for the campaign, and it is used for nothing else.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="addresses")
    civil_servant = models.ForeignKey(CivilServant, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mail address"))
    listed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "civil_servant"], name="prevention_one_address_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.civil_servant_id}"


class UploadedFile(models.Model):
    """What every file an organiser uploads keeps: its name, who sent it and when, its size and
    its SHA-256; newest first unless a kind says otherwise."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)  # as it was sent; a download is named so
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.name


class PaperList(UploadedFile):
    """The scanned, signed list of a signing ceremony; its SHA-256 is kept with it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="paper_lists")
    scan = models.FileField(upload_to="prevention/paper/%Y/%m/")


class Signature(models.Model):
    """A civil servant's signature of a campaign's pledge, online or on paper; one each."""

    class Method(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="signatures")
    civil_servant = _person("pledge_signatures")
    method = models.CharField(max_length=8, choices=Method.choices)
    text_version = models.PositiveIntegerField()
    signed_at = models.DateTimeField()
    # The certificate's verification code (printed on it and in its QR); public, unguessable.
    certificate_code = models.CharField(max_length=16, unique=True)
    paper_list = models.ForeignKey(
        PaperList, null=True, blank=True, on_delete=models.PROTECT, related_name="signatures"
    )

    class Meta:
        ordering = ["-signed_at"]
        constraints = _once_each("campaign", "prevention_one_signature_each")
        indexes = [models.Index(fields=["campaign", "signed_at"], name="prevention_sig_campaign")]

    def __str__(self) -> str:
        return self.certificate_code


class CampaignEvent(AppendOnlyEvent):
    """What happened to a campaign: opened, text revised, codes issued, paper list, closed."""

    event_types = CAMPAIGN_EVENTS
    Type = CAMPAIGN_EVENTS.choices(__name__, "CampaignEvent")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=32, choices=Type.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("campaign event")
        # The campaign page's history reads the newest rows of one campaign (a large agency's
        # campaign holds an event per signature).
        indexes = [models.Index(fields=["campaign", "-at"], name="prev_campaign_event_recent")]


class ModuleAttempt(models.Model):
    """One quiz of a learning module taken by a civil servant; never changed once written.

    The civil servant identified with NIP and their campaign's code, so the attempt belongs to
    that campaign (and counts in its coverage). A passing attempt carries a certificate code.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="module_attempts")
    civil_servant = _person("module_attempts")

    class Kind(models.TextChoices):
        PRE = "pre", _("Pre-quiz")
        POST = "post", _("Quiz")

    module = models.CharField(max_length=40)  # slug in data/modules.yaml
    # A pre-quiz is taken before reading the module: recorded, never passed or certified.
    kind = models.CharField(max_length=4, choices=Kind.choices, default=Kind.POST)
    module_version = models.PositiveIntegerField()
    catalogue_version = models.CharField(max_length=20)
    score = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    attempted_at = models.DateTimeField()
    certificate_code = models.CharField(max_length=16, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["-attempted_at"]
        indexes = [
            models.Index(fields=["campaign", "module", "passed"], name="prevention_attempt_cov")
        ]

    def __str__(self) -> str:
        return f"{self.module}:{self.civil_servant_id}:{self.score}/{self.total}"

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0

    @property
    def is_pre_quiz(self) -> bool:
        return self.kind == self.Kind.PRE


class Briefing(models.Model):
    """A sosialisasi or Bimtek for the staff of a campaign's agency, with its attendance.

    Civil servants check in with the briefing's short code (shown to the room, also as a QR code)
    and the NIP and one-time code of the campaign; the organiser may upload a list of NIPs too.
    """

    class Kind(models.TextChoices):
        SOSIALISASI = "sosialisasi", _("Sosialisasi")
        BIMTEK = "bimtek", _("Bimtek (technical guidance)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="briefings")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=120, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    # Typed by the audience from the screen: short, without look-alike characters, unique.
    check_in_code = models.CharField(max_length=8, unique=True)
    check_in_open = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("sosialisasi or Bimtek")
        verbose_name_plural = _("sosialisasi and Bimtek")

    def __str__(self) -> str:
        return self.title


class BriefingMaterial(UploadedFile):
    """A file the organiser attached to a briefing (slides as PDF, a handout, an image).

    Kept with its SHA-256. Attendees (from the browser they checked in with) and the staff who
    see the campaign may download it; anyone may if the organiser marked it public.
    """

    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="materials")
    file = models.FileField(upload_to="prevention/materials/%Y/%m/")
    content_type = models.CharField(max_length=100)
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class Attendance(models.Model):
    """One civil servant present at one briefing, by check-in or from an uploaded list."""

    class Method(models.TextChoices):
        CHECK_IN = "check_in", _("Checked in")
        LIST = "list", _("Attendance list")

    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="attendance")
    civil_servant = _person("briefing_attendance")
    method = models.CharField(max_length=10, choices=Method.choices)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at"]
        constraints = _once_each("briefing", "prevention_attend_once")

    def __str__(self) -> str:
        return f"{self.briefing_id}:{self.civil_servant_id}"
