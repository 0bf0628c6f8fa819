"""The JSON API of the reporting channel: explicit schemas, the common error shape."""

import datetime as dt
import json

import pytest
import time_machine
from django.tasks import default_task_backend

from netral.reports import crypto
from netral.reports.models import PendingDuplicateCheck, Report, ReporterIdentity
from netral.reports.tests import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 10, 3, 9, 41, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def api_fields(**overrides):
    data = {
        "track": "tip",
        "subject_name": "Budi Santoso",
        "incident_date": "2024-10-01",
        "region": "34.02.15",
        "election_kind": "bupati",
        "category": "banner",
        "description": "Memasang spanduk calon bupati di pagar kantor dinas.",
        "links": ["https://example.id/a", "https://example.id/b"],
    }
    data.update(overrides)
    return data


def test_submit_text_only(client, regions):
    response = client.post("/api/reports/", api_fields())
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"receipt", "reference", "track", "status", "submitted_at"}
    report = Report.objects.get()
    assert report.receipt_hash == crypto.receipt_hash(body["receipt"])
    assert report.channel == Report.Channel.API
    assert report.links.count() == 2
    assert body["submitted_at"].startswith("2024-10-03T09:00:00")


def test_submit_with_files_and_identity(client, regions, jpeg):
    data = api_fields(
        track="formal",
        reporter_name="Siti",
        reporter_nik="3402124107900001",
        reporter_address="Sewon",
        reporter_email="siti@example.id",
        evidence=[factories.upload(jpeg), factories.upload(jpeg, "kedua.jpg")],
    )
    response = client.post("/api/reports/", data)
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.evidence.count() == 2
    assert ReporterIdentity.objects.filter(report=report).exists()
    # The reporter sees on the submitted line that both files arrived.
    status = client.post(
        "/api/reports/status",
        json.dumps({"receipt": response.json()["receipt"]}),
        content_type="application/json",
    )
    submitted = [line for line in status.json()["timeline"] if line["type"] == "submitted"]
    assert [line["files"] for line in submitted] == [2]


def test_errors_use_the_common_shape(client, regions):
    response = client.post(
        "/api/reports/",
        api_fields(region="99.99", incident_date="2999-01-01", description="x" * 10_001),
    )
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    fields = {error["field"] for error in body["errors"]}
    assert {"region", "incident_date", "description"} <= fields
    assert Report.objects.count() == 0


def test_a_bad_file_is_named_in_the_error(client, regions):
    data = api_fields(evidence=[factories.upload(b"PK\x03\x04" + b"\0" * 30, "bukti.jpg")])
    response = client.post("/api/reports/", data)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "evidence" and "bukti.jpg" in error["message"]


