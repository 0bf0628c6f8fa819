"""Stored and daily figures (decisions 0100, 0170): the `stored` decorator reads a figure from its
`StoredFigure` row, or merges it from `DailyFigure` rows, when the scope allows; the row keys, the
daily mark, and `encode`/`decode` of a figure's value as JSON."""

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db.models import (
    Q,
)
from django.utils import timezone, translation

from netral.insights.figures.scope import Scope
from netral.insights.models import DailyFigure, StoredFigure

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


DAILY: dict[str, Daily] = {}  # filled by `merging`


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


# The dataclasses `decode` rebuilds, by name: filled by `merging`.
_FIGURE_TYPES: dict[str, type] = {}


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
