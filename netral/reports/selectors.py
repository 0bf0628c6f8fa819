"""Read queries for the reporter's status page and the staff queue."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from netral.accounts import access
from netral.accounts.access import Capability
from netral.accounts.models import Organisation, User
from netral.registry import families
from netral.reports import crypto, policies
from netral.reports.events import REPORT_EVENTS
from netral.reports.models import (
    Evidence,
    PendingDuplicateCheck,
    PossibleDuplicate,
    Report,
    ReportEvent,
    ReportMessage,
    ReportQuerySet,
)
from netral.rules import deadlines, zones


@dataclass
class TimelineEntry:
    """One line of a timeline: what happened, when, by which body, and any text to show."""

    type: str
    label: str
    at: dt.datetime
    organisation: str = ""
    text: str = ""
    files: list[Evidence] = field(default_factory=list)
    actor: str = ""
    payload: dict[str, Any] = field(default_factory=dict)


def _entries(report: Report, events: list[ReportEvent], staff: bool) -> list[TimelineEntry]:
    message_ids = [e.payload.get("message") for e in events if e.payload.get("message")]
    messages = {
        m.pk: m
        for m in ReportMessage.objects.filter(report=report, pk__in=message_ids).prefetch_related(
            "evidence"
        )
    }
    # The files sent with the report itself belong to its "submitted" line, as a reply's to
    # the reply's: the reporter sees that the photo arrived.
    sent_with_report = [
        evidence for evidence in report.evidence.all() if evidence.message_id is None
    ]
    entries = []
    for event in events:
        message = messages.get(event.payload.get("message"))
        text = message.body if message else ""
        # A rejection's reason, a forward's receiver and reason, an assignment's officer; the
        # reporter reads only what ReportEvent.PUBLIC_HEADLINES lets through.
        if staff or event.type in ReportEvent.PUBLIC_HEADLINES:
            text = REPORT_EVENTS.headline(event.type, event.payload) or text
        if message is not None:
            files = list(message.evidence.all())
        else:
            files = sent_with_report if event.type == ReportEvent.Type.SUBMITTED else []
        entries.append(
            TimelineEntry(
                type=event.type,
                label=event.get_type_display(),
                at=event.created_at,
                organisation=event.organisation.name if event.organisation else "",
                text=text,
                files=files,
                actor=str(event.actor) if staff and event.actor else "",
                payload=event.payload if staff else {},
            )
        )
    return entries


REASON_LABELS = {
    "same_link": _("same link"),
    "same_file": _("same evidence file (SHA-256)"),
    "same_person_and_date": _("same person and date"),
    "similar_text": _("similar description"),
}


def public_timeline(report: Report) -> list[TimelineEntry]:
    """What the reporter may see: decisions, questions and answers, never reads or hints."""
    events = list(
        report.events.filter(type__in=ReportEvent.PUBLIC_TYPES).select_related("organisation")
    )
    return _entries(report, events, staff=False)


def staff_timeline(report: Report, user: policies.AnyUser) -> list[TimelineEntry]:
    """Every event, including each read of the identity and each download of evidence; a
    duplicate hint names only the other reports this user may see (another regency's report
    number is not theirs to know)."""
    events = list(report.events.select_related("organisation", "actor"))
    entries = _entries(report, events, staff=True)
    for entry in entries:
        if entry.type == ReportEvent.Type.DUPLICATE_SUSPECTED:
            entry.payload = _visible_duplicates(entry.payload, user)
    return entries


def _visible_duplicates(payload: dict[str, Any], user: policies.AnyUser) -> dict[str, Any]:
    others = payload.get("others", [])
    codes = [other.get("code") for other in others]
    visible = set(
        policies.visible_reports(user).filter(code__in=codes).values_list("code", flat=True)
    )
    return {**payload, "others": [other for other in others if other.get("code") in visible]}


def witnesses(report: Report) -> str:
    """The witnesses the reporter named, unsealed for staff who may see the report."""
    if not report.witnesses_sealed:
        return ""
    return str(crypto.unseal(report.witnesses_sealed).get("witnesses", ""))


def case_code(report: Report) -> str:
    """The code of the case that accepting the report opened ("" while it is not accepted)."""
    return report.case_code


def duplicate_hints(report: Report, user: policies.AnyUser) -> list[tuple[Report, list[str]]]:
    """Look-alike reports the user may see, in both directions, with the reasons in words."""
    visible = policies.visible_reports(user)
    hints = PossibleDuplicate.objects.filter(Q(report=report) | Q(other=report))
    pairs: dict[int, list[str]] = {}
    for hint in hints:
        other_id = hint.other_id if hint.report_id == report.pk else hint.report_id
        pairs.setdefault(other_id, []).extend(hint.reasons)
    others = visible.filter(pk__in=pairs).order_by("submitted_at")
    return [
        (other, [str(REASON_LABELS.get(reason, reason)) for reason in sorted(set(pairs[other.pk]))])
        for other in others
    ]


def duplicate_check_waiting(report: Report) -> bool:
    """True while the worker has not yet looked for this report's look-alikes (decision 0185):
    staff are told, rather than reading "no hints" as "no duplicates"."""
    return PendingDuplicateCheck.objects.filter(report=report).exists()


@dataclass(frozen=True)
class QueueFilters:
    text: str = ""
    status: str = ""
    track: str = ""
    region: str = ""
    category: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    mine: bool = False


def queue(user: policies.AnyUser, filters: QueueFilters) -> ReportQuerySet:
    """The intake queue: visible reports, open ones first, newest first, filtered."""
    reports = policies.visible_reports(user)
    if filters.status == "open":
        reports = reports.open()
    elif filters.status:
        reports = reports.filter(status=filters.status)
    if filters.track:
        reports = reports.filter(track=filters.track)
    if filters.region:
        reports = reports.in_regions({filters.region})
    if filters.category:
        reports = reports.filter(category=filters.category)
    if filters.date_from:
        reports = reports.filter(incident_date__gte=filters.date_from)
    if filters.date_to:
        reports = reports.filter(incident_date__lte=filters.date_to)
    if filters.text:
        reports = reports.filter(_text_q(filters.text))
    if filters.mine:
        reports = reports.filter(assignee_id=getattr(user, "pk", None))
    return reports.order_by("-submitted_at", "-id")


def review_deadline(report: Report) -> deadlines.Due | None:
    """When Bawaslu's initial review of an open report is due (the legal clock of its election's
    family, in the zone of its region), or None for a closed report or an unknown family."""
    family = families.family_of(report.election_kind)
    if not report.is_open or family is None:
        return None
    region = report.region.code if report.region_id else None
    try:
        zone = zones.zone_for_region(region)
        return deadlines.due(
            report.submitted_at, "bawaslu.initial_review", family=str(family), zone=zone
        )
    except (KeyError, ValueError):
        return None


def _text_q(text: str) -> Q:
    """Every word must appear in the number, the reported person, agency, position, place or
    description (a number may be typed with or without its dashes)."""
    query = Q()
    for word in text.split()[:8]:
        code = word.replace("-", "").upper()
        query &= (
            Q(code__icontains=code)
            | Q(subject_name__icontains=word)
            | Q(subject_agency__icontains=word)
            | Q(subject_position__icontains=word)
            | Q(place__icontains=word)
            | Q(description__icontains=word)
        )
    return query


def _handler(report: Report, user: policies.AnyUser) -> Organisation | None:
    return report.handling_organisation or policies.acting_organisation(user, report)


def _members_who_handle(organisations: list[Organisation]) -> QuerySet[User]:
    """Active members of these organisations whose role lets them handle reports."""
    if not organisations:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation__in=organisations,
            memberships__role__in=access.roles_with(Capability.HANDLE),
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def assignable_colleagues(report: Report, user: policies.AnyUser) -> QuerySet[User]:
    """Active members of the Bawaslu handling the report whose role lets them handle it."""
    handler = _handler(report, user)
    return _members_who_handle([handler] if handler is not None else [])


def queue_colleagues(user: policies.AnyUser) -> QuerySet[User]:
    """Who the queue's bulk assignment offers: the active members who may handle reports in the
    Bawaslu where this user may give work to colleagues. Each ticked report still checks its own
    handling Bawaslu (`assignable_colleagues`, through `services.assign_report`)."""
    return _members_who_handle(policies.assigning_organisations(user))


def forward_targets(report: Report, user: policies.AnyUser) -> QuerySet[Organisation]:
    """The competent Bawaslu for the report's region at every level (kabupaten/kota, provinsi,
    RI), other than the one handling it now: a forward moves it up or down that line."""
    code = report.region.code
    parts = code.split(".")
    above = [".".join(parts[: i + 1]) for i in range(len(parts))]
    handler = _handler(report, user)
    targets = Organisation.objects.filter(
        is_active=True, kind__in=Organisation.Kind.of(Organisation.Family.BAWASLU)
    ).filter(Q(region__code__in=above) | Q(region__isnull=True))
    if handler is not None:
        targets = targets.exclude(pk=handler.pk)
    return targets.select_related("region").order_by(
        F("region__level").desc(nulls_last=True), "name"
    )
