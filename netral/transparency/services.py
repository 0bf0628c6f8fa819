"""Every write of the transparency app: publishing and withdrawing announcements."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from netral.accounts.models import Organisation
from netral.transparency import policies
from netral.transparency.models import Announcement, AnnouncementAttachment

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
    return announcement


@transaction.atomic
def withdraw_announcement(*, by: Any, announcement: Announcement, now: dt.datetime) -> None:
    if not policies.can_withdraw(by, announcement):
        raise PermissionDenied
    Announcement.objects.filter(pk=announcement.pk).update(withdrawn_at=now, withdrawn_by=by)
