"""A case opened from a public report is titled by who, where and which report (issue 14)."""

import datetime as dt

import pytest

from netral.cases import adapters
from netral.reports.tests import factories

pytestmark = pytest.mark.django_db


def test_a_case_from_a_report_is_titled_by_person_agency_and_number(regions):
    report = factories.submit(dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC)).report
    title = adapters.summarise_report(report).title
    assert title == f"Budi Santoso · Dinas Pendidikan Kabupaten Bantul · {report.display_code}"
    bare = factories.submit(dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC), subject_agency="")
    assert (
        adapters.summarise_report(bare.report).title == f"Budi Santoso · {bare.report.display_code}"
    )
