"""Signing codes delivered by e-mail: the address list, the request, the worker's sending."""

import datetime as dt
import re
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import default_task_backend
from django.urls import reverse

from netral.prevention import code_delivery, services, tasks
from netral.prevention.models import CampaignEvent, SigningCode, StaffAddress
from netral.prevention.tests.conftest import NOW

pytestmark = pytest.mark.django_db
LATER = NOW + dt.timedelta(hours=1)


def _csv(tmp_path, text, name="alamat.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _list(campaign, tmp_path, people, by, extra=""):
    rows = "".join(f"{p.nip},{p.nip[-4:]}@bantulkab.go.id\n" for p in people)
    return code_delivery.record_addresses(
        campaign=campaign, table_path=_csv(tmp_path, "nip,email\n" + rows + extra), by=by, now=NOW
    )


def _send(campaign, ids, reissue=False, requested_at=NOW, now=LATER):
    return code_delivery.deliver_codes(
        campaign=campaign,
        civil_servant_ids=ids,
        requested_at=requested_at,
        reissue=reissue,
        now=now,
    )


def _code_in(message):
    return re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", message.body).group(1)


def test_address_list_is_all_or_nothing_with_row_messages(
    campaign, staff, ppk_officer, tmp_path, sleman
):
    text = (
        "nip,email\n"
        f"{staff[0].nip},budi@bantulkab.go.id\n"
        f"{staff[1].nip},bukan-alamat\n"
        f"{staff[2].nip},\n"
        f"{staff[0].nip},lagi@bantulkab.go.id\n"
        "123,x@y.id\n"
    )
    result = code_delivery.record_addresses(
        campaign=campaign, table_path=_csv(tmp_path, text), by=ppk_officer, now=NOW
    )
    assert not result.saved
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "email"),
        (4, "email"),
        (5, "nip"),
        (6, "nip"),
    ]
    assert "bukan-alamat" in result.problems[0].message
    assert not StaffAddress.objects.exists()
    assert not campaign.events.filter(type=CampaignEvent.Type.ADDRESSES_LISTED).exists()


def test_address_list_records_and_replaces(campaign, staff, ppk_officer, tmp_path):
    result = _list(campaign, tmp_path, staff[:3], ppk_officer)
    assert (result.saved, result.listed) == (True, 3)
    again = code_delivery.record_addresses(
        campaign=campaign,
        table_path=_csv(tmp_path, f"NIP;E-mail\n{staff[0].nip};Baru@Bantulkab.go.id\n"),
        by=ppk_officer,
        now=NOW,
    )
    assert again.listed == 1
    assert StaffAddress.objects.count() == 3
    assert StaffAddress.objects.get(civil_servant=staff[0]).email == "baru@bantulkab.go.id"
    event = campaign.events.filter(type=CampaignEvent.Type.ADDRESSES_LISTED).latest("pk")
    assert event.payload["listed"] == 1 and len(event.payload["sha256"]) == 64


def test_codes_are_emailed_once_and_sign(campaign, staff, ppk_officer, tmp_path):
    _list(campaign, tmp_path, staff[:3], ppk_officer)
    counts = code_delivery.request_code_emails(
        campaign=campaign, unit=None, reissue=False, by=ppk_officer, now=NOW
    )
    assert (counts.unsigned, counts.with_address, counts.without_address) == (5, 3, 2)
    ids = [p.pk for p in staff]  # the worker is given ids; those without address are not sent
    assert _send(campaign, ids) == 3
    assert len(mail.outbox) == 3
    message = next(m for m in mail.outbox if m.to == [f"{staff[0].nip[-4:]}@bantulkab.go.id"])
    code = _code_in(message)
    assert campaign.title in message.subject
    assert staff[0].name in message.body
    # Only the hash is kept; the code signs.
    row = SigningCode.objects.get(civil_servant=staff[0])
    assert code.replace("-", "") not in row.code_hash and row.emailed_at == LATER
    services.sign_online(campaign=campaign, nip=staff[0].nip, code=code, now=LATER)
    # Sending again sends nothing to those who hold an unused e-mailed code or signed.
    assert _send(campaign, ids, requested_at=LATER) == 0
    assert len(mail.outbox) == 3
    event = campaign.events.filter(type=CampaignEvent.Type.CODES_EMAILED).latest("pk")
    assert (event.payload["sent"], event.payload["skipped"]) == (0, 3)


