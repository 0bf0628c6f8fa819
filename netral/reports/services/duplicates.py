"""Possible duplicates are linked for staff after intake and never dropped or merged silently.

Four signals: a shared link, the same evidence file (its SHA-256), the same reported person on
the same day, or a similar description of an incident in the same regency within a few days.
Each query is bounded and indexed. The check runs in the task worker: the report is written with
a `PendingDuplicateCheck` row, which the worker's next pass takes (`duplicate_checks`, 0185). Four
look-ups and the fuzzy matching were a third of a text report's statements, and the reporter need
not wait for a hint only staff read.
"""

import datetime as dt

from django.db import connection
from django.db.models import QuerySet

from netral.reports import events
from netral.reports.models import Evidence, PossibleDuplicate, Report, ReportEvent, ReportLink

SIMILAR_TEXT_SCORE = 85
_TEXT_DAYS = 3
_TEXT_CANDIDATES = 50
_MIN_TEXT = 40
_TEXT_CHARS = 2000  # enough to recognise a copied text, bounded for long descriptions


def newest_per_day(report: Report) -> list[QuerySet[Report, int]]:
    """For each day of the window, the ids of that day's newest reports in the regency: each is
    one bounded range of the (regency, incident date, id) index, read newest first, however many
    reports the regency or the day holds."""
    one_day = dt.timedelta(days=1)
    days = [
        report.incident_date + offset * one_day for offset in range(-_TEXT_DAYS, _TEXT_DAYS + 1)
    ]
    # The day is written as a range, and the order names it: with `incident_date = day` the
    # planner drops the date from the order, walks the primary key back from the newest report
    # and reads every newer day first (43,000 rows for one day of a 100,000-report burst); as a
    # range it reads 50 entries of the composite index.
    return [
        Report.objects.filter(
            regency_code=report.regency_code,
            incident_date__gte=day,
            incident_date__lt=day + one_day,
        )
        .exclude(pk=report.pk)
        .order_by("incident_date", "-id")
        .values_list("id", flat=True)[:_TEXT_CANDIDATES]
        for day in days
    ]


def similar_text_candidates(report: Report) -> list[tuple[int, str]]:
    """The newest `_TEXT_CANDIDATES` reports of the same regency within the date window, to
    compare texts with: the newest of each day (one query where the database takes a union of
    limited queries, one per day elsewhere), then the texts of the newest of those."""
    per_day = newest_per_day(report)
    if connection.features.supports_slicing_ordering_in_compound:
        ids = list(per_day[0].union(*per_day[1:], all=True).order_by())
    else:
        ids = [pk for query in per_day for pk in query]
    newest = sorted(ids, reverse=True)[:_TEXT_CANDIDATES]
    if not newest:
        return []
    texts = Report.objects.filter(pk__in=newest).order_by("-id").values_list("pk", "description")
    return list(texts)


def _similar_text(report: Report) -> set[int]:
    if len(report.description) < _MIN_TEXT:
        return set()
    from rapidfuzz import fuzz  # only the worker compares texts: web processes never load it

    candidates = similar_text_candidates(report)
    return {
        pk
        for pk, text in candidates
        if fuzz.token_sort_ratio(report.description[:_TEXT_CHARS], text[:_TEXT_CHARS])
        >= SIMILAR_TEXT_SCORE
    }


def find_possible_duplicates(*, report: Report) -> dict[int, list[str]]:
    """Other reports that look like this one, each with the reasons why."""
    found: dict[int, list[str]] = {}
    own_links = ReportLink.objects.filter(report=report).values("url_hash")
    shared = ReportLink.objects.filter(url_hash__in=own_links).exclude(report=report)
    for pk in shared.values_list("report_id", flat=True).distinct():
        found.setdefault(pk, []).append("same_link")
    file_hashes = list(report.evidence.values_list("sha256", flat=True))
    if file_hashes:
        same_file = Evidence.objects.filter(sha256__in=file_hashes).exclude(report=report)
        for pk in same_file.values_list("report_id", flat=True).distinct()[:_TEXT_CANDIDATES]:
            found.setdefault(pk, []).append("same_file")
    same_day = Report.objects.filter(
        subject_key=report.subject_key, incident_date=report.incident_date
    ).exclude(pk=report.pk)
    for pk in same_day.values_list("pk", flat=True)[:_TEXT_CANDIDATES]:
        found.setdefault(pk, []).append("same_person_and_date")
    for pk in _similar_text(report):
        found.setdefault(pk, []).append("similar_text")
    return found


def link_possible_duplicates(*, report: Report, now: dt.datetime) -> list[PossibleDuplicate]:
    """Records every look-alike as a hint for staff, with one event naming them.

    Runs inside the caller's transaction (`intake.check_for_duplicates`). A task run twice
    (a worker lost mid-task) finds the hints already there and records nothing again."""
    if report.duplicate_hints.exists():
        return []
    found = find_possible_duplicates(report=report)
    if not found:
        return []
    hints = PossibleDuplicate.objects.bulk_create(
        PossibleDuplicate(report=report, other_id=pk, reasons=reasons)
        for pk, reasons in sorted(found.items())
    )
    codes = dict(Report.objects.filter(pk__in=found).values_list("pk", "code"))
    payload = {"others": [{"code": codes[pk], "reasons": found[pk]} for pk in sorted(found)]}
    events.record(
        report=report, type=ReportEvent.Type.DUPLICATE_SUSPECTED, now=now, payload=payload
    )
    return hints
