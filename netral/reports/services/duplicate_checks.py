"""The duplicate checks new reports wait for, run by the task worker on every pass (0185).

A report is written together with its `PendingDuplicateCheck` row, in the same statement, so
the reporter waits for nothing more and no check is lost: a worker that was down finds the rows
when it is back. Two workers share them through SKIP LOCKED, a batch at a time, and a pass does
at most `BATCHES_PER_PASS` batches, so the queue's tasks never wait behind a backlog."""

import datetime as dt
import logging

from django.db import transaction

from netral.core.dberrors import ends_the_pass
from netral.reports.models import PendingDuplicateCheck, Report
from netral.reports.services.intake import check_for_duplicates

logger = logging.getLogger(__name__)

BATCH = 50
BATCHES_PER_PASS = 4


def check_pending_duplicates(*, now: dt.datetime) -> int:
    """Runs the waiting duplicate checks, up to `BATCHES_PER_PASS` batches; returns how many
    reports were checked."""
    checked = 0
    for _batch in range(BATCHES_PER_PASS):
        # Read without a lock first: an idle pass takes no lock (on SQLite, no write lock).
        if not PendingDuplicateCheck.objects.exists():
            break
        ran = _check_batch(now)
        checked += ran
        if ran < BATCH:
            break
    return checked


@transaction.atomic
def _check_batch(now: dt.datetime) -> int:
    waiting = PendingDuplicateCheck.objects.select_for_update(skip_locked=True)
    ids = list(waiting.order_by("report_id").values_list("report_id", flat=True)[:BATCH])
    for report in Report.objects.filter(pk__in=ids).order_by("pk"):
        _check(report, now)
    PendingDuplicateCheck.objects.filter(report_id__in=ids).delete()
    return len(ids)


def _check(report: Report, now: dt.datetime) -> None:
    """One report's check, in its own savepoint (`check_for_duplicates` is atomic). A check that
    fails (a bug, a row the database refuses) is logged and not tried again, as a failed task is
    not, and undoes nothing else; a lost connection ends the batch, whose rows stay waiting."""
    try:
        check_for_duplicates(report=report, now=now)
    except Exception as error:
        if ends_the_pass(error):
            raise
        # The error's kind only: the report's code, logged a second after it came in, would
        # date the submission more finely than its hour (security.md).
        logger.error("A report's duplicate check failed: %s", type(error).__name__)
