"""Every write of insights: the event of a download or a generated report, the stored figures,
and the monthly snapshot (in snapshots.py)."""

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.utils import timezone, translation

from netral.accounts.models import Organisation, User
from netral.cases import workflow
from netral.cases.models import Case, CaseEvent, Handoff, Step
from netral.core import page_cache
from netral.insights import events, figures
from netral.insights.figures import Scope
from netral.insights.models import DailyFigure, InsightEvent, StoredFigure
from netral.monitoring.models import Finding, FindingEvent
from netral.reports.models import Report, ReportEvent

logger = logging.getLogger(__name__)


def record(type: str, *, by: User | None, now: dt.datetime, **payload: Any) -> InsightEvent:
    """Appends one evaluation event, its payload checked against its declaration."""
    checked = events.INSIGHT_EVENTS.check(type, payload)
    return InsightEvent.objects.create(type=type, actor=by, at=now, payload=checked)


def record_download(
    *, by: User | None, table: str, format: str, scope: dict[str, str], rows: int, now: dt.datetime
) -> InsightEvent:
    return record(
        InsightEvent.Type.EXPORT_DOWNLOADED,
        by=by,
        now=now,
        table=table,
        format=format,
        scope=scope,
        rows=rows,
    )


# How far back whole-month periods are stored (decision 0131); older periods count live.
PERIOD_MONTHS = 12


def stored_scopes(now: dt.datetime | None = None) -> Iterator[Scope]:
    """The scopes whose figures are stored: the country, each election, and every province
    and regency or city with a case or a report (a Bawaslu office's home region); then, for
    the country and those areas, each of the last `PERIOD_MONTHS` months with cases as a
    whole month and from its first day on (decision 0131); last every PPK with a case, in its
    own scope, unfiltered and for the same months (decision 0132)."""
    yield from _region_scopes(now)
    yield from ppk_scopes()
    yield from ppk_month_scopes(now)


def ppk_scopes() -> Iterator[Scope]:
    """Each PPK that may read a case (owns one, handed one on, or has an escalation step),
    in the scope its people's dashboard counts: its cases within its home region, no period
    (decision 0132). A PPK without a case is not stored: its page counts live, and fast."""
    ppks = Organisation.objects.filter(kind__in=workflow.PPK, is_active=True)
    with_cases = ppks.filter(
        Exists(Case.objects.filter(owner=OuterRef("pk")))
        | Exists(Handoff.objects.filter(from_organisation=OuterRef("pk")))
        | Exists(Step.objects.filter(organisation=OuterRef("pk")))
    )
    for pk, region in with_cases.order_by("pk").values_list("pk", "region__code"):
        yield Scope(region=region or "", organisation=pk)


def ppk_month_scopes(now: dt.datetime | None = None) -> Iterator[Scope]:
    """The PPK scopes of `ppk_scopes`, for each stored month (`_stored_months`) as a whole
    month and from its first day on, as the regions' (decisions 0131, 0132)."""
    months = _stored_months(now)
    for scope in ppk_scopes():
        for month_start, month_end in months:
            yield dataclasses.replace(scope, date_from=month_start, date_to=month_end)
            yield dataclasses.replace(scope, date_from=month_start)


def _stored_months(now: dt.datetime | None) -> list[tuple[dt.date, dt.date]]:
    """The last `PERIOD_MONTHS` calendar months with cases, most recent first (none without
    a case)."""
    first = Case.objects.order_by("received_at").values_list("received_at", flat=True).first()
    if first is None:
        return []
    return figures.whole_months(now or timezone.now(), timezone.localdate(first), PERIOD_MONTHS)


def _region_scopes(now: dt.datetime | None) -> Iterator[Scope]:
    areas = _stored_areas()
    yield Scope()
    elections = Case.objects.exclude(election=None).values_list("election__code", flat=True)
    for code in sorted(set(elections)):
        yield Scope(election=code)
    for code in areas:
        yield Scope(region=code)
    for month_start, month_end in _stored_months(now):
        for region in ["", *areas]:
            yield Scope(region=region, date_from=month_start, date_to=month_end)
            yield Scope(region=region, date_from=month_start)


def _stored_areas() -> list[str]:
    """Every province and regency or city with a case or a report."""
    areas: set[str] = set()
    for width in (2, 5):
        for rows in (
            Case.objects.values_list(Substr("region_code", 1, width), flat=True),
            Report.objects.values_list(Substr("region__code", 1, width), flat=True),
        ):
            areas.update(code for code in rows.order_by().distinct() if code)  # fmt: skip
    return sorted(areas)


def _figures_of(scope: Scope, *, translated_only: bool) -> Iterator[tuple[str, Any]]:
    """(row key, value) of every stored figure of one scope (or of those with translated
    labels only), counted live."""
    for name, live in figures.STORED.items():
        if translated_only and name in figures.LANGUAGE_FREE:
            continue
        if scope.organisation is not None and name in figures.NOT_PER_ORGANISATION:
            continue
        variants: list[tuple[Any, ...]] = [()]
        if name == "cases_by_region":
            variants = [(), (5,), (2,)] if not scope.region else [(), (5,)]
        for extra in variants:
            yield figures.stored_key(name, scope, *extra), live(scope, *extra)


