"""Insights tests reuse the case fixtures (a Bantul agency, election and case walkers), and
share a few cases at known moments."""

import datetime as dt

import pytest

from netral.cases.tests.conftest import (  # noqa: F401 - fixtures
    DECIDE_DS06,
    NOW,
    TO_EXAMINATION,
    at_bkn,
    at_ppk,
    bantul_gov,
    decree_storage,
    disdik_bantul,
    now,
    open_case,
    pilkada_bantul,
    servant,
    walk,
)


@pytest.fixture
def three_cases(at_ppk, open_case, bawaslu_bantul_officer):  # noqa: F811
    """The at_ppk case (recommended), one at BKN verification and one just received."""
    second = open_case(title="Kedua")
    walk(second, bawaslu_bantul_officer, *TO_EXAMINATION, DECIDE_DS06)
    open_case(title="Ketiga")


@pytest.fixture
def october_and_november(three_cases, open_case):  # noqa: F811
    """The three cases of 7 October, one on 31 October at 23:30 WIB and one on 1 November at
    00:00 WIB (the edges of the month in the site's zone)."""
    wib = NOW.tzinfo
    open_case(title="Akhir Oktober", at=dt.datetime(2024, 10, 31, 23, 30, tzinfo=wib))
    open_case(title="Awal November", at=dt.datetime(2024, 11, 1, 0, 0, tzinfo=wib))
