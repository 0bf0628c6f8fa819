"""The legal clock: deadline rules as data (data/deadlines.yaml) and their computation.

How a deadline is counted (docs/deadlines.md):
- day 1 is the day after the start; the start day itself is never counted;
- calendar days (hari) count every day and are not moved off weekends or holidays;
- working days (hari kerja) skip Saturdays, Sundays and the holidays given;
- the start is dated, and the deadline ends (23:59:59.999999), in the zone of the case's province
  (`zones.zone_for_region`), WIB where no region is known;
- a working-day window that reaches a year whose holidays are not loaded is still computed, and
  flagged: `Due.missing_years`, "kalender libur 2027 belum dimuat".

Every function takes the holiday set as an argument; `None` means the holidays shipped with the
code (data/holidays.yaml). Views and services pass the administrators' table instead
(`netral.rules.selectors.holiday_dates()`).
"""

import datetime as dt
import enum
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from netral.registry import families
from netral.rules import workdays, zones
from netral.rules.catalogue import LegalBasis, Text

DATA_DIR = Path(__file__).parent / "data"
FIRST_YEAR, LAST_YEAR = 1990, 2100  # the span of the working-day index (workdays.py)


class Unit(enum.StrEnum):
    """Calendar days and working days are never mixed: every rule names its unit."""

    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"


class DeadlineInputError(ValueError):
    """Input the legal clock refuses, with a message a person can act on (translated)."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message, self.params = message, params
        super().__init__(message % params if params else message)

    def __str__(self) -> str:
        from django.utils.translation import gettext as _

        return _(self.message) % self.params if self.params else _(self.message)


def _messages() -> None:  # pragma: no cover - only marks the messages for makemessages
    from django.utils.translation import gettext_noop as _

    _("Unknown deadline rule %(rule)s.")
    _("The deadline rule %(rule)s depends on the election family: give pilkada or pemilu.")
    _("Unknown election family %(family)s: give pilkada or pemilu.")
    _("A start moment must be an aware datetime (with its time zone).")
    _("A start in %(year)s lies outside the legal clock's calendar (1990–2100).")
    _("now must be an aware datetime (with its time zone).")


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
    family: str | None = None
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


class Due(NamedTuple):
    """A computed deadline: the last day, the moment it ends in its zone, and why.

    `missing_years` names the years of a working-day window whose holidays were not loaded: the
    date is computed without them and must be checked (it is then never `verified`). A named tuple
    rather than a frozen dataclass: as immutable, and built several times faster (bench/rules).
    """

    rule_key: str
    start: dt.date
    due_date: dt.date
    due_at: dt.datetime  # aware, end of due_date in the zone
    amount: int
    unit: Unit
    legal_basis: str
    rule_unverified: bool
    zone: zones.Zone
    missing_years: tuple[int, ...] = ()

    @property
    def unverified(self) -> bool:
        return self.rule_unverified or bool(self.missing_years)

    @property
    def calendar_missing(self) -> bool:
        return bool(self.missing_years)

    @property
    def explanation(self) -> str:
        """In Indonesian, with the missing-calendar flag: stored on steps and letters."""
        return self.explanation_in("id")

    def explanation_in(self, lang: str) -> str:
        text = _explain(rules()[self.rule_key], self.amount, self.due_date, self.zone, lang)
        warning = self.calendar_warning_in(lang)
        return f"{text} {warning}" if warning else text

    def calendar_warning_in(self, lang: str) -> str:
        """ "Kalender libur 2027 belum dimuat: …", or empty when every year was loaded."""
        if not self.missing_years:
            return ""
        years = ", ".join(str(year) for year in self.missing_years)
        return str(_texts(_lang(lang))["calendar_missing"]).format(years=years)

    @property
    def due_at_label(self) -> str:
        """The end of the due day with its zone label, e.g. "23.59 WITA"."""
        return f"23.59 {self.zone.label}"


@dataclass(frozen=True)
class Remaining:
    due: Due
    time_left: dt.timedelta  # negative once late
    days_left: int  # in the rule's own unit, from today's date in the zone; negative once late
    is_late: bool


@dataclass(frozen=True)
class CalendarConfig:
    weekend: tuple[int, ...]
    cuti_bersama_is_holiday: bool
    confidence: str
    note: Text


JAKARTA = ZoneInfo("Asia/Jakarta")  # the default zone's tzinfo (WIB)


@cache
def _data() -> dict[str, Any]:
    from netral.rules import loader

    return dict(loader.read_yaml(DATA_DIR / "deadlines.yaml"))


@cache
def rules() -> dict[str, DeadlineRule]:
    """Every deadline rule by key, validated once."""
    from netral.rules import deadline_data

    return deadline_data.parse_rules(_data())


def basis_in(stored: str, lang: str | None) -> str:
    """A legal basis stored as a rule's Indonesian citation, in `lang` (as stored otherwise)."""
    found = _bases().get(stored)
    return found.get(lang) if found is not None else stored


