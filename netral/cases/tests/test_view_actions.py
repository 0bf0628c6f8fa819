"""What the case pages do with what is posted: the special steps through their forms, refusals
shown where the person sees them, links, bulk actions, forwarded cases, tokens and templates."""

import hashlib

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from netral.cases import services, workflow
from netral.cases.models import ApiToken, Case, CaseLink, Recommendation
from netral.cases.tests.conftest import NOW, PDF, REASON, TO_EXAMINATION, decree_pdf, walk

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bantul(client_for, bawaslu_bantul_officer):
    return client_for(bawaslu_bantul_officer)


def step_url(case, action):
    return reverse("cases:transition", args=[case.code, action])


def errors(response):
    """The error messages the next page shows."""
    found = get_messages(response.wsgi_request)
    return [str(message) for message in found if message.level_tag == "error"]


# --- the four special steps, through the same page as every step ----------------------------


def test_bkn_recommends_a_sanction_through_the_form(client_for, bkn_officer, ppk_officer, at_bkn):
    client = client_for(bkn_officer)
    form = client.get(step_url(at_bkn, "recommend_sanction")).content.decode()
    assert 'name="conflict_of_interest"' in form
    data = {"version": at_bkn.version, "codes": ["DS-06"], "reasoning": REASON}
    response = client.post(step_url(at_bkn, "recommend_sanction"), data)
    assert response.status_code == 303
    at_bkn.refresh_from_db()
    assert at_bkn.state == workflow.State.RECOMMENDED and at_bkn.owner.kind == "ppk"
    assert at_bkn.recommendations.get().sanction_category == "HD_BERAT"  # from the codes


def test_bkn_returns_a_case_to_the_bawaslu_that_sent_it(client_for, bkn_officer, at_bkn):
    data = {"version": at_bkn.version, "reasoning": REASON}
    response = client_for(bkn_officer).post(step_url(at_bkn, "return_to_bawaslu"), data)
    assert response.status_code == 303
    at_bkn.refresh_from_db()
    assert at_bkn.state == workflow.State.EXAMINATION
    assert at_bkn.owner.name == "Bawaslu Kabupaten Bantul"


def test_the_ppk_forms_its_team_and_records_its_decree_through_the_forms(
    client_for, ppk_officer, at_ppk
):
    client = client_for(ppk_officer)
    due = at_ppk.due_at
    team = {
        "version": at_ppk.version,
        "examination_team_0": "Sekretaris Daerah",
        "examination_team_1": "Inspektorat Kabupaten Bantul",
        "examination_team_2": "BKPSDM",
    }
    assert client.post(step_url(at_ppk, "start_disciplinary_examination"), team).status_code == 303
    at_ppk.refresh_from_db()
    assert at_ppk.state == workflow.State.DISCIPLINARY_EXAMINATION
    assert at_ppk.due_at == due  # the PPK's clock runs on
    decree = {
        "version": at_ppk.version,
        "decree_number": "800/12/2024",
        "decree_signatory": "Bupati Bantul",
        "decree_date": "2024-10-07",
        "sanction": "PP94-BERAT-TURUN",
        "reasoning": REASON,
        "decree_file": decree_pdf(),
    }
    assert client.post(step_url(at_ppk, "record_ppk_decision"), decree).status_code == 303
    at_ppk.refresh_from_db()
    decision = at_ppk.decisions.get(kind="ppk_decree")
    assert decision.decree_sha256 == hashlib.sha256(PDF).hexdigest()
    assert at_ppk.state == workflow.State.FOLLOW_UP and at_ppk.owner.kind == "bkn"
    assert at_ppk.recommendations.get().status == Recommendation.Status.ACTED_IN_TIME


