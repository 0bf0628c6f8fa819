"""Parsing and validation of the deadline rules and the shipped holiday list.

Each problem names its file, rule or day, and field, as the catalogue loader does.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from netral.rules import loader, schema
from netral.rules.deadlines import DATA_DIR, DeadlineRule, Unit


@dataclass(frozen=True)
class HolidayDay:
    """A holiday as shipped: seeded into the Holiday table that administrators edit."""

    date: dt.date
    kind: str
    name: str
    confidence: str
    source: str
    note: str = ""


def parse_rules(data: dict[str, Any]) -> dict[str, DeadlineRule]:
    """Every rule of deadlines.yaml, checked by `schema.DeadlinesFile`."""
    problems: list[str] = []
    parsed = loader.validated(schema.DeadlinesFile, data, "deadlines.yaml", problems)
    loader.raise_if_any(problems)
    assert parsed is not None
    return {
        rule.key: loader.build(
            DeadlineRule,
            rule,
            unit=Unit(rule.unit),
            start_event=rule.start.build(),
            election_kind=rule.family,
        )
        for rule in parsed.rules
    }


@cache
def shipped_holiday_days() -> tuple[HolidayDay, ...]:
    """Every holiday of data/holidays.yaml, checked: a real date of its year, a known kind."""
    problems: list[str] = []
    data = loader.read_file(schema.HolidaysFile, DATA_DIR, "holidays.yaml", problems)
    loader.raise_if_any(problems)
    assert data is not None
    days = [
        HolidayDay(day.date, day.kind, day.name, day.confidence, year.source, day.note)
        for year in data.years
        for day in year.days
    ]
    seen: set[dt.date] = set()
    for day in days:
        if day.date in seen:
            problems.append(f"holidays.yaml: {day.date}: date: appears twice")
        seen.add(day.date)
    loader.raise_if_any(problems)
    return tuple(sorted(days, key=lambda d: d.date))