@cache
def _bases() -> dict[str, LegalBasis]:
    return {rule.legal_basis.display: rule.legal_basis for rule in rules().values()}


@cache
def steps() -> dict[str, dict[str, str]]:
    """The workflow's generic keys → {family or "any": rule key}, validated once."""
    from netral.rules import deadline_data

    return deadline_data.parse_steps(_data(), rules())


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


def resolve(key: str, family: str | None = None) -> str:
    """The rule key for a rule key or a workflow key (`bawaslu.examination`) in a family."""
    if key in rules():
        return key
    variants = steps().get(key)
    if variants is None:
        raise DeadlineInputError("Unknown deadline rule %(rule)s.", rule=key)
    if family is not None and not families.is_family(family):
        raise DeadlineInputError(
            "Unknown election family %(family)s: give pilkada or pemilu.", family=family
        )
    found = variants.get(family or "") or variants.get("any")
    if found is None:
        raise DeadlineInputError(
            "The deadline rule %(rule)s depends on the election family: give pilkada or pemilu.",
            rule=key,
        )
    return found


def year_is_loaded(year: int, holidays: frozenset[dt.date]) -> bool:
    """A year's holidays are loaded when its list is: every list has New Year's Day."""
    return dt.date(year, 1, 1) in holidays


def _window_loaded(start: dt.date, last: dt.date, holidays: frozenset[dt.date]) -> bool:
    """The fast check for the usual window of a few weeks (at most two years)."""
    return (
        last.year - start.year <= 1
        and year_is_loaded(start.year, holidays)
        and year_is_loaded(last.year, holidays)
    )


def missing_years(start: dt.date, last: dt.date, holidays: frozenset[dt.date]) -> tuple[int, ...]:
    """The years of the counting window (start, last] whose holidays are not loaded."""
    first = start.year if (start.month, start.day) != (12, 31) else start.year + 1
    return tuple(y for y in range(first, last.year + 1) if not year_is_loaded(y, holidays))