def test_second_request_is_refused_unless_reissued(campaign, staff, ppk_officer, tmp_path):
    _list(campaign, tmp_path, staff[:2], ppk_officer)
    _send(campaign, [p.pk for p in staff[:2]], now=NOW)
    with pytest.raises(ValidationError, match="belum dipakai"):
        code_delivery.request_code_emails(
            campaign=campaign, unit=None, reissue=False, by=ppk_officer, now=LATER
        )
    first = _code_in(mail.outbox[0])
    code_delivery.request_code_emails(
        campaign=campaign, unit=None, reissue=True, by=ppk_officer, now=LATER
    )
    person = next(p for p in staff if p.nip[-4:] in mail.outbox[0].to[0])
    later = LATER + dt.timedelta(minutes=1)
    assert _send(campaign, [person.pk], reissue=True, requested_at=LATER, now=later) == 1
    # The same re-issue run twice (a double click, a retried task) sends once.
    assert _send(campaign, [person.pk], reissue=True, requested_at=LATER, now=later) == 0
    with pytest.raises(ValidationError, match="dikirim ke surel Anda"):
        services.sign_online(campaign=campaign, nip=person.nip, code=first, now=later)
    services.sign_online(
        campaign=campaign, nip=person.nip, code=_code_in(mail.outbox[-1]), now=later
    )


def test_a_refused_mail_keeps_the_earlier_code(
    campaign, staff, ppk_officer, tmp_path, codes, monkeypatch
):
    _list(campaign, tmp_path, staff[:1], ppk_officer)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({})

    monkeypatch.setattr(code_delivery, "send_mail", refuse)
    assert _send(campaign, [staff[0].pk]) == 0
    event = campaign.events.filter(type=CampaignEvent.Type.CODES_EMAILED).latest("pk")
    assert event.payload["failed"] == 1
    assert SigningCode.objects.get(civil_servant=staff[0]).emailed_at is None
    services.sign_online(campaign=campaign, nip=staff[0].nip, code=codes[staff[0].nip], now=LATER)


def test_printed_sheet_leaves_off_emailed_codes_unless_asked(
    campaign, staff, ppk_officer, tmp_path
):
    _list(campaign, tmp_path, staff[:3], ppk_officer)  # the three of Sekretariat
    _send(campaign, [p.pk for p in staff[:3]])
    with pytest.raises(ValidationError, match="dikirimi kode"):
        services.issue_codes(campaign=campaign, unit="Sekretariat", by=ppk_officer, now=LATER)
    assert len(services.issue_codes(campaign=campaign, unit=None, by=ppk_officer, now=LATER)) == 2
    again = services.issue_codes(
        campaign=campaign, unit="Sekretariat", by=ppk_officer, now=LATER, include_emailed=True
    )
    assert len(again) == 3
    assert code_delivery.delivery(campaign).emailed == 0


def test_the_task_sends(campaign, staff, ppk_officer, tmp_path):
    _list(campaign, tmp_path, staff[:2], ppk_officer)
    sent = tasks.email_signing_codes.call(
        campaign.pk, [p.pk for p in staff[:2]], NOW.isoformat(), False
    )
    assert sent == 2 and len(mail.outbox) == 2


def test_closed_campaign_sends_no_codes(campaign, staff, ppk_officer, tmp_path):
    _list(campaign, tmp_path, staff[:2], ppk_officer)
    services.close_campaign(campaign=campaign, by=ppk_officer, now=NOW)
    with pytest.raises(ValidationError):
        code_delivery.request_code_emails(
            campaign=campaign, unit=None, reissue=False, by=ppk_officer, now=NOW
        )


def test_a_campaign_closed_after_the_request_sends_nothing_at_task_time(
    campaign, staff, ppk_officer, tmp_path
):
    _list(campaign, tmp_path, staff[:2], ppk_officer)
    code_delivery.request_code_emails(
        campaign=campaign, unit=None, reissue=False, by=ppk_officer, now=NOW
    )
    services.close_campaign(campaign=campaign, by=ppk_officer, now=NOW)
    sent = tasks.email_signing_codes.call(
        campaign.pk, [p.pk for p in staff[:2]], NOW.isoformat(), False
    )
    assert sent == 0 and not mail.outbox
    assert not SigningCode.objects.filter(emailed_at__isnull=False).exists()