def test_a_decree_form_shown_again_asks_for_the_file_again(client_for, ppk_officer, at_ppk):
    """Browsers cannot keep a chosen file: the form that comes back with an error says so."""
    client, hint = client_for(ppk_officer), "Pilih berkasnya lagi"
    assert hint not in client.get(step_url(at_ppk, "record_ppk_decision")).content.decode()
    decree = {
        "version": at_ppk.version,
        "decree_number": "",  # the error elsewhere on the form
        "decree_signatory": "Bupati Bantul",
        "decree_date": "2024-10-07",
        "sanction": "PP94-BERAT-TURUN",
        "reasoning": REASON,
        "decree_file": decree_pdf(),
    }
    response = client.post(step_url(at_ppk, "record_ppk_decision"), decree)
    assert response.status_code in (200, 422)  # the form again, with its errors
    page = response.content.decode()
    assert 'id="id_decree_number_error"' in page
    file_help = page.split('id="id_decree_file_helptext"')[1].split("</div>")[0]
    assert hint in file_help
    at_ppk.refresh_from_db()
    assert not at_ppk.decisions.filter(kind="ppk_decree").exists()


def test_a_team_with_a_missing_member_comes_back_on_the_form(client_for, ppk_officer, at_ppk):
    team = {"version": at_ppk.version, "examination_team_0": "Sekda", "examination_team_1": ""}
    response = client_for(ppk_officer).post(
        step_url(at_ppk, "start_disciplinary_examination"), team, **HTMX
    )
    assert response.status_code == 200 and "has-error" in response.content.decode()
    at_ppk.refresh_from_db()
    assert at_ppk.state == workflow.State.RECOMMENDED


def test_a_refusal_of_the_service_is_shown_on_the_field(bantul, open_case, bawaslu_bantul_officer):
    case = walk(open_case(), bawaslu_bantul_officer, "start_review")
    response = bantul.post(
        step_url(case, "not_register"), {"version": case.version, "reasoning": "terlalu pendek"}
    )
    assert response.status_code == 200 and "has-error" in response.content.decode()
    case.refresh_from_db()
    assert case.state == workflow.State.INITIAL_REVIEW


# --- assignment, tags and links: refusals come back as messages on the case page -----------


def test_assigning_someone_outside_the_team_is_refused(bantul, open_case, bkn_officer):
    case = open_case()
    data = {"version": case.version, "officer": bkn_officer.username}
    response = bantul.post(reverse("cases:assign", args=[case.code]), data)
    assert response.status_code == 303
    assert errors(response)
    case.refresh_from_db()
    assert case.assignee is None


def test_assigning_on_a_stale_page_is_refused(bantul, open_case, bawaslu_bantul_officer):
    case = open_case()
    data = {"version": case.version - 1, "officer": bawaslu_bantul_officer.username}
    response = bantul.post(reverse("cases:assign", args=[case.code]), data)
    assert response.status_code == 303 and errors(response)
    case.refresh_from_db()
    assert case.assignee is None


def test_a_tag_is_removed_and_too_many_are_refused(bantul, open_case):
    case = open_case()
    url = reverse("cases:tag", args=[case.code])
    bantul.post(url, {"add": "medsos, video"})
    bantul.post(url, {"remove": "video"})
    case.refresh_from_db()
    assert case.tags == ["medsos"]
    many = ",".join(f"label{n}" for n in range(20))
    response = bantul.post(url, {"add": many})
    assert errors(response)
    case.refresh_from_db()
    assert case.tags == ["medsos"]


def test_a_link_needs_the_other_code_and_never_points_to_itself(bantul, open_case):
    case = open_case()
    url = reverse("cases:link", args=[case.code])
    assert errors(bantul.post(url, {"kind": "related"}))
    assert errors(bantul.post(url, {"kind": "related", "other": case.code}))
    assert not CaseLink.objects.filter(case=case).exists()


def test_a_link_to_a_case_the_officer_cannot_see_reads_as_one_that_does_not_exist(
    bantul, open_case, bawaslu_sleman_officer, regions
):
    case = open_case()
    facts = services.NewCase(title="Kasus Sleman", civil_servant_name="X", region=regions["sleman"])
    hidden = services.open_finding(facts=facts, by=bawaslu_sleman_officer, now=NOW)
    url = reverse("cases:link", args=[case.code])
    for other in (hidden.code, "KS-ZZZZ-ZZZZ"):
        response = bantul.post(url, {"kind": "related", "other": other}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.code])
        assert f"Tidak ada kasus {other} yang dapat Anda lihat." in response.content.decode()
    assert not CaseLink.objects.exists()