def test_status_by_receipt_and_the_constant_unknown_answer(client, bantul_tip):
    response = client.post(
        "/api/reports/status",
        json.dumps({"receipt": bantul_tip.receipt}),
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "received"
    assert body["timeline"][0]["type"] == "submitted"
    unknown = [
        client.post(
            "/api/reports/status", json.dumps({"receipt": code}), content_type="application/json"
        )
        for code in (crypto.new_receipt(), "short")
    ]
    assert [r.status_code for r in unknown] == [404, 404]
    assert unknown[0].json() == unknown[1].json()


def test_status_guessing_is_rate_limited(client, regions):
    statuses = [
        client.post(
            "/api/reports/status",
            json.dumps({"receipt": crypto.new_receipt()}),
            content_type="application/json",
        ).status_code
        for _ in range(11)
    ]
    assert statuses[-1] == 429
    assert set(statuses[:10]) == {404}


def test_a_reply_with_a_file(client, bantul_tip, jpeg):
    response = client.post(
        "/api/reports/replies",
        {"receipt": bantul_tip.receipt, "body": "Tambahan", "evidence": factories.upload(jpeg)},
    )
    assert response.status_code == 201
    assert response.json()["timeline"][-1]["files"] == 1


def test_an_empty_reply_is_refused(client, bantul_tip):
    response = client.post("/api/reports/replies", {"receipt": bantul_tip.receipt, "body": ""})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


def test_the_openapi_document_lists_the_operations(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/reports/", "/api/reports/status", "/api/reports/replies"} <= set(paths)
    schema = paths["/api/reports/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in schema


def test_the_submission_documents_every_field_the_form_reads(client):
    from netral.reports.forms import ReportApiForm

    post = client.get("/api/openapi.json").json()["paths"]["/api/reports/"]["post"]
    body = post["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
    assert set(body) == set(ReportApiForm.base_fields)
    assert body["evidence"]["items"] == {"type": "string", "format": "binary"}
    assert body["links"]["type"] == "array" and body["reporter_consents"]["type"] == "boolean"
    assert post["requestBody"]["required"] is True


def test_a_report_sent_without_a_track_is_a_tip_as_documented(client, regions):
    fields = api_fields()
    del fields["track"]
    response = client.post("/api/reports/", fields)
    assert response.status_code == 201, response.content
    assert response.json()["track"] == Report.Track.TIP


def test_a_field_sent_twice_counts_once_with_its_last_value(client, regions):
    response = client.post("/api/reports/", api_fields(subject_name=["Budi", "Budi Santoso"]))
    assert response.status_code == 201, response.content
    assert Report.objects.get().subject_name == "Budi Santoso"


def _formal(consents: str) -> dict:
    return api_fields(
        track="formal",
        reporter_name="Siti",
        reporter_nik="3402124107900001",
        reporter_address="Sewon",
        reporter_email="siti@example.id",
        reporter_consents=consents,
    )


@pytest.mark.parametrize(
    ("word", "shareable"), [("true", True), ("Yes", True), ("1", True), ("no", False), ("0", False)]
)
def test_the_consent_is_read_as_the_boolean_it_is_documented_as(client, regions, word, shareable):
    response = client.post("/api/reports/", _formal(word))
    assert response.status_code == 201, response.content
    assert Report.objects.get().identity_shareable is shareable


def test_a_consent_that_is_no_boolean_is_refused_not_guessed(client, regions):
    response = client.post("/api/reports/", _formal("mungkin"), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "reporter_consents", "message": "Isi dengan true atau false."}
    ]
    assert Report.objects.count() == 0


def test_the_election_and_agency_codes_documented_are_taken(client, regions):
    from netral.registry.tests.factories import AgencyFactory, ElectionFactory

    election = ElectionFactory(code="pemilihan-bupati-bantul-2024")
    agency = AgencyFactory(code="DISDIK-BANTUL", name="Dinas Pendidikan")
    fields = api_fields(election=election.code, election_kind="", subject_agency_code=agency.code)
    assert client.post("/api/reports/", fields).status_code == 201
    report = Report.objects.get()
    assert (report.election, report.agency) == (election, agency)
    unknown = client.post("/api/reports/", api_fields(subject_agency_code="NOPE"))
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "subject_agency"


def test_witnesses_are_sealed_at_rest(client, regions, settings):
    fields = api_fields(witnesses="Ani Lestari, 0812 1111 2222")
    assert client.post("/api/reports/", fields).status_code == 201
    report = Report.objects.get()
    assert b"Ani" not in bytes(report.witnesses_sealed)
    from netral.reports import selectors

    assert selectors.witnesses(report) == "Ani Lestari, 0812 1111 2222"


def test_a_submission_starts_a_sound_chain_without_locking_or_reading_it(
    client, regions, django_assert_max_num_queries
):
    """The first event of a new report needs no lock and no look-up of a last link; a reply
    later is chained after it, and the whole chain verifies."""
    from netral.core.timeline import verify_chained
    from netral.reports.models import ReportEvent

    with django_assert_max_num_queries(9):  # 15, then 13 before the duplicate check left
        response = client.post("/api/reports/", api_fields())
    receipt = response.json()["receipt"]
    client.post("/api/reports/replies", {"receipt": receipt, "body": "Ada foto tambahan."})
    report = Report.objects.get()
    chain = list(report.events.order_by("seq").values_list("seq", "prev_hash"))
    assert chain[0] == (1, "") and [seq for seq, _prev in chain] == [1, 2]
    assert list(verify_chained(ReportEvent, "report", "report__code")) == []


def _report_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]


def test_the_submission_leaves_the_duplicate_check_to_the_worker(
    client, regions, django_assert_max_num_queries
):
    """The reporter waits for none of the four duplicate look-ups; the worker's next pass
    records the hint and its event for staff."""
    from netral.reports.models import PossibleDuplicate, ReportEvent

    client.post("/api/reports/", api_fields())
    assert factories.run_duplicate_checks() == 0  # the first report has nothing alike yet
    # 13 with the look-ups; on SQLite each row is an INSERT of its own (the pending check too).
    with django_assert_max_num_queries(10) as submission:
        response = client.post("/api/reports/", api_fields())
    assert response.status_code == 201
    reads = " ".join(_report_queries(submission.captured_queries))
    assert "reports_reportlink" not in reads and "subject_key" not in reads
    second = Report.objects.order_by("-id").first()
    assert not PossibleDuplicate.objects.filter(report=second).exists()
    assert factories.run_duplicate_checks() == 1
    hint = PossibleDuplicate.objects.get(report=second)
    assert hint.reasons == ["same_link", "same_person_and_date", "similar_text"]
    event = second.events.get(type=ReportEvent.Type.DUPLICATE_SUSPECTED)
    assert event.created_at == second.submitted_at  # the reporter's hour, not the worker's clock
    assert factories.run_duplicate_checks() == 0  # nothing queued twice


def test_a_report_waits_for_its_duplicate_check_without_a_queue(client, regions):
    """The check waits in a row written with the report: no task is queued, so a queue that is
    down cannot lose it, and the worker's next pass runs it."""
    response = client.post("/api/reports/", api_fields())
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.receipt_hash == crypto.receipt_hash(response.json()["receipt"])
    assert PendingDuplicateCheck.objects.filter(report=report).exists()
    assert not default_task_backend.results
    assert factories.run_duplicate_checks() == 0  # checked: nothing alike
    assert not PendingDuplicateCheck.objects.exists()


def test_a_warm_process_submits_without_reading_the_registry(
    client, regions, django_assert_max_num_queries, settings
):
    """Once this process has the region (and agency) cached, an API text report is the report,
    its links and its first event: 15 statements in issue 19, 8 before the cache."""
    settings.NETRAL_INTAKE_RATE_LIMITS = False
    client.post("/api/reports/", api_fields(subject_agency_code=""))
    # Three INSERTs; on SQLite under the test's transaction also SAVEPOINT and RELEASE.
    with django_assert_max_num_queries(6) as captured:
        response = client.post("/api/reports/", api_fields(subject_name="Ani"))
    assert response.status_code == 201
    assert not [q["sql"] for q in captured.captured_queries if "registry_" in q["sql"]]


def test_on_postgresql_a_text_report_is_one_statement(
    client, regions, django_assert_max_num_queries, settings
):
    """The report, its links and its first event in one `WITH … INSERT` statement, atomic by
    itself: no transaction, no savepoint (decision 0175)."""
    from django.db import connection

    from netral.reports.models import ReportEvent

    if connection.vendor != "postgresql":
        pytest.skip("SQLite saves the rows one by one in a transaction")
    settings.NETRAL_INTAKE_RATE_LIMITS = False
    client.post("/api/reports/", api_fields())
    with django_assert_max_num_queries(1) as captured:
        response = client.post("/api/reports/", api_fields(subject_name="Ani"))
    assert response.status_code == 201
    assert captured.captured_queries[0]["sql"].startswith("WITH ")
    report = Report.objects.get(subject_name="Ani")
    assert report.links.count() == 2
    assert list(report.events.values_list("seq", "type")) == [(1, ReportEvent.Type.SUBMITTED)]


def test_on_postgresql_a_photo_report_is_one_statement_too(
    client, regions, jpeg, evidence_storage, django_assert_max_num_queries, settings
):
    """The evidence's rows join the report's statement (issue 19): no transaction for a report
    with files either, and the file itself is in storage."""
    from django.db import connection

    from netral.reports.models import Evidence

    if connection.vendor != "postgresql":
        pytest.skip("SQLite saves the rows one by one in a transaction")
    settings.NETRAL_INTAKE_RATE_LIMITS = False
    client.post("/api/reports/", api_fields())
    data = api_fields(subject_name="Ani", evidence=[factories.upload(jpeg)])
    with django_assert_max_num_queries(1) as captured:
        response = client.post("/api/reports/", data)
    assert response.status_code == 201
    assert captured.captured_queries[0]["sql"].startswith("WITH ")
    [evidence] = Evidence.objects.filter(report__subject_name="Ani")
    assert evidence.processing == Evidence.Processing.PENDING
    assert evidence_storage.exists(evidence.storage_name)


@pytest.mark.django_db(transaction=True)  # the report's own atomicity, not the test's
def test_a_report_whose_evidence_row_is_refused_is_not_stored_and_its_file_goes(
    client, regions, jpeg, evidence_storage, monkeypatch
):
    """The report and its files' rows are stored together or not at all (one statement on
    PostgreSQL, one transaction elsewhere), and a file whose row was refused is taken away."""
    from django.db import IntegrityError

    from netral.reports.services import intake

    rows = intake._evidence_rows

    def _refused_rows(*args, **kwargs):
        made = rows(*args, **kwargs)
        made[0].size = -1  # the database's own check refuses it
        return made

    monkeypatch.setattr(intake, "_evidence_rows", _refused_rows)
    with pytest.raises(IntegrityError):
        client.post("/api/reports/", api_fields(evidence=[factories.upload(jpeg)]))
    assert not Report.objects.exists()
    assert evidence_storage.listdir("originals") == ([], [])


def _interrupt_the_statement(monkeypatch, error):
    from netral.core import inserts

    def _interrupted(parent, groups):
        raise error

    monkeypatch.setattr(inserts, "insert_together", _interrupted)


def test_a_file_stays_when_the_connection_is_lost_mid_statement(
    client, regions, jpeg, evidence_storage, monkeypatch
):
    """The connection may drop after PostgreSQL stored the report: the reporter is told to try
    again, and the file stays (at worst a file no row names), never a report without it."""
    from django.db import OperationalError

    _interrupt_the_statement(monkeypatch, OperationalError("connection lost"))
    response = client.post("/api/reports/", api_fields(evidence=[factories.upload(jpeg)]))
    assert response.status_code == 503
    assert len(evidence_storage.listdir("originals")[1]) == 1


def test_a_file_stays_when_the_process_stops_mid_statement(
    client, regions, jpeg, evidence_storage, monkeypatch
):
    """A worker stopped mid-statement (a timeout's SystemExit) may have stored the report."""
    _interrupt_the_statement(monkeypatch, SystemExit(1))
    with pytest.raises(SystemExit):
        client.post("/api/reports/", api_fields(evidence=[factories.upload(jpeg)]))
    assert len(evidence_storage.listdir("originals")[1]) == 1


def _field_state(form_class):
    return {
        name: (dict(field.widget.attrs), list(getattr(field, "choices", [])), field.required)
        for name, field in form_class.base_fields.items()
    }


def test_the_api_form_leaves_the_shared_fields_as_they_were(client, regions):
    # The API's form shares the class's field objects (core.forms.ValidatesOnly): checking a
    # report, good or bad, must not change them for the next request or for the web form.
    from netral.reports.forms import ReportApiForm

    before = _field_state(ReportApiForm)
    assert client.post("/api/reports/", api_fields(category="nope")).status_code == 422
    assert client.post("/api/reports/", api_fields()).status_code == 201
    assert _field_state(ReportApiForm) == before
