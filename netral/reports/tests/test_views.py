"""The public pages without JavaScript: plain form posts, errors that keep everything."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from netral.reports import crypto
from netral.reports.models import DraftFile, Evidence, Report, ReportDraft, ReporterIdentity
from netral.reports.tests import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 10, 3, 9, 41, tzinfo=dt.UTC)
RECEIPT = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, **overrides):
    data = factories.web_post_data(**overrides)
    return client.post(reverse("reports:new"), data, follow=True)


def test_the_start_page_explains_both_tracks(client):
    page = client.get(reverse("reports:start")).content.decode()
    assert "?jalur=tip" in page and "?jalur=formal" in page
    assert 'action="/lapor/cek/"' in page


def test_the_form_is_a_plain_multipart_form_with_a_draft_token(client, regions):
    response = client.get(reverse("reports:new") + "?jalur=formal")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'name="draft" value="[\w-]{40,}"', page)
    assert re.search(r'value="formal"[^>]* checked', page)
    assert 'name="region_1"' in page  # the region cascade, usable without JavaScript


def test_an_invisible_character_pasted_into_the_form_is_taken_out_and_the_report_kept(
    client, regions
):
    # A NUL cannot be stored and cannot be seen: the boundary takes it out of a page's form
    # values (decision 0190) rather than refusing what the person wrote.
    text = "Memasang spanduk calon bupati\x00 di pagar kantor dinas."
    response = _post(client, description=text, subject_name="Budi\x00 Santoso")
    assert RECEIPT.search(response.content.decode())
    report = Report.objects.get()
    assert report.description == text.replace("\x00", "")
    assert report.subject_name == "Budi Santoso"


def test_the_description_box_says_how_long_it_may_be(client, regions):
    from netral.reports.form_fields import description_limit

    page = client.get(reverse("reports:new")).content.decode()
    box = re.search(r'<textarea[^>]*name="description"[^>]*>', page)
    assert box is not None
    assert f'maxlength="{description_limit()}"' in box.group(0)


def test_a_tip_with_a_photo_gives_a_receipt_shown_once(client, regions, jpeg):
    response = client.post(
        reverse("reports:new"),
        {**factories.web_post_data(), "evidence": factories.upload(jpeg)},
    )
    assert response.status_code == 303
    assert response.url == reverse("reports:receipt")
    page = client.get(response.url)
    receipt = RECEIPT.search(page.content.decode()).group(0)
    report = Report.objects.get()
    assert report.receipt_hash == crypto.receipt_hash(receipt)
    assert report.evidence.count() == 1
    assert report.channel == Report.Channel.WEB
    assert report.region.code == "34.02.15"
    assert receipt not in str(client.session.items())  # only the hash is remembered


def test_a_failed_validation_keeps_the_text_and_the_files(client, regions, jpeg):
    data = factories.web_post_data(subject_name="", description="Teks <b>yang</b> saya ketik")
    response = client.post(
        reverse("reports:new"), {**data, "evidence": factories.upload(jpeg, "bukti1.jpg")}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert Report.objects.count() == 0
    assert "Teks &lt;b&gt;yang&lt;/b&gt; saya ketik" in page
    assert "bukti1.jpg" in page  # kept in the draft
    token = re.search(r'name="draft" value="([\w-]+)"', page).group(1)
    again = client.post(
        reverse("reports:new"), {**data, "subject_name": "Budi", "draft": token}, follow=True
    )
    assert RECEIPT.search(again.content.decode())
    report = Report.objects.get()
    assert report.evidence.get().original_name == "bukti1.jpg"
    assert report.description == "Teks <b>yang</b> saya ketik"
    closed = ReportDraft.objects.get()  # kept only to recognise a resent form
    assert closed.report == report and not closed.files.exists()


def test_refining_the_region_shows_no_errors_and_stores_nothing(client, regions):
    response = client.post(
        reverse("reports:new"),
        {"region_1": "34", "region_refine": "1", "subject_name": "Budi", "draft": "x" * 43},
    )
    page = response.content.decode()
    assert 'class="errorlist"' not in page
    assert "Kabupaten Bantul" in page
    assert 'value="Budi"' in page
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("incident_date", "2024-10-04", "id_incident_date_error"),
        ("description", "x" * 50_000, "10000"),
        ("region_2", "34.99", "id_region_error"),
        ("subject_nip", "12345", "id_subject_nip_error"),
        ("links", "javascript:alert(1)", "id_links_error"),
        ("category", "hacking", "id_category"),
    ],
)
def test_bad_input_gets_a_field_message(client, regions, field, value, fragment):
    response = _post(client, **{field: value})
    assert response.status_code == 200
    assert fragment in response.content.decode()
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reporter_nik", "1234"),
        ("reporter_phone", "12345"),
        ("reporter_email", "bukan-email"),
    ],
)
def test_bad_identity_gets_a_field_message(client, regions, field, value):
    identity = {
        "track": "formal",
        "reporter_name": "Siti",
        "reporter_nik": "3402124107900001",
        "reporter_address": "Sewon",
        "reporter_phone": "0812 3456 7890",
        "discovered_on": "2024-10-02",
    }
    response = _post(client, **{**identity, field: value})
    assert f"id_{field}_error" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_formal_report_is_sealed(client, regions):
    _post(
        client,
        track="formal",
        reporter_name="Siti Rahayu",
        reporter_nik="3402 1241 0790 0001",
        reporter_address="Sewon",
        reporter_phone="0812-3456-7890",
        discovered_on="2024-10-02",
        reporter_consents="on",
    )
    identity = ReporterIdentity.objects.get()
    assert identity.report.identity_shareable is True
    assert crypto.unseal(identity.ciphertext)["phone"] == "+6281234567890"


def test_a_late_formal_report_is_offered_as_a_tip(client, regions):
    late = {
        "track": "formal",
        "incident_date": "2024-09-01",
        "discovered_on": "2024-09-02",
        "reporter_name": "Siti",
        "reporter_nik": "3402124107900001",
        "reporter_address": "Sewon",
        "reporter_phone": "081234567890",
    }
    page = _post(client, **late).content.decode()
    assert "UU 10/2016 Pasal 134 ayat (4)" in page
    assert 'name="as_tip"' in page
    assert Report.objects.count() == 0
    response = _post(client, **late, as_tip="1")
    assert RECEIPT.search(response.content.decode())
    report = Report.objects.get()
    assert report.track == Report.Track.TIP
    assert not ReporterIdentity.objects.exists()


def test_the_honeypot_refuses_the_post(client, regions):
    response = _post(client, website="http://spam.example")
    assert Report.objects.count() == 0
    assert "errorlist" in response.content.decode()


def test_a_bad_file_is_named_and_the_good_one_kept(client, regions, jpeg):
    response = client.post(
        reverse("reports:new"),
        {
            **factories.web_post_data(),
            "evidence": [
                factories.upload(jpeg, "baik.jpg"),
                factories.upload(b"PK\x03\x04", "x.jpg"),
            ],
        },
    )
    page = response.content.decode()
    assert "x.jpg" in page and "baik.jpg" in page
    assert Report.objects.count() == 0
    assert ReportDraft.objects.get().files.get().original_name == "baik.jpg"


def test_script_in_text_is_shown_escaped_to_the_reporter(client, regions):
    _post(client, description="<script>alert('x')</script> poster kampanye")
    page = client.get(reverse("reports:status")).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_the_status_page_needs_a_known_receipt(client, bantul_tip):
    assert client.get(reverse("reports:status")).url == reverse("reports:check")
    unknown = client.post(reverse("reports:check"), {"receipt": crypto.new_receipt()})
    malformed_free = unknown.content.decode()
    assert unknown.status_code == 200
    assert "errorlist" in malformed_free
    known = client.post(reverse("reports:check"), {"receipt": bantul_tip.receipt.lower()})
    assert known.url == reverse("reports:status")
    page = client.get(reverse("reports:status")).content.decode()
    assert bantul_tip.report.display_code in page


def test_the_status_page_says_when_the_case_is_closed(
    client, bantul_tip, bawaslu_bantul_officer, monkeypatch
):
    from netral.cases import selectors as case_selectors
    from netral.reports import services

    services.accept_report(report=bantul_tip.report, by=bawaslu_bantul_officer, now=NOW)
    client.post(reverse("reports:check"), {"receipt": bantul_tip.receipt})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "is handling it" in client.get(reverse("reports:status")).content.decode()
    closed = {"case_code": "KS-0000-0000", "stages": [], "closed": True, "outcome": "Sanctioned"}
    monkeypatch.setattr(case_selectors, "public_progress", lambda report: closed)
    page = client.get(reverse("reports:status")).content.decode()
    assert "is handling it" not in page
    assert "the case is now closed" in page


def test_guessing_receipts_is_rate_limited(client, regions):
    codes = [crypto.new_receipt() for _ in range(11)]
    statuses = [client.post(reverse("reports:check"), {"receipt": c}).status_code for c in codes]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_rate_limits_can_be_switched_off(client, regions, settings):
    settings.NETRAL_INTAKE_RATE_LIMITS = False
    for _ in range(12):
        response = client.post(reverse("reports:check"), {"receipt": crypto.new_receipt()})
    assert response.status_code == 200


def test_the_receipt_survives_a_reload_until_it_is_saved(client, regions):
    page = _post(client).content.decode()
    receipt = RECEIPT.search(page).group(0)
    assert receipt in client.get(reverse("reports:receipt")).content.decode()
    download = client.get(reverse("reports:receipt_download"))
    assert download["Content-Type"].startswith("text/plain")
    assert "attachment" in download["Content-Disposition"]
    assert receipt in download.content.decode()
    client.post(reverse("reports:receipt_saved"))
    assert client.get(reverse("reports:receipt")).url == reverse("reports:status")
    assert client.get(reverse("reports:receipt_download")).status_code == 404
    assert receipt not in client.get(reverse("reports:status")).content.decode()


def test_a_resent_form_makes_one_report(client, regions):
    page = client.get(reverse("reports:new")).content.decode()
    token = re.search(r'name="draft" value="([\w-]+)"', page).group(1)
    data = factories.web_post_data(draft=token)
    first = client.post(reverse("reports:new"), data)
    second = client.post(reverse("reports:new"), data)  # a reload, or a retry on a slow line
    assert first.url == second.url == reverse("reports:receipt")
    assert Report.objects.count() == 1


def test_another_device_never_sees_the_receipt(client, regions):
    _post(client)
    other = Client()
    assert other.get(reverse("reports:receipt")).url == reverse("reports:status")
    assert other.get(reverse("reports:receipt_download")).status_code == 404


def test_the_reporter_replies_with_a_file_and_forgets_the_device(client, bantul_tip, jpeg):
    client.post(reverse("reports:check"), {"receipt": bantul_tip.receipt})
    response = client.post(
        reverse("reports:reply"), {"body": "Ini fotonya.", "evidence": factories.upload(jpeg)}
    )
    assert response.url == reverse("reports:status")
    assert Evidence.objects.get().message.body == "Ini fotonya."
    client.post(reverse("reports:forget"))
    assert client.get(reverse("reports:status")).url == reverse("reports:check")


def test_an_empty_reply_is_refused(client, bantul_tip):
    client.post(reverse("reports:check"), {"receipt": bantul_tip.receipt})
    response = client.post(reverse("reports:reply"), {"body": "  "})
    assert response.status_code == 200
    assert "id_body_error" in response.content.decode()


def test_a_tip_becomes_formal_through_the_receipt(client, bantul_tip):
    client.post(reverse("reports:check"), {"receipt": bantul_tip.receipt})
    response = client.post(
        reverse("reports:add_identity"),
        {
            "discovered_on": "2024-10-01",
            "reporter_name": "Siti",
            "reporter_nik": "3402124107900001",
            "reporter_address": "Sewon",
            "reporter_email": "siti@example.id",
        },
    )
    assert response.url == reverse("reports:status")
    bantul_tip.report.refresh_from_db()
    assert bantul_tip.report.track == Report.Track.FORMAL


def test_adding_identity_too_late_says_why(client, regions, now):
    bantul_tip = factories.submit(now=now, incident_date=dt.date(2024, 8, 30))
    client.post(reverse("reports:check"), {"receipt": bantul_tip.receipt})
    response = client.post(
        reverse("reports:add_identity"),
        {
            "discovered_on": "2024-09-01",
            "reporter_name": "Siti",
            "reporter_nik": "3402124107900001",
            "reporter_address": "Sewon",
            "reporter_email": "siti@example.id",
        },
    )
    assert "UU 10/2016 Pasal 134 ayat (4)" in response.content.decode()


def test_an_incomplete_identity_is_named_in_a_summary_without_the_tip_choice(client, bantul_tip):
    client.post(reverse("reports:check"), {"receipt": bantul_tip.receipt})
    page = client.get(reverse("reports:add_identity")).content.decode()
    for name in ("reporter_name", "reporter_nik", "reporter_address"):
        label = re.search(rf'<label for="id_{name}">.*?</label>', page, re.S)
        assert label is not None and "required-mark" in label.group(0)
    response = client.post(reverse("reports:add_identity"), {"discovered_on": "2024-10-01"})
    page = response.content.decode()
    assert "data-error-summary" in page
    assert page.count("Wajib diisi untuk laporan resmi.") >= 3
    assert "informasi awal" not in page
    bantul_tip.report.refresh_from_db()
    assert bantul_tip.report.track == Report.Track.TIP


def test_the_consent_to_pass_on_identity_is_not_marked_required(client, regions):
    page = client.get(reverse("reports:new") + "?jalur=formal").content.decode()
    consent = re.search(r'<label class="choice" for="id_reporter_consents">.*?</label>', page, re.S)
    assert consent is not None and "required-mark" not in consent.group(0)
    name = re.search(r'<label for="id_reporter_name">.*?</label>', page, re.S)
    assert name is not None and "required-mark" in name.group(0)


def test_a_tip_ignores_identity_fields_even_when_they_are_wrong(client, regions):
    response = _post(client, reporter_phone="0812345", reporter_nik="12")
    assert RECEIPT.search(response.content.decode())
    assert not ReporterIdentity.objects.exists()


def _draft_token(page: str) -> str:
    return re.search(r'name="draft" value="([\w-]+)"', page).group(1)


def test_the_form_commits_the_report_and_its_draft_together(client, regions, jpeg, monkeypatch):
    """One transaction: when closing the draft fails, no report is stored and the draft keeps
    what was typed and the file, so the reporter can send again."""
    from netral.reports.services import drafts

    data = factories.web_post_data(subject_name="", description="Teks yang saya ketik dulu")
    page = client.post(reverse("reports:new"), {**data, "evidence": factories.upload(jpeg)})
    token = _draft_token(page.content.decode())

    def broken(**kwargs):
        raise RuntimeError("the draft could not be closed")

    monkeypatch.setattr(drafts, "_close", broken)
    with pytest.raises(RuntimeError):
        client.post(reverse("reports:new"), {**data, "subject_name": "Budi", "draft": token})
    assert Report.objects.count() == 0
    draft = ReportDraft.objects.get()
    assert draft.report is None and draft.files.count() == 1
    assert "Teks yang saya ketik dulu" in str(crypto.unseal(draft.ciphertext))

    monkeypatch.undo()
    again = client.post(
        reverse("reports:new"), {**data, "subject_name": "Budi", "draft": token}, follow=True
    )
    assert RECEIPT.search(again.content.decode())
    report = Report.objects.get()
    assert report.evidence.count() == 1  # the kept file became evidence
    assert ReportDraft.objects.get().report == report
    assert not ReportDraft.objects.get().files.exists()


def test_the_form_path_reads_no_registry_row_once_the_process_has_it(
    client, regions, django_assert_max_num_queries, settings
):
    """Region, election list and agency come from the process's registry cache; the report,
    its links, its event and the closed draft are one transaction, then Django saves the
    session. 27 statements before (issue 19); on SQLite the pending duplicate check is one more."""
    settings.NETRAL_INTAKE_RATE_LIMITS = False
    client.post(reverse("reports:new"), factories.web_post_data())  # warms this process
    token = _draft_token(client.get(reverse("reports:new")).content.decode())
    other = Client()
    with django_assert_max_num_queries(13) as captured:
        response = other.post(
            reverse("reports:new"), factories.web_post_data(subject_name="Ani", draft=token)
        )
    assert response.status_code == 303
    statements = [query["sql"] for query in captured.captured_queries]
    assert not [sql for sql in statements if "registry_" in sql]
    opened = [sql for sql in statements if sql.startswith("SAVEPOINT") or sql == "BEGIN"]
    assert len(opened) <= 2, statements  # the submission, then the session
    assert Report.objects.filter(subject_name="Ani").count() == 1


def test_a_registry_change_reaches_the_form_at_once(client, regions):
    """A region added through the registry is offered and accepted by the next request."""
    from netral.registry.tests.factories import RegionFactory

    page = client.get(reverse("reports:new")).content.decode()
    assert 'value="35"' not in page
    RegionFactory(code="35", name="Jawa Timur")
    RegionFactory(code="35.07", name="Kabupaten Malang")
    assert 'value="35"' in client.get(reverse("reports:new")).content.decode()
    data = factories.web_post_data(region_1="35", region_2="35.07", region_3="")
    response = client.post(reverse("reports:new"), data)
    assert response.status_code == 303
    assert Report.objects.get().regency_code == "35.07"


def test_the_empty_form_is_rendered_once_and_filled_per_visitor(regions):
    """Visitors without a session share one rendering of the empty form; each still gets its
    own draft token and a CSRF token that the form's POST accepts."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(reverse("reports:new"))  # renders the shared page
    page = first.get(reverse("reports:new"))
    assert page.templates == []  # filled in, not rendered again
    other = second.get(reverse("reports:new"))
    tokens = {_draft_token(page.content.decode()), _draft_token(other.content.decode())}
    assert len(tokens) == 2 and "mark" not in " ".join(tokens)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([\w-]+)"', other.content.decode())
    assert "mark" not in csrf.group(1)
    data = factories.web_post_data(csrfmiddlewaretoken=csrf.group(1))
    assert second.post(reverse("reports:new"), data).status_code == 303
    assert Report.objects.count() == 1


