"""Pages: the queue and the case page, plain and HTMX, and the actions posted from them."""

import datetime as dt
import html
import io
import re

import pytest
import time_machine
from django.urls import reverse

from netral.cases import workflow
from netral.cases.models import CaseEvent, LetterCounter, Notification
from netral.cases.tests.conftest import NOW, REASON, TO_EXAMINATION, walk

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def clock():
    """Pages read the real clock: pin it to the fixtures' moment."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def bantul(client_for, bawaslu_bantul_officer):
    return client_for(bawaslu_bantul_officer)


def test_queue_requires_login(client):
    response = client.get(reverse("cases:queue"))
    assert response.status_code == 302 and "/akun/" in response["Location"]


def test_queue_lists_own_cases_soonest_deadline_first(bantul, open_case):
    case = open_case()
    response = bantul.get(reverse("cases:queue"))
    assert response.status_code == 200
    assert case.code in response.content.decode()
    assert b"<html" in response.content


def test_queue_htmx_returns_only_the_results(bantul, open_case):
    case = open_case()
    response = bantul.get(reverse("cases:queue"), {"q": case.code}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'id="results"' in body and case.code in body
    assert "HX-Request" in response["Vary"]


def test_ticking_a_case_does_not_reload_the_queue(bantul, open_case):
    """The filter form reloads the list on a change among its own fields; a `from:` selector
    would also catch the case checkboxes (and the bulk action's selects) further down the page,
    and the reload would drop the tick before the bulk action is applied."""
    case = open_case()
    body = bantul.get(reverse("cases:queue")).content.decode()
    assert "{#" not in body  # the template's comment stays out of the page
    filters = re.search(r'<form method="get"[^>]*hx-get="[^"]*"[^>]*>', body)
    assert filters is not None
    trigger = html.unescape(re.search(r'hx-trigger="([^"]*)"', filters.group(0)).group(1))
    assert "from:" not in trigger
    assert "change target:" in trigger
    bulk = body[body.index('action="' + reverse("cases:bulk") + '"') :]
    assert f'name="cases" value="{case.code}"' in bulk[: bulk.index("</form>")]


def test_queue_hides_other_regions(client_for, bawaslu_sleman_officer, open_case):
    case = open_case()
    body = client_for(bawaslu_sleman_officer).get(reverse("cases:queue")).content.decode()
    assert case.code not in body


def test_queue_filters_overdue(bantul, bawaslu_bantul_officer, open_case, clock):
    case = open_case()
    assert case.code not in bantul.get(reverse("cases:queue"), {"overdue": "on"}).content.decode()
    clock.move_to(case.due_at + dt.timedelta(days=1))
    bantul.force_login(bawaslu_bantul_officer)  # the session of two days ago has expired
    assert case.code in bantul.get(reverse("cases:queue"), {"overdue": "on"}).content.decode()


def test_case_page_shows_timeline_and_actions(bantul, open_case):
    case = open_case()
    body = bantul.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert 'id="timeline"' in body
    assert reverse("cases:transition", args=[case.code, "start_review"]) in body


def test_case_page_is_404_for_an_outsider_and_read_only_for_oversight(
    client_for, bawaslu_sleman_officer, bawaslu_diy_supervisor, open_case
):
    case = open_case()
    url = reverse("cases:detail", args=[case.code])
    assert client_for(bawaslu_sleman_officer).get(url).status_code == 404
    client_for(bawaslu_sleman_officer).logout()
    body = client_for(bawaslu_diy_supervisor).get(url).content.decode()
    assert case.code in body and "start_review" not in body


def test_transition_plain_post_redirects_and_moves_the_case(bantul, open_case):
    case = open_case()
    url = reverse("cases:transition", args=[case.code, "start_review"])
    assert bantul.get(url).status_code == 200
    response = bantul.post(url, {"version": case.version})
    assert response.status_code == 303
    case.refresh_from_db()
    assert case.state == workflow.State.INITIAL_REVIEW


def test_transition_htmx_post_asks_the_browser_to_reload_the_case(bantul, open_case):
    case = open_case()
    url = reverse("cases:transition", args=[case.code, "start_review"])
    response = bantul.post(url, {"version": case.version}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("cases:detail", args=[case.code])


def test_a_decision_without_reasoning_comes_back_with_the_error_and_nothing_changes(
    bantul, bawaslu_bantul_officer, open_case
):
    case = walk(open_case(), bawaslu_bantul_officer, *TO_EXAMINATION)
    url = reverse("cases:transition", args=[case.code, "decide_asn_violation"])
    response = bantul.post(url, {"version": case.version, "codes": ["DS-06"]}, **HTMX)
    assert response.status_code == 200
    assert "has-error" in response.content.decode()
    case.refresh_from_db()
    assert case.state == workflow.State.EXAMINATION


def test_a_stale_form_is_refused_with_a_clear_message(bantul, open_case):
    case = open_case()
    stale = case.version
    walk(case, case.owner.memberships.first().user, "start_review")
    url = reverse("cases:transition", args=[case.code, "not_register"])
    response = bantul.post(url, {"version": stale, "reasoning": REASON})
    assert response.status_code == 200
    assert "Reload" in response.content.decode() or "Muat ulang" in response.content.decode()


def test_transition_not_available_is_403(client_for, bawaslu_diy_supervisor, open_case):
    case = open_case()
    url = reverse("cases:transition", args=[case.code, "start_review"])
    assert client_for(bawaslu_diy_supervisor).get(url).status_code == 403


def test_bulk_assign_and_tag(bantul, bawaslu_bantul_officer, open_case):
    first, second = open_case(), open_case(title="Kasus kedua")
    response = bantul.post(
        reverse("cases:bulk"),
        {"cases": [first.code, second.code], "action": "tag", "tags": "medsos"},
    )
    assert response.status_code == 303
    first.refresh_from_db()
    assert first.tags == ["medsos"]
    bantul.post(
        reverse("cases:bulk"),
        {"cases": [first.code], "action": "assign", "officer": bawaslu_bantul_officer.username},
    )
    first.refresh_from_db()
    assert first.assignee == bawaslu_bantul_officer


def test_bulk_skips_cases_the_user_cannot_touch(client_for, bawaslu_sleman_officer, open_case):
    case = open_case()
    client = client_for(bawaslu_sleman_officer)
    client.post(reverse("cases:bulk"), {"cases": [case.code], "action": "tag", "tags": "x"})
    case.refresh_from_db()
    assert case.tags == []


def test_reading_the_identity_is_recorded(bantul, open_case):
    case = open_case()
    case.source_ref = "R-TEST"
    case.save()
    response = bantul.post(reverse("cases:identity", args=[case.code]), **HTMX)
    assert response.status_code == 200 and 'id="identity"' in response.content.decode()
    assert case.events.filter(type=CaseEvent.Type.IDENTITY_VIEWED).count() == 1


def test_a_letter_prints_and_its_download_is_recorded(client_for, bkn_officer, at_bkn):
    letter = at_bkn.documents.get(template_key="forwarding_letter_bkn")
    client = client_for(bkn_officer)
    response = client.get(reverse("cases:document", args=[at_bkn.code, letter.public_id]))
    assert response.status_code == 200
    assert "DS-06" in response.content.decode()
    assert at_bkn.events.filter(type=CaseEvent.Type.DOCUMENT_DOWNLOADED).count() == 1


def test_a_reader_that_does_not_own_the_case_prints_the_summary_unfiled(
    bantul, bkn_officer, at_bkn
):
    """Bawaslu Bantul handed the case to BKN and only reads it now: its summary is the page to
    print, with no letter number, and no letter of Bantul's is added to BKN's case."""
    letters_before = list(at_bkn.documents.values_list("pk", flat=True))
    events_before = at_bkn.events.count()
    numbers_before = list(LetterCounter.objects.values_list("organisation", "last"))
    response = bantul.post(reverse("cases:summary", args=[at_bkn.code]))
    body = response.content.decode()
    assert response.status_code == 200 and at_bkn.code in body
    assert "tidak disimpan di daftar surat kasus ini" in body
    assert "bukan surat kasus ini dan tidak bernomor" in body  # on the printed sheet itself
    assert list(at_bkn.documents.values_list("pk", flat=True)) == letters_before
    printed = at_bkn.events.order_by("-pk").first()
    assert at_bkn.events.count() == events_before + 1  # the print is on the timeline
    assert printed.type == CaseEvent.Type.DOCUMENT_DOWNLOADED
    assert printed.payload["format"] == "summary_unfiled"
    assert list(LetterCounter.objects.values_list("organisation", "last")) == numbers_before


def test_case_summary_never_names_the_reporter(bantul, open_case):
    case = open_case()
    response = bantul.post(reverse("cases:summary", args=[case.code]))
    assert response.status_code == 303
    summary = case.documents.get(template_key="case_summary")
    assert case.code in summary.html


def test_compliance_page_counts_per_ppk_and_links_to_the_cases(client_for, bkn_officer, at_ppk):
    client = client_for(bkn_officer)
    body = client.get(reverse("cases:compliance")).content.decode()
    assert "BKPSDM Kabupaten Bantul" in body
    link = re.search(r'href="([^"]*compliance=pending[^"]*)"', body)
    assert link is not None
    queue = client.get(html.unescape(link.group(1))).content.decode()
    assert at_ppk.code in queue


def test_compliance_page_filters_by_election_region_and_agency(client_for, bkn_officer, at_ppk):
    client = client_for(bkn_officer)
    url = reverse("cases:compliance")
    assert "BKPSDM Kabupaten Bantul" in client.get(url, {"region": "34.02"}).content.decode()
    assert "BKPSDM Kabupaten Bantul" not in client.get(url, {"region": "35"}).content.decode()
    assert "BKPSDM Kabupaten Bantul" not in client.get(url, {"agency": "NOPE"}).content.decode()
    assert "BKPSDM Kabupaten Bantul" not in client.get(url, {"election": "NOPE"}).content.decode()


def test_compliance_downloads_as_csv_and_xlsx(client_for, bkn_officer, at_ppk):
    from openpyxl import load_workbook

    client = client_for(bkn_officer)
    url = reverse("cases:compliance")
    streamed = client.get(url, {"format": "csv"})
    assert streamed["Content-Type"].startswith("text/csv") and streamed.streaming
    lines = b"".join(streamed.streaming_content).decode().splitlines()
    assert len(lines) == 2 and lines[1].startswith("BKPSDM Kabupaten Bantul,1,0,0,0,0,1")
    xlsx = client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("BKPSDM Kabupaten Bantul", 1)


def test_the_compliance_page_shows_only_what_the_user_sees(
    client_for, bawaslu_sleman_officer, at_ppk
):
    body = client_for(bawaslu_sleman_officer).get(reverse("cases:compliance")).content.decode()
    assert "BKPSDM Kabupaten Bantul" not in body


def test_notifications_page_and_mark_read(bantul, bawaslu_bantul_officer, open_case):
    open_case()
    assert bantul.get(reverse("cases:notifications")).status_code == 200
    bantul.post(reverse("cases:notifications"))
    assert not Notification.objects.filter(
        user=bawaslu_bantul_officer, read_at__isnull=True
    ).exists()


def test_bawaslu_opens_a_finding_and_the_ppk_cannot(bantul, client_for, ppk_officer, regions):
    response = bantul.post(
        reverse("cases:new"),
        {"title": "Temuan patroli siber", "civil_servant_name": "Sutrisno", "region": "34.02"},
    )
    assert response.status_code == 303
    bantul.logout()
    assert client_for(ppk_officer).get(reverse("cases:new")).status_code == 403


def test_tokens_page_is_for_supervisors(client_for, bawaslu_diy_supervisor, bkn_officer):
    assert client_for(bkn_officer).get(reverse("cases:tokens")).status_code == 403
    client_for(bkn_officer).logout()
    client = client_for(bawaslu_diy_supervisor)
    response = client.post(reverse("cases:tokens"), {"name": "SIGAPLAPOR", "days": 30})
    assert "ntr_" in response.content.decode()


def test_admin_edits_a_letter_template_and_a_broken_one_is_refused(client_for, admin):
    client = client_for(admin)
    url = reverse("cases:letter_template", args=["reminder_letter"])
    assert client.get(url).status_code == 200
    broken = client.post(url, {"title": "Pengingat", "body": "{% if %}"})
    assert broken.status_code == 200 and "has-error" in broken.content.decode()
    assert (
        client.post(url, {"title": "Pengingat", "body": "<p>{{ case.code }}</p>"}).status_code
        == 303
    )


def test_officers_cannot_edit_templates(bantul):
    assert bantul.get(reverse("cases:letter_templates")).status_code == 403


def test_unknown_case_is_404(bantul):
    assert bantul.get(reverse("cases:detail", args=["KS-0000-0000"])).status_code == 404


def _pdf_can_be_drawn() -> bool:
    from netral.cases.services import documents

    return documents.load_weasyprint() is not None  # None: the system's Pango is missing


@pytest.mark.skipif(not _pdf_can_be_drawn(), reason="WeasyPrint cannot load Pango here")
def test_document_downloads_as_a_pdf_of_the_letter_and_the_download_is_on_the_timeline(
    client_for, bkn_officer, at_bkn
):
    letter = at_bkn.documents.get(template_key="forwarding_letter_bkn")
    url = reverse("cases:document", args=[at_bkn.code, letter.public_id]) + "?format=pdf"
    response = client_for(bkn_officer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f"{at_bkn.code}-forwarding_letter_bkn.pdf" in response["Content-Disposition"]
    download = at_bkn.events.filter(type="document_downloaded").last()
    assert download.payload == {"document": str(letter.public_id), "format": "pdf"}


@pytest.mark.skipif(not _pdf_can_be_drawn(), reason="WeasyPrint cannot load Pango here")
def test_drawing_a_pdf_leaves_truncated_evidence_photos_refused():
    from PIL import ImageFile

    from netral.cases.services import documents

    assert documents.pdf_bytes("<p>Surat</p>") is not None
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False  # the reports app's evidence check needs it


def test_document_pdf_is_offered_only_when_available(client_for, bkn_officer, at_bkn, monkeypatch):
    from netral.cases.services import documents

    monkeypatch.setattr(documents, "pdf_bytes", lambda html: None)
    letter = at_bkn.documents.first()
    url = reverse("cases:document", args=[at_bkn.code, letter.public_id]) + "?format=pdf"
    assert client_for(bkn_officer).get(url).status_code == 404


def test_admin_lists_letter_templates_and_saves_through_the_service(client_for, admin):
    from netral.cases.models import DocumentTemplate

    client = client_for(admin)
    template = DocumentTemplate.objects.get(key="reminder_letter")
    url = reverse("admin:cases_documenttemplate_change", args=[template.pk])
    assert client.get(reverse("admin:cases_documenttemplate_changelist")).status_code == 200
    client.post(url, {"title": "Pengingat baru", "body": "<p>{{ case.code }}</p>"})
    template.refresh_from_db()
    assert template.title == "Pengingat baru"


def test_the_admin_keeps_a_broken_template_on_the_form_and_saves_nothing(client_for, admin):
    from django.contrib.admin.models import LogEntry

    from netral.cases.models import DocumentTemplate

    client = client_for(admin)
    template = DocumentTemplate.objects.get(key="reminder_letter")
    before = (template.title, template.body)
    url = reverse("admin:cases_documenttemplate_change", args=[template.pk])
    broken = "<p>{{ case.code }}</p>{% if %}"
    response = client.post(url, {"title": "Pengingat", "body": broken, "_continue": "1"})
    page = response.content.decode()
    assert response.status_code == 200  # the form again, not a redirect with "changed"
    assert "{% if %}" in page  # what was typed is kept
    assert "Templat mengandung kesalahan" in page
    template.refresh_from_db()
    assert (template.title, template.body) == before
    assert not LogEntry.objects.filter(object_id=str(template.pk)).exists()


def test_the_token_form_is_empty_again_once_a_token_is_made(client_for, bawaslu_diy_supervisor):
    client = client_for(bawaslu_diy_supervisor)
    response = client.post(reverse("cases:tokens"), {"name": "SIGAPLAPOR", "days": 30})
    assert "ntr_" in response.content.decode()
    assert 'value="SIGAPLAPOR"' not in response.content.decode()


def test_a_stale_form_comes_back_with_the_typed_values_at_the_current_version(
    bantul, open_case, bawaslu_bantul_officer
):
    case = open_case()
    shown = case.version
    case = walk(case, bawaslu_bantul_officer, "start_review")
    url = reverse("cases:transition", args=[case.code, "not_register"])
    typed = "Laporan ini tidak memenuhi syarat formal maupun materiel untuk diregistrasi."
    response = bantul.post(url, {"version": shown, "reasoning": typed}, **HTMX)
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Muat ulang" in body and typed in body
    assert f'name="version" value="{case.version}"' in body
    assert f"{reverse('cases:detail', args=[case.code])}#timeline" in body
    case.refresh_from_db()
    assert case.state == workflow.State.INITIAL_REVIEW
    again = bantul.post(url, {"version": case.version, "reasoning": typed})  # deliberate
    assert again.status_code == 303
    case.refresh_from_db()
    assert case.state != workflow.State.INITIAL_REVIEW


def test_a_stale_answer_to_the_ppks_reason_comes_back_at_the_current_version(
    client_for, lighter_decree, bkn_officer
):
    from netral.cases import services

    case = lighter_decree
    shown = case.version
    case = services.tag(case=case, add=["sorotan"], remove=[], by=bkn_officer, now=NOW)
    url = reverse("cases:review_reason", args=[case.code])
    data = {"version": shown, "answer": "accept", "reason": REASON}
    response = client_for(bkn_officer).post(url, data, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "Muat ulang" in body
    assert f'name="version" value="{case.version}"' in body
