"""The one way of counting: every figure Netral shows about its work, computed in the database.

Each function takes a `Scope` (election, region, agency, period, and optionally the `Actor` whose
jurisdiction limits the rows) and returns plain dataclasses or lists of dicts, ready for a page,
a chart, an export or another app (the public transparency pages reuse these functions with no
actor and their own rounding). Nothing here writes; nothing loops in Python over rows: the
database counts, groups and orders, and Python only shapes the (few) aggregated rows.

Who sees what is decided by each app's policies (`reports.policies.visible_reports`,
`cases.policies.visible_cases`, `monitoring.policies.visible_findings`), never here: with an
actor the counts start from what that actor may read; without one they count everything (the
caller must then be entitled to national aggregates, e.g. public figures or a scheduled task).

Portable on SQLite and PostgreSQL: plain GROUP BY, COUNT(... FILTER), TruncWeek, Substr and
datetime differences; percentiles are nearest-rank, read as one ordered row at an offset.
"""

import dataclasses
import datetime as dt
import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Substr, TruncWeek
from django.utils import timezone, translation

from netral.accounts import access
from netral.accounts.models import Organisation
from netral.cases import adapters as case_adapters
from netral.cases import policies as case_policies
from netral.cases import selectors as case_selectors
from netral.cases import workflow
from netral.cases.models import Case, Recommendation, Step
from netral.insights.models import DailyFigure, StoredFigure
from netral.monitoring import policies as monitoring_policies
from netral.monitoring import selectors as monitoring_selectors
from netral.monitoring.models import Finding
from netral.registry.models import Region
from netral.reports import policies as report_policies
from netral.reports.models import Category, Report


@dataclass(frozen=True)
class Scope:
    """What a figure counts: every field optional; an empty scope is the whole country.

    - `election`, `region`, `agency`: codes as the registry spells them (region: the region and
      everything under it);
    - `date_from`, `date_to`: inclusive days on the moment a row arrived (a report's submission,
      a case's receipt, a finding's flagging), in the site's time zone;
    - `organisation`: when given (a PPK's primary key), only the cases that organisation may
      read count (`cases.policies.organisation_cases`), and the scope is stored like a region
      (decision 0132); its reader, if given, must act for that organisation alone;
    - `actor`: when given, only rows that actor may read count (its jurisdiction).
    """

    election: str = ""
    region: str = ""
    agency: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    organisation: int | None = None
    actor: access.Actor | None = None

    @property
    def region_level(self) -> int:
        """0 for the country, 1 for a province, 2 for a regency or city, and so on."""
        return self.region.count(".") + 1 if self.region else 0

    def as_query(self) -> dict[str, str]:
        """The scope as the GET parameters of the dashboards and the case list."""
        params = {"election": self.election, "region": self.region, "agency": self.agency}
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        return {key: value for key, value in params.items() if value}


# ---------------------------------------------------------------------------------- stored figures
#
# A scope without a reader and without a period (the country, a region, an election, an agency)
# is read from `StoredFigure` rows that `services.refresh_figures` computes with the very same
# functions (decision 0100): the stored value is the live value as of its `computed_at`. So is a
# PPK's own scope (an `organisation` scope, its reader acting for that PPK alone: decision 0132),
# whose case figures are the same for every person of that PPK. A scope with another reader, a
# figure never stored or one older than NETRAL_FIGURES_MAX_AGE is counted live.

STORED: dict[str, Callable[..., Any]] = {}  # name → the live function, for the refresh
# Figures that count reports or monitoring findings: not stored for an organisation scope (a PPK
# reads neither; its dashboard shows the case figures only).
NOT_PER_ORGANISATION = frozenset({"intake", "monitoring"})
# Figures without a translated word in them: stored once, not once per language.
LANGUAGE_FREE = frozenset(
    {"cases_by_region", "stage_times", "missed_by_organisation", "recommendation_outcomes",
     "escalation_reached", "monitoring", "repeat_agencies", "agency_figures", "stage_spans"}
)  # fmt: skip


def storable(scope: Scope) -> bool:
    """A scope without a reader, or an organisation's own scope (decision 0132), may have a
    stored row; whether it has one (a period is stored only for whole months: decision 0131;
    an organisation only for a PPK with cases) the row's presence says."""
    return scope.actor is None or scope.organisation is not None


def stored_key(name: str, scope: Scope, *extra: Any) -> str:
    """The row key of a figure: its name, the scope's codes and period, any further argument
    and the language of its labels (none for `LANGUAGE_FREE` figures)."""
    tail = ",".join(str(value) for value in extra if value is not None)
    language = "" if name in LANGUAGE_FREE else translation.get_language() or settings.LANGUAGE_CODE
    codes = f"{scope.election}|{scope.region}|{scope.agency}"
    if scope.date_from or scope.date_to:
        days = (day.isoformat() if day else "" for day in (scope.date_from, scope.date_to))
        codes += "|" + "~".join(days)
    if scope.organisation is not None:
        codes += f"|org={scope.organisation}"
    return f"{name}|{codes}|{tail}|{language}"


def whole_months(now: dt.datetime, first: dt.date, months: int) -> list[tuple[dt.date, dt.date]]:
    """The first and last days of the calendar months from the one holding `first` to the one
    holding `now` (local), at most the last `months` of them, most recent first."""
    today = timezone.localdate(now)
    start = max(first.replace(day=1), _months_before(today.replace(day=1), months - 1))
    found = []
    month = today.replace(day=1)
    while month >= start:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        found.append((month, following - dt.timedelta(days=1)))
        month = _months_before(month, 1)
    return found


