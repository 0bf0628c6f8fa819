"""Notices: reading one's own, and telling a formal reporter how the case goes on."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from netral.accounts.models import User
from netral.cases import adapters, selectors
from netral.cases.models import Case, Notification


@transaction.atomic
def mark_notifications_read(
    *, user: User, now: dt.datetime, public_ids: list[str] | None = None
) -> int:
    """Marks the user's own notices read (all of them when no ids are given)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if public_ids is not None:
        unread = unread.filter(public_id__in=public_ids)
    return unread.update(read_at=now)


def reporter_stage_changed(previous_state: str, case: Case) -> bool:
    """Whether a move from `previous_state` is news for the reporter of a case from a report."""
    if not case.source_ref:
        return False
    return selectors.public_stage(previous_state) != selectors.public_stage(case.state)


def email_reporter_progress(*, case_code: str, now: dt.datetime) -> bool:
    """E-mails the formal reporter the stage their case has reached (and the outcome once it is
    closed) when they gave an address; once per stage. What it says is what the receipt page
    shows: stages and dates, never names, organisations or reasoning."""
    case = Case.objects.filter(code=case_code).first()
    report = adapters.report_by_ref(case.source_ref) if case and case.source_ref else None
    if report is None:
        return False
    with override(settings.LANGUAGE_CODE):
        progress = selectors.public_progress(report)
        if progress is None:
            return False
        stage = next(item for item in progress["stages"] if item["current"])
        subject = _("[Netral] Your report %(number)s: %(stage)s") % {
            "number": report.code,
            "stage": stage["label"],
        }
        body = _progress_body(report.code, progress, stage["label"])
    return adapters.email_reporter(
        report,
        key=f"progress:{progress['case_code']}:{stage['key']}",
        subject=subject,
        body=body,
        now=now,
    )


def _progress_body(number: str, progress: dict[str, object], stage: str) -> str:
    lines = [
        _("Your report %(number)s is now at this stage: %(stage)s.")
        % {"number": number, "stage": stage}
    ]
    if progress["outcome"]:
        lines.append(str(progress["outcome"]))
    link = settings.NETRAL_SITE_URL.rstrip("/") + reverse("reports:check")
    lines += [
        "",
        _(
            "To follow the case and write to the officers, open %(link)s and enter the receipt "
            "code you kept when you reported."
        )
        % {"link": link},
        "",
        _("This message was sent by Netral. Do not reply to it."),
    ]
    return "\n".join(lines)
