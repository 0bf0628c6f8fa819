import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from nacl.exceptions import CryptoError

from netral.reports import crypto, services
from netral.reports.models import (
    Evidence,
    PossibleDuplicate,
    Report,
    ReportDraft,
    ReporterIdentity,
    ReportEvent,
    ReportMessage,
)
from netral.reports.tests import factories

pytestmark = pytest.mark.django_db


def test_a_tip_is_stored_without_identity_and_with_a_receipt(regions, now):
    submission = factories.submit(now=now)
    report = submission.report
    assert report.track == Report.Track.TIP
    assert report.status == Report.Status.RECEIVED
    assert not ReporterIdentity.objects.filter(report=report).exists()
    assert crypto.normalise_receipt(submission.receipt) is not None
    assert report.act_code == "social_media_support"


def test_a_tip_never_keeps_identity_even_if_one_is_given(regions, now):
    report = factories.submit(now=now, identity=factories.identity()).report
    assert not ReporterIdentity.objects.filter(report=report).exists()


def test_the_receipt_is_stored_only_as_a_keyed_hash(regions, now):
    submission = factories.submit(now=now)
    stored = Report.objects.values_list("receipt_hash", flat=True).get()
    plain = crypto.normalise_receipt(submission.receipt)
    assert plain not in stored
    assert stored == crypto.receipt_hash(submission.receipt)
    assert len(plain) == 20  # 100 bits of Crockford base32


def test_receipt_hash_depends_on_the_key(regions, now, settings):
    submission = factories.submit(now=now)
    before = crypto.receipt_hash(submission.receipt)
    settings.NETRAL_RECEIPT_KEY = "another-key"
    assert crypto.receipt_hash(submission.receipt) != before


def test_receipts_forgive_case_spaces_and_confusable_letters():
    code = "ABCD-EFGH-JKMN-PQRS-0011"
    assert crypto.normalise_receipt("abcd efgh jkmn pqrs oOiL") == code.replace("-", "")
    assert crypto.receipt_hash("abcd efgh jkmn pqrs oOiL") == crypto.receipt_hash(code)
    assert crypto.normalise_receipt("ABCD-EFGH") is None
    assert crypto.normalise_receipt("ABCD-EFGH-JKMN-PQRS-TVWU") is None  # U is not Crockford


def test_submission_time_is_rounded_to_the_hour(regions, now):
    report = factories.submit(now=now).report
    assert report.submitted_at == now.replace(minute=0, second=0)
    assert report.events.get().created_at == report.submitted_at


def test_coordinates_are_coarsened_to_about_a_kilometre(regions, now):
    report = factories.submit(now=now).report
    report.refresh_from_db()
    assert report.latitude == Decimal("-7.86")
    assert report.longitude == Decimal("110.36")


def test_a_formal_report_seals_the_identity(regions, now):
    submission = factories.submit(
        now=now,
        track=Report.Track.FORMAL,
        identity=factories.identity(),
        discovered_on=dt.date(2024, 10, 2),
    )
    report = submission.report
    sealed = bytes(ReporterIdentity.objects.get(report=report).ciphertext)
    assert b"Siti" not in sealed and b"3402124107900001" not in sealed
    assert crypto.unseal(sealed)["nik"] == "3402124107900001"
    assert report.window_last_day == dt.date(2024, 10, 9)
    event = report.events.get(type=ReportEvent.Type.SUBMITTED)
    assert event.payload["legal_basis"] == "UU 10/2016 Pasal 134 ayat (4)"
    assert "Siti" not in str(event.payload)


def test_a_tampered_identity_does_not_open(regions, now):
    sealed = bytearray(crypto.seal({"name": "Siti"}))
    sealed[-1] ^= 1
    with pytest.raises(CryptoError):
        crypto.unseal(bytes(sealed))


