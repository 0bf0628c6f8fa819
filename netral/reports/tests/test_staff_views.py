"""The Bawaslu intake queue and triage pages."""

import re

import pytest
from django.urls import reverse

from netral.reports.models import Report, ReportEvent
from netral.reports.tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("bawaslu_bantul_officer", 200),
        ("bawaslu_sleman_officer", 200),
        ("bawaslu_diy_supervisor", 200),
        ("bkn_officer", 403),
        ("ppk_officer", 403),
        ("admin", 403),
    ],
    indirect=["actor"],
)
def test_only_bawaslu_has_an_intake_queue(client_for, actor, status, regions):
    assert client_for(actor).get(reverse("reports:queue")).status_code == status


def test_the_queue_asks_anonymous_users_to_log_in(client):
    assert client.get(reverse("reports:queue")).status_code == 302


def test_the_queue_lists_only_the_jurisdiction(client_for, bantul_tip, bawaslu_sleman_officer):
    code = bantul_tip.report.display_code
    assert (
        code
        not in client_for(bawaslu_sleman_officer).get(reverse("reports:queue")).content.decode()
    )


def test_the_queue_filters(client_for, bantul_tip, bawaslu_bantul_officer, now):
    factories.submit(now=now, track=Report.Track.FORMAL, identity=factories.identity())
    client = client_for(bawaslu_bantul_officer)
    page = client.get(reverse("reports:queue"), {"track": "tip"}).content.decode()
    assert bantul_tip.report.display_code in page
    assert re.findall(r'href="/lapor/staf/(\w{12})/"', page) == [bantul_tip.report.code]
    partial = client.get(reverse("reports:queue"), {"status": "accepted"}, HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert text.lstrip().startswith('<div id="results">')
    assert bantul_tip.report.display_code not in text


def test_a_reversed_period_is_said_on_the_filter_form(
    client_for, bantul_tip, bawaslu_bantul_officer
):
    client = client_for(bawaslu_bantul_officer)
    reversed_period = {"date_from": "2026-12-01", "date_to": "2020-01-01"}
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):  # the page, and the swapped results
        response = client.get(reverse("reports:queue"), reversed_period, **headers)
        body = response.content.decode()
        assert "Periode berakhir sebelum dimulai." in body
        assert 'href="#id_date_to"' in body and "data-error-summary" in body
        assert bantul_tip.report.display_code in body, "the list is shown unfiltered"
    page = client.get(reverse("reports:queue"), reversed_period).content.decode()
    assert 'id="id_date_to_error"' in page
    same_day = {"date_from": "2024-10-04", "date_to": "2024-10-04"}
    same_day_page = client.get(reverse("reports:queue"), same_day).content.decode()
    assert "data-error-summary" not in same_day_page


@pytest.mark.parametrize(
    ("actor", "status"),
    [("bawaslu_bantul_officer", 200), ("bawaslu_sleman_officer", 404), ("bkn_officer", 404)],
    indirect=["actor"],
)
def test_the_detail_follows_the_policy(client_for, actor, status, bantul_tip):
    url = reverse("reports:staff_detail", args=[bantul_tip.report.code])
    assert client_for(actor).get(url).status_code == status


def test_asking_the_reporter_without_htmx_redirects(client_for, bantul_tip, bawaslu_bantul_officer):
    url = reverse("reports:request_information", args=[bantul_tip.report.code])
    response = client_for(bawaslu_bantul_officer).post(url, {"message": "Jam berapa?"})
    assert response.status_code == 303
    bantul_tip.report.refresh_from_db()
    assert bantul_tip.report.status == Report.Status.INFO_REQUESTED