def _months_before(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)


def stored[**P, T](function: Callable[P, T]) -> Callable[P, T]:
    """Reads the figure from its stored row when the scope allows and the row is fresh."""
    STORED[function.__name__] = function

    @functools.wraps(function)
    def read(*args: P.args, **kwargs: P.kwargs) -> T:
        scope = cast("Scope", args[0])
        if storable(scope):
            oldest = timezone.now() - dt.timedelta(seconds=settings.NETRAL_FIGURES_MAX_AGE)
            row = (
                StoredFigure.objects.filter(
                    key=stored_key(function.__name__, scope, *args[1:], *kwargs.values()),
                    computed_at__gte=oldest,
                )
                .values_list("value", flat=True)
                .first()
            )
            if row is not None:
                return cast("T", decode(row))
            days = daily_days(scope) if function.__name__ in DAILY else None
            if days is not None:
                return cast("T", _from_days(function.__name__, scope, days, args[1:], kwargs))
        return function(*args, **kwargs)

    return read


def as_of(scope: Scope) -> dt.datetime | None:
    """When the stored figures of this scope were counted (the oldest of them), or None when
    the page counts live."""
    if not storable(scope):
        return None
    oldest = timezone.now() - dt.timedelta(seconds=settings.NETRAL_FIGURES_MAX_AGE)
    keys = [stored_key(name, scope) for name in STORED]
    found = StoredFigure.objects.filter(key__in=keys, computed_at__gte=oldest)
    counted = min(found.values_list("computed_at", flat=True), default=None)
    if counted is None and daily_days(scope) is not None:
        mark = _daily_mark()
        return mark[0] if mark else None
    return counted


# ---------------------------------------------------------------------------------- daily figures
#
# A period of whole days of the country or of a stored area (no reader, election or agency) is
# read as the merge of the area's daily rows (`DailyFigure`, decision 0170): counts add up,
# breakdowns add up per key, and the stage times' medians and p90s are read from the merged
# histograms of durations in tenths of a day, the precision `stage_times` reports them in. The
# refresh (`services.refresh_days`) recounts, with the live functions, each day and area whose
# rows changed, and leaves a mark saying which areas and days the rows cover.

DAILY_MARK = "daily-coverage"
# The form of the rows the mark vouches for (2: days and weeks); rows of another form are not
# read, and the next refresh counts every day again.
DAILY_FORM = 2


@dataclass(frozen=True)
class Daily:
    """How a figure is read from daily rows: `merge(values, *args)` combines the days' values
    of the stored figure `source` (default: the figure itself), stored with the arguments
    `extra(*args)` (default: the call's own)."""

    merge: Callable[..., Any]
    source: str = ""
    extra: Callable[..., tuple[Any, ...]] = lambda *args: args
    tagged: bool = False  # whether its rows hold dataclasses or dates `decode` must rebuild


DAILY: dict[str, Daily] = {}  # filled at the end of the module


_MARK: ContextVar[list[Any] | None] = ContextVar("insights_daily_mark", default=None)


@contextmanager
def mark_read_once() -> Iterator[None]:
    """Inside this block (one page) the daily mark is read once, not once per figure."""
    token = _MARK.set([])
    try:
        yield
    finally:
        _MARK.reset(token)


def _daily_mark() -> tuple[dt.datetime, dict[str, Any]] | None:
    """(when, {areas, first, through, ...}) of the last daily refresh, if it is fresh enough."""
    memo = _MARK.get()
    if memo:
        return cast("tuple[dt.datetime, dict[str, Any]] | None", memo[0])
    found = _read_daily_mark()
    if memo is not None:
        memo.append(found)
    return found


def _read_daily_mark() -> tuple[dt.datetime, dict[str, Any]] | None:
    oldest = timezone.now() - dt.timedelta(seconds=settings.NETRAL_FIGURES_MAX_AGE)
    row = (
        StoredFigure.objects.filter(key=DAILY_MARK, computed_at__gte=oldest)
        .values_list("computed_at", "value")
        .first()
    )
    return None if row is None else (row[0], row[1])


def daily_days(scope: Scope) -> tuple[dt.date, dt.date] | None:
    """The first and last day whose rows make up the scope's period when it is read from daily
    rows (a period of the country or of a stored area, nothing else narrowing it), else None.
    The days are clipped to those the rows cover: none may hold a row before the first, and
    the last is the day of the refresh."""
    narrowed = scope.actor or scope.organisation is not None or scope.election or scope.agency
    if narrowed or not (scope.date_from or scope.date_to):
        return None
    mark = _daily_mark()
    if mark is None or mark[1].get("form") != DAILY_FORM:
        return None
    if scope.region and scope.region not in mark[1]["areas"]:
        return None
    first, through = (dt.date.fromisoformat(mark[1][end]) for end in ("first", "through"))
    return max(scope.date_from or first, first), min(scope.date_to or through, through)


def _from_days(
    name: str, scope: Scope, days: tuple[dt.date, dt.date], args: tuple[Any, ...], kwargs: Any
) -> Any:
    daily = DAILY[name]
    arguments = (*args, *kwargs.values())
    area = Scope(region=scope.region)
    key = stored_key(daily.source or name, area, *daily.extra(*arguments))
    single, mondays = in_weeks(*days)
    found = DailyFigure.objects.filter(
        Q(key=key, day__in=single) | Q(key=key + WEEK, day__in=mondays)
    )
    rows = list(found.values_list("value", flat=True)) if days[0] <= days[1] else []
    values = [decode(v) for v in rows] if daily.tagged else rows  # plain JSON: as it is
    return daily.merge(values, *arguments)


