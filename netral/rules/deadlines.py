"""The legal clock: deadline rules as data (data/deadlines.yaml) and their computation.

How a deadline is counted (docs/deadlines.md):
- day 1 is the day after the start; the start day itself is never counted;
- calendar days (hari) count every day and are not moved off weekends or holidays;
- working days (hari kerja) skip Saturdays, Sundays and the holidays given;
- the deadline is the end of the last day: 23:59:59.999999 in Asia/Jakarta (WIB).

Every function takes the holiday set as an argument; `None` means the holidays shipped with the
code (data/holidays.yaml). Views and services pass the administrators' table instead
(`netral.rules.selectors.holiday_dates()`).
"""

import datetime as dt
import enum
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from netral.rules import workdays
from netral.rules.catalogue import LegalBasis, Text

DATA_DIR = Path(__file__).parent / "data"
JAKARTA = ZoneInfo("Asia/Jakarta")
END_OF_DAY = dt.time(23, 59, 59, 999999, tzinfo=JAKARTA)


class Unit(enum.StrEnum):
    """Calendar days and working days are never mixed: every rule names its unit."""

    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"


@dataclass(frozen=True)
class DeadlineRule:
    key: str
    amount: int
    unit: Unit
    label: Text
    start_event: Text
    legal_basis: LegalBasis
    confidence: str
    note: Text | None = None
    election_kind: str | None = None
    setting: str | None = None  # a Django setting that overrides `amount`

    def amount_in_force(self) -> int:
        if self.setting is None:
            return self.amount
        from django.conf import settings

        if not settings.configured:
            return self.amount
        return int(getattr(settings, self.setting, self.amount))

    @property
    def unverified(self) -> bool:
        return self.confidence != "V"


@dataclass(frozen=True)
class Due:
    """A computed deadline: the last day, the moment it ends, and why."""

    rule_key: str
    start: dt.date
    due_date: dt.date
    due_at: dt.datetime  # aware, end of due_date in Asia/Jakarta
    amount: int
    unit: Unit
    legal_basis: str
    explanation: str  # Indonesian
    unverified: bool

    def explanation_in(self, lang: str) -> str:
        if not lang.startswith("en"):
            return self.explanation
        return _explain(rules()[self.rule_key], self.amount, self.due_date, "en")


@dataclass(frozen=True)
class Remaining:
    due: Due
    time_left: dt.timedelta  # negative once late
    days_left: int  # in the rule's own unit, from today's date in Jakarta; negative once late
    is_late: bool


@dataclass(frozen=True)
class CalendarConfig:
    weekend: tuple[int, ...]
    cuti_bersama_is_holiday: bool
    confidence: str
    note: Text


@cache
def _data() -> dict[str, Any]:
    from netral.rules import loader

    return dict(loader.read_yaml(DATA_DIR / "deadlines.yaml"))


@cache
def rules() -> dict[str, DeadlineRule]:
    """Every deadline rule by key, validated once."""
    from netral.rules import deadline_data

    return deadline_data.parse_rules(_data())


@cache
def calendar_config() -> CalendarConfig:
    raw = _data()["calendar"]
    return CalendarConfig(
        weekend=tuple(raw["weekend"]),
        cuti_bersama_is_holiday=bool(raw["cuti_bersama_is_holiday"]),
        confidence=str(raw["confidence"]),
        note=Text(raw["note"]["id"], raw["note"]["en"]),
    )


@cache
def shipped_holidays() -> frozenset[dt.date]:
    """The holidays shipped as data, as counted by the calendar configuration."""
    from netral.rules import deadline_data

    include = calendar_config().cuti_bersama_is_holiday
    return frozenset(
        day.date
        for day in deadline_data.shipped_holiday_days()
        if include or day.kind != "cuti_bersama"
    )


def _start_date(start: dt.date | dt.datetime) -> dt.date:
    if isinstance(start, dt.datetime):
        if start.tzinfo is None:
            raise ValueError("A start moment must be an aware datetime.")
        return start.astimezone(JAKARTA).date()
    return start