def test_asking_the_reporter_with_htmx_returns_the_panel(
    client_for, bantul_tip, bawaslu_bantul_officer
):
    url = reverse("reports:request_information", args=[bantul_tip.report.code])
    response = client_for(bawaslu_bantul_officer).post(
        url, {"message": "Jam berapa?"}, HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert text.lstrip().startswith('<div id="panel"')
    assert "Jam berapa?" in text


def test_an_empty_question_is_refused(client_for, bantul_tip, bawaslu_bantul_officer):
    url = reverse("reports:request_information", args=[bantul_tip.report.code])
    response = client_for(bawaslu_bantul_officer).post(url, {"message": ""})
    assert response.status_code == 422
    assert "ask_message_error" in response.content.decode()


@pytest.mark.parametrize(
    ("actor", "status"),
    [("bawaslu_sleman_officer", 404), ("bkn_officer", 404), ("citizen", 302)],
    indirect=["actor"],
)
def test_triage_is_refused_outside_the_jurisdiction(client_for, actor, status, bantul_tip):
    for name in ("accept", "reject", "request_information", "mark_duplicate"):
        url = reverse(f"reports:{name}", args=[bantul_tip.report.code])
        assert client_for(actor).post(url, {"reason": "x", "message": "x"}).status_code == status
    bantul_tip.report.refresh_from_db()
    assert bantul_tip.report.status == Report.Status.RECEIVED


def test_accept_reject_and_duplicate(client_for, regions, now, bawaslu_bantul_officer):
    first, second, third = (factories.submit(now=now).report for _ in range(3))
    client = client_for(bawaslu_bantul_officer)
    client.post(reverse("reports:accept", args=[first.code]))
    client.post(reverse("reports:reject", args=[second.code]), {"reason": "Bukan ASN."})
    client.post(
        reverse("reports:mark_duplicate", args=[third.code]), {"original": first.display_code}
    )
    statuses = dict(Report.objects.values_list("code", "status"))
    assert statuses == {first.code: "accepted", second.code: "rejected", third.code: "duplicate"}


def test_an_accepted_report_links_to_the_case_it_opened(
    client_for, bantul_tip, bawaslu_bantul_officer
):
    client = client_for(bawaslu_bantul_officer)
    url = reverse("reports:staff_detail", args=[bantul_tip.report.code])
    assert "/kasus/KS-" not in client.get(url).content.decode()
    client.post(reverse("reports:accept", args=[bantul_tip.report.code]))
    bantul_tip.report.refresh_from_db()
    case_code = bantul_tip.report.case_code  # kept on the report, not read back from the event
    assert case_code == bantul_tip.report.events.get(type=ReportEvent.Type.ACCEPTED).payload["case"]
    assert reverse("cases:detail", args=[case_code]) in client.get(url).content.decode()


def test_reading_the_identity_is_recorded(client_for, regions, now, bawaslu_bantul_officer):
    report = factories.submit(
        now=now, track=Report.Track.FORMAL, identity=factories.identity()
    ).report
    client = client_for(bawaslu_bantul_officer)
    detail = client.get(reverse("reports:staff_detail", args=[report.code])).content.decode()
    assert "3402124107900001" not in detail
    shown = client.post(reverse("reports:read_identity", args=[report.code])).content.decode()
    assert "3402124107900001" in shown
    assert report.events.filter(type=ReportEvent.Type.IDENTITY_READ).count() == 1


def test_a_viewer_cannot_read_the_identity(client_for, regions, now, bawaslu_sleman_officer):
    report = factories.submit(
        now=now, track=Report.Track.FORMAL, identity=factories.identity()
    ).report
    url = reverse("reports:read_identity", args=[report.code])
    assert client_for(bawaslu_sleman_officer).post(url).status_code == 404
    assert not report.events.filter(type=ReportEvent.Type.IDENTITY_READ).exists()


def test_evidence_downloads_are_recorded_and_previews_served(
    client_for, regions, now, jpeg, bawaslu_bantul_officer
):
    report = factories.submit(now=now, files=[jpeg]).report
    item = report.evidence.get()
    client = client_for(bawaslu_bantul_officer)
    preview = client.get(reverse("reports:preview", args=[report.code, item.uuid]))
    assert preview["Content-Type"] == "image/jpeg"
    download = client.post(reverse("reports:download", args=[report.code, item.uuid]))
    assert b"".join(download.streaming_content) == jpeg
    assert download["Content-Type"] == "application/octet-stream"
    event = report.events.get(type=ReportEvent.Type.EVIDENCE_DOWNLOADED)
    assert event.payload["sha256"] == item.sha256


def test_downloads_are_refused_outside_the_jurisdiction(
    client_for, regions, now, jpeg, bawaslu_sleman_officer
):
    report = factories.submit(now=now, files=[jpeg]).report
    item = report.evidence.get()
    url = reverse("reports:download", args=[report.code, item.uuid])
    assert client_for(bawaslu_sleman_officer).post(url).status_code == 404


def test_duplicate_hints_are_shown_to_staff(client_for, regions, now, bawaslu_bantul_officer):
    first = factories.submit(now=now).report
    second = factories.submit_checked(now=now).report
    page = client_for(bawaslu_bantul_officer).get(
        reverse("reports:staff_detail", args=[second.code])
    )
    assert first.display_code in page.content.decode()


def test_staff_are_told_while_the_duplicate_search_has_not_run(
    client_for, regions, now, bawaslu_bantul_officer
):
    first = factories.submit(now=now).report
    second = factories.submit(now=now).report
    client = client_for(bawaslu_bantul_officer)
    url = reverse("reports:staff_detail", args=[second.code])
    waiting = "Pencarian laporan yang mirip belum berjalan"
    before = client.get(url).content.decode()
    assert waiting in before and first.display_code not in before
    factories.run_duplicate_checks()
    after = client.get(url).content.decode()
    assert waiting not in after and first.display_code in after


def test_a_duplicate_hint_names_no_report_of_another_jurisdiction(
    client_for, regions, now, bawaslu_sleman_officer, bawaslu_bantul_officer
):
    bantul = factories.submit(now=now).report
    sleman = factories.submit_checked(now=now, region=regions["sleman"]).report
    url = reverse("reports:staff_detail", args=[sleman.code])
    sleman_page = client_for(bawaslu_sleman_officer).get(url).content.decode()
    hint = sleman.events.get(type="duplicate_suspected")
    assert hint.payload["others"][0]["code"] == bantul.code  # recorded, but not for Sleman's eyes
    assert bantul.display_code not in sleman_page and bantul.code not in sleman_page
    # Bawaslu Bantul sees the hint on its own report, naming nothing outside Bantul either.
    url = reverse("reports:staff_detail", args=[bantul.code])
    assert sleman.code not in client_for(bawaslu_bantul_officer).get(url).content.decode()


def test_staff_read_the_sealed_witnesses(client_for, regions, now, bawaslu_bantul_officer):
    report = factories.submit(now=now, witnesses="Ani Lestari, 0812 1111 2222").report
    page = client_for(bawaslu_bantul_officer).get(
        reverse("reports:staff_detail", args=[report.code])
    )
    assert "Ani Lestari, 0812 1111 2222" in page.content.decode()


def _form_posting_to(page: str, action: str) -> str:
    """The HTML of the page's form that posts to `action`."""
    match = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', page, re.S)
    assert match, action
    return match.group(0)


def test_the_panel_forms_have_their_own_ids(client_for, bantul_tip, bawaslu_bantul_officer):
    """The reject and the forward form both have a `reason`: each label, and each error
    summary link, leads to the box of its own form."""
    report, client = bantul_tip.report, client_for(bawaslu_bantul_officer)
    page = client.get(reverse("reports:staff_detail", args=[report.code])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    reject_url = reverse("reports:reject", args=[report.code])
    response = client.post(reject_url, {"reason": " "})
    assert response.status_code == 422
    page = response.content.decode()
    reject_form = _form_posting_to(page, reject_url)
    links = re.findall(r'<a href="#([^"]+)">', reject_form)
    assert links == ["reject_reason"]
    assert '<label for="reject_reason">' in reject_form
    assert 'id="reject_reason"' in reject_form and 'name="reason"' in reject_form
    forward_form = _form_posting_to(page, reverse("reports:forward", args=[report.code]))
    assert 'id="forward_reason"' in forward_form and 'name="reason"' in forward_form