# A week's row (decision 0170): the merge of its seven days, keyed by its Monday.
WEEK = "|week"


def in_weeks(first: dt.date, last: dt.date) -> tuple[list[dt.date], list[dt.date]]:
    """The days from `first` to `last` as the single days and the Mondays of the whole weeks
    (Monday to Sunday) that cover them: a long period reads a row per week, not per day."""
    days: list[dt.date] = []
    mondays: list[dt.date] = []
    day = first
    while day <= last:
        if day.weekday() == 0 and day + dt.timedelta(days=6) <= last:
            mondays.append(day)
            day += dt.timedelta(days=7)
        else:
            days.append(day)
            day += dt.timedelta(days=1)
    return days, mondays


# ---------------------------------------------------------------------------------- base rows


def _period(rows: QuerySet[Any], field_name: str, scope: Scope) -> QuerySet[Any]:
    """Rows whose moment falls on the period's days in the site's time zone, compared as moments
    (from the first day's midnight to the midnight after the last day) so that the database can
    use an index or a plain range instead of converting every row to a local date."""
    if scope.date_from and scope.date_from > _EARLIEST:  # earlier: every row, no bound
        rows = rows.filter(**{f"{field_name}__gte": day_start(scope.date_from)})
    if scope.date_to and scope.date_to < _LATEST:
        rows = rows.filter(**{f"{field_name}__lt": day_start(scope.date_to + dt.timedelta(1))})
    return rows


# The days a moment can be computed around in any zone (1 January of year 1 at midnight in
# Jakarta is still in year 0 in UTC, which Python cannot hold).
_EARLIEST, _LATEST = dt.date(1, 1, 2), dt.date(9999, 12, 30)


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the current (site) time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _narrowed(
    rows: QuerySet[Any], scope: Scope, *, region: str, agency: str, day: str
) -> QuerySet[Any]:
    """The scope's election, region, agency and period, each through the given field."""
    if scope.election:
        rows = rows.filter(election__code=scope.election)
    if scope.region:
        rows = rows.filter(Region.within_q([scope.region], region))
    if scope.agency:
        rows = rows.filter(**{agency: scope.agency})
    return _period(rows, day, scope)


def reports_in(scope: Scope) -> QuerySet[Report]:
    """Public reports in scope, counted by the day they were submitted (none for an
    organisation scope without a reader: only its cases are counted for it)."""
    rows: QuerySet[Report] = (
        (Report.objects.none() if scope.organisation is not None else Report.objects.all())
        if scope.actor is None
        else report_policies.visible_reports(scope.actor.user).select_related(None)
    )
    return _narrowed(rows, scope, region="region__code", agency="agency__code", day="submitted_at")


def cases_in(scope: Scope) -> QuerySet[Case]:
    """Cases in scope, counted by the day they were received (duplicates and merges included):
    an organisation's cases, a reader's, or every case."""
    rows: QuerySet[Case]
    if scope.organisation is not None:
        rows = case_policies.organisation_cases(_organisation(scope.organisation))
    elif scope.actor is not None:
        rows = case_policies.visible_cases(scope.actor.user)
    else:
        rows = Case.objects.all()
    return _narrowed(rows, scope, region="region_code", agency="agency__code", day="received_at")


def findings_in(scope: Scope) -> QuerySet[Finding]:
    """Monitoring findings in scope, counted by the day the detector flagged them."""
    rows: QuerySet[Finding] = (
        (Finding.objects.none() if scope.organisation is not None else Finding.objects.all())
        if scope.actor is None
        else monitoring_policies.visible_findings(scope.actor.user).select_related(None)
    )
    return _narrowed(
        rows, scope, region="region_code", agency="item__account__agency__code", day="created_at"
    )


def _organisation(pk: int) -> Organisation:
    return Organisation.objects.get(pk=pk)


def _counted(
    rows: QuerySet[Any], key: str, labels: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """[{key, label, count}] grouped by one column, largest first (labels: key → words)."""
    grouped = rows.order_by().values(key).annotate(count=Count("pk")).order_by("-count", key)
    return [
        {
            "key": row[key] or "",
            "label": (labels or {}).get(row[key], row[key] or "—"),
            "count": row["count"],
        }
        for row in grouped
    ]


def _region_names(codes: Iterable[str]) -> dict[str, str]:
    wanted = [code for code in codes if code]
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))


def region_key(scope: Scope) -> int:
    """How many characters of a region code group a breakdown: provinces for the country (and
    for national bodies), regencies and cities inside a province, districts inside a regency,
    the code itself below."""
    return {0: 2, 1: 5, 2: 8}.get(scope.region_level, 13)


# ---------------------------------------------------------------------------------- intake


