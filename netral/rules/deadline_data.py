"""Parsing and validation of the deadline rules and the shipped holiday list.

Each problem names its file, rule or day, and field, as the catalogue loader does.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from netral.registry import families
from netral.rules import loader
from netral.rules.catalogue import Text
from netral.rules.deadlines import DATA_DIR, DeadlineRule, Unit

HOLIDAY_KINDS = ("national", "cuti_bersama", "special")


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
    problems = loader._Problems()
    found: dict[str, DeadlineRule] = {}
    for index, raw in enumerate(data.get("rules") or []):
        key = str(raw.get("key") or "")
        where = f"deadlines.yaml: rule {key or index}"
        if not key or key in found:
            problems.add(where + ": key", "a rule needs a unique key")
        amount = raw.get("amount")
        if not isinstance(amount, int) or amount < 1:
            problems.add(where + ": amount", "must be a whole number of days, at least 1")
            amount = 1
        try:
            unit = Unit(raw.get("unit"))
        except ValueError:
            problems.add(where + ": unit", "must be calendar_days or working_days")
            unit = Unit.CALENDAR_DAYS
        conf = loader.confidence(raw.get("confidence"), where + ": confidence", problems)
        note = loader.text(raw.get("note"), where + ": note", problems, required=False)
        if conf != "V" and note is None:
            problems.add(where + ": note", "an unverified (P/R) rule must say why in a note")
        found[key] = DeadlineRule(
            key=key,
            amount=amount,
            unit=unit,
            label=loader.text(raw.get("label"), where + ": label", problems) or Text("", ""),
            start_event=loader.text(raw.get("start"), where + ": start", problems) or Text("", ""),
            legal_basis=loader.legal_basis(
                raw.get("legal_basis"), where + ": legal_basis", problems
            ),
            confidence=conf,
            note=note,
            family=_family(raw.get("family"), where + ": family", problems),
            setting=raw.get("setting"),
        )
    problems.raise_if_any()
    return found


def _family(value: Any, where: str, problems: loader._Problems) -> str | None:
    if value is None or families.is_family(value):
        return value  # type: ignore[no-any-return]
    problems.add(where, "must be one of " + ", ".join(families.FAMILIES) + " or left out")
    return None


def parse_steps(data: dict[str, Any], rules: dict[str, DeadlineRule]) -> dict[str, dict[str, str]]:
    """The workflow's generic keys: each names, per family or for "any", a known rule."""
    problems = loader._Problems()
    found: dict[str, dict[str, str]] = {}
    for key, variants in (data.get("steps") or {}).items():
        where = f"deadlines.yaml: steps: {key}"
        if key in rules:
            problems.add(where, "a step key must not also be a rule key")
        if not isinstance(variants, dict) or not variants:
            problems.add(where, "map pilkada, pemilu or any to a rule key")
            continue
        for family, rule_key in variants.items():
            if family != "any" and not families.is_family(family):
                problems.add(f"{where}: {family}", "must be pilkada, pemilu or any")
            if rule_key not in rules:
                problems.add(f"{where}: {family}", f"names no rule ({rule_key})")
            elif family != "any" and rules[rule_key].family not in (None, family):
                problems.add(f"{where}: {family}", f"{rule_key} is a rule of another family")
        found[str(key)] = {str(f): str(r) for f, r in variants.items()}
    problems.raise_if_any()
    return found


@cache
def shipped_holiday_days() -> tuple[HolidayDay, ...]:
    """Every holiday of data/holidays.yaml, checked: a real date of its year, a known kind."""
    problems = loader._Problems()
    data = loader.read_yaml(DATA_DIR / "holidays.yaml") or {}
    days: list[HolidayDay] = []
    seen: set[dt.date] = set()
    for year in data.get("years") or []:
        source = str(year.get("source") or "")
        if not source:
            problems.add(f"holidays.yaml: {year.get('year')}: source", "cite the SKB")
        for raw in year.get("days") or []:
            where = f"holidays.yaml: {raw.get('date')}"
            day = raw.get("date")
            if not isinstance(day, dt.date) or day.year != year.get("year"):
                problems.add(where + ": date", f"must be a date in {year.get('year')}")
                continue
            if day in seen:
                problems.add(where + ": date", "appears twice")
            seen.add(day)
            if raw.get("kind") not in HOLIDAY_KINDS:
                problems.add(where + ": kind", f"must be one of {', '.join(HOLIDAY_KINDS)}")
            conf = loader.confidence(raw.get("confidence"), where + ": confidence", problems)
            days.append(
                HolidayDay(
                    date=day,
                    kind=str(raw.get("kind")),
                    name=str(raw.get("name") or ""),
                    confidence=conf,
                    source=source,
                    note=str(raw.get("note") or ""),
                )
            )
    problems.raise_if_any()
    return tuple(sorted(days, key=lambda d: d.date))
