"""Reads that the pure calendar functions need from the database."""

import datetime as dt

from netral.rules import deadlines
from netral.rules.models import Holiday


def holiday_dates() -> frozenset[dt.date]:
    """The administrators' holiday table as the legal clock counts it (one query).

    Callers fetch it once per request or sweep and pass it to `deadlines.due(..., holidays=)`.
    """
    rows = Holiday.objects.filter(is_active=True)
    if not deadlines.calendar_config().cuti_bersama_is_holiday:
        rows = rows.exclude(kind=Holiday.Kind.CUTI_BERSAMA)
    return frozenset(rows.values_list("date", flat=True))


def holidays_between(start: dt.date, end: dt.date) -> list[Holiday]:
    return list(Holiday.objects.filter(is_active=True, date__range=(start, end)))


def calendar_gaps(today: dt.date) -> list[int]:
    """Years the legal clock needs whose holidays are not in the table: this year always, and
    next year from 1 October (deadlines started in the last quarter already reach into it)."""
    holidays = holiday_dates()
    needed = [today.year, today.year + 1] if today.month >= 10 else [today.year]
    return [year for year in needed if not deadlines.year_is_loaded(year, holidays)]