@dataclass(frozen=True)
class Intake:
    """Reports received and what became of them.

    - `total`: reports submitted in scope; `accepted` (a case was opened), `rejected` (not
      followed up), `duplicate` (merged into another report), `open` (still awaiting review
      or more information);
    - `tips`: reports that started as anonymous initial information; `tips_made_formal`: those
      the reporter later turned into a formal report (tip → formal conversion);
    - breakdowns: `by_channel`, `by_track`, `by_category`, `by_region` (provinces, or regencies
      inside a province: see `region_key`), each [{key, label, count}]; `by_week`: [{week
      (Monday), count}] in time order.
    """

    total: int
    accepted: int
    rejected: int
    duplicate: int
    open: int
    tips: int
    tips_made_formal: int
    by_channel: list[dict[str, Any]] = field(default_factory=list)
    by_track: list[dict[str, Any]] = field(default_factory=list)
    by_category: list[dict[str, Any]] = field(default_factory=list)
    by_region: list[dict[str, Any]] = field(default_factory=list)
    by_week: list[dict[str, Any]] = field(default_factory=list)

    def share(self, part: int) -> float | None:
        """`part` as a share of all reports (None when there are none)."""
        return None if self.total == 0 else part / self.total

    @property
    def conversion(self) -> float | None:
        """Share of tips that became formal reports."""
        return None if self.tips == 0 else self.tips_made_formal / self.tips


@stored
def intake(scope: Scope) -> Intake:
    """Reports received by channel, track, category, region and week, and their outcome shares."""
    rows = reports_in(scope)
    S = Report.Status
    converted = Q(formal_since__gt=F("submitted_at"))
    totals = rows.aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status=S.ACCEPTED)),
        rejected=Count("pk", filter=Q(status=S.REJECTED)),
        duplicate=Count("pk", filter=Q(status=S.DUPLICATE)),
        open=Count("pk", filter=Q(status__in=[S.RECEIVED, S.INFO_REQUESTED])),
        tips=Count("pk", filter=Q(track=Report.Track.TIP) | converted),
        tips_made_formal=Count("pk", filter=converted),
    )
    width = region_key(scope)
    regions = (
        rows.order_by()
        .annotate(area=Substr("region__code", 1, width))
        .values("area")
        .annotate(count=Count("pk"))
        .order_by("area")
    )
    by_region: list[dict[str, Any]] = [dict(row) for row in regions]
    names = _region_names(row["area"] for row in by_region)
    weeks = (
        rows.order_by()
        .annotate(week=TruncWeek("submitted_at"))
        .values("week")
        .annotate(count=Count("pk"))
        .order_by("week")
    )
    return Intake(
        **{key: value or 0 for key, value in totals.items()},
        by_channel=_counted(rows, "channel", _labels(Report.Channel.choices)),
        by_track=_counted(rows, "track", _labels(Report.Track.choices)),
        by_category=_counted(rows, "category", _labels(Category.choices)),
        by_region=[
            {
                "key": row["area"],
                "label": names.get(row["area"], row["area"]),
                "count": row["count"],
            }
            for row in by_region
        ],
        by_week=[{"week": _day(row["week"]), "count": row["count"]} for row in weeks],
    )


