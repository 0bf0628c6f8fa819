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
from netral.reports.services.intake import ReportInput, Submission, hour_of, store_report

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


def form_draft(*, token: str, now: dt.datetime) -> ReportDraft | None:
    """The unexpired draft of this form token, live or already closed (`report_id` set): one
    read for both questions a posted form asks (was it sent already? what did it keep?)."""
    if not token or len(token) > 100:
        return None
    live = ReportDraft.objects.filter(token_hash=crypto.token_hash(token), expires_at__gt=now)
    return live.first()


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
        _drop_expired(token=token, now=now)
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


def _drop_expired(*, token: str, now: dt.datetime) -> None:
    """An expired draft of this token that the clean-up has not reached yet goes now, with its
    files: the form starts a new draft under the same token (what expired is not restored)."""
    expired = ReportDraft.objects.filter(token_hash=crypto.token_hash(token), expires_at__lte=now)
    names = list(DraftFile.objects.filter(draft__in=expired).values_list("storage_name", flat=True))
    DraftFile.objects.filter(draft__in=expired).delete()
    expired.delete()
    if names:
        transaction.on_commit(lambda: storage.delete_quietly(names))


def _uuids(values: list[str]) -> list[str]:
    return [value for value in values if len(value) == 36 and value.count("-") == 4]


@transaction.atomic
def close_draft(
    *, token: str, report: Report, now: dt.datetime, files: list[DraftFile] | None = None
) -> None:
    """Once the form became a report, its draft keeps only that fact: typed data and file copies
    go, and a resent form finds the report instead of making a second one.

    `files`: the draft's files when the caller has them already (the form opened them), which
    spares reading them again; None looks them up."""
    _close(token=token, report=report, now=now, files=files)


def _close(*, token: str, report: Report, now: dt.datetime, files: list[DraftFile] | None) -> None:
    # The row now names a report: its times are cut to the hour like the report's own, so it
    # does not date the submission more finely (an extra hour keeps the full lifetime). One
    # upsert whether the draft was saved before, expired, or never written.
    hour = hour_of(now)
    closed = ReportDraft(
        token_hash=crypto.token_hash(token),
        ciphertext=b"",
        report=report,
        created_at=hour,
        expires_at=hour + _lifetime() + _HOUR,
    )
    ReportDraft.objects.bulk_create(
        [closed],
        update_conflicts=True,
        unique_fields=["token_hash"],
        update_fields=["ciphertext", "report", "created_at", "expires_at"],
    )
    if files is None:
        drafts = ReportDraft.objects.filter(token_hash=closed.token_hash)
        files = list(DraftFile.objects.filter(draft__in=drafts))
    if files:
        DraftFile.objects.filter(pk__in=[item.pk for item in files]).delete()
        names = [item.storage_name for item in files]
        transaction.on_commit(lambda: storage.delete_quietly(names))


@transaction.atomic
def submit_form(
    *,
    data: ReportInput,
    evidence: list[Inspected],
    now: dt.datetime,
    token: str,
    draft_files: list[DraftFile] | None,
) -> Submission:
    """The web form's report and the closing of its draft, in one transaction: either the
    report, its receipt and the closed draft are all stored, or nothing is and the draft (with
    what was typed) is left as it was."""
    submission = store_report(data=data, evidence=evidence, channel=Report.Channel.WEB, now=now)
    _close(token=token, report=submission.report, now=now, files=draft_files)
    return submission


@transaction.atomic
def delete_expired_drafts(*, now: dt.datetime) -> int:
    """Removes every expired draft and its files; returns how many drafts went."""
    expired = ReportDraft.objects.filter(expires_at__lte=now)
    names = list(DraftFile.objects.filter(draft__in=expired).values_list("storage_name", flat=True))
    count = expired.count()
    expired.delete()
    transaction.on_commit(lambda: storage.delete_quietly(names))
    return count
