"""Pages: the queue, a finding, actions (HTMX and plain), bundles, imports, accounts."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.monitoring.models import Finding, FindingEvent, ImportRun
from netral.monitoring.tests.conftest import SAMPLE

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _finding(external_id="fb-1001"):
    return Finding.objects.get(item__external_id=external_id)


def test_queue_lists_findings_by_score_with_filters(imported, client_for, bawaslu_bantul_officer):
    client = client_for(bawaslu_bantul_officer)
    response = client.get(reverse("monitoring:queue"))
    assert response.status_code == 200
    scores = [f.score for f in response.context["page_obj"]]
    assert scores == sorted(scores, reverse=True) and scores
    only_two = client.get(reverse("monitoring:queue"), {"candidate": 2, "status": "open"})
    assert {f.candidate for f in only_two.context["page_obj"]} == {2}
    tiktok = client.get(reverse("monitoring:queue"), {"platform": "tiktok"}, **HTMX)
    assert "<html" not in tiktok.content.decode()
    assert {f.item.platform for f in tiktok.context["page_obj"]} == {"tiktok"}


def test_a_reversed_score_range_is_said_on_the_filter_form(
    imported, client_for, bawaslu_bantul_officer
):
    client = client_for(bawaslu_bantul_officer)
    reversed_range = {"min_score": "0.9", "max_score": "0.1"}
    for headers in ({}, HTMX):  # the page, and the results htmx swaps in
        response = client.get(reverse("monitoring:queue"), reversed_range, **headers)
        body = response.content.decode()
        assert "“Skor sampai” lebih rendah dari “Skor dari”." in body
        assert 'href="#id_max_score"' in body and "data-error-summary" in body
        assert list(response.context["page_obj"]), "the list falls back to the open findings"
    page = client.get(reverse("monitoring:queue"), reversed_range).content.decode()
    assert 'id="id_max_score_error"' in page
    equal = client.get(reverse("monitoring:queue"), {"min_score": "0", "max_score": "0"})
    assert "data-error-summary" not in equal.content.decode()


def test_queue_is_404_for_people_outside_monitoring(imported, client_for, bkn_officer, ppk_officer):
    for user in (bkn_officer, ppk_officer):
        assert client_for(user).get(reverse("monitoring:queue")).status_code == 404


def test_finding_page_marks_the_evidence_and_escapes_the_rest(
    bantul_election, client_for, bawaslu_bantul_officer
):
    from netral.monitoring.tests.conftest import import_lines

    line = (
        '{"id": "h", "kind": "post", "author": "@x", "platform": "facebook", '
        '"text": "<script>alert(1)</script> Ayo coblos nomor 1! #BantulHarum", '
        '"posted_at": "2024-10-05T08:15:00+07:00"}\n'
    )
    import_lines(bantul_election, line)
    finding = _finding("h")
    body = (
        client_for(bawaslu_bantul_officer)
        .get(reverse("monitoring:finding", args=[finding.public_id]))
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    assert "<mark>#BantulHarum</mark>" in body


def test_dismiss_needs_a_reason_and_keeps_the_finding(imported, client_for, bawaslu_bantul_officer):
    finding = _finding()
    url = reverse("monitoring:finding_action", args=[finding.public_id, "dismiss"])
    response = client_for(bawaslu_bantul_officer).post(url, {"reason": " "}, **HTMX)
    assert response.status_code == 400
    finding.refresh_from_db()
    assert finding.status == Finding.Status.NEW


def test_dismiss_with_htmx_returns_the_review_fragment(
    imported, client_for, bawaslu_bantul_officer
):
    finding = _finding()
    url = reverse("monitoring:finding_action", args=[finding.public_id, "dismiss"])
    response = client_for(bawaslu_bantul_officer).post(url, {"reason": "Foto lama"}, **HTMX)
    assert response.status_code == 200
    assert 'id="review"' in response.content.decode()
    assert "<html" not in response.content.decode()
    finding.refresh_from_db()
    assert finding.status == Finding.Status.DISMISSED
    # The finding's history quotes the reason (the event's headline).
    assert "— “Foto lama”" in response.content.decode()


def test_promote_without_js_redirects_to_the_finding(imported, client_for, bawaslu_bantul_officer):
    finding = _finding()
    url = reverse("monitoring:finding_action", args=[finding.public_id, "promote"])
    response = client_for(bawaslu_bantul_officer).post(url)
    assert response.status_code == 303
    assert response.url == reverse("monitoring:finding", args=[finding.public_id])
    finding.refresh_from_db()
    assert finding.case_code.startswith("KS-")


def test_ombudsman_sees_but_cannot_act(imported, client_for, ombudsman_viewer):
    finding = _finding()
    client = client_for(ombudsman_viewer)
    page = client.get(reverse("monitoring:finding", args=[finding.public_id]))
    assert page.status_code == 200
    assert not page.context["can_act"]
    url = reverse("monitoring:finding_action", args=[finding.public_id, "promote"])
    assert client.post(url).status_code == 403


def test_bundle_download_is_a_zip_and_an_event(imported, client_for, bawaslu_bantul_officer):
    finding = _finding()
    response = client_for(bawaslu_bantul_officer).get(
        reverse("monitoring:bundle", args=[finding.public_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "MANIFEST.sha256" in names and "capture.warc.gz" in names
    assert finding.events.filter(type=FindingEvent.Type.BUNDLE_DOWNLOADED).count() == 1


def test_upload_of_a_small_file_is_imported_at_once(
    bantul_election, client_for, bawaslu_bantul_officer
):
    client = client_for(bawaslu_bantul_officer)
    upload = SimpleUploadedFile("bantul.jsonl", SAMPLE.read_bytes())
    response = client.post(
        reverse("monitoring:import"), {"election": bantul_election.code, "file": upload}
    )
    assert response.status_code == 303
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE
    assert run.imported == 20
    page = client.get(response.url)
    assert "poke" in page.content.decode()


def test_upload_of_a_large_file_is_queued(
    bantul_election,
    client_for,
    bawaslu_bantul_officer,
    settings,
    django_capture_on_commit_callbacks,
):
    from django.tasks import default_task_backend

    settings.NETRAL_MONITORING_INLINE_BYTES = 10
    default_task_backend.clear()
    client = client_for(bawaslu_bantul_officer)
    upload = SimpleUploadedFile("bantul.jsonl", SAMPLE.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("monitoring:import"), {"election": bantul_election.code, "file": upload}
        )
    assert response.status_code == 303
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.QUEUED
    [queued] = default_task_backend.results
    assert queued.args == [str(run.public_id)]
    progress = client.get(reverse("monitoring:run", args=[run.public_id]), **HTMX)
    assert 'hx-trigger="every 2s"' in progress.content.decode()


def test_upload_rejects_a_wrong_file_with_a_message(
    bantul_election, client_for, bawaslu_bantul_officer
):
    upload = SimpleUploadedFile("foto.png", b"\x89PNG")
    response = client_for(bawaslu_bantul_officer).post(
        reverse("monitoring:import"), {"election": bantul_election.code, "file": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportRun.objects.exists()


def test_upload_refused_for_an_election_outside_the_jurisdiction(
    bantul_election, client_for, bawaslu_sleman_officer
):
    upload = SimpleUploadedFile("bantul.jsonl", SAMPLE.read_bytes())
    response = client_for(bawaslu_sleman_officer).post(
        reverse("monitoring:import"), {"election": bantul_election.code, "file": upload}
    )
    assert response.status_code == 200
    assert "election" in response.context["form"].errors
    assert not ImportRun.objects.exists()


def test_accounts_page_lists_candidate_and_author_accounts(
    imported, client_for, bawaslu_bantul_officer
):
    from netral.monitoring import services

    services.sync_candidate_accounts(election=imported.election, now=imported.created_at)
    body = client_for(bawaslu_bantul_officer).get(reverse("monitoring:accounts")).content.decode()
    assert "@harum.bantul" in body
    assert "@sri.handayani.guru" in body


def test_queue_pages_keep_the_filters(imported, client_for, bawaslu_bantul_officer, monkeypatch):
    from netral.monitoring import views

    monkeypatch.setattr(views, "PER_PAGE", 1)
    filters = {"status": "open", "platform": "facebook"}
    response = client_for(bawaslu_bantul_officer).get(reverse("monitoring:queue"), filters)
    page_obj = response.context["page_obj"]
    assert page_obj.has_next(), "the sample needs two open facebook findings"
    body = response.content.decode()
    assert "?status=open&amp;platform=facebook&amp;page=2" in body