def test_a_formal_report_after_seven_days_is_refused_with_its_legal_basis(regions, now):
    with pytest.raises(ValidationError) as problem:
        factories.submit(
            now=now,
            track=Report.Track.FORMAL,
            identity=factories.identity(),
            incident_date=dt.date(2024, 9, 20),
            discovered_on=dt.date(2024, 9, 20),
        )
    message = problem.value.message_dict["discovered_on"][0]
    assert "UU 10/2016 Pasal 134 ayat (4)" in message
    assert Report.objects.count() == 0


def test_pemilu_counts_working_days(regions, now):
    # Discovered Friday 27 September 2024: seven working days end on Tuesday 8 October.
    report = factories.submit(
        now=now,
        track=Report.Track.FORMAL,
        identity=factories.identity(),
        election_kind="legislatif",
        incident_date=dt.date(2024, 9, 27),
        discovered_on=dt.date(2024, 9, 27),
    ).report
    assert report.window_last_day == dt.date(2024, 10, 8)


def test_a_formal_report_needs_an_identity(regions, now):
    with pytest.raises(ValidationError):
        factories.submit(now=now, track=Report.Track.FORMAL)


def test_evidence_is_stored_untouched_with_hash_preview_and_metadata(
    regions, now, jpeg, evidence_storage
):
    report = factories.submit(now=now, files=[jpeg]).report
    item = Evidence.objects.get(report=report)
    with evidence_storage.open(item.storage_name) as stored:
        assert stored.read() == jpeg
    assert item.size == len(jpeg)
    assert item.sha256 == hashlib.sha256(jpeg).hexdigest()
    assert item.metadata["device"] == "Samsung Galaxy A14"
    assert item.metadata["taken_at"] == "2024:10:01 14:30:05"
    assert item.metadata["gps"] == {"latitude": -7.9, "longitude": 110.36}
    with evidence_storage.open(item.preview_name) as preview:
        assert b"Exif" not in preview.read()
    assert report.events.get(type=ReportEvent.Type.SUBMITTED).payload["files"] == 1


def test_files_are_removed_when_the_transaction_fails(regions, now, jpeg, evidence_storage):
    with pytest.raises(ValidationError):
        factories.submit(now=now, files=[jpeg], track=Report.Track.FORMAL)  # no identity
    assert evidence_storage.listdir("")[0] == []
    assert evidence_storage.listdir("")[1] == []


def test_too_many_files_are_refused(regions, now, jpeg, settings):
    settings.NETRAL_EVIDENCE_MAX_FILES = 2
    with pytest.raises(ValidationError):
        factories.submit(now=now, files=[jpeg, jpeg, jpeg])
    assert Report.objects.count() == 0


def test_same_link_is_linked_as_a_possible_duplicate(regions, now):
    first = factories.submit(now=now).report
    second = factories.submit_checked(
        now=now,
        subject_name="Orang Lain",
        description="Sesuatu yang sangat berbeda terjadi di kantor kecamatan pada hari itu.",
        links=("https://m.facebook.com/budi.santoso/posts/123/?utm_source=wa",),
    ).report
    hint = PossibleDuplicate.objects.get(report=second)
    assert hint.other == first
    assert hint.reasons == ["same_link"]
    assert second.status == Report.Status.RECEIVED  # never dropped or merged silently
    event = second.events.get(type=ReportEvent.Type.DUPLICATE_SUSPECTED)
    assert event.payload["others"][0]["code"] == first.code


def test_same_person_and_date_and_similar_text_are_hints(regions, now):
    first = factories.submit(now=now, links=()).report
    second = factories.submit_checked(
        now=now,
        links=(),
        subject_name="  budi   SANTOSO ",
        description="Membagikan poster kampanye pasangan calon nomor 2 di grup WhatsApp para guru.",
    ).report
    hint = PossibleDuplicate.objects.get(report=second, other=first)
    assert hint.reasons == ["same_person_and_date", "similar_text"]


def test_unrelated_reports_are_not_hints(regions, now):
    factories.submit(now=now)
    factories.submit_checked(
        now=now,
        subject_name="Ani Wijaya",
        links=(),
        incident_date=dt.date(2024, 9, 1),
        description="Memasang spanduk calon gubernur di pagar kantor dinas kesehatan.",
    )
    assert PossibleDuplicate.objects.count() == 0


