"""Who handles a report at intake: assigning it to a colleague, forwarding it to another Bawaslu.

Views check `policies.can_route` first. Each change is a report event; neither touches the
reporter's identity, which stays sealed on the report and opens only for the officers of the
Bawaslu handling it (decision 0095).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from netral.accounts.models import Organisation, User
from netral.reports import events, policies, selectors
from netral.reports.models import Report, ReportEvent
from netral.reports.services.staff_steps import locked_open, record_staff_event, required_text


@transaction.atomic
def assign_report(*, report: Report, assignee: User, by: User, now: dt.datetime) -> Report:
    """Gives an open report to a colleague of the Bawaslu handling it."""
    report = locked_open(report)
    if not selectors.assignable_colleagues(report, by).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("Choose an officer of the Bawaslu handling it.")})
    report.assignee = assignee
    report.save(update_fields=["assignee"])
    record_staff_event(
        report,
        ReportEvent.Type.ASSIGNED,
        by=by,
        now=now,
        payload={"assignee": assignee.pk, "name": assignee.get_full_name() or assignee.username},
    )
    return report


@transaction.atomic
def bulk_assign(*, reports: list[Report], assignee: User, by: User, now: dt.datetime) -> int:
    """Gives every ticked report to one colleague, all or none (the intake queue's bulk action):
    each goes through `assign_report`, with its checks and its own event."""
    for report in reports:
        assign_report(report=report, assignee=assignee, by=by, now=now)
    return len(reports)


@transaction.atomic
def forward_report(
    *, report: Report, to: Organisation, by: User, reason: str, now: dt.datetime
) -> Report:
    """Hands an open report to the competent Bawaslu, with the reason. The receiver sees it in
    its queue, unassigned; the sender (unless above the receiver) no longer sees it."""
    text = required_text(reason, "reason", _("Say why the other Bawaslu is competent."))
    report = locked_open(report)
    sender = policies.acting_organisation(by, report)
    if not selectors.forward_targets(report, by).filter(pk=to.pk).exists():
        raise ValidationError({"to": _("Choose a Bawaslu whose jurisdiction covers the region.")})
    report.handling_organisation = to
    report.assignee = None
    report.save(update_fields=["handling_organisation", "assignee"])
    events.record(
        report=report,
        type=ReportEvent.Type.FORWARDED,
        now=now,
        actor=by,
        organisation=sender,
        payload={"to": to.pk, "to_name": to.name, "reason": text},
    )
    return report
