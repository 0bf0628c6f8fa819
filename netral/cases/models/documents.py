"""Letters the workflow sends: editable templates and the documents generated from them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.cases.events import TEMPLATE_EVENTS
from netral.core.models import AppendOnlyEvent


class DocumentTemplate(models.Model):
    """The Django template text of one kind of letter; administrators edit it, defaults are seeded.

    Templates receive plain values only (no model objects), so that an edited template cannot
    reach data the letter should not show.
    """

    key = models.SlugField(_("key"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("template text"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self) -> str:
        return self.title


class DocumentTemplateEvent(AppendOnlyEvent):
    """Every change to a letter template: who, when, and the SHA-256 of the text before and
    after. Written only by `services.documents.update_template`, whatever page it came from."""

    event_types = TEMPLATE_EVENTS
    Type = TEMPLATE_EVENTS.choices(__name__, "DocumentTemplateEvent")

    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=32, choices=Type.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("letter template event")
        verbose_name_plural = _("letter template events")


class DocumentStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    # A letter resting on a deadline the regulation does not verify waits for a person's review.
    HELD = "held", _("Held for review (unverified deadline)")


class LetterSettings(models.Model):
    """An organisation's letterhead, signatory and letter-number pattern, set by its admin."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="letter_settings"
    )
    number_pattern = models.CharField(
        _("letter number pattern"),
        max_length=120,
        default="{seq}/{code}/{month}/{year}",
        help_text=_(
            "Placeholders: {seq} (the year's running number), {code} (classification code), "
            "{region} (region code), {month} (Roman numeral), {year}."
        ),
    )
    classification_code = models.CharField(_("classification code"), max_length=60, blank=True)
    letterhead_name = models.CharField(_("letterhead name"), max_length=200, blank=True)
    letterhead_address = models.TextField(_("letterhead address"), blank=True)
    signatory_name = models.CharField(_("signatory name"), max_length=150, blank=True)
    signatory_position = models.CharField(_("signatory position"), max_length=150, blank=True)
    signatory_nip = models.CharField(_("signatory NIP"), max_length=18, blank=True)
    # The name in private storage of the checked, re-encoded logo (services.letters.check_logo).
    logo = models.CharField(_("logo"), max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("letter settings")
        verbose_name_plural = _("letter settings")

    def __str__(self) -> str:
        return str(self.organisation_id)


class LetterCounter(models.Model):
    """The running number of one series (letters, or the case register) of one organisation in
    one year: locked, then moved on."""

    class Series(models.TextChoices):
        LETTER = "letter", _("Letters")
        REGISTER = "register", _("Case register")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=16, choices=Series.choices, default=Series.LETTER)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "series"], name="cases_counter_series_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}/{self.series}: {self.last}"


class Document(models.Model):
    """A generated letter as it was at generation: the HTML is kept, with its SHA-256."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents")
    template_key = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    html = models.TextField()
    sha256 = models.CharField(max_length=64)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField()
    # The organisation's own letter number, assigned once from its counter, never reused.
    number = models.CharField(_("letter number"), max_length=120, blank=True, default="")
    # The letterhead and signatory as they were when the letter was made.
    letterhead = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.SENT
    )

    class Meta:
        ordering = ["generated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"],
                condition=~models.Q(number=""),
                name="cases_document_number_once",
            )
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title
