"""The duplicate checks new reports wait for, run by the task worker on every pass (0185).

A report is written together with its `PendingDuplicateCheck` row, in the same statement, so
the reporter waits for nothing more and no check is lost: a worker that was down finds the rows
when it is back. Two workers share them through SKIP LOCKED, a batch at a time."""

import datetime as dt
import logging

from django.db import transaction

from netral.reports.models import PendingDuplicateCheck, Report
from netral.reports.services.intake import check_for_duplicates

logger = logging.getLogger(__name__)

BATCH = 50


def check_pending_duplicates(*, now: dt.datetime) -> int:
    """Runs every waiting duplicate check; returns how many reports were checked."""
    checked = 0
    while ran := _check_batch(now):
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
    # A failing check (a bug, or a row the database refuses) is logged and not tried again, as a
    # failed task is not: it must neither undo the batch nor stop the worker's loop.
    try:
        with transaction.atomic():
            check_for_duplicates(report=report, now=now)
    except Exception:
        logger.exception("The duplicate check of report %s failed.", report.code)
