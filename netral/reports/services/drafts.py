"""Server-side drafts: a failed validation never loses what the reporter typed or uploaded.

The form carries a random token; the draft row holds the typed fields (sealed, since they may
include an identity) and the files that passed their checks. Drafts expire after a few hours and
`netral cleanup_report_drafts` removes them with their files.
"""

import datetime as dt
from typing import IO

from django.conf import settings
from django.core.files.base import File
from django.db import transaction

from netral.reports import crypto, storage
from netral.reports.evidence import Inspected, limits
from netral.reports.models import DraftFile, Report, ReportDraft
from netral.reports.services.intake import hour_of

DraftData = dict[str, list[str]]
_HOUR = dt.timedelta(hours=1)


def _lifetime() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "NETRAL_REPORT_DRAFT_HOURS", 2))


def load_draft(*, token: str, now: dt.datetime) -> ReportDraft | None:
    """The live draft for this form token, or None (unknown or expired)."""
    if not token or len(token) > 100:
        return None
    return ReportDraft.objects.filter(
        token_hash=crypto.token_hash(token), expires_at__gt=now, report__isnull=True
    ).first()


def submitted_report(*, token: str, now: dt.datetime) -> Report | None:
    """The report this form token already became, if it did (within the draft lifetime)."""
    if not token or len(token) > 100:
        return None
    draft = (
        ReportDraft.objects.filter(token_hash=crypto.token_hash(token), expires_at__gt=now)
        .exclude(report__isnull=True)
        .select_related("report")
        .first()
    )
    return draft.report if draft else None


def draft_data(draft: ReportDraft) -> DraftData:
    data: DraftData = crypto.unseal(draft.ciphertext)
    return data


def open_draft_files(draft: ReportDraft) -> list[tuple[DraftFile, IO[bytes]]]:
    """The draft's files, opened for reading; the caller closes them."""
    store = storage.evidence_storage()
    return [(item, store.open(item.storage_name, "rb")) for item in draft.files.all()]


@transaction.atomic
def save_draft(
    *,
    token: str,
    data: DraftData,
    files: list[Inspected],
    remove: list[str],
    now: dt.datetime,
) -> ReportDraft:
    """Creates or refreshes the draft for this token with the typed data and the new files."""
    draft = load_draft(token=token, now=now)
    sealed = crypto.seal(data)
    if draft is None:
        draft = ReportDraft.objects.create(
            token_hash=crypto.token_hash(token),
            ciphertext=sealed,
            created_at=now,
            expires_at=now + _lifetime(),
        )
    else:
        draft.ciphertext = sealed
        draft.expires_at = now + _lifetime()
        draft.save(update_fields=["ciphertext", "expires_at"])
    dropped = list(draft.files.filter(uuid__in=_uuids(remove)))
    for old in dropped:
        old.delete()
    transaction.on_commit(lambda: storage.delete_quietly([f.storage_name for f in dropped]))
    room = limits().max_files - draft.files.count()
    for item in files[: max(room, 0)]:
        name = storage.save("drafts", item.extension, File(item.file, name=item.name))
        DraftFile.objects.create(
            draft=draft, original_name=item.name, size=item.size, storage_name=name
        )
    return draft


def _uuids(values: list[str]) -> list[str]:
    return [value for value in values if len(value) == 36 and value.count("-") == 4]


@transaction.atomic
def close_draft(*, token: str, report: Report, now: dt.datetime) -> ReportDraft:
    """Once the form became a report, its draft keeps only that fact: typed data and file copies
    go, and a resent form finds the report instead of making a second one."""
    digest = crypto.token_hash(token)
    # The row now names a report: its times are cut to the hour like the report's own, so it
    # does not date the submission more finely (an extra hour keeps the full lifetime).
    hour = hour_of(now)
    kept = {"ciphertext": b"", "report": report, "created_at": hour}
    draft, _created = ReportDraft.objects.update_or_create(
        token_hash=digest, defaults={**kept, "expires_at": hour + _lifetime() + _HOUR}
    )
    names = list(draft.files.values_list("storage_name", flat=True))
    draft.files.all().delete()
    transaction.on_commit(lambda: storage.delete_quietly(names))
    return draft


@transaction.atomic
def delete_expired_drafts(*, now: dt.datetime) -> int:
    """Removes every expired draft and its files; returns how many drafts went."""
    expired = ReportDraft.objects.filter(expires_at__lte=now)
    names = list(DraftFile.objects.filter(draft__in=expired).values_list("storage_name", flat=True))
    count = expired.count()
    expired.delete()
    transaction.on_commit(lambda: storage.delete_quietly(names))
    return count
