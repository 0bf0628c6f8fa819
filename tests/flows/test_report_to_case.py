"""Across apps: an accepted public report becomes a case, and the reporter sees its progress."""

import datetime as dt

import pytest

from netral.cases.models import Case
from netral.reports import services as report_services
from netral.reports.tests import factories

NOW = dt.datetime(2024, 10, 3, 9, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_accepting_a_report_opens_its_case_once(regions, bawaslu_bantul_officer):
    submission = factories.submit(NOW)
    report_services.accept_report(report=submission.report, by=bawaslu_bantul_officer, now=NOW)
    case = Case.objects.get(source_ref=submission.report.code)
    assert case.owner.name == "Bawaslu Kabupaten Bantul"
    assert case.events.count() >= 1


@pytest.mark.django_db
def test_the_receipt_page_shows_the_case_progress(client, regions, bawaslu_bantul_officer):
    submission = factories.submit(NOW)
    client.post("/lapor/cek/", {"receipt": submission.receipt})
    assert "Perkembangan penanganan" not in client.get("/lapor/status/").text
    report_services.accept_report(report=submission.report, by=bawaslu_bantul_officer, now=NOW)
    page = client.get("/lapor/status/").text
    assert "Perkembangan penanganan" in page
    assert bawaslu_bantul_officer.full_name not in page