def test_a_tag_too_long_or_empty_is_refused_not_cut(bantul, open_case):
    case = open_case()
    url = reverse("cases:tag", args=[case.code])
    long = "mobil dinas " + "a" * 60
    page = bantul.post(url, {"add": long}, follow=True).content.decode()
    assert "paling banyak 32 karakter" in page
    page = bantul.post(url, {"add": " , ,, "}, follow=True).content.decode()
    assert "Ketik label yang akan ditambahkan." in page
    case.refresh_from_db()
    assert case.tags == []
    assert not case.events.filter(type="tagged").exists()


@pytest.mark.parametrize(("kind", "outcome"), [("duplicate", "duplicate"), ("merge", "merged")])
def test_a_case_closes_as_duplicate_or_merged_into_another(bantul, open_case, kind, outcome):
    case, other = open_case(), open_case(title="Laporan yang sama")
    data = {"kind": kind, "other": other.code, "reason": "Kejadian dan terlapor yang sama"}
    response = bantul.post(reverse("cases:link", args=[case.code]), data)
    assert response.status_code == 303
    case.refresh_from_db()
    assert case.state == workflow.State.CLOSED and case.outcome == outcome
    assert case.duplicate_of == other


# --- the queue's bulk actions ---------------------------------------------------------------


def test_bulk_without_ticked_cases_says_so(bantul):
    response = bantul.post(reverse("cases:bulk"), {"action": "tag", "tags": "x"})
    assert response.status_code == 303 and errors(response)


def test_bulk_closes_duplicates_and_refuses_an_officer_of_another_team(
    bantul, open_case, bkn_officer
):
    first, second, keeper = open_case(), open_case(title="Dua"), open_case(title="Tetap")
    data = {
        "cases": [first.code, second.code],
        "action": "duplicate",
        "duplicate_of": keeper.code,
        "reason": "Kejadian yang sama dilaporkan dua kali",
    }
    assert bantul.post(reverse("cases:bulk"), data).status_code == 303
    first.refresh_from_db()
    assert first.outcome == "duplicate" and first.duplicate_of == keeper
    data = {"cases": [keeper.code], "action": "assign", "officer": bkn_officer.username}
    response = bantul.post(reverse("cases:bulk"), data)
    assert errors(response)
    keeper.refresh_from_db()
    assert keeper.assignee is None


def test_bulk_duplicate_of_an_unknown_case_names_the_missing_case_once(bantul, open_case):
    first, second = open_case(), open_case(title="Dua")
    data = {
        "cases": [first.code, second.code],
        "action": "duplicate",
        "duplicate_of": "ks-nope",
        "reason": "Kejadian yang sama dilaporkan dua kali",
    }
    response = bantul.post(reverse("cases:bulk"), data)
    assert errors(response) == ["Tidak ada kasus KS-NOPE yang dapat Anda lihat."]
    first.refresh_from_db()
    assert not first.is_closed


def test_bulk_refusal_of_one_case_says_why_in_indonesian(
    bantul, bawaslu_bantul_officer, open_case, at_bkn
):
    closed, keeper = open_case(title="Sudah ditutup"), open_case(title="Tetap")
    services.close_as_duplicate(
        case=closed,
        of=keeper,
        reason="Kejadian yang sama dua kali",
        by=bawaslu_bantul_officer,
        now=NOW,
    )
    data = {
        "cases": [at_bkn.code, closed.code, "KS-NOPE"],
        "action": "assign",
        "officer": bawaslu_bantul_officer.username,
    }
    problems = errors(bantul.post(reverse("cases:bulk"), data))
    assert problems == [
        f"{at_bkn.code}: Hanya {at_bkn.owner.name} yang dapat melakukan ini pada kasus ini.",
        f"{closed.code}: Kasus ini sudah ditutup.",
        "KS-NOPE: Tidak ada kasus KS-NOPE yang dapat Anda lihat.",
    ]
    at_bkn.refresh_from_db()
    assert at_bkn.assignee is None


