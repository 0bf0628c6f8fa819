"""What the reporter's browser session holds: never the report, never a plain receipt.

- the receipt's keyed hash (the value the report row holds), to open the status page, for 30
  minutes of inactivity at most;
- right after a submission, the new receipt code sealed with the identity key, so that the
  receipt page survives a reload or a lost response on a slow connection; it is dropped when the
  reporter confirms they saved it, or after 30 minutes.
"""

import base64
import time

from django.http import HttpRequest

from netral.reports import crypto
from netral.reports.models import Report

REPORT_KEY = "reports_receipt"
RECEIPT_KEY = "reports_new_receipt"
SECONDS = 30 * 60


def remember(request: HttpRequest, report: Report) -> None:
    request.session[REPORT_KEY] = report.receipt_hash
    if not request.user.is_authenticated:
        request.session.set_expiry(SECONDS)


def current(request: HttpRequest) -> Report | None:
    digest = request.session.get(REPORT_KEY)
    return Report.objects.filter(receipt_hash=digest).first() if digest else None


def forget(request: HttpRequest) -> None:
    request.session.pop(REPORT_KEY, None)
    request.session.pop(RECEIPT_KEY, None)


def keep_new_receipt(request: HttpRequest, receipt: str) -> None:
    sealed = crypto.seal({"receipt": receipt, "at": int(time.time())})
    request.session[RECEIPT_KEY] = base64.b64encode(sealed).decode("ascii")


def new_receipt(request: HttpRequest) -> str | None:
    """The receipt of the submission just made from this session, while it may still be shown."""
    stored = request.session.get(RECEIPT_KEY)
    if not stored:
        return None
    try:
        data = crypto.unseal(base64.b64decode(stored))
    except Exception:  # a tampered or undecipherable value shows nothing, and breaks nothing
        return None
    if time.time() - int(data.get("at", 0)) > SECONDS:
        request.session.pop(RECEIPT_KEY, None)
        return None
    return str(data["receipt"])


def drop_new_receipt(request: HttpRequest) -> None:
    request.session.pop(RECEIPT_KEY, None)
