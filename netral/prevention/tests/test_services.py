import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from netral.core.events import UndeclaredEvent
from netral.prevention import events, selectors, services
from netral.prevention.models import CampaignEvent, PaperList, Signature, SigningCode
from netral.prevention.tests.conftest import NOW
from netral.registry.models import SocialAccount
from netral.registry.tests.factories import CivilServantFactory

pytestmark = pytest.mark.django_db


def _messages(error):
    return " ".join(error.value.messages)


def test_codes_are_stored_hashed_and_printed_once(campaign, codes):
    assert len(codes) == 5
    stored = set(SigningCode.objects.values_list("code_hash", flat=True))
    assert not stored & set(codes.values())
    assert all(len(code) == 8 for code in codes.values())


def test_signing_with_nip_and_code_declares_verified_accounts(campaign, staff, codes):
    person = staff[0]
    signature = services.sign_online(
        campaign=campaign,
        nip=person.nip,
        code=services.grouped(codes[person.nip]).lower(),
        accounts=[services.DeclaredAccount("instagram", "@Budi.Bantul")],
        now=NOW,
    )
    assert signature.method == Signature.Method.ONLINE
    assert signature.text_version == 1
    account = SocialAccount.objects.get(civil_servant=person)
    assert (account.platform, account.handle, account.verified) == (
        "instagram",
        "budi.bantul",
        True,
    )
    assert SigningCode.objects.get(civil_servant=person).used_at == NOW
    assert campaign.events.filter(type=CampaignEvent.Type.SIGNED_ONLINE).count() == 1


def test_nip_alone_or_a_wrong_code_is_refused(campaign, staff, codes):
    with pytest.raises(ValidationError) as error:
        services.sign_online(campaign=campaign, nip=staff[0].nip, code="", now=NOW)
    assert "Kode salah" in _messages(error)
    other = codes[staff[1].nip]
    with pytest.raises(ValidationError):
        services.sign_online(campaign=campaign, nip=staff[0].nip, code=other, now=NOW)
    assert not Signature.objects.exists()


def test_a_nip_of_another_agency_is_refused(campaign, sleman):
    outsider = CivilServantFactory(agency=sleman)
    with pytest.raises(ValidationError) as error:
        services.sign_online(campaign=campaign, nip=outsider.nip, code="ABCDEFGH", now=NOW)
    assert "tidak terdaftar sebagai pegawai Pemerintah Kabupaten Bantul" in _messages(error)


def test_a_second_signature_is_refused_and_nothing_half_saved(campaign, staff, codes):
    person = staff[0]
    services.sign_online(campaign=campaign, nip=person.nip, code=codes[person.nip], now=NOW)
    with pytest.raises(ValidationError) as error:
        services.sign_online(
            campaign=campaign,
            nip=person.nip,
            code=codes[person.nip],
            accounts=[services.DeclaredAccount("tiktok", "baru")],
            now=NOW,
        )
    assert "sudah menandatangani" in _messages(error)
    assert Signature.objects.count() == 1
    assert not SocialAccount.objects.filter(platform="tiktok").exists()


def test_the_refusal_names_the_day_of_signing_in_the_local_zone(campaign, staff, codes):
    # 20.00 UTC on 2 September is 3 September, 03.00 WIB: the civil servant signed on the 3rd.
    evening = NOW.replace(hour=20)
    person = staff[0]
    services.sign_online(campaign=campaign, nip=person.nip, code=codes[person.nip], now=evening)
    with pytest.raises(ValidationError) as error:
        services.sign_online(campaign=campaign, nip=person.nip, code=codes[person.nip], now=evening)
    assert "3 Sep 2024" in _messages(error)


def test_a_bad_account_refuses_the_whole_signature(campaign, staff, codes):
    person = staff[0]
    with pytest.raises(ValidationError):
        services.sign_online(
            campaign=campaign,
            nip=person.nip,
            code=codes[person.nip],
            accounts=[services.DeclaredAccount("myspace", "budi")],
            now=NOW,
        )
    assert not Signature.objects.exists()
    assert SigningCode.objects.get(civil_servant=person).used_at is None


def test_reissued_codes_replace_the_old_ones(campaign, staff, codes, ppk_officer):
    person = staff[0]
    services.issue_codes(campaign=campaign, unit="Sekretariat", by=ppk_officer, now=NOW)
    with pytest.raises(ValidationError):
        services.sign_online(campaign=campaign, nip=person.nip, code=codes[person.nip], now=NOW)


