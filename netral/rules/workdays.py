"""Working-day arithmetic on the Indonesian calendar: pure functions of a holiday set.

A working day is a day that is neither a weekend day nor in the holiday set. Counting starts on
the day after the start date (day 1), so the start itself is never counted. The holiday set is an
argument, so these functions are testable without a database and fast: for each distinct holiday
set an index of working days is built once (1990–2100) and searched by bisection; dates outside
that range fall back to walking day by day.
"""

import datetime as dt
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Collection
from functools import lru_cache

WEEKEND = (5, 6)  # Saturday, Sunday (Monday = 0)
_LOW = dt.date(1990, 1, 1).toordinal()
_HIGH = dt.date(2100, 12, 31).toordinal()


def freeze(holidays: Collection[dt.date] | None) -> frozenset[dt.date]:
    """A hashable holiday set (a frozenset caches its hash, so reuse the same one)."""
    if holidays is None:
        return frozenset()
    return holidays if isinstance(holidays, frozenset) else frozenset(holidays)


def is_working_day(
    day: dt.date, holidays: Collection[dt.date] = frozenset(), weekend: tuple[int, ...] = WEEKEND
) -> bool:
    return day.weekday() not in weekend and day not in holidays


@lru_cache(maxsize=16)
def _index(holidays: frozenset[dt.date], weekend: tuple[int, ...]) -> "array[int]":
    """Ordinals of every working day between 1990 and 2100, ascending (about 120 kB)."""
    ordinals = {day.toordinal() for day in holidays}
    return array(
        "l", (o for o in range(_LOW, _HIGH + 1) if (o - 1) % 7 not in weekend and o not in ordinals)
    )


def add_working_days(
    start: dt.date,
    n: int,
    holidays: Collection[dt.date] = frozenset(),
    weekend: tuple[int, ...] = WEEKEND,
) -> dt.date:
    """The n-th working day after `start` (n = 0 gives `start` itself)."""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return start
    index = _index(freeze(holidays), weekend)
    position = bisect_right(index, start.toordinal()) + n - 1
    if start.toordinal() >= _LOW and position < len(index):
        return dt.date.fromordinal(index[position])
    return _walk(start, n, freeze(holidays), weekend)


def _walk(
    start: dt.date, n: int, holidays: frozenset[dt.date], weekend: tuple[int, ...]
) -> dt.date:
    day = start
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() not in weekend and day not in holidays:
            n -= 1
    return day


def working_days_between(
    start: dt.date,
    end: dt.date,
    holidays: Collection[dt.date] = frozenset(),
    weekend: tuple[int, ...] = WEEKEND,
) -> int:
    """Working days d with start < d <= end; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start, holidays, weekend)
    low, high = start.toordinal(), end.toordinal()
    if low >= _LOW and high <= _HIGH:
        index = _index(freeze(holidays), weekend)
        return bisect_right(index, high) - bisect_right(index, low)
    frozen = freeze(holidays)
    return sum(
        1
        for o in range(low + 1, high + 1)
        if is_working_day(dt.date.fromordinal(o), frozen, weekend)
    )


def next_working_day_on_or_after(
    day: dt.date, holidays: Collection[dt.date] = frozenset(), weekend: tuple[int, ...] = WEEKEND
) -> dt.date:
    index = _index(freeze(holidays), weekend)
    position = bisect_left(index, day.toordinal())
    if position < len(index) and day.toordinal() >= _LOW:
        return dt.date.fromordinal(index[position])
    return _walk(day - dt.timedelta(days=1), 1, freeze(holidays), weekend)
