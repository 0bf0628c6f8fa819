"""The shipped holiday table, cross-checked against python-holidays (country ID).

Two lists kept by different people rarely make the same typing error: a date mistyped in
data/holidays.yaml shows up here as a disagreement. Every day on which the two are allowed to
differ is listed in DISAGREEMENTS with its reason, and in docs/deadlines.md.
"""

import datetime as dt

import holidays as python_holidays
import pytest

from netral.rules import deadline_data

SHIPPED = deadline_data.shipped_holiday_days()
YEARS = sorted({day.date.year for day in SHIPPED})

# date → why the shipped table and python-holidays may differ on it (none today).
DISAGREEMENTS: dict[dt.date, str] = {}


def _library(year: int, category: str) -> set[dt.date]:
    return set(python_holidays.country_holidays("ID", years=year, categories=(category,)))


def test_the_2027_holidays_are_shipped_and_marked_unverified():
    days_2027 = [day for day in SHIPPED if day.date.year == 2027]
    assert dt.date(2027, 1, 1) in {day.date for day in days_2027}
    assert {day.confidence for day in days_2027} == {"P"}
    assert all(day.source.startswith("SKB") and "2027" in day.source for day in days_2027)


@pytest.mark.parametrize("year", YEARS)
def test_the_national_holidays_agree_with_python_holidays(year):
    shipped = {d.date for d in SHIPPED if d.date.year == year and d.kind != "cuti_bersama"}
    assert (shipped ^ _library(year, "public")) - DISAGREEMENTS.keys() == set()


@pytest.mark.parametrize("year", YEARS)
def test_the_collective_leave_days_agree_with_python_holidays(year):
    shipped = {d.date for d in SHIPPED if d.date.year == year and d.kind == "cuti_bersama"}
    assert (shipped ^ _library(year, "government")) - DISAGREEMENTS.keys() == set()


def test_a_mistyped_date_would_be_caught():
    shipped = {d.date for d in SHIPPED if d.date.year == 2027 and d.kind != "cuti_bersama"}
    mistyped = (shipped - {dt.date(2027, 8, 17)}) | {dt.date(2027, 8, 18)}
    assert mistyped ^ _library(2027, "public") == {dt.date(2027, 8, 17), dt.date(2027, 8, 18)}