def test_a_replaced_code_says_so_to_its_holder_only(campaign, staff, codes, ppk_officer):
    person, other = staff[0], staff[1]
    first = dict(codes)
    services.issue_codes(campaign=campaign, unit="Sekretariat", by=ppk_officer, now=NOW)
    services.issue_codes(campaign=campaign, unit="Sekretariat", by=ppk_officer, now=NOW)
    # Two reissues later, the first sheet's code still names itself as replaced.
    with pytest.raises(ValidationError) as error:
        services.sign_online(campaign=campaign, nip=person.nip, code=first[person.nip], now=NOW)
    assert error.value.message_dict["code"] == [
        "Kode ini sudah diganti dengan kode yang lebih baru. Mintalah lembar kode yang baru "
        "kepada instansi Anda."
    ]
    # Someone else's old code, or a typo, is only a wrong code.
    for nip, code in ((other.nip, first[person.nip]), (person.nip, "AAAA-AAAA")):
        with pytest.raises(ValidationError) as error:
            services.sign_online(campaign=campaign, nip=nip, code=code, now=NOW)
        assert "Kode salah" in _messages(error)
    assert not Signature.objects.exists()


def test_the_pledge_text_has_a_maximum_length(campaign, bantul, ppk_officer):
    from netral.prevention.models import Campaign
    from netral.registry.tests.factories import ElectionFactory

    too_long = "Saya berikrar netral. " * 10_000  # 220,000 characters
    with pytest.raises(ValidationError) as error:
        services.revise_text(campaign=campaign, text=too_long, by=ppk_officer, now=NOW)
    assert error.value.message_dict["text"] == [
        "Teks ikrar paling banyak 5000 karakter (sekarang 219999)."
    ]
    campaign.refresh_from_db()
    assert campaign.text_version == 1
    other = ElectionFactory(region=bantul.region)
    with pytest.raises(ValidationError) as error:
        services.open_campaign(
            agency=bantul, election=other, title="Ikrar", text=too_long, by=None, now=NOW
        )
    assert "paling banyak 5000 karakter" in _messages(error)
    longest = "x" * Campaign.TEXT_MAX_LENGTH
    services.open_campaign(
        agency=bantul, election=other, title="Ikrar", text=longest, by=None, now=NOW
    )


def test_revised_text_is_versioned(campaign, staff, codes, ppk_officer):
    services.revise_text(campaign=campaign, text="Teks baru", by=ppk_officer, now=NOW)
    signature = services.sign_online(
        campaign=campaign, nip=staff[0].nip, code=codes[staff[0].nip], now=NOW
    )
    assert signature.text_version == 2
    with pytest.raises(ValidationError):
        services.revise_text(campaign=campaign, text="Teks baru", by=ppk_officer, now=NOW)


def test_a_closed_campaign_takes_no_signature(campaign, staff, codes, ppk_officer):
    services.close_campaign(campaign=campaign, by=ppk_officer, now=NOW)
    with pytest.raises(ValidationError) as error:
        services.sign_online(campaign=campaign, nip=staff[0].nip, code=codes[staff[0].nip], now=NOW)
    assert "ditutup" in _messages(error)


def test_one_campaign_per_agency_and_election(campaign, ppk_officer):
    with pytest.raises(ValidationError):
        services.open_campaign(
            agency=campaign.agency,
            election=campaign.election,
            title="Lagi",
            text="Lagi",
            by=ppk_officer,
            now=NOW,
        )


