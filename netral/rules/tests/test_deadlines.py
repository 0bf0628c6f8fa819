"""The legal clock: working-day arithmetic (property-based) and the deadline rules."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netral.rules import deadlines, doctables, workdays

WIB = deadlines.JAKARTA
HOLIDAYS = deadlines.shipped_holidays()
days = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 12, 31))
counts = st.integers(min_value=0, max_value=40)
holiday_sets = st.frozensets(days, max_size=40)


@given(start=days, n=st.integers(min_value=1, max_value=40), holidays=holiday_sets)
def test_a_working_day_deadline_never_falls_on_a_weekend_or_holiday(start, n, holidays):
    last = workdays.add_working_days(start, n, holidays)
    assert last.weekday() < 5 and last not in holidays
    assert last > start


@given(start=days, n=counts, m=counts, holidays=holiday_sets)
def test_adding_n_then_m_working_days_equals_adding_n_plus_m(start, n, m, holidays):
    step = workdays.add_working_days(workdays.add_working_days(start, n, holidays), m, holidays)
    assert step == workdays.add_working_days(start, n + m, holidays)


@given(a=days, b=days, n=counts, holidays=holiday_sets)
def test_working_day_deadlines_are_monotonic_in_the_start(a, b, n, holidays):
    early, late = sorted((a, b))
    assert workdays.add_working_days(early, n, holidays) <= workdays.add_working_days(
        late, n, holidays
    )


@given(start=days, n=counts, holidays=holiday_sets)
def test_counting_back_the_working_days_gives_n(start, n, holidays):
    last = workdays.add_working_days(start, n, holidays)
    assert workdays.working_days_between(start, last, holidays) == n


@settings(max_examples=50)
@given(start=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1989, 12, 1)), n=counts)
def test_dates_outside_the_index_are_walked_the_same_way(start, n):
    walked = workdays._walk(start, n, frozenset(), workdays.WEEKEND)
    assert workdays.add_working_days(start, n) == walked


def test_working_days_skip_idul_fitri_2024_and_its_cuti_bersama():
    # Friday 5 April 2024: 8–15 April are cuti bersama or Idul Fitri, so day 1 is 16 April.
    result = deadlines.due(dt.date(2024, 4, 5), "pemilu.report")
    assert result.due_date == dt.date(2024, 4, 24)
    assert result.explanation.startswith("7 hari kerja sejak diketahuinya pelanggaran")


def test_calendar_days_are_not_moved_off_a_holiday():
    # Pilkada decision 3 days from 14 Aug 2024 ends on Saturday 17 August (a holiday).
    result = deadlines.due(dt.date(2024, 8, 14), "pilkada.decision")
    assert result.due_date == dt.date(2024, 8, 17)
    assert result.unit is deadlines.Unit.CALENDAR_DAYS


def test_due_is_the_end_of_the_day_in_jakarta_with_its_basis():
    result = deadlines.due(dt.date(2024, 9, 24), "pilkada.decision")
    assert result.due_at == dt.datetime(2024, 9, 27, 23, 59, 59, 999999, tzinfo=WIB)
    assert result.explanation == (
        "3 hari sejak laporan diterima — UU 10/2016 Pasal 134 ayat (5); "
        "batas akhir Jumat, 27 September 2024 pukul 23.59 WIB."
    )
    assert "due by the end of Friday, 27 September 2024" in result.explanation_in("en")


def test_an_aware_start_moment_is_taken_in_jakarta():
    late_utc = dt.datetime(2024, 9, 23, 20, 0, tzinfo=dt.UTC)  # already 24 Sept in Jakarta
    assert deadlines.due(late_utc, "pilkada.decision").start == dt.date(2024, 9, 24)
    with pytest.raises(ValueError, match="aware"):
        deadlines.due(dt.datetime(2024, 9, 23, 20, 0), "pilkada.decision")  # noqa: DTZ001


def test_every_rule_computes_and_unknown_rules_are_refused():
    for key, rule in deadlines.rules().items():
        result = deadlines.due(dt.date(2024, 10, 1), key)
        assert result.due_date > dt.date(2024, 10, 1)
        assert rule.legal_basis.display in result.explanation
    with pytest.raises(KeyError):
        deadlines.due(dt.date(2024, 10, 1), "nope")


def test_the_holiday_set_is_an_argument():
    start = dt.date(2024, 4, 5)
    assert deadlines.due(start, "pemilu.report", holidays=frozenset()).due_date == dt.date(
        2024, 4, 16
    )


def test_is_late_and_remaining():
    start = dt.date(2024, 9, 24)
    on_time = dt.datetime(2024, 9, 27, 23, 59, tzinfo=WIB)
    assert not deadlines.is_late(start, "pilkada.decision", on_time)
    assert deadlines.is_late(start, "pilkada.decision", on_time + dt.timedelta(minutes=1))
    left = deadlines.remaining(start, "pilkada.decision", dt.datetime(2024, 9, 25, 9, tzinfo=WIB))
    assert left.days_left == 2 and not left.is_late
    left = deadlines.remaining(start, "ppk.followup", dt.datetime(2024, 10, 1, 9, tzinfo=WIB))
    assert left.days_left == 9  # working days from 1 Oct to 14 Oct 2024


def test_ppk_followup_is_configurable_and_unverified(settings):
    assert deadlines.due(dt.date(2024, 9, 24), "ppk.followup").due_date == dt.date(2024, 10, 14)
    settings.NETRAL_PPK_FOLLOWUP_WORKING_DAYS = 10
    result = deadlines.due(dt.date(2024, 9, 24), "ppk.followup")
    assert result.amount == 10 and result.due_date == dt.date(2024, 10, 8)
    assert result.unverified


@pytest.mark.parametrize(
    ("kind", "today", "open_"),
    [
        ("pilkada", dt.date(2024, 10, 8), True),
        ("pilkada", dt.date(2024, 10, 9), False),
        ("pemilu", dt.date(2024, 10, 10), True),
        ("pemilu", dt.date(2024, 10, 11), False),
    ],
)
def test_report_window(kind, today, open_):
    is_open, result = deadlines.report_window_open(dt.date(2024, 10, 1), kind, today)
    assert is_open is open_
    assert result.rule_key == f"{kind}.report"


def test_report_window_refuses_an_unknown_election_kind():
    with pytest.raises(ValueError, match="election_kind"):
        deadlines.report_window_open(dt.date(2024, 10, 1), "pilpres", dt.date(2024, 10, 2))


def test_shipped_holidays_cite_their_decree_and_cover_four_years():
    from netral.rules import deadline_data

    shipped = deadline_data.shipped_holiday_days()
    assert {day.date.year for day in shipped} == {2024, 2025, 2026, 2027}
    assert all(day.source.startswith("SKB") for day in shipped)
    assert dt.date(2024, 4, 10) in HOLIDAYS and dt.date(2026, 3, 20) in HOLIDAYS


def test_the_deadline_doc_matches_the_code():
    doc = Path(__file__).resolve().parents[3] / "docs" / "deadlines.md"
    assert doctables.check(doc.read_text(encoding="utf-8")) == [], (
        "docs/deadlines.md is out of date: run python -m netral.rules.doctables"
    )