def _labels(choices: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    return {str(key): str(label) for key, label in choices}


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


# ---------------------------------------------------------------------------------- handling


@stored
def cases_by_stage(scope: Scope) -> list[dict[str, Any]]:
    """Cases in scope by their current workflow stage, in workflow order: [{key, label, count}]
    (stages with no case are left out)."""
    counts = dict(cases_in(scope).order_by().values_list("state").annotate(n=Count("pk")))
    return [
        {"key": str(state), "label": str(label), "count": counts[state]}
        for state, label in workflow.STATE_LABELS.items()
        if counts.get(state)
    ]


@stored
def cases_by_region(scope: Scope, width: int | None = None) -> list[dict[str, Any]]:
    """Cases in scope by area (provinces for the country, regencies inside a province; `width`
    5 asks for regencies and cities whatever the scope): [{key, label, count, open, overdue}]
    in code order."""
    width = width or region_key(scope)
    now = dt.datetime.now(tz=dt.UTC)
    rows = (
        cases_in(scope)
        .order_by()
        .annotate(area=Substr("region_code", 1, width))
        .values("area")
        .annotate(
            count=Count("pk"),
            open=Count("pk", filter=~Q(state=workflow.State.CLOSED)),
            overdue=Count("pk", filter=~Q(state=workflow.State.CLOSED) & Q(due_at__lt=now)),
        )
        .order_by("area")
    )
    found: list[dict[str, Any]] = [dict(row) for row in rows]
    names = _region_names(row["area"] for row in found)
    return [
        {**row, "key": row["area"], "label": names.get(row["area"], row["area"] or "—")}
        for row in found
    ]


@dataclass(frozen=True)
class StageTime:
    """How long one legal stage (a step kind) took, in days, against its deadline.

    - `reached_median`, `reached_p90`: from the case's receipt to the stage opening;
    - `took_median`, `took_p90`: from the stage opening to its completion (done steps only);
    - `allowed_median`: the time the deadline gave (due − opened), for steps with a deadline;
    - `count`: steps of this kind; `done`: completed; `missed`: whose deadline passed before the
      work was done (the deadline sweep marked them), whatever happened later.
    """

    kind: str
    count: int
    done: int
    missed: int
    reached_median: float | None
    reached_p90: float | None
    took_median: float | None
    took_p90: float | None
    allowed_median: float | None

    @property
    def label(self) -> str:
        """The stage's name in the reader's language (not stored: decision 0100)."""
        return str(workflow.step_label(self.kind))


def _days(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return round(value.total_seconds() / 86400, 1)
    return round(float(value) / 86_400_000_000, 1)  # microseconds, as some backends return


def percentile(
    rows: QuerySet[Any], expression: Any, share: float, total: int | None = None
) -> float | None:
    """The nearest-rank percentile (0 < share ≤ 1) of a duration over `rows`, in days: the
    database orders the rows and returns one; None when there is no row. `total`, when the
    caller already counted the rows with a non-null duration, saves counting them again.

    The median is `share=0.5` (the lower middle value for an even count)."""
    wrapped = ExpressionWrapper(expression, output_field=DurationField())
    measured = rows.order_by().annotate(_span=wrapped).filter(_span__isnull=False)
    total = measured.count() if total is None else total
    if total == 0:
        return None
    index = max(math.ceil(share * total) - 1, 0)
    return _days(measured.order_by("_span").values_list("_span", flat=True)[index])


class PercentileDisc(Aggregate):
    """PostgreSQL's nearest-rank percentile of a group (nulls ignored): the value at rank
    ceil(share × count), as `percentile` reads it with an ordered query."""

    function = "percentile_disc"
    template = "%(function)s(%(share)s) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"

    def __init__(self, expression: Any, share: float, **extra: Any) -> None:
        if not 0 < share <= 1:
            raise ValueError(share)
        super().__init__(expression, share=repr(float(share)), **extra)


def _in_one_query() -> bool:
    """Whether the database computes percentiles in a grouped query (PostgreSQL); elsewhere
    each percentile is one ordered query."""
    return connection.vendor == "postgresql"


@stored
def stage_times(scope: Scope) -> list[StageTime]:
    """Per legal stage (step kind) of the cases in scope: time to reach it and to complete it
    (median and p90) against the time its deadline allowed, and the deadlines missed."""
    steps = Step.objects.filter(case__in=cases_in(scope).values("pk"))
    reached, took, allowed = _SPANS.values()
    counts: dict[str, Any] = {
        "count": Count("pk"),
        "done": Count("pk", filter=Q(status=Step.Status.DONE)),
        "done_closed": Count("pk", filter=Q(status=Step.Status.DONE, closed_at__isnull=False)),
        "with_due": Count("pk", filter=Q(due_at__isnull=False)),
        "missed": Count("pk", filter=Q(missed_at__isnull=False)),
    }
    if _in_one_query():  # every figure of every kind in one pass over the steps
        done = Q(status=Step.Status.DONE)
        spans = {
            "reached_median": PercentileDisc(reached, 0.5, output_field=DurationField()),
            "reached_p90": PercentileDisc(reached, 0.9, output_field=DurationField()),
            "took_median": PercentileDisc(took, 0.5, filter=done, output_field=DurationField()),
            "took_p90": PercentileDisc(took, 0.9, filter=done, output_field=DurationField()),
            "allowed_median": PercentileDisc(allowed, 0.5, output_field=DurationField()),
        }
        grouped = steps.order_by().values("kind").annotate(**counts, **spans).order_by("kind")
        rows: list[dict[str, Any]] = [dict(row) for row in grouped]
        result = [
            StageTime(
                kind=row["kind"],
                count=row["count"],
                done=row["done"],
                missed=row["missed"],
                **{name: _days(row[name]) for name in spans},
            )
            for row in rows
        ]
    else:
        result = []
        kinds = steps.order_by().values("kind").annotate(**counts).order_by("kind")
        by_kind: list[dict[str, Any]] = [dict(row) for row in kinds]
        for row in by_kind:  # one row per step kind: a handful, not the steps
            of_kind = steps.filter(kind=row["kind"])
            finished = of_kind.filter(status=Step.Status.DONE)
            result.append(
                StageTime(
                    kind=row["kind"],
                    count=row["count"],
                    done=row["done"],
                    missed=row["missed"],
                    reached_median=percentile(of_kind, reached, 0.5, row["count"]),
                    reached_p90=percentile(of_kind, reached, 0.9, row["count"]),
                    took_median=percentile(finished, took, 0.5, row["done_closed"]),
                    took_p90=percentile(finished, took, 0.9, row["done_closed"]),
                    allowed_median=percentile(of_kind, allowed, 0.5, row["with_due"]),
                )
            )
    return _in_stage_order(result)


# The durations of a step: from its case's receipt to its opening, from its opening to its
# completion, and what its deadline allowed.
_SPANS = {
    "reached": F("opened_at") - F("case__received_at"),
    "took": F("closed_at") - F("opened_at"),
    "allowed": F("due_at") - F("opened_at"),
}


def _in_stage_order(found: list[StageTime]) -> list[StageTime]:
    order = {str(state): index for index, state in enumerate(workflow.STATE_LABELS)}
    return sorted(found, key=lambda s: (order.get(s.kind, len(order)), s.kind))


@stored
def missed_by_organisation(scope: Scope) -> list[dict[str, Any]]:
    """Deadlines missed per organisation that owed the step: [{organisation, steps, missed}],
    most missed first (organisations with no step in scope are left out)."""
    steps = Step.objects.filter(case__in=cases_in(scope).values("pk"))
    rows = (
        steps.order_by()
        .values("organisation_id", "organisation__name")
        .annotate(steps=Count("pk"), missed=Count("pk", filter=Q(missed_at__isnull=False)))
        .order_by("-missed", "organisation__name")
    )
    return [
        {
            "id": row["organisation_id"],
            "organisation": row["organisation__name"],
            "steps": row["steps"],
            "missed": row["missed"],
        }
        for row in rows
    ]


# ---------------------------------------------------------------------------------- enforcement


@dataclass(frozen=True)
class Outcomes:
    """Sanction recommendations in scope and how the PPKs answered them.

    `followed` (same or heavier sanction), `lighter` (followed_lighter), `not_followed` (no
    sanction), `overdue` (no decree and the deadline passed), `pending` (no decree, still in
    time) — the decree's outcome as cases derives it (`cases.selectors.COMPLIANCE_BUCKETS`).
    `per_ppk` is the compliance table of /kasus/kepatuhan-ppk/ for the same cases.
    """

    received: int
    followed: int
    lighter: int
    not_followed: int
    overdue: int
    pending: int
    per_ppk: list[case_selectors.Compliance]

    @property
    def rate(self) -> float | None:
        """Share followed among the recommendations answered or past their deadline."""
        decided = self.received - self.pending
        return None if decided == 0 else self.followed / decided

    def rows(self) -> list[dict[str, Any]]:
        """[{key, count}] in the compliance page's order, for a chart and its table."""
        return [
            {"key": key, "count": getattr(self, key)}
            for key in ("followed", "lighter", "not_followed", "overdue", "pending")
        ]


_BUCKETS = tuple(case_selectors.COMPLIANCE_BUCKETS)


@stored
def recommendation_outcomes(scope: Scope) -> Outcomes:
    """Recommendations to the PPKs for the cases in scope, by outcome, in total and per PPK."""
    per_ppk = case_selectors.ppk_compliance(cases_in(scope))
    totals = {key: sum(getattr(row, key) for row in per_ppk) for key in ("received", *_BUCKETS)}
    return Outcomes(**totals, per_ppk=per_ppk)


@stored
def escalation_reached(scope: Scope) -> list[dict[str, Any]]:
    """Recommendations by the highest escalation rung reached (0: none): [{level, count}]."""
    rows = (
        Recommendation.objects.filter(case__in=cases_in(scope).values("pk"))
        .order_by()
        .values("escalation_level")
        .annotate(count=Count("pk"))
        .order_by("escalation_level")
    )
    return [{"level": row["escalation_level"], "count": row["count"]} for row in rows]


@stored
def violations_by_code(scope: Scope) -> list[dict[str, Any]]:
    """Per catalogue code: cases in scope citing it and, of those, cases where a sanction was
    recommended (the violation established): [{code, title, cases, recommended}], most cited
    first; codes no case cites are left out."""
    catalogue = case_adapters.catalogue()
    counts = case_selectors.code_counts(cases_in(scope), list(catalogue))
    rows = [
        {"code": code, "title": catalogue[code].title, **numbers}
        for code, numbers in counts.items()
        if numbers["cases"]
    ]
    return sorted(rows, key=lambda row: (-row["cases"], row["code"]))


@stored
def sanctions_by_code(scope: Scope) -> list[dict[str, Any]]:
    """Recommended sanction category vs the decree's outcome, per category: [{category,
    received, followed, lighter, not_followed}] — consistency across PPKs."""
    buckets = case_selectors.COMPLIANCE_BUCKETS
    rows = (
        Recommendation.objects.filter(case__in=cases_in(scope).values("pk"))
        .order_by()
        .values("sanction_category")
        .annotate(
            received=Count("pk"),
            followed=Count("pk", filter=buckets["followed"]),
            lighter=Count("pk", filter=buckets["lighter"]),
            not_followed=Count("pk", filter=buckets["not_followed"]),
        )
        .order_by("sanction_category")
    )
    names = case_adapters.sanction_categories()
    return [
        {**row, "label": names.get(row["sanction_category"], row["sanction_category"])}
        for row in rows
    ]


# ---------------------------------------------------------------------------------- monitoring


@dataclass(frozen=True)
class Monitoring:
    """Monitoring findings in scope by the reviewers' verdict.

    `reviewed` = confirmed + dismissed + promoted; `precision` = (confirmed + promoted) /
    reviewed: the share of the detector's flags that reviewers upheld (None before any review).
    """

    total: int
    new: int
    confirmed: int
    dismissed: int
    promoted: int

    @property
    def reviewed(self) -> int:
        return self.confirmed + self.dismissed + self.promoted

    @property
    def precision(self) -> float | None:
        return None if self.reviewed == 0 else (self.confirmed + self.promoted) / self.reviewed

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"key": key, "count": getattr(self, key)}
            for key in ("new", "confirmed", "dismissed", "promoted")
        ]


