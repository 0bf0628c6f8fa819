"""The task worker's part of evidence (decisions 0180, 0185): an image the request checked by its
header is decoded here, after its report and receipt are stored.

Decoding proves the file whole, reads its EXIF (time, device, GPS) for staff and draws the preview
without metadata; an image that turns out damaged is marked so and the report keeps it, as sent.
An image waits as `pending` on its own row, which the worker's every pass reads: nothing depends
on a queue, and no queue row records the second the report arrived. Where no worker runs,
`netral requeue-evidence --here` checks them in its own process.
"""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet

from netral.reports import events, evidence, storage
from netral.reports.models import Evidence, ReportEvent

PENDING = Evidence.Processing.PENDING
logger = logging.getLogger(__name__)


# A pass decodes at most this many images, so the queue's tasks and the heartbeat never wait
# long behind a burst of photos.
IMAGES_PER_PASS = 20


def check_pending_evidence(*, now: dt.datetime) -> int:
    """The worker's pass (`NETRAL_WORKER_PASSES`, decision 0185): checks the oldest pending
    images, up to `IMAGES_PER_PASS`; returns how many it settled.

    Where the database can skip locked rows, the images stay locked while they are decoded, so
    two workers never decode one image. Elsewhere (SQLite, one worker) no lock is held: a decode
    may take a second, and SQLite's write lock would hold every submission meanwhile; a check
    run twice settles each image once all the same."""
    pending = Evidence.objects.filter(processing=PENDING).order_by("id")
    if not pending.exists():
        return 0
    if not connection.features.has_select_for_update_skip_locked:
        return check_evidence(uuids=_oldest(pending))
    with transaction.atomic():
        return check_evidence(uuids=_oldest(pending.select_for_update(skip_locked=True)))


def _oldest(pending: QuerySet[Evidence]) -> list[str]:
    return [str(uuid) for uuid in pending.values_list("uuid", flat=True)[:IMAGES_PER_PASS]]


def waiting_images() -> int:
    """How many images wait for the worker."""
    return Evidence.objects.filter(processing=PENDING).count()


# The intake tasks queued before decision 0185 name a report (or its files) and their rows carry
# the second they were queued, which is the second the report arrived: finished ones, and ones a
# crashed worker left running, are forgotten by the hourly sweep, so the database keeps no finer
# time of a submission than the hour for longer than that (security.md).
INTAKE_TASKS = ("netral.reports.tasks.check_evidence", "netral.reports.tasks.check_duplicates")
STALLED_AFTER = dt.timedelta(hours=1)


def forget_finished_intake_tasks(now: dt.datetime) -> int:
    """Deletes the queue's rows of finished intake tasks and of ones started over an hour before
    `now` and still running (their worker died: its images are still pending, and the next pass
    checks them); returns how many went."""
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult

    stalled = Q(status="RUNNING", started_at__lt=now - STALLED_AFTER)
    done = DBTaskResult.objects.finished() | DBTaskResult.objects.filter(stalled)
    deleted, _by_model = done.filter(task_path__in=INTAKE_TASKS).delete()
    return deleted


def check_evidence(*, uuids: list[str]) -> int:
    """Decodes each pending image of `uuids`; returns how many it settled (checked or damaged).
    Running it twice, or two workers at once, settles each image once."""
    items = Evidence.objects.filter(uuid__in=uuids, processing=PENDING).select_related("report")
    return sum(_check_or_settle(item) for item in items)


def _check_or_settle(item: Evidence) -> bool:
    """Any failure of one image (a file the database refuses, storage trouble) settles it as
    damaged instead of leaving it pending, which every pass would retry; the other images are
    still checked."""
    written: list[str] = []
    try:
        return _check_one(item, written)
    except Exception as error:
        storage.delete_quietly(written)
        # The evidence's id and the error's kind only: never its metadata or file name.
        logger.error("evidence %s could not be checked: %s", item.uuid, type(error).__name__)
        return _mark_damaged(item)


def _check_one(item: Evidence, written: list[str]) -> bool:
    try:
        with storage.evidence_storage().open(item.storage_name, "rb") as handle:
            metadata, preview = evidence.process(handle, item.original_name, item.content_type)
    except ValidationError:
        return _mark_damaged(item)
    preview_name = storage.save("previews", "jpg", preview) if preview else ""
    written.append(preview_name)
    with transaction.atomic():  # a refused row leaves the connection usable for the rest
        settled = Evidence.objects.filter(pk=item.pk, processing=PENDING).update(
            processing=Evidence.Processing.CHECKED,
            preview_name=preview_name,
            metadata={**item.metadata, **metadata},
        )
    if not settled:  # another run settled it first: its preview stays, this one goes
        storage.delete_quietly([preview_name])
    return bool(settled)


@transaction.atomic
def _mark_damaged(item: Evidence) -> bool:
    """The file stays as it was sent (staff may still download it); staff see it is damaged.
    The event keeps the hour the file arrived (the report's or the reply's), never before the
    report's last event: the worker's clock would date the submission."""
    from netral.reports.services.intake import reporter_moment  # intake imports this module

    if not Evidence.objects.filter(pk=item.pk, processing=PENDING).update(
        processing=Evidence.Processing.DAMAGED
    ):
        return False
    events.record(
        report=item.report,
        type=ReportEvent.Type.EVIDENCE_DAMAGED,
        now=reporter_moment(item.report, item.added_at),
        payload={"evidence": str(item.uuid), "sha256": item.sha256},
    )
    return True