def test_a_visitor_with_a_session_gets_the_form_rendered_for_them(client, regions):
    client.get(reverse("reports:new"))
    _post(client)  # the session now remembers the report
    page = client.get(reverse("reports:new") + "?jalur=formal")
    assert page.templates  # rendered, not the shared page
    assert re.search(r'value="formal"[^>]* checked', page.content.decode())


def test_an_odd_query_string_is_never_shared_with_the_next_visitor(regions):
    odd = Client().get(reverse("reports:new") + "?jalur=x&utm=oddvalue123")
    assert "oddvalue123" in odd.content.decode()  # the language switch's "next"
    Client().get(reverse("reports:new"))  # the shared page
    plain = Client().get(reverse("reports:new"))
    assert plain.templates == [] and "oddvalue123" not in plain.content.decode()


def _expired_draft_with_a_file(client, jpeg):
    data = factories.web_post_data(subject_name="", description="Teks yang saya ketik dulu")
    page = client.post(reverse("reports:new"), {**data, "evidence": factories.upload(jpeg)})
    stored = DraftFile.objects.get().storage_name
    ReportDraft.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    return data, _draft_token(page.content.decode()), stored


def test_a_form_sent_again_after_its_draft_expired_starts_a_new_draft(
    client, regions, jpeg, evidence_storage, django_capture_on_commit_callbacks
):
    """The expired draft is not cleaned up yet: the form, still incomplete, is shown again with
    its errors (it was a 500 on the token's unique row), and the expired copy is gone."""
    data, token, stored = _expired_draft_with_a_file(client, jpeg)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:new"), {**data, "draft": token})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert ReportDraft.objects.count() == 1 and not DraftFile.objects.exists()
    assert not evidence_storage.exists(stored)