@stored
def monitoring(scope: Scope) -> Monitoring:
    """Findings flagged, reviewed, confirmed, dismissed and promoted to a case."""
    counts = monitoring_selectors.verdict_counts(findings_in(scope))
    return Monitoring(**{key: value or 0 for key, value in counts.items()})


@stored
def repeat_agencies(scope: Scope, at_least: int = 2) -> list[dict[str, Any]]:
    """Agencies with `at_least` cases in scope (repeat cases): [{agency, code, cases,
    recommended}], most cases first."""
    rows = (
        cases_in(scope)
        .order_by()
        .filter(agency__isnull=False)
        .values("agency__code", "agency__name")
        .annotate(
            cases=Count("pk"),
            recommended=Count(
                "pk", filter=Q(Exists(Recommendation.objects.filter(case_id=OuterRef("pk"))))
            ),
        )
        .filter(cases__gte=at_least)
        .order_by("-cases", "agency__name")
    )
    return [
        {
            "agency": row["agency__name"],
            "code": row["agency__code"],
            "cases": row["cases"],
            "recommended": row["recommended"],
        }
        for row in rows
    ]


@dataclass(frozen=True)
class AgencyFigures:
    """One agency's cases in scope: how many, their steps and deadlines missed, and the
    recommendations with their outcomes (the inputs of the public neutrality index)."""

    code: str
    name: str
    cases: int
    steps: int
    missed: int
    received: int
    followed: int
    pending: int

    @property
    def decided(self) -> int:
        return self.received - self.pending

    @property
    def rate(self) -> float | None:
        """Share followed among the recommendations answered or past their deadline."""
        return None if self.decided == 0 else self.followed / self.decided