def test_a_campaign_pairs_an_agency_only_with_an_election_held_in_its_region(
    regions, bantul, ppk_officer
):
    from netral.registry.models import Agency, Election
    from netral.registry.tests.factories import AgencyFactory, ElectionFactory

    dinsos = AgencyFactory(
        name="Dinas Sosial Kabupaten Bantul",
        kind=Agency.Kind.REGIONAL_UNIT,
        region=regions["sewon"],  # below Bantul: Bantul's and DIY's elections still cover it
    )
    sleman_election = ElectionFactory(region=regions["sleman"], name="Pemilihan Bupati Sleman")
    with pytest.raises(ValidationError) as error:
        services.open_campaign(
            agency=dinsos, election=sleman_election, title="Ikrar", text="Netral.", by=None, now=NOW
        )
    assert list(error.value.message_dict) == ["election"]
    assert "Pemilihan Bupati Sleman tidak diselenggarakan di wilayah" in _messages(error)
    assert "Dinas Sosial Kabupaten Bantul" in _messages(error)
    for election in (
        ElectionFactory(region=regions["bantul"]),
        ElectionFactory(region=regions["diy"], kind=Election.Kind.GOVERNOR),
        ElectionFactory(region=regions["sleman"], kind=Election.Kind.PRESIDENT),  # pemilu
    ):
        services.open_campaign(
            agency=dinsos, election=election, title="Ikrar", text="Netral.", by=None, now=NOW
        )


def _scan():
    return SimpleUploadedFile("daftar.pdf", b"%PDF-1.4 signed list", content_type="application/pdf")


def _csv(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "daftar.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_paper_list_marks_signed_and_keeps_earlier_signatures(
    campaign, staff, codes, ppk_officer, tmp_path
):
    first = services.sign_online(
        campaign=campaign, nip=staff[0].nip, code=codes[staff[0].nip], now=NOW
    )
    rows = "nip;nama\n" + "".join(f"{p.nip};{p.name}\n" for p in staff[:3])
    result = services.record_paper_list(
        campaign=campaign, scan=_scan(), table_path=_csv(tmp_path, rows), by=ppk_officer, now=NOW
    )
    assert (result.signed, result.already_signed, result.problems) == (2, 1, [])
    paper = PaperList.objects.get()
    assert len(paper.sha256) == 64
    assert Signature.objects.get(pk=first.pk).method == Signature.Method.ONLINE
    assert Signature.objects.filter(method=Signature.Method.PAPER).count() == 2


def test_the_same_scan_is_recorded_once_per_campaign(
    campaign, staff, ppk_officer, tmp_path, sleman, regions
):
    from netral.registry.tests.factories import ElectionFactory

    rows = "nip\n" + "".join(f"{p.nip}\n" for p in staff[:2])
    services.record_paper_list(
        campaign=campaign, scan=_scan(), table_path=_csv(tmp_path, rows), by=ppk_officer, now=NOW
    )
    more = "nip\n" + "".join(f"{p.nip}\n" for p in staff[2:])
    with pytest.raises(ValidationError) as error:
        services.record_paper_list(
            campaign=campaign,
            scan=_scan(),
            table_path=_csv(tmp_path, more),
            by=ppk_officer,
            now=NOW,
        )
    assert list(error.value.message_dict) == ["scan"]
    assert "Pindaian ini sudah dicatat pada" in _messages(error) and "daftar.pdf" in _messages(
        error
    )
    assert PaperList.objects.count() == 1
    assert Signature.objects.count() == 2
    assert CampaignEvent.objects.filter(type=CampaignEvent.Type.PAPER_LIST).count() == 1
    # Another scan is recorded; the same file for another campaign too.
    other = SimpleUploadedFile("daftar-2.pdf", b"%PDF-1.4 another list")
    services.record_paper_list(
        campaign=campaign, scan=other, table_path=_csv(tmp_path, more), by=ppk_officer, now=NOW
    )
    sleman_staff = CivilServantFactory(agency=sleman)
    sleman_campaign = services.open_campaign(
        agency=sleman,
        election=ElectionFactory(region=regions["sleman"]),
        title="Ikrar",
        text="Netral.",
        by=None,
        now=NOW,
    )
    services.record_paper_list(
        campaign=sleman_campaign,
        scan=_scan(),
        table_path=_csv(tmp_path, f"nip\n{sleman_staff.nip}\n"),
        by=None,
        now=NOW,
    )
    assert PaperList.objects.count() == 3


def test_paper_list_is_all_or_nothing_with_row_messages(
    campaign, staff, ppk_officer, tmp_path, sleman
):
    outsider = CivilServantFactory(agency=sleman)
    rows = f"nip,nama\n{staff[0].nip},A\n{staff[0].nip},A lagi\n{outsider.nip},B\n12345,C\n"
    result = services.record_paper_list(
        campaign=campaign, scan=_scan(), table_path=_csv(tmp_path, rows), by=ppk_officer, now=NOW
    )
    assert [(p.row, p.column) for p in result.problems] == [(3, "nip"), (4, "nip"), (5, "nip")]
    assert "sudah ada pada baris 2" in result.problems[0].message
    assert "tidak terdaftar" in result.problems[1].message
    assert not Signature.objects.exists()
    assert not PaperList.objects.exists()


