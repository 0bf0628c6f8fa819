"""Every write of the transparency app: announcements (published, withdrawn) and independent
auditors' recommendations (filed, answered, closed), each with its event row."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.accounts.models import Organisation
from netral.core import page_cache
from netral.core.events import EventTypes
from netral.transparency import events, policies
from netral.transparency.models import (
    Announcement,
    AnnouncementAttachment,
    AnnouncementEvent,
    AuditRecommendation,
    AuditRecommendationEvent,
)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Extension → (content type, the bytes a real file of that type starts with).
ATTACHMENT_TYPES = {
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}


def check_attachment(upload: UploadedFile) -> str:
    """The content type of an acceptable attachment, or ValidationError (PDF, PNG, JPEG)."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(_("Attach PDF, PNG or JPEG files only."))
    if (upload.size or 0) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("An attachment may be at most 10 MB."))
    content_type, magic = ATTACHMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise ValidationError(_("The file is not the type its name says."))
    return content_type


@transaction.atomic
def publish_announcement(
    *,
    by: Any,
    organisation: Organisation,
    title: str,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    now: dt.datetime,
) -> Announcement:
    if organisation not in policies.publishing_organisations(by):
        raise PermissionDenied
    types = [check_attachment(upload) for upload in attachments]  # all checked before any write
    announcement = Announcement.objects.create(
        organisation=organisation,
        title=title.strip(),
        body=body.strip(),
        published_at=now,
        published_by=by,
    )
    for upload, content_type in zip(attachments, types, strict=True):
        AnnouncementAttachment.objects.create(
            announcement=announcement,
            file=upload,
            name=(upload.name or "lampiran")[-200:],
            content_type=content_type,
            size=upload.size or 0,
        )
    _announcement_event(
        announcement,
        AnnouncementEvent.Type.PUBLISHED,
        by=by,
        now=now,
        organisation=organisation.name,
        title=announcement.title,
        attachments=len(types),
    )
    transaction.on_commit(page_cache.bump)  # the public pages list it from now on
    return announcement


@transaction.atomic
def withdraw_announcement(*, by: Any, announcement: Announcement, now: dt.datetime) -> None:
    if not policies.can_withdraw(by, announcement):
        raise PermissionDenied
    Announcement.objects.filter(pk=announcement.pk).update(withdrawn_at=now, withdrawn_by=by)
    _announcement_event(announcement, AnnouncementEvent.Type.WITHDRAWN, by=by, now=now)
    transaction.on_commit(page_cache.bump)


def _announcement_event(
    announcement: Announcement, type: str, *, by: Any, now: dt.datetime, **payload: Any
) -> None:
    row = AnnouncementEvent(announcement=announcement)
    _append(row, events.ANNOUNCEMENT_EVENTS, type, by=by, now=now, payload=payload)


def _append(
    row: Any, declared: EventTypes, type: str, *, by: Any, now: dt.datetime, payload: dict[str, Any]
) -> None:
    """Saves an event row once its payload fits the declaration of its type."""
    row.payload = declared.check(type, payload)
    row.type, row.actor, row.at = type, by, now
    row.save()


# ------------------------------------------------------------------ independent auditors


@transaction.atomic
def file_recommendation(
    *,
    by: Any,
    auditor: Organisation,
    addressed_to: Organisation,
    title: str,
    body: str,
    case_codes: Sequence[str] = (),
    answer_due: dt.date | None = None,
    now: dt.datetime,
) -> AuditRecommendation:
    """An auditor's recommendation to an agency or to Bawaslu; `case_codes` must lie in the
    auditor's audit pack (checked by the form, refused here too). The addressee answers by
    `answer_due`, by default `NETRAL_AUDIT_ANSWER_DAYS` after filing (decision 0141)."""
    if auditor not in policies.filing_organisations(by):
        raise PermissionDenied
    if addressed_to not in policies.addressable_organisations():
        raise PermissionDenied
    codes = sorted(set(case_codes))
    if len(policies.audit_pack_cases(by).filter(code__in=codes)) != len(codes):
        raise PermissionDenied
    recommendation = AuditRecommendation.objects.create(
        auditor=auditor,
        addressed_to=addressed_to,
        title=title.strip(),
        body=body.strip(),
        case_codes=codes,
        filed_at=now,
        filed_by=by,
        answer_due=answer_due or default_answer_due(now),
    )
    _recommendation_event(
        recommendation,
        AuditRecommendationEvent.Type.FILED,
        by=by,
        now=now,
        auditor=auditor.name,
        addressed_to=addressed_to.name,
        case_codes=codes,
        answer_due=recommendation.answer_due.isoformat() if recommendation.answer_due else "",
    )
    return recommendation


def default_answer_due(now: dt.datetime) -> dt.date:
    days = int(getattr(settings, "NETRAL_AUDIT_ANSWER_DAYS", 30))
    return timezone.localdate(now) + dt.timedelta(days=days)


@transaction.atomic
def answer_recommendation(
    *, by: Any, recommendation: AuditRecommendation, answer: str, response: str, now: dt.datetime
) -> None:
    """The addressee's response: accepted, partly accepted or declined, with its reasons."""
    if not policies.can_answer(by, recommendation):
        raise PermissionDenied
    if answer not in AuditRecommendation.Answer.values:
        raise ValidationError(_("Choose an answer."))
    AuditRecommendation.objects.filter(pk=recommendation.pk).update(
        status=AuditRecommendation.Status.ANSWERED,
        answer=answer,
        response=response.strip(),
        responded_at=now,
    )
    _recommendation_event(
        recommendation, AuditRecommendationEvent.Type.ANSWERED, by=by, now=now, answer=answer
    )


@transaction.atomic
def close_recommendation(*, by: Any, recommendation: AuditRecommendation, now: dt.datetime) -> None:
    """The auditor closes an answered recommendation."""
    if not policies.can_close(by, recommendation):
        raise PermissionDenied
    AuditRecommendation.objects.filter(pk=recommendation.pk).update(
        status=AuditRecommendation.Status.CLOSED
    )
    _recommendation_event(recommendation, AuditRecommendationEvent.Type.CLOSED, by=by, now=now)


def _recommendation_event(
    recommendation: AuditRecommendation, type: str, *, by: Any, now: dt.datetime, **payload: Any
) -> None:
    row = AuditRecommendationEvent(recommendation=recommendation)
    _append(row, events.RECOMMENDATION_EVENTS, type, by=by, now=now, payload=payload)