@stored
def agency_figures(scope: Scope) -> list[AgencyFigures]:
    """Per agency with a case in scope, in code order: three grouped queries, not one per agency."""
    cases = cases_in(scope).filter(agency__isnull=False)
    counted = cases.order_by().values("agency__code", "agency__name").annotate(n=Count("pk"))
    ids = cases.values("pk")
    steps = dict_by_agency(
        Step.objects.filter(case__in=ids),
        steps=Count("pk"),
        missed=Count("pk", filter=Q(missed_at__isnull=False)),
    )
    buckets = case_selectors.COMPLIANCE_BUCKETS
    recommendations = dict_by_agency(
        Recommendation.objects.filter(case__in=ids),
        received=Count("pk"),
        followed=Count("pk", filter=buckets["followed"]),
        pending=Count("pk", filter=buckets["pending"]),
    )
    none = {"steps": 0, "missed": 0, "received": 0, "followed": 0, "pending": 0}
    return [
        AgencyFigures(
            code=row["agency__code"],
            name=row["agency__name"],
            cases=row["n"],
            **{
                **none,
                **steps.get(row["agency__code"], {}),
                **recommendations.get(row["agency__code"], {}),
            },
        )
        for row in counted.order_by("agency__code")
    ]


def dict_by_agency(rows: QuerySet[Any], **counts: Any) -> dict[str, dict[str, int]]:
    """Counts of step or recommendation rows grouped by their case's agency code."""
    grouped = rows.order_by().values("case__agency__code").annotate(**counts)
    return {row.pop("case__agency__code"): row for row in grouped}


_FIGURE_TYPES: dict[str, type] = {
    kind.__name__: kind
    for kind in (Intake, StageTime, Outcomes, Monitoring, AgencyFigures, case_selectors.Compliance)
}


# ------------------------------------------------------------------ merging daily rows (0170)


def _merged(
    values: Iterable[list[dict[str, Any]]], by: str, order: Callable[[dict[str, Any]], Any]
) -> list[dict[str, Any]]:
    """Rows of several days merged on the field `by`, their numbers added, sorted by `order`."""
    found: dict[Any, dict[str, Any]] = {}
    for rows in values:
        for row in rows:
            into = found.get(row[by])
            if into is None:
                found[row[by]] = dict(row)
                continue
            for key, value in row.items():
                if key != by and isinstance(value, int) and not isinstance(value, bool):
                    into[key] += value
    return sorted(found.values(), key=order)


def _sum_fields[T](values: list[Any], kind: type[T], **lists: Any) -> T:
    """A dataclass whose int fields are the sums of those of `values`, its lists given."""
    numbers = {
        f.name: sum(getattr(value, f.name) for value in values)
        for f in dataclasses.fields(kind)  # type: ignore[arg-type]
        if f.name not in lists
    }
    return kind(**numbers, **lists)


def _by_count(row: dict[str, Any]) -> tuple[int, str]:
    return -row["count"], row["key"]


def _intake_of(values: list[Intake]) -> Intake:
    def merged(name: str, by: str, order: Callable[[dict[str, Any]], Any]) -> Any:
        return _merged((getattr(value, name) for value in values), by, order)

    return _sum_fields(
        values,
        Intake,
        by_channel=merged("by_channel", "key", _by_count),
        by_track=merged("by_track", "key", _by_count),
        by_category=merged("by_category", "key", _by_count),
        by_region=merged("by_region", "key", lambda row: row["key"]),
        by_week=merged("by_week", "week", lambda row: row["week"]),
    )