def test_request_information_and_the_reply_round_trip(bantul_tip, bawaslu_bantul_officer, now):
    report = bantul_tip.report
    question = services.request_information(
        report=report, by=bawaslu_bantul_officer, message="Kapan tepatnya?", now=now
    )
    report.refresh_from_db()
    assert report.status == Report.Status.INFO_REQUESTED
    assert question.organisation.name == "Bawaslu Kabupaten Bantul"
    answer = services.add_reply(report=report, body="Pukul 10 pagi.", evidence=[], now=now)
    report.refresh_from_db()
    assert report.status == Report.Status.RECEIVED
    assert answer.direction == ReportMessage.Direction.FROM_REPORTER
    types = list(report.events.values_list("type", flat=True))
    assert types == ["submitted", "info_requested", "reply_received"]


def test_a_reply_needs_a_message_or_a_file(bantul_tip, now):
    with pytest.raises(ValidationError):
        services.add_reply(report=bantul_tip.report, body="   ", evidence=[], now=now)


def test_a_reply_with_only_a_file_is_evidence_added(bantul_tip, now, jpeg):
    services.add_reply(
        report=bantul_tip.report, body="", evidence=[factories.inspected(jpeg)], now=now
    )
    assert bantul_tip.report.events.filter(type="evidence_added").exists()
    assert Evidence.objects.get().message is not None


def test_a_tip_becomes_formal_when_identity_is_added_in_time(bantul_tip, now):
    report = services.add_identity(
        report=bantul_tip.report,
        identity=factories.identity(),
        discovered_on=dt.date(2024, 10, 1),
        now=now,
    )
    assert report.track == Report.Track.FORMAL
    assert report.window_last_day == dt.date(2024, 10, 8)
    assert crypto.unseal(report.identity.ciphertext)["name"] == "Siti Rahayu"
    assert report.events.filter(type="identity_added").count() == 1


def test_adding_identity_too_late_is_refused(bantul_tip, now):
    with pytest.raises(ValidationError) as problem:
        services.add_identity(
            report=bantul_tip.report,
            identity=factories.identity(),
            discovered_on=dt.date(2024, 9, 1),
            now=now,
        )
    assert "discovered_on" in problem.value.message_dict
    assert not ReporterIdentity.objects.exists()


def test_reading_the_identity_is_an_event(regions, now, bawaslu_bantul_officer):
    report = factories.submit(
        now=now, track=Report.Track.FORMAL, identity=factories.identity()
    ).report
    identity = services.read_identity(report=report, by=bawaslu_bantul_officer, now=now)
    assert identity["phone"] == "+6281234567890"
    event = report.events.get(type=ReportEvent.Type.IDENTITY_READ)
    assert event.actor == bawaslu_bantul_officer
    assert event.organisation.name == "Bawaslu Kabupaten Bantul"
    assert "Siti" not in str(event.payload)


def test_triage_decisions_close_the_report(bantul_tip, bawaslu_bantul_officer, now):
    report = services.accept_report(report=bantul_tip.report, by=bawaslu_bantul_officer, now=now)
    assert report.status == Report.Status.ACCEPTED
    with pytest.raises(ValidationError):
        services.reject_report(report=report, by=bawaslu_bantul_officer, reason="x", now=now)


def test_reject_needs_a_reason_the_reporter_reads(bantul_tip, bawaslu_bantul_officer, now):
    with pytest.raises(ValidationError):
        services.reject_report(
            report=bantul_tip.report, by=bawaslu_bantul_officer, reason=" ", now=now
        )
    report = services.reject_report(
        report=bantul_tip.report, by=bawaslu_bantul_officer, reason="Bukan ASN.", now=now
    )
    assert report.decision_reason == "Bukan ASN."


