"""Every figure against a hand count of rows made through the real services."""

import datetime as dt

import pytest

from netral.accounts.access import actor_of
from netral.cases.tests.conftest import DECIDE_DS06, NOW, TO_EXAMINATION, walk
from netral.insights import figures
from netral.insights.figures import Scope
from netral.reports import services as report_services
from netral.reports.tests import factories as report_factories

pytestmark = pytest.mark.django_db


def _reports(officer, now):
    """Three Bantul reports: a tip accepted, a tip rejected, a formal report still open."""
    first = report_factories.submit(now=now).report
    second = report_factories.submit(now=now, category="banner", links=()).report
    third = report_factories.submit(
        now=now + dt.timedelta(days=8),
        track="formal",
        identity=report_factories.identity(),
        discovered_on=dt.date(2024, 10, 14),
        incident_date=dt.date(2024, 10, 14),
        links=(),
    ).report
    report_services.accept_report(report=first, by=officer, now=now)
    report_services.reject_report(report=second, by=officer, reason="Tidak cukup bukti.", now=now)
    return first, second, third


def test_intake_counts_outcomes_channels_categories_and_weeks(bawaslu_bantul_officer, regions):
    _reports(bawaslu_bantul_officer, NOW)
    got = figures.intake(Scope(actor=actor_of(bawaslu_bantul_officer)))
    assert (got.total, got.accepted, got.rejected, got.duplicate, got.open) == (3, 1, 1, 0, 1)
    assert (got.tips, got.tips_made_formal) == (2, 0)
    assert {row["key"]: row["count"] for row in got.by_track} == {"tip": 2, "formal": 1}
    assert {row["key"]: row["count"] for row in got.by_category} == {
        "social_media_support": 2,
        "banner": 1,
    }
    assert [row["count"] for row in got.by_week] == [2, 1]
    assert got.by_region == [{"key": "34", "label": "Daerah Istimewa Yogyakarta", "count": 3}]
    assert got.share(got.rejected) == pytest.approx(1 / 3)


def test_intake_follows_jurisdiction_and_filters(bawaslu_bantul_officer, bawaslu_sleman_officer):
    _reports(bawaslu_bantul_officer, NOW)
    assert figures.intake(Scope(actor=actor_of(bawaslu_sleman_officer))).total == 0
    assert figures.intake(Scope(region="34.04")).total == 0
    inside = figures.intake(Scope(region="34"))
    assert inside.total == 3
    assert [row["key"] for row in inside.by_region] == ["34.02"]  # regencies inside a province
    week_two = Scope(date_from=(NOW + dt.timedelta(days=7)).date())
    assert figures.intake(week_two).total == 1
    assert figures.intake(Scope(date_from=dt.date(2030, 1, 1))).total == 0


def test_cases_by_stage_codes_and_outcomes(
    at_ppk, open_case, bawaslu_bantul_officer, bkn_officer, bawaslu_sleman_officer
):
    second = open_case(title="Kedua")
    walk(second, bawaslu_bantul_officer, *TO_EXAMINATION, DECIDE_DS06)
    open_case(title="Ketiga")
    scope = Scope()
    stages = {row["key"]: row["count"] for row in figures.cases_by_stage(scope)}
    assert stages == {"received": 1, "bkn_verification": 1, "recommended": 1}
    codes = figures.violations_by_code(scope)
    assert [(r["code"], r["cases"], r["recommended"]) for r in codes] == [("DS-06", 2, 1)]
    outcomes = figures.recommendation_outcomes(scope)
    assert (outcomes.received, outcomes.pending, outcomes.followed, outcomes.rate) == (
        1,
        1,
        0,
        None,
    )
    assert len(outcomes.per_ppk) == 1
    # BKN sees the two cases it handled, the Sleman officer none.
    bkn = {r["key"]: r["count"] for r in figures.cases_by_stage(Scope(actor=actor_of(bkn_officer)))}
    assert bkn == {"bkn_verification": 1, "recommended": 1}
    assert figures.cases_by_stage(Scope(actor=actor_of(bawaslu_sleman_officer))) == []
    by_region = figures.cases_by_region(Scope())
    assert [(r["key"], r["count"], r["open"]) for r in by_region] == [("34", 3, 3)]
    assert figures.cases_by_stage(Scope(election="no-such-election")) == []


def test_stage_times_measure_from_receipt_and_count_missed(at_ppk):
    times = {row.kind: row for row in figures.stage_times(Scope())}
    assert {"received", "initial_review", "registered", "examination"} <= set(times)
    assert times["received"].count == 1 and times["received"].done == 1
    assert times["received"].reached_median == 0.0
    assert times["recommended"].took_median is None  # still open
    assert all(row.missed == 0 for row in times.values())
    assert figures.missed_by_organisation(Scope())[0]["missed"] == 0


def test_percentile_is_nearest_rank_in_days(at_ppk):
    from django.db.models import F

    from netral.cases.models import Step

    steps = Step.objects.filter(case=at_ppk)
    took = F("closed_at") - F("opened_at")
    # Every step of the fixture happened at the same moment: zero days.
    assert figures.percentile(steps.filter(status="done"), took, 0.9) == 0.0
    assert figures.percentile(steps.none(), took, 0.5) is None


def test_monitoring_empty_scope_counts_zero(regions):
    got = figures.monitoring(Scope())
    assert (got.total, got.reviewed, got.precision) == (0, 0, None)