def due(
    start: dt.date | dt.datetime,
    rule_key: str,
    *,
    holidays: frozenset[dt.date] | None = None,
) -> Due:
    """The deadline of a rule counted from `start` (a date, or an aware moment taken in WIB)."""
    rule = rules().get(rule_key)
    if rule is None:
        raise KeyError(f"Unknown deadline rule {rule_key!r}.")
    day = _start_date(start)
    amount = rule.amount_in_force()
    if rule.unit is Unit.WORKING_DAYS:
        holiday_set = shipped_holidays() if holidays is None else holidays
        last = workdays.add_working_days(day, amount, holiday_set, calendar_config().weekend)
    else:
        last = day + dt.timedelta(days=amount)
    return Due(
        rule_key=rule_key,
        start=day,
        due_date=last,
        due_at=dt.datetime.combine(last, END_OF_DAY),
        amount=amount,
        unit=rule.unit,
        legal_basis=rule.legal_basis.display,
        explanation=_explain(rule, amount, last, "id"),
        unverified=rule.unverified,
    )


def is_late(
    start: dt.date | dt.datetime,
    rule_key: str,
    now: dt.datetime,
    *,
    holidays: frozenset[dt.date] | None = None,
) -> bool:
    """Whether the deadline has passed at `now` (an aware moment)."""
    return _aware(now) > due(start, rule_key, holidays=holidays).due_at


def remaining(
    start: dt.date | dt.datetime,
    rule_key: str,
    now: dt.datetime,
    *,
    holidays: frozenset[dt.date] | None = None,
) -> Remaining:
    """Time and days left before the deadline, in the rule's own unit."""
    result = due(start, rule_key, holidays=holidays)
    today = _aware(now).astimezone(JAKARTA).date()
    if result.unit is Unit.WORKING_DAYS:
        holiday_set = shipped_holidays() if holidays is None else holidays
        days = workdays.working_days_between(
            today, result.due_date, holiday_set, calendar_config().weekend
        )
    else:
        days = (result.due_date - today).days
    left = result.due_at - _aware(now)
    return Remaining(due=result, time_left=left, days_left=days, is_late=left < dt.timedelta(0))


def report_window_open(
    discovered_on: dt.date,
    election_kind: str,
    today: dt.date | dt.datetime,
    *,
    holidays: frozenset[dt.date] | None = None,
) -> tuple[bool, Due]:
    """Whether a report of a violation discovered that day may still be filed today."""
    if election_kind not in ("pilkada", "pemilu"):
        raise ValueError("election_kind must be pilkada or pemilu")
    result = due(discovered_on, f"{election_kind}.report", holidays=holidays)
    return _start_date(today) <= result.due_date, result


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("now must be an aware datetime.")
    return moment


def format_day(day: dt.date, lang: str = "id") -> str:
    days, months = _names("en" if lang.startswith("en") else "id")
    return f"{days[day.weekday()]}, {day.day} {months[day.month - 1]} {day.year}"


@cache
def _names(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    texts = _data()["texts"][lang]
    return tuple(texts["days"]), tuple(texts["months"])


@cache
def _template(rule_key: str, amount: int, lang: str) -> tuple[str, str]:
    """The explanation around the due day, worked out once per rule, amount and language."""
    rule = rules()[rule_key]
    texts = _data()["texts"][lang]
    marker = "\x00"
    whole = str(texts["explanation"]).format(
        amount=amount,
        unit=_data()["units"][rule.unit.value][lang],
        start=rule.start_event.get(lang),
        basis=rule.legal_basis.display,
        day=marker,
    )
    before, after = whole.split(marker)
    return before, after


def _explain(rule: DeadlineRule, amount: int, last: dt.date, lang: str) -> str:
    lang = "en" if lang.startswith("en") else "id"
    before, after = _template(rule.key, amount, lang)
    return before + format_day(last, lang) + after