def test_mark_duplicate_points_at_the_root(regions, now, bawaslu_bantul_officer):
    first = factories.submit(now=now).report
    second = factories.submit(now=now).report
    third = factories.submit(now=now).report
    services.mark_duplicate(report=second, original=first, by=bawaslu_bantul_officer, now=now)
    second.refresh_from_db()
    marked = services.mark_duplicate(
        report=third, original=second, by=bawaslu_bantul_officer, now=now
    )
    assert marked.duplicate_of == first
    with pytest.raises(ValidationError):
        services.mark_duplicate(report=first, original=first, by=bawaslu_bantul_officer, now=now)


def test_events_are_append_only(bantul_tip):
    event = bantul_tip.report.events.get()
    event.payload = {"changed": True}
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_drafts_keep_data_sealed_and_files_until_they_expire(
    regions, now, jpeg, evidence_storage, django_capture_on_commit_callbacks
):
    token = crypto.new_token()
    draft = services.save_draft(
        token=token,
        data={"subject_name": ["Budi"], "reporter_nik": ["3402124107900001"]},
        files=[factories.inspected(jpeg)],
        remove=[],
        now=now,
    )
    assert b"3402124107900001" not in bytes(draft.ciphertext)
    loaded = services.load_draft(token=token, now=now)
    assert services.draft_data(loaded)["subject_name"] == ["Budi"]
    [(item, handle)] = services.open_draft_files(loaded)
    assert handle.read() == jpeg
    handle.close()
    later = now + dt.timedelta(hours=2, seconds=1)
    assert services.load_draft(token=token, now=later) is None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete_expired_drafts(now=later) == 1
    assert not evidence_storage.exists(item.storage_name)


def test_a_draft_file_can_be_removed(regions, now, jpeg):
    token = crypto.new_token()
    draft = services.save_draft(
        token=token, data={}, files=[factories.inspected(jpeg)], remove=[], now=now
    )
    item = draft.files.get()
    services.save_draft(token=token, data={}, files=[], remove=[str(item.uuid)], now=now)
    assert draft.files.count() == 0


def test_the_cleanup_command_deletes_expired_drafts(regions, now):
    services.save_draft(token=crypto.new_token(), data={}, files=[], remove=[], now=now)
    out = io.StringIO()
    call_command("cleanup_report_drafts", stdout=out)
    assert out.getvalue().startswith("1 ")


def test_consent_to_share_the_identity_is_kept_beside_it(regions, now):
    report = factories.submit(
        now=now, track=Report.Track.FORMAL, identity=factories.identity(shareable=True)
    ).report
    assert report.identity_shareable is True
    assert "shareable" not in crypto.unseal(report.identity.ciphertext)
    without = factories.submit(
        now=now, track=Report.Track.FORMAL, identity=factories.identity()
    ).report
    assert without.identity_shareable is False


def test_a_closed_draft_remembers_its_report_and_drops_its_data(regions, now, jpeg, bantul_tip):
    token = crypto.new_token()
    services.save_draft(
        token=token, data={"x": ["y"]}, files=[factories.inspected(jpeg)], remove=[], now=now
    )
    services.close_draft(token=token, report=bantul_tip.report, now=now)
    draft = ReportDraft.objects.get(report=bantul_tip.report)
    assert bytes(draft.ciphertext) == b"" and draft.files.count() == 0
    assert services.submitted_report(token=token, now=now) == bantul_tip.report
    assert services.load_draft(token=token, now=now) is None
    assert services.submitted_report(token=crypto.new_token(), now=now) is None


def test_the_reporter_reads_a_rejection_s_reason_and_no_other_headline(
    bantul_tip, bawaslu_bantul_officer, now
):
    from netral.reports import selectors

    report = services.reject_report(
        report=bantul_tip.report, by=bawaslu_bantul_officer, reason="Bukan ASN.", now=now
    )
    texts = {entry.type: entry.text for entry in selectors.public_timeline(report)}
    assert texts["rejected"] == "Bukan ASN."
    assert ReportEvent.PUBLIC_HEADLINES <= ReportEvent.PUBLIC_TYPES
