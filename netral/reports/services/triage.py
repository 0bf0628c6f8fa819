"""What Bawaslu staff do with a report at intake. Views check the policy before calling these."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from netral.accounts.models import User
from netral.reports import crypto, events, handoff, policies
from netral.reports.models import Evidence, Report, ReportEvent, ReportMessage
from netral.reports.services.staff_steps import (
    locked_open,
    record_staff_event,
    required_text,
)


def _set_status(report: Report, status: str, **fields: Any) -> None:
    report.status = status
    for name, value in fields.items():
        setattr(report, name, value)
    report.save(update_fields=["status", *fields])


@transaction.atomic
def request_information(
    *, report: Report, by: User, message: str, now: dt.datetime
) -> ReportMessage:
    """Asks the reporter a question they read and answer through their receipt."""
    body = required_text(message, "message", _("Write the question for the reporter."))
    report = locked_open(report)
    organisation = policies.acting_organisation(by, report)
    sent = ReportMessage.objects.create(
        report=report,
        direction=ReportMessage.Direction.TO_REPORTER,
        body=body,
        author=by,
        organisation=organisation,
        created_at=now,
    )
    _set_status(report, Report.Status.INFO_REQUESTED)
    events.record(
        report=report,
        type=ReportEvent.Type.INFO_REQUESTED,
        now=now,
        actor=by,
        organisation=organisation,
        payload={"message": sent.pk},
    )
    return sent


def _root(report: Report) -> Report:
    seen = set()
    while report.duplicate_of_id is not None and report.pk not in seen:
        seen.add(report.pk)
        report = Report.objects.get(pk=report.duplicate_of_id)
    return report


@transaction.atomic
def mark_duplicate(*, report: Report, original: Report, by: User, now: dt.datetime) -> Report:
    """Closes a report as a duplicate of an earlier one, which carries the matter on."""
    report = locked_open(report)
    original = _root(original)
    if original.pk == report.pk:
        raise ValidationError({"original": _("A report cannot be a duplicate of itself.")})
    _set_status(report, Report.Status.DUPLICATE, duplicate_of=original)
    record_staff_event(
        report,
        ReportEvent.Type.MARKED_DUPLICATE,
        by=by,
        now=now,
        payload={"original": original.code},
    )
    return report


@transaction.atomic
def reject_report(*, report: Report, by: User, reason: str, now: dt.datetime) -> Report:
    """Closes a report as out of scope; the reason is shown to the reporter."""
    text = required_text(reason, "reason", _("Give the reason; the reporter will read it."))
    report = locked_open(report)
    _set_status(report, Report.Status.REJECTED, decision_reason=text)
    record_staff_event(report, ReportEvent.Type.REJECTED, by=by, now=now, payload={"reason": text})
    return report


@transaction.atomic
def bulk_triage(
    *,
    reports: list[Report],
    by: User,
    now: dt.datetime,
    reason: str = "",
    original: Report | None = None,
) -> int:
    """Rejects every report with one reason, or marks every one a duplicate of `original`, all or
    none (the intake queue's bulk actions); each report gets its own event, as one by one."""
    for report in reports:
        if original is not None:
            mark_duplicate(report=report, original=original, by=by, now=now)
        else:
            reject_report(report=report, by=by, reason=reason, now=now)
    return len(reports)


@transaction.atomic
def accept_report(*, report: Report, by: User, now: dt.datetime) -> Report:
    """Accepts a report for handling and opens its case, in one transaction."""
    report = locked_open(report)
    _set_status(report, Report.Status.ACCEPTED)
    case_code = handoff.open_case(report=report, by=by, now=now)
    report.case_code = case_code
    report.save(update_fields=["case_code"])
    record_staff_event(
        report,
        ReportEvent.Type.ACCEPTED,
        by=by,
        now=now,
        payload={"track": report.track, "case": case_code},
    )
    return report


@transaction.atomic
def read_identity(*, report: Report, by: User, now: dt.datetime) -> dict[str, str]:
    """Opens the sealed identity of a formal reporter; every opening is an event."""
    sealed = report.identity.ciphertext
    identity = crypto.unseal(sealed)
    record_staff_event(
        report, ReportEvent.Type.IDENTITY_READ, by=by, now=now, payload={"fields": sorted(identity)}
    )
    return {key: str(value) for key, value in identity.items()}


@transaction.atomic
def record_evidence_download(*, evidence: Evidence, by: User, now: dt.datetime) -> None:
    """Every download of an original evidence file is an event naming the file and its hash."""
    events.record(
        report=evidence.report,
        type=ReportEvent.Type.EVIDENCE_DOWNLOADED,
        now=now,
        actor=by,
        organisation=policies.acting_organisation(by, evidence.report),
        payload={"evidence": str(evidence.uuid), "sha256": evidence.sha256},
    )