def _stages_of(values: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    order = {str(state): index for index, state in enumerate(workflow.STATE_LABELS)}
    return _merged(values, "key", lambda row: order[row["key"]])


def _outcomes_of(values: list[Outcomes]) -> Outcomes:
    per_ppk: dict[Any, list[case_selectors.Compliance]] = {}
    for value in values:
        for row in value.per_ppk:
            per_ppk.setdefault(row.ppk_id, []).append(row)
    merged = [
        _sum_fields(rows, case_selectors.Compliance, ppk_id=pk, ppk=rows[0].ppk)
        for pk, rows in per_ppk.items()
    ]
    merged.sort(key=lambda row: (row.ppk or "", row.ppk_id or 0))
    return _sum_fields(values, Outcomes, per_ppk=merged)


def _repeat_of(values: list[list[dict[str, Any]]], at_least: int = 2) -> list[dict[str, Any]]:
    merged = _merged(values, "code", lambda row: (-row["cases"], row["agency"]))
    return [row for row in merged if row["cases"] >= at_least]


def _monitoring_of(values: list[Monitoring]) -> Monitoring:
    return _sum_fields(values, Monitoring)


def stage_spans(scope: Scope) -> dict[str, dict[str, Any]]:
    """Per step kind of the cases in scope: its steps, done and missed, and histograms {days:
    steps} of the durations `stage_times` takes percentiles of (to reach the stage, to complete
    it, what its deadline allowed), in days rounded as `stage_times` reports them. The nearest
    rank of rounded durations is the rounded nearest rank (rounding keeps the order), so the
    histograms of several days give exactly the live median and p90 (decision 0170)."""
    steps = Step.objects.filter(case__in=cases_in(scope).values("pk")).order_by()
    spans = {
        name: ExpressionWrapper(expression, output_field=DurationField())
        for name, expression in _SPANS.items()
    }
    rows = steps.annotate(**spans).values_list("kind", "status", "missed_at", *spans)
    found: dict[str, dict[str, Any]] = {}
    for kind, status, missed_at, reached, took, allowed in rows.iterator(chunk_size=5000):
        into = found.setdefault(
            kind, {"count": 0, "done": 0, "missed": 0, "reached": {}, "took": {}, "allowed": {}}
        )
        done = status == Step.Status.DONE
        into["count"] += 1
        into["done"] += done
        into["missed"] += missed_at is not None
        for name, span in (("reached", reached), ("took", took if done else None),
                           ("allowed", allowed)):  # fmt: skip
            if span is not None:
                bin = str(_days(span))
                into[name][bin] = into[name].get(bin, 0) + 1
    return found


def _spans_of(values: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Several `stage_spans` values as one: counts and histograms added per kind."""
    found: dict[str, dict[str, Any]] = {}
    for value in values:
        for kind, part in value.items():
            into = found.setdefault(kind, {"count": 0, "done": 0, "missed": 0})
            for name in ("count", "done", "missed"):
                into[name] += part[name]
            for name in ("reached", "took", "allowed"):
                histogram = into.setdefault(name, {})
                for bin, steps in part[name].items():
                    histogram[bin] = histogram.get(bin, 0) + steps
    return found


def _stage_times_of(values: list[dict[str, dict[str, Any]]]) -> list[StageTime]:
    kinds = _spans_of(values)
    result = []
    for kind, into in kinds.items():
        spans = {
            name: Counter({float(bin): steps for bin, steps in into[name].items()})
            for name in ("reached", "took", "allowed")
        }
        result.append(
            StageTime(
                kind=kind,
                count=into["count"],
                done=into["done"],
                missed=into["missed"],
                reached_median=_rank(spans["reached"], 0.5),
                reached_p90=_rank(spans["reached"], 0.9),
                took_median=_rank(spans["took"], 0.5),
                took_p90=_rank(spans["took"], 0.9),
                allowed_median=_rank(spans["allowed"], 0.5),
            )
        )
    return _in_stage_order(result)


def _rank(histogram: Counter[float], share: float) -> float | None:
    """The nearest-rank percentile of a histogram, as `percentile` reads it from rows."""
    total = histogram.total()
    if total == 0:
        return None
    index, seen = max(math.ceil(share * total) - 1, 0), 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen > index:
            return value
    return None  # not reached: the counts add up to total


def encode(value: Any) -> Any:
    """A figure's result as JSON: dataclasses and dates tagged so that `decode` rebuilds them."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__figure__": type(value).__name__, **fields}
    if isinstance(value, dt.datetime | dt.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    return value


def decode(value: Any) -> Any:
    """The inverse of `encode`. Plain numbers and strings are kept as they are, not visited:
    a period read from daily rows decodes thousands of them (decision 0170)."""
    if isinstance(value, list):
        return [decode(item) if isinstance(item, list | dict) else item for item in value]
    if not isinstance(value, dict):
        return value
    if "__date__" in value:
        text = value["__date__"]
        return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
    fields = {
        key: decode(item) if isinstance(item, list | dict) else item
        for key, item in value.items()
        if key != "__figure__"
    }
    if "__figure__" in value:
        return _FIGURE_TYPES[value["__figure__"]](**fields)
    return fields


DAILY.update(
    intake=Daily(_intake_of, tagged=True),
    cases_by_stage=Daily(_stages_of),
    cases_by_region=Daily(lambda values, *_: _merged(values, "key", lambda row: row["key"])),
    stage_times=Daily(_stage_times_of, source="stage_spans"),
    missed_by_organisation=Daily(
        lambda values: _merged(values, "id", lambda row: (-row["missed"], row["organisation"]))
    ),
    recommendation_outcomes=Daily(_outcomes_of, tagged=True),
    escalation_reached=Daily(lambda values: _merged(values, "level", lambda row: row["level"])),
    violations_by_code=Daily(
        lambda values: _merged(values, "code", lambda row: (-row["cases"], row["code"]))
    ),
    sanctions_by_code=Daily(
        lambda values: _merged(values, "sanction_category", lambda r: r["sanction_category"])
    ),
    monitoring=Daily(_monitoring_of, tagged=True),
    repeat_agencies=Daily(_repeat_of, extra=lambda *args: (1,)),
)
# How a week's row is merged from its days' rows, per source: the result keeps the day's form.
WEEKLY: dict[str, Callable[[list[Any]], Any]] = {
    **{name: daily.merge for name, daily in DAILY.items() if not daily.source},
    "stage_spans": _spans_of,
    "repeat_agencies": lambda values: _repeat_of(values, 1),
}
# The live functions the daily rows are counted with: each of DAILY's sources.
DAILY_SOURCES: dict[str, Callable[..., Any]] = {
    **{name: STORED[name] for name, daily in DAILY.items() if not daily.source},
    "stage_spans": stage_spans,
}
