"""The few things reports needs from registry and rules, each behind one small function.

Every other module of this app calls these and nothing else of those apps, so that a change of
their interface is a change here only.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from netral.registry import families, identifiers, lookups
from netral.registry import forms as registry_forms
from netral.registry import selectors as registry_selectors
from netral.registry.models import Agency, Election, Region
from netral.rules import deadlines, zones
from netral.rules import selectors as rules_selectors

REGION_FIELD = "region"


@dataclass(frozen=True)
class Window:
    """Whether a formal report may still be filed, until when, and on what legal basis."""

    open: bool
    last_day: dt.date
    days: int
    working_days: bool
    legal_basis: str
    verified: bool


def check_on_clock(day: dt.date) -> None:
    """A date field's validator: the legal clock's calendar holds the day (rules)."""
    deadlines.check_on_clock(day)


def received_on(moment: dt.datetime, region_code: str | None) -> dt.date:
    """The day a report received at `moment` was received, in the zone of its region."""
    return zones.local_date(moment, region_code)


def report_window(
    *, discovered_on: dt.date, election_kind: str, now: dt.datetime, region_code: str | None
) -> Window:
    """The 7-day rule of the rules app's legal clock (Pilkada calendar days, Pemilu working),
    counted to the day `now` falls on in the zone of the report's region."""
    # An unknown kind of election gets the Pemilu window, the longer one: a reporter is never
    # turned away by a guess (docs/elections.md).
    family = families.family_of(election_kind) or families.Family.PEMILU
    rule = deadlines.rules()[f"{family}.report"]
    # The holiday table is read only when the rule counts working days.
    holidays = rules_selectors.holiday_dates() if rule.unit is deadlines.Unit.WORKING_DAYS else None
    is_open, due = deadlines.report_window_open(
        discovered_on, family, now, holidays=holidays, zone=zones.zone_for_region(region_code)
    )
    return Window(
        open=is_open,
        last_day=due.due_date,
        days=due.amount,
        working_days=due.unit is deadlines.Unit.WORKING_DAYS,
        legal_basis=due.legal_basis,
        verified=not due.unverified,
    )


def validate_nik(value: str) -> str:
    """A reporter's NIK as 16 digits, or ValidationError saying which digits are wrong."""
    return identifiers.validate_nik(value)


def validate_nip(value: str) -> str:
    """A reported civil servant's NIP (PNS) or NI PPPK as 18 digits, or ValidationError."""
    if identifiers.guess_kind(value) == "pppk":
        return identifiers.validate_ni_pppk(value)
    return identifiers.validate_nip(value)


def region_by_code(code: str) -> Region | None:
    """The region with this code, from the process's registry cache (registry/lookups.py)."""
    return lookups.region_by_code(code)


def region_field(**kwargs: Any) -> Any:
    """The registry's region cascade (province → village), down to a regency at least."""
    return registry_forms.RegionCascadeField(min_level=2, max_level=4, **kwargs)


def region_refine_requested(data: Any) -> bool:
    """The no-JavaScript "show the next level" button of the cascade was pressed."""
    return registry_forms.refine_requested(data, REGION_FIELD)


def election_options(region_code: str | None) -> list[tuple[str, str]]:
    """(code, name) of the elections a report in this region may concern: national ones and
    those of its regions, newest first."""
    codes = tuple(registry_selectors.ancestor_codes(region_code)) if region_code else ()
    return lookups.election_options(codes)


def election_by_code(code: str) -> Election | None:
    return lookups.election_by_code(code)


def agency_for(*, name: str, code: str = "") -> Agency | None:
    """The registry agency named by code, or the one agency whose name is exactly this text."""
    if code:
        return lookups.agency_by_code(code)
    return lookups.agency_by_exact_name(name)
