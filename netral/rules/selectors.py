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