def test_sending_after_the_draft_expired_removes_its_files_too(
    client, regions, jpeg, evidence_storage, django_capture_on_commit_callbacks
):
    data, token, stored = _expired_draft_with_a_file(client, jpeg)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:new"), {**data, "subject_name": "Budi", "draft": token})
    assert Report.objects.filter(subject_name="Budi").exists()
    assert not DraftFile.objects.exists()
    assert not evidence_storage.exists(stored)


IDENTITY = {
    "reporter_name": "Siti",
    "reporter_nik": "3402124107900001",
    "reporter_address": "Sewon",
    "reporter_email": "siti@example.id",
}


@pytest.mark.parametrize(
    ("discovered_on", "message"),
    [
        ("2024-10-05", "Tanggal ini tidak boleh di masa depan."),  # after today (3 Oct)
        ("1900-01-01", "Tulis tanggal antara 1 Januari 1990 dan 31 Desember 2100."),
    ],
)
def test_adding_identity_checks_the_day_learned_like_the_report_form(
    client, bantul_tip, discovered_on, message
):
    client.post(reverse("reports:check"), {"receipt": bantul_tip.receipt})
    data = {"discovered_on": discovered_on, **IDENTITY}
    response = client.post(reverse("reports:add_identity"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    bantul_tip.report.refresh_from_db()
    assert bantul_tip.report.track == Report.Track.TIP
    assert not ReporterIdentity.objects.exists()


def test_the_day_learned_cannot_come_before_the_incident(client, bantul_tip):
    client.post(reverse("reports:check"), {"receipt": bantul_tip.receipt})
    day_before = bantul_tip.report.incident_date - dt.timedelta(days=1)
    data = {"discovered_on": day_before.isoformat(), **IDENTITY}
    page = client.post(reverse("reports:add_identity"), data).content.decode()
    assert "Tanggal mengetahui tidak boleh sebelum tanggal kejadian." in page
    bantul_tip.report.refresh_from_db()
    assert bantul_tip.report.track == Report.Track.TIP


@pytest.mark.parametrize("day", ["1950-03-03", "0001-01-01"])
@pytest.mark.parametrize("track", ["tip", "formal"])
def test_a_date_the_legal_clock_cannot_hold_is_a_field_error_not_a_crash(
    client, regions, day, track
):
    response = _post(client, track=track, incident_date=day, discovered_on=day)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tulis tanggal antara 1 Januari 1990" in page
    assert not Report.objects.exists()


def test_a_reply_of_invisible_characters_only_is_an_empty_reply(client, bantul_tip):
    client.post(reverse("reports:check"), {"receipt": bantul_tip.receipt})
    response = client.post(reverse("reports:reply"), {"body": "\u200b\u2060\ufeff \u200b"})
    assert response.status_code == 200
    assert "Tulis pesan atau lampirkan berkas." in response.content.decode()
    assert not bantul_tip.report.messages.exists()


def test_every_wrong_link_is_named_and_a_long_one_is_called_long(client, regions):
    links = "\n".join(["javascript:alert(1)", "bukan url", "https://example.id/" + "a" * 2100])
    page = _post(client, links=links).content.decode()
    assert "Ini bukan tautan web: javascript:alert(1)" in page
    assert "Ini bukan tautan web: bukan url" in page
    assert "Tautan ini lebih dari 2.000 karakter" in page
    assert not Report.objects.exists()


def test_a_description_over_the_limit_counts_in_indonesian_digits(client, regions, settings):
    settings.NETRAL_REPORT_DESCRIPTION_MAX = 10_000
    page = _post(client, description="kata." * 2400).content.decode()
    assert "12.000" in page and "10.000" in page


def test_a_refusal_that_names_no_field_is_not_headed_as_marked_fields(client, regions, monkeypatch):
    from netral.reports import throttle

    monkeypatch.setattr(throttle, "limited", lambda request, kind: True)
    page = _post(client).content.decode()
    assert "Laporan belum terkirim" in page
    assert "Mohon periksa kolom yang ditandai" not in page
    assert not Report.objects.exists()