# --- opening cases, tokens and letter templates ---------------------------------------------


FORWARDED = {
    "title": "Aduan lewat SBT",
    "civil_servant_name": "Sri Lestari",
    "region": "34.02",
    "channel": "sbt",
    "external_number": "SBT-2024-77",
    "received_on": "2024-10-06",
}


def test_bkn_registers_a_case_forwarded_to_it_once(client_for, bkn_officer, regions):
    client = client_for(bkn_officer)
    data = FORWARDED
    assert client.post(reverse("cases:new"), data).status_code == 303
    case = Case.objects.get(external_number="SBT-2024-77")
    assert case.state == workflow.State.BKN_VERIFICATION
    again = client.post(reverse("cases:new"), data)
    assert again.status_code == 200 and "form-errors" in again.content.decode()
    assert Case.objects.filter(external_number="SBT-2024-77").count() == 1


def test_a_receipt_date_the_legal_clock_cannot_hold_is_a_field_error(
    client_for, bkn_officer, regions
):
    client = client_for(bkn_officer)
    data = {**FORWARDED, "external_number": "SBT-1900-01", "received_on": "1900-01-01"}
    response = client.post(reverse("cases:new"), data)
    assert response.status_code == 200
    assert "Tulis tanggal antara 1 Januari 1990" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ("34.04", "berada di luar wilayah kewenangan"),  # Sleman, the next regency
        ("99.99", "Kode wilayah tidak dikenal"),
    ],
)
def test_a_bawaslu_opens_no_case_outside_its_territory_or_in_an_unknown_region(
    client_for, bawaslu_bantul_officer, regions, region, message
):
    client = client_for(bawaslu_bantul_officer)
    data = {"title": "Temuan di luar wilayah", "civil_servant_name": "Budi", "region": region}
    response = client.post(reverse("cases:new"), data)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert 'value="Temuan di luar wilayah"' in page  # what was typed stays
    assert not Case.objects.exists()


def test_a_province_bawaslu_opens_a_case_in_any_of_its_regencies(
    client_for, bawaslu_diy_supervisor, regions
):
    client = client_for(bawaslu_diy_supervisor)
    data = {"title": "Temuan di Sleman", "civil_servant_name": "Budi", "region": "34.04"}
    assert client.post(reverse("cases:new"), data).status_code == 303
    assert Case.objects.get().region.code == "34.04"


def test_a_token_request_the_service_refuses_comes_back_on_the_form(
    client_for, bawaslu_diy_supervisor, monkeypatch
):
    from netral.cases.services import tokens

    monkeypatch.setattr(tokens, "MAX_DAYS", 30)  # a stricter service than the form
    client = client_for(bawaslu_diy_supervisor)
    response = client.post(reverse("cases:tokens"), {"name": "SIGAPLAPOR", "days": 90})
    assert response.status_code == 200 and "has-error" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_supervisor_revokes_a_token_of_its_own_organisation_only(
    client_for, bawaslu_diy_supervisor, bkn_officer
):
    client = client_for(bawaslu_diy_supervisor)
    client.post(reverse("cases:tokens"), {"name": "SIGAPLAPOR", "days": 30})
    token = ApiToken.objects.get()
    url = reverse("cases:revoke_token", args=[token.prefix])
    client.logout()
    assert client_for(bkn_officer).post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    client_for(bkn_officer).logout()
    assert client_for(bawaslu_diy_supervisor).post(url).status_code == 303
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_admin_lists_the_letter_templates_and_an_unknown_one_is_refused(client_for, admin):
    client = client_for(admin)
    listing = client.get(reverse("cases:letter_templates"))
    assert listing.status_code == 200 and "reminder_letter" in listing.content.decode()
    assert client.get(reverse("cases:letter_template", args=["no_such_letter"])).status_code == 403


def test_officers_cannot_edit_a_letter_template(bantul):
    url = reverse("cases:letter_template", args=["reminder_letter"])
    assert bantul.post(url, {"title": "X", "body": "<p>x</p>"}).status_code == 403