def test_paper_list_without_nip_column_is_refused(campaign, ppk_officer, tmp_path):
    with pytest.raises(ValidationError) as error:
        services.record_paper_list(
            campaign=campaign,
            scan=_scan(),
            table_path=_csv(tmp_path, "nama\nBudi\n"),
            by=ppk_officer,
            now=NOW,
        )
    assert "nip" in _messages(error)


def test_paper_list_in_windows_encoding_is_read_with_a_note(campaign, staff, ppk_officer, tmp_path):
    rows = f"nip;nama\n{staff[0].nip};Sri Rahayu Pérez\n"
    result = services.record_paper_list(
        campaign=campaign,
        scan=_scan(),
        table_path=_csv(tmp_path, rows, "cp1252"),
        by=ppk_officer,
        now=NOW,
    )
    assert result.signed == 1
    assert any("Windows-1252" in note for note in result.notes)


def test_coverage_per_unit_lowest_first(campaign, staff, codes):
    services.sign_online(campaign=campaign, nip=staff[3].nip, code=codes[staff[3].nip], now=NOW)
    coverage = selectors.campaign_coverage(campaign)
    assert (coverage.staff, coverage.signed, coverage.percent) == (5, 1, 20)
    units = selectors.unit_coverage(campaign)
    assert [(u["unit"], u["signed"], u["staff"]) for u in units] == [
        ("Sekretariat", 0, 3),
        ("Dinas Pendidikan", 1, 2),
    ]


def test_events_have_declared_payloads(campaign):
    with pytest.raises(UndeclaredEvent):
        events.record_campaign_event(
            campaign, CampaignEvent.Type.CODES_ISSUED, by=None, now=NOW, surprise=1
        )


def test_lagging_units_are_reminded_to_the_runners(campaign, staff, codes, ppk_officer, mailoutbox):
    ppk_officer.email = "bkpsdm@bantulkab.go.id"
    ppk_officer.save()
    services.sign_online(campaign=campaign, nip=staff[3].nip, code=codes[staff[3].nip], now=NOW)
    assert services.remind_lagging_units(campaign=campaign, now=NOW, threshold=50) == 1
    (mail,) = mailoutbox
    assert mail.to == ["bkpsdm@bantulkab.go.id"]
    assert "Sekretariat" in mail.body
    assert "Dinas Pendidikan" not in mail.body
    event = campaign.events.get(type=CampaignEvent.Type.REMINDED)
    assert event.payload == {"units": ["Sekretariat"], "recipients": 1}


def test_no_reminder_without_runners_with_an_address(campaign, mailoutbox):
    assert services.remind_lagging_units(campaign=campaign, now=NOW) == 0
    assert mailoutbox == []


def test_signers_and_non_signers_are_compared_through_cases(
    campaign, staff, codes, bawaslu_bantul_officer, regions, election
):
    from netral.cases import services as case_services

    services.sign_online(campaign=campaign, nip=staff[0].nip, code=codes[staff[0].nip], now=NOW)
    for person in (staff[0], staff[1], staff[2]):
        facts = case_services.NewCase(
            title="Unggahan dukungan paslon",
            civil_servant_name="",
            civil_servant=person,
            region=regions["sewon"],
            election=election,
            summary="ASN membagikan materi kampanye.",
        )
        case_services.open_finding(facts=facts, by=bawaslu_bantul_officer, now=NOW)
    result = selectors.signer_comparison(campaign)
    assert (result["signers"].people, result["signers"].with_case) == (1, 1)
    assert (result["non_signers"].people, result["non_signers"].with_case) == (4, 2)
    assert result["non_signers"].per_thousand == 500.0


def test_remind_command_reports_what_it_sent(campaign, ppk_officer, mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    ppk_officer.email = "bkpsdm@bantulkab.go.id"
    ppk_officer.save()
    out = StringIO()
    call_command("prevention-remind", "--threshold", "50", stdout=out)
    assert "1 reminder(s) sent." in out.getvalue()
    assert len(mailoutbox) == 1
