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
from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from netral.core.dberrors import ends_the_pass
from netral.reports import events, evidence, storage
from netral.reports.models import Evidence, ReportEvent

PENDING = Evidence.Processing.PENDING
logger = logging.getLogger(__name__)


# A pass decodes at most this many images, so the queue's tasks and the heartbeat never wait
# long behind a burst of photos.
IMAGES_PER_PASS = 20


def check_pending_evidence(*, now: dt.datetime) -> int:
    """The worker's pass (`NETRAL_WORKER_PASSES`, decision 0185): checks the oldest pending
    images one at a time, up to `IMAGES_PER_PASS`; returns how many it settled.

    Each image is one short transaction: where the database can skip locked rows, the image is
    locked while it is decoded, so two workers never decode one image, and a failure undoes
    that image only. SQLite cannot skip locked rows and runs one worker: there no lock is held,
    as its write lock held through a decode would stop every submission; a check run twice
    settles each image once all the same."""
    settled = 0
    handled: list[int] = []  # never picked twice in one pass, whatever became of it
    for _image in range(IMAGES_PER_PASS):
        done = _check_next(handled)
        if done is None:
            break
        settled += done
    return settled


def _check_next(handled: list[int]) -> int | None:
    """Checks the oldest pending image not yet handled in this pass (None when none is left).
    An image that cannot even be settled is logged and left for the next pass; the pass goes
    on with the next image, so it cannot hold back the ones after it."""
    try:
        with transaction.atomic() if _can_lock() else nullcontext():
            item = _oldest_pending(handled)
            if item is None:
                return None
            handled.append(item.pk)
            return int(_check_or_settle(item))
    except Exception as error:
        if ends_the_pass(error):
            raise
        logger.error("An evidence image could not be settled: %s", type(error).__name__)
        return 0


def _can_lock() -> bool:
    return bool(connection.features.has_select_for_update_skip_locked)


def _oldest_pending(handled: list[int]) -> Evidence | None:
    pending = Evidence.objects.filter(processing=PENDING).exclude(pk__in=handled)
    if _can_lock():
        pending = pending.select_for_update(skip_locked=True, of=("self",))
    return pending.select_related("report").order_by("id").first()


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
    still checked. A lost connection is not the image's fault: it goes to the worker's
    reconnect, and the image stays pending."""
    written: list[str] = []
    try:
        return _check_one(item, written)
    except Exception as error:
        storage.delete_quietly(written)
        if ends_the_pass(error):
            raise
        # The error's kind only: the image's id, logged a second after it came in, would date
        # the report more finely than its hour (security.md); never its metadata or file name.
        logger.error("An evidence image could not be checked: %s", type(error).__name__)
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
