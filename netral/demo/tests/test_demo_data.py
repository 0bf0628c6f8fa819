import datetime as dt

import pytest

from netral.demo import services
from netral.registry import identifiers
from netral.registry.models import Agency, CivilServant, Election
from netral.reports.models import Report

NOW = dt.datetime(2024, 10, 1, 9, 0, tzinfo=dt.UTC)


def test_generated_rows_are_repeatable_and_have_valid_numbers():
    first = services.civil_servant_rows(seed=7, count=300)
    assert first == services.civil_servant_rows(seed=7, count=300)
    assert first != services.civil_servant_rows(seed=8, count=300)
    assert len({row["nip"] for row in first}) == 300
    for row in first:
        if row["kind"] == "pns":
            assert identifiers.validate_nip(row["nip"]) == row["nip"]
        else:
            assert identifiers.validate_ni_pppk(row["nip"]) == row["nip"]


def test_demo_data_refuses_without_regions(db):
    with pytest.raises(services.DemoDataError, match="load-regions"):
        services.build_demo_data(civil_servants=10, now=NOW)


@pytest.mark.django_db
def test_demo_data_builds_and_rerunning_changes_nothing():
    from netral.registry import services as registry_services

    rows = [r for r in registry_services.read_region_file() if r.code.startswith("34")]
    registry_services.load_regions(rows=rows)
    summary = services.build_demo_data(civil_servants=200, now=NOW)
    assert summary.agencies == Agency.objects.count() == 60
    assert CivilServant.objects.count() == 200
    assert Election.objects.count() == 3
    assert Report.objects.count() == summary.reports == 6
    assert {login[0] for login in summary.logins} >= {
        "bawaslu.bantul",
        "bkn",
        "ppk.bantul",
        "admin",
    }
    _assert_partial_attendance()
    services.build_demo_data(civil_servants=200, now=NOW)
    assert CivilServant.objects.count() == 200
    assert Election.objects.count() == 3
    assert Report.objects.count() == 6


def _assert_partial_attendance():
    """One sosialisasi, attended by some staff, by check-in and by list, unevenly by unit."""
    from netral.prevention import selectors
    from netral.prevention.models import Attendance, Briefing

    briefing = Briefing.objects.get()
    methods = set(Attendance.objects.values_list("method", flat=True))
    assert Attendance.Method.CHECK_IN in methods
    units = selectors.briefing_units(briefing)
    present, staff = sum(u["present"] for u in units), sum(u["staff"] for u in units)
    assert 0 < present < staff
    assert len({u["percent"] for u in units}) > 1