def refresh_figures(*, now: dt.datetime, scopes: list[Scope] | None = None) -> int:
    """Recounts every stored figure (decision 0100) in every language, one transaction per
    scope; returns the rows written. Run by `netral refresh-figures` and the task, which
    recount every stored scope and then delete the rows too old to be read."""
    written = 0
    for scope in scopes if scopes is not None else stored_scopes(now):
        rows = []
        for index, (language, _name) in enumerate(settings.LANGUAGES):
            with translation.override(language):
                found = _figures_of(scope, translated_only=index > 0)
                rows += [(key, figures.encode(value)) for key, value in found]
        with transaction.atomic():
            for key, value in rows:
                StoredFigure.objects.update_or_create(
                    key=key, defaults={"value": value, "computed_at": now}
                )
        written += len(rows)
    if scopes is None:  # the daily rows of the days that changed (decision 0170)
        written += refresh_days(now=now)
    if scopes is None:  # rows no page reads any more (a month past the window, a gone area)
        expired = now - dt.timedelta(seconds=settings.NETRAL_FIGURES_MAX_AGE)
        StoredFigure.objects.filter(computed_at__lt=expired).delete()
    # Public pages and figures cached before this refresh are stale on every process (0140).
    transaction.on_commit(page_cache.bump)
    return written


# ---------------------------------------------------------------------------- daily figures


# Which areas have daily rows (decision 0170): the country and the provinces (codes of two
# characters). A regency's or city's period of other days counts live: it is small, and its
# days would cost ten times the provinces' (five to regencies and cities).
DAILY_WIDTH = 2


def refresh_days(*, now: dt.datetime, full: bool = False) -> int:
    """Recounts the daily rows (decision 0170) of every day and area whose rows changed since
    the last daily refresh (every day of every area the first time, with `full`, or when an
    area appeared): the days a case, report or finding arrived on when it has an event newer
    than the refresh before the last saw (the windows overlap: an event committed late, with
    an id below the last mark, is still seen), or a case's deadline passed since then, in the
    country, its province and its regency or city. One transaction, holding the mark's row:
    a refresh that finds another one running skips (returns 0). With `full` every daily row
    is deleted first, so that a day whose rows were moved or deleted holds nothing. Leaves
    the mark `figures.daily_days` reads; returns the rows written."""
    StoredFigure.objects.get_or_create(
        key=figures.DAILY_MARK, defaults={"value": {}, "computed_at": now}
    )
    try:
        with transaction.atomic():
            mark = _locked_mark()
            return _refresh_days(mark, now=now, full=full)
    except _RefreshRunning:
        logger.info("Daily figures: another refresh holds the mark; this one skips.")
        return 0


class _RefreshRunning(Exception):
    pass


def _locked_mark() -> StoredFigure:
    """The daily mark's row, locked until the transaction ends (on databases that lock rows;
    SQLite lets one writer at a time anyway); `_RefreshRunning` if another refresh holds it."""
    try:
        return StoredFigure.objects.select_for_update(nowait=True).get(key=figures.DAILY_MARK)
    except OperationalError as error:
        raise _RefreshRunning from error


def _refresh_days(mark: StoredFigure, *, now: dt.datetime, full: bool) -> int:
    areas = [code for code in _stored_areas() if len(code) <= DAILY_WIDTH]
    seen = {name: events.order_by("-pk").values_list("pk", flat=True).first() or 0
            for name, events in _EVENTS.items()}  # fmt: skip
    fresh = (
        full
        or mark.value.get("form") != figures.DAILY_FORM
        or bool(set(areas) - set(mark.value["areas"]))
    )
    if full:
        DailyFigure.objects.all().delete()
    # From the ids the refresh before the last saw: recounting a day twice is harmless.
    since = None if fresh else (mark.computed_at, mark.value.get("before", mark.value["events"]))
    touched = _changed_days(since, now)
    wanted = {"", *areas}
    pairs = {(area, day) for day, code in touched for area in _areas_of(code) if area in wanted}
    written = sum(_store_day(area, day, now) for area, day in sorted(pairs))
    weeks = {(area, day - dt.timedelta(days=day.weekday())) for area, day in pairs}
    written += sum(_store_week(area, monday, now) for area, monday in sorted(weeks))
    days = [day for day, _code in touched]
    if since is not None:
        days.append(dt.date.fromisoformat(mark.value["first"]))
    mark.value = {
        "areas": areas,
        "first": min(days, default=timezone.localdate(now)).isoformat(),
        "through": timezone.localdate(now).isoformat(),
        "events": seen,
        "before": mark.value.get("events", seen) if since is not None else seen,
        "form": figures.DAILY_FORM,
    }
    mark.computed_at = now
    mark.save(update_fields=["value", "computed_at"])
    return written