def test_one_persons_unexpected_failure_does_not_stop_the_others(
    campaign, staff, ppk_officer, tmp_path, monkeypatch
):
    _list(campaign, tmp_path, staff[:3], ppk_officer)
    send = code_delivery.send_mail
    calls = []

    def fail_first(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise UnicodeEncodeError("ascii", "é", 0, 1, "not ascii")
        return send(*args, **kwargs)

    monkeypatch.setattr(code_delivery, "send_mail", fail_first)
    assert _send(campaign, [p.pk for p in staff[:3]]) == 2
    assert len(mail.outbox) == 2
    event = campaign.events.filter(type=CampaignEvent.Type.CODES_EMAILED).latest("pk")
    assert (event.payload["sent"], event.payload["failed"]) == (2, 1)


# ---------------------------------------------------------------- pages


def _url(name, campaign):
    return reverse(f"prevention:{name}", args=[campaign.public_id])


def test_officer_uploads_addresses_and_emails_a_unit(
    client_for, ppk_officer, campaign, staff, django_capture_on_commit_callbacks
):
    client = client_for(ppk_officer)
    rows = "".join(f"{p.nip},p{n}@bantulkab.go.id\n" for n, p in enumerate(staff[:4]))
    response = client.post(
        _url("address_list", campaign),
        {"table": SimpleUploadedFile("a.csv", ("nip,email\n" + rows).encode())},
    )
    assert response.status_code == 302
    page = client.get(_url("campaign", campaign)).content.decode()
    assert "4 have an e-mail address listed" in page or "4 memiliki alamat surel" in page
    assert "Kode cetak yang belum dipakai tidak berlaku lagi" in page  # the e-mail replaces it
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("email_codes", campaign), {"unit": "Dinas Pendidikan"})
    assert response.status_code == 302
    [queued] = default_task_backend.results
    default_task_backend.clear()
    assert queued.task.name == tasks.email_signing_codes.name
    campaign_id, ids, _requested_at, reissue = queued.args
    assert campaign_id == campaign.pk and reissue is False
    assert sorted(ids) == sorted(p.pk for p in staff[3:4])  # staff[4] has no address
    event = campaign.events.get(type=CampaignEvent.Type.CODE_EMAILS_REQUESTED)
    assert event.actor == ppk_officer
    assert (event.payload["with_address"], event.payload["without_address"]) == (1, 1)
    assert mail.outbox == []  # the worker sends, not the request


def test_bad_address_list_shows_rows_and_saves_nothing(client_for, ppk_officer, campaign, staff):
    response = client_for(ppk_officer).post(
        _url("address_list", campaign),
        {"table": SimpleUploadedFile("a.csv", f"nip,email\n{staff[0].nip},x@\n".encode())},
    )
    assert response.status_code == 400
    [problem] = response.context["result"].problems
    assert (problem.row, problem.column) == (2, "email")
    assert not StaffAddress.objects.exists()


def test_address_list_of_the_wrong_type_is_refused(client_for, ppk_officer, campaign):
    response = client_for(ppk_officer).post(
        _url("address_list", campaign), {"table": SimpleUploadedFile("a.pdf", b"%PDF")}
    )
    assert response.status_code == 400
    assert "table" in response.context["form"].errors


@pytest.mark.parametrize(
    "actor",
    ["citizen", "bawaslu_bantul_officer", "bkn_officer", "bawaslu_sleman_officer"],
    indirect=True,
)
def test_only_the_personnel_office_lists_addresses_and_emails_codes(
    actor, client_for, campaign, staff
):
    client = client_for(actor)
    table = f"nip,email\n{staff[0].nip},a@b.id\n".encode()
    posts = {
        "address_list": {"table": SimpleUploadedFile("a.csv", table)},
        "email_codes": {"unit": "*"},
    }
    for name, data in posts.items():
        response = client.post(_url(name, campaign), data)
        assert response.status_code in (302, 404), name
        if response.status_code == 302:
            assert "/akun/" in response["Location"], name
    assert not StaffAddress.objects.exists()
    assert not campaign.events.filter(type=CampaignEvent.Type.CODE_EMAILS_REQUESTED).exists()
