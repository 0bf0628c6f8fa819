"""The task worker's part of evidence (decision 0180): an image the request checked by its header
is decoded here, after its report and receipt are stored.

Decoding proves the file whole, reads its EXIF (time, device, GPS) for staff and draws the preview
without metadata; an image that turns out damaged is marked so and the report keeps it, as sent.
Nothing depends on the queue taking the task: evidence left `pending` is found again by
`netral requeue-evidence` (a timer), which queues it anew or checks it in its own process.
"""

import datetime as dt
import logging
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction

from netral.reports import events, evidence, storage
from netral.reports.models import Evidence, ReportEvent

PENDING = Evidence.Processing.PENDING
logger = logging.getLogger(__name__)


def check_after_commit(items: list[Evidence]) -> None:
    """Queues the worker's check of the pending images among `items` with the transaction that
    stores them.

    With the database queue (the default) the task row is written in that transaction: it exists
    exactly when the report does, and costs no commit of its own. Any other queue gets it once
    the transaction commits, `robust`: a queue that refuses it costs no report (the sweep finds
    the images)."""
    uuids = [str(item.uuid) for item in items if item.processing == PENDING]
    if not uuids:
        return
    if _queue_in_database():
        queue_check(uuids)
    else:
        transaction.on_commit(partial(queue_check, uuids), robust=True)


def _queue_in_database() -> bool:
    from django.tasks import task_backends

    from netral.reports.tasks import check_evidence

    backend = task_backends[check_evidence.backend]
    return type(backend).__module__.startswith("django_tasks_db.")


def queue_check(uuids: list[str]) -> None:
    from netral.reports.tasks import check_evidence  # the task module imports the services

    check_evidence.enqueue(uuids)


def pending_batches(*, limit: int = 1000) -> list[list[str]]:
    """The evidence the worker has not checked yet and no queued task waits for, one list per
    report (oldest first)."""
    rows = Evidence.objects.filter(processing=PENDING).order_by("id")[:limit]
    waiting = _awaiting_a_task()
    batches: dict[int, list[str]] = {}
    for report_id, uuid in rows.values_list("report_id", "uuid"):
        if str(uuid) not in waiting:
            batches.setdefault(report_id, []).append(str(uuid))
    return list(batches.values())


def _awaiting_a_task() -> set[str]:
    """The evidence named by a database-queue check that is waiting to run (none with another
    queue, which cannot be read back)."""
    if not _queue_in_database():
        return set()
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready().filter(task_path=INTAKE_TASKS[0])
    return {
        uuid for args in ready.values_list("args_kwargs", flat=True) for uuid in args["args"][0]
    }


# The intake tasks name a report (or its files) and their rows carry the second they were queued,
# which is the second the report arrived: finished ones, and ones a crashed worker left running,
# are forgotten by the hourly sweep, so the database keeps no finer time of a submission than the
# hour for longer than that (security.md).
INTAKE_TASKS = ("netral.reports.tasks.check_evidence", "netral.reports.tasks.check_duplicates")
STALLED_AFTER = dt.timedelta(hours=1)


def forget_finished_intake_tasks(now: dt.datetime) -> int:
    """Deletes the queue's rows of finished intake tasks and of ones started over an hour before
    `now` and still running (their worker died: the sweep queues their images again); returns
    how many went."""
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
    damaged instead of leaving it pending, which the hourly sweep would retry forever; the
    other images of the task are still checked."""
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
