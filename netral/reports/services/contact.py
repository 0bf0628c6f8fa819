"""Telling a formal reporter by e-mail how the report goes on; the address never leaves here."""

import datetime as dt

from django.core.mail import send_mail
from django.db import transaction

from netral.reports import crypto, events
from netral.reports.models import Report, ReporterIdentity, ReportEvent


@transaction.atomic
def email_reporter(*, report: Report, key: str, subject: str, body: str, now: dt.datetime) -> bool:
    """Sends one message about `key` (say, a stage the case reached) to the address the formal
    reporter gave, once per key; False when there is no address or it was already sent.

    The address is unsealed here only, for this message: the event records that a message went
    and what about, never where. The report row is locked so two workers cannot both send it.
    """
    Report.objects.select_for_update().filter(pk=report.pk).first()
    identity = ReporterIdentity.objects.filter(report=report).first()
    if identity is None:
        return False
    sent = report.events.filter(type=ReportEvent.Type.REPORTER_EMAILED, payload__key=key)
    if sent.exists():
        return False
    address = str(crypto.unseal(identity.ciphertext).get("email", "")).strip()
    if not address:
        return False
    send_mail(subject, body, None, [address])
    events.record(
        report=report, type=ReportEvent.Type.REPORTER_EMAILED, now=now, payload={"key": key}
    )
    return True
