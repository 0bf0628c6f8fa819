import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.prevention import services
from netral.prevention.models import Campaign, PaperList, Signature, SigningCode
from netral.prevention.tests.conftest import NOW

pytestmark = pytest.mark.django_db
OUTSIDERS = ["citizen", "bawaslu_bantul_officer", "bkn_officer"]


def _url(name, campaign, **kwargs):
    return reverse(f"prevention:{name}", args=[campaign.public_id], **kwargs)


def test_officer_opens_a_campaign(client_for, ppk_officer, bantul, election, staff):
    client = client_for(ppk_officer)
    assert client.get(reverse("prevention:campaign_new")).status_code == 200
    response = client.post(
        reverse("prevention:campaign_new"),
        {
            "agency": bantul.pk,
            "election": election.pk,
            "title": "Ikrar",
            "text": "Saya berikrar netral.",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("campaign", campaign)
    page = client.get(_url("campaign", campaign))
    assert page.status_code == 200
    assert "0 dari 5 pegawai aktif sudah menandatangani" in page.content.decode()


def test_officer_cannot_open_a_campaign_outside_the_jurisdiction(
    client_for, ppk_officer, sleman, election
):
    response = client_for(ppk_officer).post(
        reverse("prevention:campaign_new"),
        {"agency": sleman.pk, "election": election.pk, "title": "X", "text": "Y"},
    )
    assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_the_new_campaign_form_offers_only_elections_held_in_the_agencys_region(
    client_for, ppk_officer, bantul, election, regions
):
    from netral.registry.models import Election
    from netral.registry.tests.factories import ElectionFactory

    sleman_election = ElectionFactory(region=regions["sleman"], name="Pemilihan Bupati Sleman")
    pemilu = ElectionFactory(kind=Election.Kind.PRESIDENT, name="Pemilu Presiden 2024")
    client = client_for(ppk_officer)
    offered = client.get(reverse("prevention:campaign_new")).context["form"]
    assert set(offered.fields["election"].queryset) == {election, pemilu}
    response = client.post(
        reverse("prevention:campaign_new"),
        {"agency": bantul.pk, "election": sleman_election.pk, "title": "X", "text": "Y"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["election"]
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("actor", OUTSIDERS, indirect=True)
def test_only_the_personnel_office_opens_campaigns(actor, client_for, bantul, election):
    response = client_for(actor).post(
        reverse("prevention:campaign_new"),
        {"agency": bantul.pk, "election": election.pk, "title": "X", "text": "Y"},
    )
    assert response.status_code in (302, 404)
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("actor", [*OUTSIDERS, "bawaslu_sleman_officer"], indirect=True)
def test_only_the_personnel_office_runs_a_campaign(actor, client_for, campaign, tmp_path):
    client = client_for(actor)
    posts = {
        "code_sheet": {"unit": "*"},
        "revise_text": {"text": "Baru"},
        "close": {"understood": "on"},
        "paper_list": {
            "scan": SimpleUploadedFile("s.pdf", b"%PDF"),
            "table": SimpleUploadedFile("l.csv", b"nip\n"),
        },
    }
    for name, data in posts.items():
        response = client.post(_url(name, campaign), data)
        assert response.status_code in (302, 404), name
        if response.status_code == 302:
            assert "/akun/" in response["Location"], name
    campaign.refresh_from_db()
    assert (campaign.text_version, campaign.status) == (1, Campaign.Status.OPEN)
    assert not SigningCode.objects.exists()
    assert not PaperList.objects.exists()


def test_an_over_long_pledge_text_is_refused_on_both_forms(
    client_for, ppk_officer, campaign, bantul, regions
):
    from netral.registry.tests.factories import ElectionFactory

    client = client_for(ppk_officer)
    too_long = "x" * 5001
    revised = client.post(_url("revise_text", campaign), {"text": too_long})
    assert revised.status_code == 400  # the page again, with what was typed kept
    page = revised.content.decode()
    assert "Teks ikrar paling banyak 5000 karakter (sekarang 5001)." in page
    assert too_long in page and "<details open>" in page
    empty = client.post(_url("revise_text", campaign), {"text": " "}, follow=True)
    assert "Tulis teks ikrar" in empty.content.decode()
    campaign.refresh_from_db()
    assert campaign.text_version == 1
    other = ElectionFactory(region=regions["bantul"])
    opened = client.post(
        reverse("prevention:campaign_new"),
        {"agency": bantul.pk, "election": other.pk, "title": "X", "text": too_long},
    )
    assert opened.status_code == 200
    assert opened.context["form"].errors["text"] == [
        "Teks ikrar paling banyak 5000 karakter (sekarang 5001)."
    ]
    assert Campaign.objects.count() == 1


def test_closing_a_campaign_needs_the_box_ticked(client_for, ppk_officer, campaign):
    client = client_for(ppk_officer)
    page = client.get(_url("campaign", campaign)).content.decode()
    assert "Saya mengerti kampanye tidak dapat dibuka kembali." in page
    refused = client.post(_url("close", campaign), {}, follow=True)
    assert "Centang kotak itu untuk memastikan" in refused.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN
    closed = client.post(_url("close", campaign), {"understood": "on"})
    assert closed.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED


def test_bawaslu_may_look_at_coverage_but_not_act(client_for, bawaslu_bantul_officer, campaign):
    client = client_for(bawaslu_bantul_officer)
    page = client.get(_url("campaign", campaign))
    assert page.status_code == 200
    assert _url("code_sheet", campaign) not in page.content.decode()


def test_code_sheet_shows_codes_once(client_for, ppk_officer, campaign):
    response = client_for(ppk_officer).post(_url("code_sheet", campaign), {"unit": "Sekretariat"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert len(response.context["issued"]) == 3
    code = response.context["issued"][0].printed
    assert code in response.content.decode()


def test_paper_list_with_problems_shows_rows_and_saves_nothing(client_for, ppk_officer, campaign):
    response = client_for(ppk_officer).post(
        _url("paper_list", campaign),
        {
            "scan": SimpleUploadedFile("s.pdf", b"%PDF"),
            "table": SimpleUploadedFile("l.csv", b"nip\n123\n"),
        },
    )
    assert response.status_code == 400
    [problem] = response.context["result"].problems
    assert (problem.row, problem.column) == (2, "nip")
    assert str(problem.message) in response.content.decode()
    assert "18" in str(problem.message)
    assert not PaperList.objects.exists()


def test_paper_list_records(client_for, ppk_officer, campaign, staff):
    table = ("nip\n" + "\n".join(p.nip for p in staff[:2])).encode()
    response = client_for(ppk_officer).post(
        _url("paper_list", campaign),
        {"scan": SimpleUploadedFile("s.pdf", b"%PDF"), "table": SimpleUploadedFile("l.csv", table)},
    )
    assert response.status_code == 302
    assert Signature.objects.filter(method="paper").count() == 2
    again = client_for(ppk_officer).post(
        _url("paper_list", campaign),
        {"scan": SimpleUploadedFile("s.pdf", b"%PDF"), "table": SimpleUploadedFile("l.csv", table)},
    )
    assert again.status_code == 400
    assert "Pindaian ini sudah dicatat" in str(again.context["form"].errors["scan"])
    assert PaperList.objects.count() == 1


def _sign(client, campaign, nip, code, **extra):
    data = {"nip": nip, "code": code, "agree": "on", **extra}
    return client.post(_url("sign", campaign), data)


def test_asn_signs_downloads_and_anyone_verifies(client, campaign, staff, codes):
    person = staff[0]
    response = _sign(
        client, campaign, person.nip, codes[person.nip], platform_1="x", handle_1="@budi"
    )
    signature = Signature.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("prevention:signed", args=[signature.certificate_code])
    assert client.get(response["Location"]).status_code == 200
    pdf = client.get(reverse("prevention:certificate", args=[signature.certificate_code]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] in ("application/pdf", "text/html; charset=utf-8")
    # A stranger with the code verifies it, but gets no certificate and no name.
    client.logout()
    stranger = client.__class__()
    assert (
        stranger.get(
            reverse("prevention:certificate", args=[signature.certificate_code])
        ).status_code
        == 404
    )
    verify = stranger.get(
        reverse("prevention:verify"), {"code": services.grouped(signature.certificate_code)}
    )
    assert verify.status_code == 200
    body = verify.content.decode()
    assert "Pemerintah Kabupaten Bantul" in body
    assert person.name not in body
    assert person.nip not in body
    assert stranger.get(reverse("prevention:verify"), {"code": "XXXX"}).status_code == 404


def test_an_unticked_agreement_has_its_own_message(client, campaign, staff, codes):
    nip = staff[0].nip
    response = client.post(_url("sign", campaign), {"nip": nip, "code": codes[nip]})
    assert response.status_code == 400
    assert response.context["form"].errors["agree"] == [
        "Centang pernyataan ini untuk menandatangani ikrar."
    ]
    page = response.content.decode()
    assert "Bidang ini tidak boleh kosong" not in page
    assert "menandatanganinya.: Centang" not in page  # the summary does not prefix a checkbox
    assert not Signature.objects.exists()


def test_wrong_code_answers_in_the_form(client, campaign, staff, codes):
    response = _sign(client, campaign, staff[0].nip, "AAAA-AAAA")
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert not Signature.objects.exists()


def test_nip_guesses_are_rate_limited(client, campaign, staff, codes):
    nip = staff[0].nip
    for _attempt in range(5):
        assert _sign(client, campaign, nip, "AAAA-AAAA").status_code == 400
    response = _sign(client, campaign, nip, codes[nip])
    assert response.status_code == 429
    assert not Signature.objects.exists()


def test_second_signature_in_the_browser(client, campaign, staff, codes):
    person = staff[0]
    _sign(client, campaign, person.nip, codes[person.nip])
    response = _sign(client, campaign, person.nip, codes[person.nip])
    assert response.status_code == 400
    assert Signature.objects.count() == 1


def test_sign_page_of_unknown_campaign_is_404(client):
    assert client.get("/pencegahan/ikrar/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_staff_list_needs_a_seat(client_for, ppk_officer, bawaslu_bantul_officer, campaign):
    assert client_for(None).get(reverse("prevention:index")).status_code == 302
    assert client_for(ppk_officer).get(reverse("prevention:index")).status_code == 200


def test_campaign_list_counts_signatures_and_staff(client_for, ppk_officer, campaign, staff, codes):
    from netral.prevention import selectors

    services.sign_online(campaign=campaign, nip=staff[0].nip, code=codes[staff[0].nip], now=NOW)
    (row,) = selectors.campaign_list(ppk_officer)
    assert (row.signed, row.staff) == (1, 5)
    page = client_for(ppk_officer).get(reverse("prevention:index"))
    assert page.status_code == 200


def test_signing_reads_and_writes_only_what_it_needs(
    client, campaign, staff, codes, django_assert_max_num_queries
):
    """Campaign, both guess limits (one statement), the locked code with its person and fresh
    campaign, the signature, the code marked used, the event, both guess limits taken back (one
    statement: a right code is no guess); plus the transaction's own statements (the
    PostgreSQL test run counts SAVEPOINT and RELEASE)."""
    person = staff[0]
    client.get(_url("sign", campaign))
    with django_assert_max_num_queries(9):
        response = _sign(client, campaign, person.nip, codes[person.nip])
    assert response.status_code == 302
    assert SigningCode.objects.get(civil_servant=person).used_at is not None
    assert Signature.objects.get().civil_servant == person


def test_a_refusal_shows_the_page_again_with_its_names(client, campaign, staff, codes, sleman):
    from netral.registry.tests.factories import CivilServantFactory

    outsider = CivilServantFactory(agency=sleman)
    response = _sign(client, campaign, outsider.nip, "AAAA-AAAA")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Pemerintah Kabupaten Bantul" in body  # the refusal and the page name the agency
    assert campaign.election.name in body
    assert response.context["form"].errors["nip"]
    assert not Signature.objects.exists()


def test_posting_to_an_unknown_campaign_is_404_and_counts_no_guess(client, campaign, staff, codes):
    nip = staff[0].nip
    unknown = "/pencegahan/ikrar/00000000-0000-0000-0000-000000000000/"
    for _attempt in range(6):
        posted = client.post(unknown, {"nip": nip, "code": "AAAA-AAAA", "agree": "on"})
        assert posted.status_code == 404
    assert _sign(client, campaign, nip, codes[nip]).status_code == 302
