"""The steps every staff action on a report shares: lock it while it is still open, take a
required text within its limit, and record the event in the name of the acting organisation."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from netral.accounts.models import User
from netral.reports import events, policies
from netral.reports.models import Report, ReportEvent

MAX_MESSAGE = 10_000


def locked_open(report: Report) -> Report:
    """The report locked for this transaction; refused once it has been decided."""
    locked = Report.objects.select_for_update().select_related("region").get(pk=report.pk)
    if not locked.is_open:
        raise ValidationError(
            _("This report has already been decided (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def required_text(value: str, field: str, empty_message: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError({field: empty_message})
    if len(text) > MAX_MESSAGE:
        raise ValidationError(
            {field: _("At most %(limit)s characters, please.") % {"limit": MAX_MESSAGE}}
        )
    return text


def record_staff_event(
    report: Report, type: str, *, by: User, now: dt.datetime, payload: dict[str, Any]
) -> ReportEvent:
    """An event by a staff member, in the name of the organisation they act for on this report."""
    return events.record(
        report=report,
        type=type,
        now=now,
        actor=by,
        organisation=policies.acting_organisation(by, report),
        payload=payload,
    )
