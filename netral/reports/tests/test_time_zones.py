"""A report is dated in the zone of its region: WIB, WITA or WIT decide the day the law counts.

24 November 2026, 16:30 UTC is 23:30 WIB on the 24th, 00:30 WITA and 01:30 WIT on the 25th.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from netral.registry.models import Region
from netral.reports import adapters
from netral.reports.models import Report
from netral.reports.tests import factories
from netral.rules import zones

UTC = dt.UTC
BEFORE_WIB_MIDNIGHT = dt.datetime(2026, 11, 24, 16, 30, tzinfo=UTC)  # 23:30 WIB, 00:30 WITA
BEFORE_WITA_MIDNIGHT = dt.datetime(2026, 11, 24, 15, 30, tzinfo=UTC)  # 23:30 WITA, 00:30 WIT
BEFORE_WIT_MIDNIGHT = dt.datetime(2026, 11, 24, 14, 30, tzinfo=UTC)  # 23:30 WIT
NOV_24, NOV_25 = dt.date(2026, 11, 24), dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("moment", "region", "day"),
    [
        (BEFORE_WIB_MIDNIGHT, "34.02", NOV_24),  # Bantul, WIB: 23:30
        (BEFORE_WIB_MIDNIGHT, "51.71", NOV_25),  # Denpasar, WITA: 00:30
        (BEFORE_WIB_MIDNIGHT, "91.71", NOV_25),  # Jayapura, WIT: 01:30
        (BEFORE_WIB_MIDNIGHT, "", NOV_24),  # no region: Jakarta
        (BEFORE_WITA_MIDNIGHT, "51.71", NOV_24),  # 23:30 WITA
        (BEFORE_WITA_MIDNIGHT, "91.71", NOV_25),  # 00:30 WIT
        (BEFORE_WIT_MIDNIGHT, "91.71", NOV_24),  # 23:30 WIT
        (BEFORE_WIT_MIDNIGHT + dt.timedelta(hours=1), "91.71", NOV_25),  # 00:30 WIT
    ],
)
def test_a_report_is_received_on_the_day_of_its_region(moment, region, day):
    assert adapters.received_on(moment, region) == day
    assert Report(submitted_at=moment, regency_code=region).received_on == day


@pytest.mark.parametrize(
    ("region", "open_"),
    [("34.02", True), ("51.71", False), ("91.71", False)],
)
def test_the_formal_window_closes_at_midnight_of_the_regions_zone(region, open_):
    """Pilkada: 7 days from 17 November, the last day is 24 November wherever the report is."""
    window = adapters.report_window(
        discovered_on=dt.date(2026, 11, 17),
        election_kind="bupati",
        now=BEFORE_WIB_MIDNIGHT,
        region_code=region,
    )
    assert window.last_day == NOV_24
    assert window.open is open_


def _bali(db) -> Region:
    province, _ = Region.objects.get_or_create(
        code="51", defaults={"name": "Bali", "level": 1, "search_name": "BALI"}
    )
    regency, _ = Region.objects.get_or_create(
        code="51.71",
        defaults={
            "name": "Kota Denpasar",
            "level": 2,
            "parent": province,
            "search_name": "DENPASAR",
        },
    )
    return regency


def test_a_formal_report_sent_at_0030_wita_on_the_day_after_the_window_is_late(regions, db):
    late = factories.report_input(
        track=Report.Track.FORMAL,
        identity=factories.identity(),
        region=_bali(db),
        incident_date=dt.date(2026, 11, 17),
        discovered_on=dt.date(2026, 11, 17),
    )
    with pytest.raises(ValidationError) as refused:
        factories.services.submit_report(
            data=late, evidence=[], channel=Report.Channel.WEB, now=BEFORE_WIB_MIDNIGHT
        )
    assert "discovered_on" in refused.value.message_dict


def test_the_same_moment_in_wib_is_still_on_time_and_dated_the_24th(regions):
    submission = factories.submit(
        now=BEFORE_WIB_MIDNIGHT,
        track=Report.Track.FORMAL,
        identity=factories.identity(),
        incident_date=dt.date(2026, 11, 17),
        discovered_on=dt.date(2026, 11, 17),
    )
    report = submission.report
    assert report.window_last_day == NOV_24
    assert report.received_on == NOV_24


def test_an_unknown_province_is_a_clear_error_not_a_wrong_day():
    with pytest.raises(zones.UnknownRegion, match="99.01"):
        adapters.received_on(BEFORE_WIB_MIDNIGHT, "99.01")