def test_the_case_page_after_the_examination_offers_the_decisions(
    bantul, open_case, bawaslu_bantul_officer
):
    case = walk(open_case(), bawaslu_bantul_officer, *TO_EXAMINATION)
    body = bantul.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert step_url(case, "decide_asn_violation") in body


def test_bulk_assign_refuses_an_officer_of_another_of_the_users_teams(
    client_for, bawaslu_bantul_officer, bawaslu_sleman_officer, regions
):
    """Someone in two teams sees both teams' officers in the bulk form; each case still
    takes only an officer of its own owner."""
    from netral.accounts import services as account_services

    bantul = bawaslu_bantul_officer.memberships.get().organisation
    sleman = bawaslu_sleman_officer.memberships.get().organisation
    account_services.add_membership(
        user=bawaslu_bantul_officer, organisation=sleman, role="officer"
    )
    colleague = account_services.create_staff_user(
        username="bantul_kedua", password="kata-sandi-uji-12345", organisation=bantul
    )
    facts = services.NewCase(title="Kasus Sleman", civil_servant_name="X", region=regions["sleman"])
    case = services.open_finding(facts=facts, by=bawaslu_sleman_officer, now=NOW)
    data = {"cases": [case.code], "action": "assign", "officer": colleague.username}
    response = client_for(bawaslu_bantul_officer).post(reverse("cases:bulk"), data)
    assert errors(response)
    case.refresh_from_db()
    assert case.assignee is None


def test_bkn_s_recommendation_form_starts_from_bawaslu_s_codes_and_searches_without_js(
    client, at_bkn, bkn_officer
):
    import re as _re

    client.force_login(bkn_officer)
    url = reverse("cases:transition", args=[at_bkn.code, "recommend_sanction"])
    page = client.get(url).content.decode()
    checked = _re.findall(r'<input type="checkbox" name="codes" value="([^"]+)"[^>]*checked', page)
    assert checked == ["DS-06"]
    assert 'role="search"' in page
    narrowed = client.get(url, {"cari": "KE-0"}).content.decode()
    values = _re.findall(r'name="codes" value="([^"]+)"', narrowed)
    assert "DS-06" in values  # the chosen code stays
    assert all(v.startswith("KE-0") or v == "DS-06" for v in values) and len(values) > 1


def test_the_identity_button_shows_only_where_the_reporter_gave_one(bantul, open_case):
    from netral.reports.tests import factories as report_factories

    formal = report_factories.submit(
        NOW, track="formal", identity=report_factories.identity(), discovered_on=NOW.date()
    ).report
    tip = report_factories.submit(NOW).report
    button = "Tampilkan identitas pelapor"
    for report, shown in ((formal, True), (tip, False)):
        case = open_case(title=f"Dari laporan {report.code}")
        Case.objects.filter(pk=case.pk).update(source_ref=report.code)
        page = bantul.get(reverse("cases:detail", args=[case.code])).content.decode()
        assert (button in page) is shown


def test_an_officer_of_two_bawaslu_opens_a_case_as_the_one_whose_territory_holds_it(
    client_for, bawaslu_bantul_officer, regions
):
    from netral.accounts import services as account_services
    from netral.accounts.models import Membership, Organisation

    province = account_services.create_organisation(
        name="Bawaslu Provinsi DIY", kind=Organisation.Kind.BAWASLU_PROVINSI, region_code="34"
    )
    Membership.objects.create(
        user=bawaslu_bantul_officer, organisation=province, role=Membership.Role.OFFICER
    )
    client = client_for(bawaslu_bantul_officer)
    data = {"title": "Temuan di Sleman", "civil_servant_name": "Budi", "region": "34.04"}
    assert client.post(reverse("cases:new"), data).status_code == 303
    assert Case.objects.get().owner == province


def test_a_tag_list_longer_than_the_field_is_refused_with_the_fields_message(bantul, open_case):
    case = open_case()
    response = bantul.post(reverse("cases:tag", args=[case.code]), {"add": "a," * 101}, follow=True)
    assert "paling banyak 200 karakter" in response.content.decode()
    case.refresh_from_db()
    assert case.tags == []
    assert not case.events.filter(type="tagged").exists()
