"""BKN and every later body sees the evidence on the case page: previews, originals (each
download on the case's timeline), and the reporter's file names only with their consent."""

import datetime as dt

import pytest
from django.urls import reverse

from netral.cases import services
from netral.cases.models import CaseEvent
from netral.cases.tests.conftest import DECIDE_DS06, NOW, TO_EXAMINATION, walk
from netral.reports import services as report_services
from netral.reports.models import Report
from netral.reports.tests import factories as report_factories


@pytest.fixture
def case_with_evidence(regions, pilkada_bantul, disdik_bantul, bawaslu_bantul_officer, bkn_officer):
    submission = report_factories.submit(
        NOW - dt.timedelta(hours=3),
        files=[report_factories.jpeg_bytes()],
        track=Report.Track.FORMAL,
        identity=report_factories.identity(),
        election=pilkada_bantul,
    )
    report = report_services.accept_report(
        report=submission.report, by=bawaslu_bantul_officer, now=NOW
    )
    case = services.open_case_from_report(report=report, by=bawaslu_bantul_officer, now=NOW)
    case = walk(case, bawaslu_bantul_officer, *TO_EXAMINATION, DECIDE_DS06)
    return case, report.evidence.get()


def test_bkn_sees_previews_and_downloads_originals_on_the_record(
    client, case_with_evidence, bkn_officer
):
    case, item = case_with_evidence
    client.force_login(bkn_officer)
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    preview_url = reverse("cases:evidence_preview", args=[case.code, item.uuid])
    assert preview_url in page
    assert item.original_name not in page  # the reporter did not agree to share identity
    assert "Bukti 1" in page or "Evidence 1" in page
    preview = client.get(preview_url)
    assert preview.status_code == 200 and preview["Content-Type"] == "image/jpeg"
    download_url = reverse("cases:evidence_download", args=[case.code, item.uuid])
    assert client.get(download_url).status_code == 405  # a download is a recorded POST
    response = client.post(download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    event = case.events.get(type=CaseEvent.Type.EVIDENCE_DOWNLOADED)
    assert event.payload == {"evidence": str(item.uuid), "sha256": item.sha256}


@pytest.mark.parametrize(
    "who, expected", [("bawaslu_sleman_officer", 404), ("ppk_officer", 404), (None, 302)]
)
def test_who_may_not_download_the_evidence(client, request, case_with_evidence, who, expected):
    case, item = case_with_evidence
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("cases:evidence_download", args=[case.code, item.uuid]))
    assert response.status_code == expected
    assert not case.events.filter(type=CaseEvent.Type.EVIDENCE_DOWNLOADED).exists()


def test_bawaslu_keeps_the_reports_own_evidence_views(
    client, case_with_evidence, bawaslu_bantul_officer
):
    case, item = case_with_evidence
    client.force_login(bawaslu_bantul_officer)
    response = client.post(reverse("cases:evidence_download", args=[case.code, item.uuid]))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "state, shown",
    [("pending", "Sedang diperiksa"), ("damaged", "Rusak"), ("checked", None)],
)
def test_bkn_sees_whether_an_image_is_still_being_checked_or_damaged(
    client, case_with_evidence, bkn_officer, state, shown
):
    case, item = case_with_evidence
    type(item).objects.filter(pk=item.pk).update(processing=state)
    client.force_login(bkn_officer)
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    for label in ("Sedang diperiksa", "Rusak"):
        assert (label in page) == (label == shown)


def test_an_unknown_evidence_file_is_not_found_and_nothing_is_recorded(
    client, case_with_evidence, bkn_officer
):
    case, _item = case_with_evidence
    client.force_login(bkn_officer)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert (
        client.get(reverse("cases:evidence_preview", args=[case.code, unknown])).status_code == 404
    )
    assert (
        client.post(reverse("cases:evidence_download", args=[case.code, unknown])).status_code
        == 404
    )
    assert not case.events.filter(type=CaseEvent.Type.EVIDENCE_DOWNLOADED).exists()
