"""Evidence capture of a finding's address: requested by a reviewer, run by the task worker.

The page is fetched by `capture.capture` (headless Chromium, WARC plus screenshot); the files go
to private storage and their SHA-256 sums onto the finding and into its hash-chained events.
Tests replace `CAPTURER` with a fake: no browser runs in tests.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from netral.monitoring import capture, events, evidence
from netral.monitoring.models import Finding, FindingEvent
from netral.monitoring.services.review import ActionRefused, locked_finding

CAPTURER: Callable[[str], capture.Capture] = capture.capture
AVAILABLE: Callable[[], bool] = capture.available
S = Finding.CaptureStatus


def capture_available() -> bool:
    return AVAILABLE()


@transaction.atomic
def request_capture(*, finding: Finding, by: Any, now: dt.datetime) -> Finding:
    """Queues the capture (a retry after a failure too); the worker runs it after commit."""
    finding = locked_finding(finding)
    if not finding.item.url:
        raise ActionRefused(_("This item has no address to capture."))
    if not capture_available():
        raise ActionRefused(_("Page capture is not available on this server."))
    if finding.capture_status == S.REQUESTED:
        raise ActionRefused(_("A capture of this page is already queued."))
    finding.capture_status, finding.capture_error = S.REQUESTED, ""
    finding.save(update_fields=["capture_status", "capture_error"])
    events.record_finding_event(
        finding, FindingEvent.Type.CAPTURE_REQUESTED, by=by, now=now, url=finding.item.url
    )
    from netral.monitoring import tasks  # tasks import services: import here, not at the top

    public_id = str(finding.public_id)
    transaction.on_commit(lambda: tasks.capture_finding.enqueue(public_id))
    return finding


def run_capture(*, finding: Finding, now: dt.datetime) -> Finding:
    """Fetches the page (outside any transaction: it takes seconds) and records the outcome."""
    try:
        result = CAPTURER(finding.item.url)
    except capture.CaptureFailed as failure:
        return _record_failure(finding, failure.reason, failure.detail, now)
    except Exception as exc:  # noqa: BLE001 - a broken page must leave a failure, not a stuck job
        return _record_failure(finding, "refused", str(exc), now)
    return _record_capture(finding, result, now)


@transaction.atomic
def _record_capture(finding: Finding, result: capture.Capture, now: dt.datetime) -> Finding:
    finding = locked_finding(finding)
    finding.capture_status, finding.capture_error = S.CAPTURED, ""
    finding.capture_warc_name = evidence.store("captures", "warc.gz", result.warc)
    finding.capture_warc_sha256 = result.warc_sha256
    finding.capture_png_name = evidence.store("captures", "png", result.screenshot)
    finding.capture_png_sha256 = result.screenshot_sha256
    finding.captured_page_at = result.captured_at
    finding.save()
    events.record_finding_event(
        finding,
        FindingEvent.Type.CAPTURED,
        by=None,
        now=now,
        warc_sha256=result.warc_sha256,
        screenshot_sha256=result.screenshot_sha256,
    )
    return finding


@transaction.atomic
def _record_failure(finding: Finding, reason: str, detail: str, now: dt.datetime) -> Finding:
    """Keeps an earlier successful capture's files; only the state and error change."""
    finding = locked_finding(finding)
    finding.capture_status = S.FAILED
    finding.capture_error = f"{reason}: {detail}"[:300] if detail else reason
    finding.save(update_fields=["capture_status", "capture_error"])
    events.record_finding_event(
        finding, FindingEvent.Type.CAPTURE_FAILED, by=None, now=now, reason=reason, detail=detail
    )
    return finding
