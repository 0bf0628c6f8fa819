"""Announcements: public information that Bawaslu, BKN or an agency publishes (title, body,
attachments, date). Written only through `services`; read publicly unless withdrawn.

Audit recommendations: what an independent auditor files to an agency or to Bawaslu, tracked to
the addressee's response. Both have an append-only event table."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.core.models import AppendOnlyEvent
from netral.transparency.events import ANNOUNCEMENT_EVENTS, RECOMMENDATION_EVENTS


class AnnouncementQuerySet(models.QuerySet["Announcement"]):
    def published(self) -> "AnnouncementQuerySet":
        return self.filter(withdrawn_at__isnull=True).order_by("-published_at")


class Announcement(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), max_length=20_000)
    published_at = models.DateTimeField(_("published"), db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.title


class AnnouncementAttachment(models.Model):
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="attachments"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to="announcements/%Y/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class AnnouncementEvent(AppendOnlyEvent):
    """Append-only record of every announcement published or withdrawn, and by whom."""

    event_types = ANNOUNCEMENT_EVENTS
    Type = ANNOUNCEMENT_EVENTS.choices(__name__, "AnnouncementEvent")

    announcement = models.ForeignKey(Announcement, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=32, choices=Type.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("announcement event")
        verbose_name_plural = _("announcement events")


class AuditRecommendationQuerySet(models.QuerySet["AuditRecommendation"]):
    def open(self) -> "AuditRecommendationQuerySet":
        return self.exclude(status=AuditRecommendation.Status.CLOSED)


class AuditRecommendation(models.Model):
    """A recommendation an independent auditor files to an agency or to Bawaslu.

    Open until the addressee answers it (accepted, partly, or declined, with reasons); the
    auditor then closes it. Every step is an `AuditRecommendationEvent`.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting a response")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        DECLINED = "declined", _("Declined")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    auditor = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    addressed_to = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("recommendation"), max_length=20_000)
    case_codes = models.JSONField(_("cases in the audit pack"), default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    filed_at = models.DateTimeField(db_index=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices, blank=True)
    response = models.TextField(_("response"), max_length=20_000, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # Set by the auditor when filing (no legal text sets one; decision 0141); none on older rows.
    answer_due = models.DateField(_("answer due by"), null=True, blank=True)

    objects = AuditRecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("audit recommendation")
        verbose_name_plural = _("audit recommendations")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Still awaiting the addressee's answer after the day it was due."""
        if self.status != self.Status.OPEN or self.answer_due is None:
            return False
        return self.answer_due < (today or timezone.localdate())


class AuditRecommendationEvent(AppendOnlyEvent):
    """Append-only record of a recommendation filed, answered and closed."""

    event_types = RECOMMENDATION_EVENTS
    Type = RECOMMENDATION_EVENTS.choices(__name__, "AuditRecommendationEvent")

    recommendation = models.ForeignKey(
        AuditRecommendation, on_delete=models.PROTECT, related_name="events"
    )
    type = models.CharField(max_length=32, choices=Type.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("audit recommendation event")
        verbose_name_plural = _("audit recommendation events")