def check_on_clock(day: dt.date) -> None:
    """A form's validator for a date that may start a deadline (an incident, the day a
    reporter learned of it, a case's receipt, a decree): the legal clock's calendar must hold
    it, or the person is told so at the field instead of the clock failing later."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            _("Give a date from 1 January %(first)s to 31 December %(last)s."),
            code="off_clock",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def start_date(start: dt.date | dt.datetime, zone: zones.Zone | None = None) -> dt.date:
    """The day a start falls on in its zone (a date is taken as it is)."""
    if isinstance(start, dt.datetime):
        if start.tzinfo is None:
            raise DeadlineInputError(
                "A start moment must be an aware datetime (with its time zone)."
            )
        day = start.astimezone((zone or zones.default_zone()).tzinfo).date()
    else:
        day = start
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DeadlineInputError(
            "A start in %(year)s lies outside the legal clock's calendar (1990–2100).",
            year=day.year,
        )
    return day


def due(
    start: dt.date | dt.datetime,
    rule_key: str,
    *,
    holidays: frozenset[dt.date] | None = None,
    family: str | None = None,
    zone: zones.Zone | None = None,
) -> Due:
    """The deadline of a rule (or workflow key, with its family) counted from `start`.

    `start` is a date, or an aware moment dated in `zone` (WIB when None); the deadline ends at
    23:59:59.999999 of the last day in that zone.
    """
    rule = rules().get(rule_key) or rules()[resolve(rule_key, family)]
    zone = zone or zones.default_zone()
    day = start_date(start, zone)
    amount = rule.amount if rule.setting is None else rule.amount_in_force()
    missing: tuple[int, ...] = ()
    if rule.unit is Unit.WORKING_DAYS:
        holiday_set = shipped_holidays() if holidays is None else holidays
        last = workdays.add_working_days(day, amount, holiday_set, calendar_config().weekend)
        if not _window_loaded(day, last, holiday_set):
            missing = missing_years(day, last, holiday_set)
    else:
        last = day + dt.timedelta(days=amount)
    return Due(
        rule.key,
        day,
        last,
        dt.datetime.combine(last, zone.end_of_day),
        amount,
        rule.unit,
        rule.legal_basis.display,
        rule.confidence != "V",
        zone,
        missing,
    )


def is_late(
    start: dt.date | dt.datetime,
    rule_key: str,
    now: dt.datetime,
    *,
    holidays: frozenset[dt.date] | None = None,
    zone: zones.Zone | None = None,
) -> bool:
    """Whether the deadline has passed at `now` (an aware moment)."""
    return _aware(now) > due(start, rule_key, holidays=holidays, zone=zone).due_at


def remaining(
    start: dt.date | dt.datetime,
    rule_key: str,
    now: dt.datetime,
    *,
    holidays: frozenset[dt.date] | None = None,
    zone: zones.Zone | None = None,
) -> Remaining:
    """Time and days left before the deadline, in the rule's own unit."""
    result = due(start, rule_key, holidays=holidays, zone=zone)
    today = _aware(now).astimezone(result.zone.tzinfo).date()
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
    family: str,
    today: dt.date | dt.datetime,
    *,
    holidays: frozenset[dt.date] | None = None,
    zone: zones.Zone | None = None,
) -> tuple[bool, Due]:
    """Whether a report of a violation discovered that day may still be filed today."""
    if not families.is_family(family):
        raise DeadlineInputError(
            "Unknown election family %(family)s: give pilkada or pemilu.", family=family
        )
    result = due(discovered_on, f"{family}.report", holidays=holidays, zone=zone)
    return start_date(today, result.zone) <= result.due_date, result


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise DeadlineInputError("now must be an aware datetime (with its time zone).")
    return moment


def _lang(lang: str | None) -> str:
    return "en" if (lang or "").startswith("en") else "id"


def format_day(day: dt.date, lang: str = "id") -> str:
    days, months = _names(_lang(lang))
    return f"{days[day.weekday()]}, {day.day} {months[day.month - 1]} {day.year}"


@cache
def _texts(lang: str) -> dict[str, Any]:
    return dict(_data()["texts"][lang])


@cache
def _names(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    texts = _texts(lang)
    return tuple(texts["days"]), tuple(texts["months"])


@cache
def _template(rule_key: str, amount: int, zone_label: str, lang: str) -> tuple[str, str]:
    """The explanation around the due day, worked out once per rule, amount, zone and language."""
    rule = rules()[rule_key]
    marker = "\x00"
    whole = str(_texts(lang)["explanation"]).format(
        amount=amount,
        unit=_data()["units"][rule.unit.value][lang],
        start=rule.start_event.get(lang),
        basis=rule.legal_basis.get(lang),
        day=marker,
        zone=zone_label,
    )
    before, after = whole.split(marker)
    return before, after


def _explain(rule: DeadlineRule, amount: int, last: dt.date, zone: zones.Zone, lang: str) -> str:
    lang = _lang(lang)
    before, after = _template(rule.key, amount, zone.label, lang)
    return before + format_day(last, lang) + after
