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


def _formal_report(email: str):
    from netral.reports.models import Report

    return factories.submit(
        NOW, track=Report.Track.FORMAL, identity=factories.identity(email=email)
    ).report


def _opened_case(report, officer):
    report_services.accept_report(report=report, by=officer, now=NOW)
    return Case.objects.get(source_ref=report.code)


@pytest.mark.django_db
def test_a_stage_the_reporter_sees_enqueues_their_progress_email(
    regions, bawaslu_bantul_officer, django_capture_on_commit_callbacks
):
    from django.tasks import default_task_backend

    from netral.cases import services as case_services

    case = _opened_case(_formal_report("siti@example.id"), bawaslu_bantul_officer)
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_services.transition(
            case=case, action="start_review", by=bawaslu_bantul_officer, now=NOW
        )
    enqueued = [
        r.args for r in default_task_backend.results if r.task.name == "email_reporter_progress"
    ]
    assert enqueued == [[case.code]]


@pytest.mark.django_db
def test_the_reporter_is_emailed_each_stage_once_without_names(
    regions, bawaslu_bantul_officer, mailoutbox
):
    from netral.cases import services as case_services
    from netral.reports.models import ReportEvent

    report = _formal_report("siti@example.id")
    case = _opened_case(report, bawaslu_bantul_officer)
    case_services.transition(case=case, action="start_review", by=bawaslu_bantul_officer, now=NOW)
    assert case_services.email_reporter_progress(case_code=case.code, now=NOW)
    assert not case_services.email_reporter_progress(case_code=case.code, now=NOW)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["siti@example.id"]
    assert message.subject == f"[Netral] Laporan Anda {report.code}: Sedang dikaji"
    assert "kini berada pada tahap: Sedang dikaji." in message.body
    assert "/lapor/cek/" in message.body
    for secret in (bawaslu_bantul_officer.full_name, "Bawaslu", "Budi Santoso"):
        assert secret not in message.body
    sent = report.events.get(type=ReportEvent.Type.REPORTER_EMAILED)
    assert "siti@example.id" not in str(sent.payload)


@pytest.mark.django_db
def test_a_reporter_without_an_email_address_gets_no_message(
    regions, bawaslu_bantul_officer, mailoutbox
):
    from netral.cases import services as case_services

    tip = _opened_case(factories.submit(NOW).report, bawaslu_bantul_officer)
    formal = _opened_case(_formal_report(""), bawaslu_bantul_officer)
    case_services.transition(case=formal, action="start_review", by=bawaslu_bantul_officer, now=NOW)
    for case in (tip, formal):
        assert not case_services.email_reporter_progress(case_code=case.code, now=NOW)
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_workplace_not_in_the_registry_is_kept_as_reported(
    regions, bawaslu_bantul_officer, client
):
    submission = factories.submit(NOW, subject_agency="SMP Negeri 9 Sewon")
    case = _opened_case(submission.report, bawaslu_bantul_officer)
    assert case.agency is None and case.agency_name == "SMP Negeri 9 Sewon"
    client.force_login(bawaslu_bantul_officer)
    page = client.get(f"/kasus/{case.code}/").text
    assert "SMP Negeri 9 Sewon" in page