# The events whose arrival says a case, report or finding changed (by primary key: ids grow).
_EVENTS: dict[str, Any] = {
    "case": CaseEvent.objects.all(),
    "report": ReportEvent.objects.all(),
    "finding": FindingEvent.objects.all(),
}


def _areas_of(code: str) -> set[str]:
    """The country, the province and the regency or city a region code lies in."""
    return {"", code[:2], code[:5]} if code else {""}


def _changed_days(
    since: tuple[dt.datetime, dict[str, int]] | None, now: dt.datetime
) -> set[tuple[dt.date, str]]:
    """(local day of arrival, region code) of every case, report and finding with an event
    newer than the ids in `since`, or a case deadline passed since its moment (all of
    them when `since` is None)."""
    cases = Case.objects.all()
    reports = Report.objects.all()
    found = Finding.objects.all()
    if since is not None:
        moment, seen = since

        def newer(name: str, field: str) -> Any:
            return _EVENTS[name].filter(pk__gt=seen.get(name, 0)).values(field)

        cases = cases.filter(
            Q(pk__in=newer("case", "case_id"))
            | Q(pk__in=Step.objects.filter(missed_at__gte=moment).values("case_id"))
            | Q(due_at__gte=moment, due_at__lte=now)
        )
        reports = reports.filter(pk__in=newer("report", "report_id"))
        found = found.filter(pk__in=newer("finding", "finding_id"))
    rows = [
        cases.order_by().values_list("received_at", "region_code"),
        reports.order_by().values_list("submitted_at", "region__code"),
        found.order_by().values_list("created_at", "region_code"),
    ]
    found_days = {
        (timezone.localdate(moment), code or "")
        for queryset in rows
        for moment, code in queryset.iterator(chunk_size=10_000)
    }
    return found_days | _regions_left(since)


def _regions_left(since: tuple[dt.datetime, dict[str, int]] | None) -> set[tuple[dt.date, str]]:
    """(local day of arrival, former region code) of every case whose region was corrected
    by a new event: the area it left counts it no more (all days are recounted without
    `since`)."""
    if since is None:
        return set()
    corrected = CaseEvent.objects.filter(
        pk__gt=since[1].get("case", 0),
        type=CaseEvent.Type.DETAILS_UPDATED,
        payload__changes__has_key="region",
    )
    left = set()
    for arrived, changes in corrected.values_list("case__received_at", "payload__changes"):
        former = changes["region"][0]
        left.add((timezone.localdate(arrived), str(former).split(" ")[0] if former else ""))
    return left


def _store_day(area: str, day: dt.date, now: dt.datetime) -> int:
    """Counts one area's figures over one day's rows, in every language, and stores them."""
    scope = Scope(region=area, date_from=day, date_to=day)
    rows: dict[str, Any] = {}
    for index, (language, _name) in enumerate(settings.LANGUAGES):
        with translation.override(language):
            for name, live in figures.DAILY_SOURCES.items():
                if index > 0 and name in figures.LANGUAGE_FREE:
                    continue
                for extra in _daily_variants(name, area):
                    key = figures.stored_key(name, Scope(region=area), *extra)
                    rows[key] = figures.encode(live(scope, *extra))
    DailyFigure.objects.bulk_create(
        [
            DailyFigure(key=key, day=day, value=value, computed_at=now)
            for key, value in rows.items()
        ],
        update_conflicts=True,
        unique_fields=["key", "day"],
        update_fields=["value", "computed_at"],
    )
    return len(rows)


def _store_week(area: str, monday: dt.date, now: dt.datetime) -> int:
    """Merges one area's rows of the seven days from `monday` into the week's rows."""
    sunday = monday + dt.timedelta(days=6)
    keys: set[str] = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            keys.update(
                figures.stored_key(name, Scope(region=area), *extra)
                for name in figures.DAILY_SOURCES
                for extra in _daily_variants(name, area)
            )
    days: dict[str, list[Any]] = {}
    found = DailyFigure.objects.filter(key__in=keys, day__range=(monday, sunday))
    for key, value in found.values_list("key", "value"):
        days.setdefault(key, []).append(figures.decode(value))
    rows = [
        DailyFigure(
            key=key + figures.WEEK,
            day=monday,
            value=figures.encode(figures.WEEKLY[key.split("|")[0]](values)),
            computed_at=now,
        )
        for key, values in days.items()
    ]
    DailyFigure.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["key", "day"],
        update_fields=["value", "computed_at"],
    )  # fmt: skip
    return len(rows)


def _daily_variants(name: str, area: str) -> list[tuple[Any, ...]]:
    if name == "cases_by_region":
        return [(), (5,), (2,)] if not area else [(), (5,)]
    if name == "repeat_agencies":
        return [(1,)]
    return [()]
