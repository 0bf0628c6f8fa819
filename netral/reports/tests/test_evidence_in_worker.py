"""Images are checked by their header in the request and decoded by the task worker (decision
0180): the report and its receipt are stored first, and nothing is lost if the worker is down."""

import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.tasks import default_task_backend
from django.urls import reverse
from PIL import Image

from netral.reports import evidence, services, tasks
from netral.reports.models import Evidence, Report, ReportEvent
from netral.reports.services import evidence_checks
from netral.reports.tests import factories
from netral.reports.tests.test_api import api_fields

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 10, 3, 9, 41, 27, tzinfo=dt.UTC)


def _post(client, *files, **headers):
    uploads = [factories.upload(content, f"foto{n}.jpg") for n, content in enumerate(files)]
    with time_machine.travel(NOW, tick=False):
        return client.post("/api/reports/", {**api_fields(), "evidence": uploads}, **headers)


def _damaged_jpeg() -> bytes:
    """A photo whose header reads well but whose picture data stops a third of the way in."""
    whole = factories.jpeg_bytes(size=(800, 600))
    return whole[: len(whole) // 3]


def _never_decode(*args, **kwargs):
    raise AssertionError("an image was decoded in the request")


def test_the_request_stores_a_photo_unread_and_the_worker_previews_it(
    client, regions, jpeg, monkeypatch, django_capture_on_commit_callbacks, evidence_storage
):
    monkeypatch.setattr(evidence, "_decode_image", _never_decode)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, jpeg)
    assert response.status_code == 201 and response.json()["receipt"]
    item = Evidence.objects.get()
    assert (item.processing, item.preview_name) == (Evidence.Processing.PENDING, "")
    assert item.metadata == {"width": 64, "height": 48}  # from the header alone
    monkeypatch.undo()
    assert factories.run_evidence_checks() == 1
    item.refresh_from_db()
    assert item.processing == Evidence.Processing.CHECKED
    assert item.metadata["device"] == "Samsung Galaxy A14"
    assert item.metadata["gps"] == {"latitude": -7.9, "longitude": 110.36}
    preview = Image.open(evidence_storage.open(item.preview_name))
    assert preview.format == "JPEG" and not preview.getexif()
    assert tasks.check_evidence.call([str(item.uuid)]) == 0  # a second run changes nothing


def test_no_task_is_queued_and_without_a_worker_the_command_checks_later(client, regions, jpeg):
    """The image waits on its own row (0185): no queue can lose it, and where no worker runs
    `requeue-evidence --here` checks it."""
    response = _post(client, jpeg)
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.receipt_hash and report.evidence.get().processing == "pending"
    assert not default_task_backend.results
    out = io.StringIO()
    call_command("requeue-evidence", stdout=out)
    assert "1 evidence file(s) wait for the worker" in out.getvalue()
    call_command("requeue-evidence", "--here", stdout=out)
    assert "1 unchecked evidence file(s) checked, 0 still waiting" in out.getvalue()
    assert report.evidence.get().processing == "checked"


def test_a_pass_checks_a_bounded_number_of_images(client, regions, jpeg, monkeypatch):
    monkeypatch.setattr(evidence_checks, "IMAGES_PER_PASS", 2)
    assert _post(client, jpeg, jpeg, jpeg).status_code == 201
    assert services.check_pending_evidence(now=NOW) == 2
    assert services.check_pending_evidence(now=NOW) == 1
    assert set(Evidence.objects.values_list("processing", flat=True)) == {"checked"}
    assert services.check_pending_evidence(now=NOW) == 0


def test_a_damaged_image_found_by_the_worker_keeps_the_report(
    client, regions, jpeg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, jpeg, _damaged_jpeg())
    assert response.status_code == 201
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        assert factories.run_evidence_checks() == 2
    report = Report.objects.get()
    states = list(report.evidence.order_by("original_name").values_list("processing", flat=True))
    assert states == ["checked", "damaged"]
    damaged = report.evidence.get(processing="damaged")
    assert damaged.preview_name == "" and damaged.storage_name  # kept as it was sent
    event = report.events.get(type=ReportEvent.Type.EVIDENCE_DAMAGED)
    assert event.payload == {"evidence": str(damaged.uuid), "sha256": damaged.sha256}
    assert event.created_at == NOW.replace(minute=0, second=0)  # the hour, not the second
    assert ReportEvent.Type.EVIDENCE_DAMAGED not in ReportEvent.PUBLIC_TYPES


def test_a_damaged_image_is_dated_to_the_reports_hour_not_the_workers(
    client, regions, jpeg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, _damaged_jpeg()).status_code == 201
    with time_machine.travel(NOW + dt.timedelta(hours=5), tick=False):
        assert factories.run_evidence_checks() == 1
    report = Report.objects.get()
    event = report.events.get(type=ReportEvent.Type.EVIDENCE_DAMAGED)
    assert event.created_at == NOW.replace(minute=0, second=0)
    latest = report.events.exclude(pk=event.pk).order_by("-created_at").first()
    assert event.created_at >= latest.created_at


def test_the_reporter_status_page_says_nothing_of_the_check(
    client, regions, jpeg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receipt = _post(client, _damaged_jpeg()).json()["receipt"]
    factories.run_evidence_checks()
    assert Evidence.objects.get().processing == "damaged"
    assert client.post(reverse("reports:check"), {"receipt": receipt}).status_code == 302
    for language, words in (("id", ("rusak", "diperiksa")), ("en", ("damaged", "checked"))):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(reverse("reports:status"))
        assert page.status_code == 200
        assert not [word for word in words if word in page.content.decode().lower()]


def test_the_pixel_limit_is_refused_in_the_request_in_the_readers_language(
    client, regions, settings, monkeypatch
):
    settings.NETRAL_EVIDENCE_MAX_PIXELS = 1000
    monkeypatch.setattr(evidence, "_decode_image", _never_decode)
    response = _post(client, factories.jpeg_bytes(size=(40, 30)), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 422
    message = response.json()["errors"][0]["message"]
    assert "ukuran piksel gambar terlalu besar untuk dibuka dengan aman" in message
    assert not Report.objects.exists()


def test_an_image_whose_header_cannot_be_read_is_refused_in_the_request(client, regions, jpeg):
    broken = jpeg[:2] + b"\xff\xc0\x00\x02" + b"\x00" * 40  # a JPEG start, then no frame
    response = _post(client, broken, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 422
    assert "gambar rusak atau tidak lengkap" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("state", ["pending", "damaged"])
def test_staff_see_an_unchecked_or_damaged_image_plainly(
    client_for, bawaslu_bantul_officer, regions, jpeg, state
):
    client = client_for(bawaslu_bantul_officer)
    with time_machine.travel(NOW, tick=False):
        submission = factories.submit(now=NOW)
    report = submission.report
    item = Evidence.objects.create(
        report=report,
        kind="image",
        content_type="image/jpeg",
        original_name="foto.jpg",
        size=len(jpeg),
        sha256="0" * 64,
        storage_name="originals/x.jpg",
        added_at=NOW,
        processing=state,
        metadata={"width": 64, "height": 48},
    )
    page = client.get(reverse("reports:staff_detail", args=[report.code]))
    assert page.status_code == 200
    label = {"pending": "Sedang diperiksa", "damaged": "Rusak"}[state]
    assert label in page.content.decode()
    preview = client.get(reverse("reports:preview", args=[report.code, item.uuid]))
    assert preview.status_code == 404


def test_past_the_per_image_decode_allowance_the_worker_checks_without_a_preview(
    client, regions, settings, django_capture_on_commit_callbacks
):
    settings.NETRAL_EVIDENCE_DECODE_PIXELS = 1000  # a 40 × 30 PNG costs 1,200
    small, large = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (20, 20)).save(small, format="PNG")
    Image.new("RGB", (40, 30)).save(large, format="PNG")
    uploads = [
        factories.upload(small.getvalue(), "a.png"),
        factories.upload(large.getvalue(), "b.png"),
    ]
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(NOW, tick=False):
        assert (
            client.post("/api/reports/", {**api_fields(), "evidence": uploads}).status_code == 201
        )
    factories.run_evidence_checks()
    a, b = Evidence.objects.order_by("original_name")
    assert (a.processing, bool(a.preview_name)) == ("checked", True)
    assert (b.processing, bool(b.preview_name)) == ("checked", False)
    assert b.metadata == {"width": 40, "height": 30, "preview": "too_large"}


def test_the_pending_image_is_stored_with_the_report_or_not_at_all(client, regions, jpeg, settings):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(RuntimeError), transaction.atomic():
        _post(client, jpeg)
        assert Evidence.objects.filter(processing="pending").count() == 1
        raise RuntimeError("the submission's transaction fails after the report was written")
    assert not Report.objects.exists() and not Evidence.objects.exists()
    assert _post(client, jpeg).status_code == 201
    assert Evidence.objects.get().processing == "pending"
    assert not DBTaskResult.objects.exists()  # no queue row dates the report to the second


def _legacy_checks(count: int) -> list:
    """Evidence-check task rows as submissions queued them before decision 0185."""
    from django_tasks_db.models import DBTaskResult

    for _n in range(count):
        tasks.check_evidence.enqueue([])
    return list(DBTaskResult.objects.order_by("enqueued_at", "id"))


def test_the_sweep_forgets_finished_intake_tasks_which_date_a_report_to_the_second(
    client, regions, jpeg, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    done, waiting = _legacy_checks(2)
    DBTaskResult.objects.filter(pk=done.pk).update(status="SUCCESSFUL")
    other = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="netral.insights.tasks.refresh_figures",
        status="SUCCESSFUL",
        backend_name="default",
        run_after=NOW,
    )
    out = io.StringIO()
    call_command("requeue-evidence", stdout=out)
    assert "1 finished or stalled intake task(s) forgotten" in out.getvalue()
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert done.pk not in left and {waiting.pk, other.pk} <= left


def test_a_photo_in_a_reply_is_checked_by_the_worker_too(
    client, bantul_tip, jpeg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/reports/replies",
            {
                "receipt": bantul_tip.receipt,
                "body": "Foto tambahan",
                "evidence": [factories.upload(jpeg)],
            },
        )
    assert response.status_code == 201
    item = bantul_tip.report.evidence.get()
    assert (item.processing, item.message_id is not None) == ("pending", True)
    assert factories.run_evidence_checks() == 1
    item.refresh_from_db()
    assert item.processing == "checked" and item.preview_name


def test_gps_degrees_that_are_not_a_place_on_earth_are_dropped():
    from PIL.TiffImagePlugin import IFDRational

    nothing = (IFDRational(0, 0),) * 3  # 0/0 rationals read as NaN
    assert evidence._degrees(nothing, "N", limit=90) is None
    assert evidence._degrees((91, 0, 0), "N", limit=90) is None
    assert evidence._degrees((181, 0, 0), "E", limit=180) is None
    assert evidence._degrees((7, 54, 0), "S", limit=90) == -7.9


def test_an_image_the_worker_cannot_store_is_settled_and_the_others_still_checked(
    client, regions, jpeg, monkeypatch, django_capture_on_commit_callbacks, evidence_storage
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, jpeg, jpeg).status_code == 201
    first = Evidence.objects.order_by("original_name").first()
    process = evidence.process
    saved: list[str] = []

    def _unstorable_first(handle, name, content_type):
        metadata, preview = process(handle, name, content_type)
        if name == first.original_name:
            metadata = {**metadata, "broken": float("nan")}  # refused by the database's JSON
        return metadata, preview

    save = evidence_checks.storage.save

    def _recording_save(*args):
        saved.append(save(*args))
        return saved[-1]

    monkeypatch.setattr(evidence, "process", _unstorable_first)
    monkeypatch.setattr(evidence_checks.storage, "save", _recording_save)
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        assert factories.run_evidence_checks() == 2
    states = dict(Evidence.objects.values_list("original_name", "processing"))
    assert states == {"foto0.jpg": "damaged", "foto1.jpg": "checked"}
    assert len(saved) == 2 and not evidence_storage.exists(saved[0])  # no orphan preview
    assert evidence_storage.exists(saved[1])
    assert factories.run_evidence_checks() == 0 and not services.waiting_images()


def test_the_sweep_forgets_intake_tasks_a_crashed_worker_left_running(
    client, regions, jpeg, settings
):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    stalled, running, waiting = _legacy_checks(3)
    now = timezone.now()
    DBTaskResult.objects.filter(pk=stalled.pk).update(
        status="RUNNING", started_at=now - dt.timedelta(hours=2)
    )
    DBTaskResult.objects.filter(pk=running.pk).update(
        status="RUNNING", started_at=now - dt.timedelta(minutes=10)
    )
    out = io.StringIO()
    call_command("requeue-evidence", stdout=out)
    assert "1 finished or stalled intake task(s) forgotten" in out.getvalue()
    left = DBTaskResult.objects.values_list("pk", flat=True)
    assert stalled.pk not in left and {running.pk, waiting.pk} <= set(left)


def test_a_lost_connection_during_a_check_leaves_the_image_pending(
    client, regions, jpeg, monkeypatch
):
    from django.db import OperationalError

    assert _post(client, jpeg).status_code == 201

    def _lost(*args):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(evidence, "process", _lost)
    with pytest.raises(OperationalError):  # to the worker's reconnect, not "damaged"
        services.check_pending_evidence(now=NOW)
    assert Evidence.objects.get().processing == "pending"


def test_an_image_that_cannot_be_settled_holds_back_none_after_it(
    client, regions, jpeg, monkeypatch, caplog
):
    assert _post(client, jpeg, jpeg).status_code == 201
    first, second = Evidence.objects.order_by("id")
    settle = evidence_checks._check_or_settle

    def _first_fails(item):
        if item.pk == first.pk:
            raise RuntimeError("a bug while settling")
        return settle(item)

    monkeypatch.setattr(evidence_checks, "_check_or_settle", _first_fails)
    assert services.check_pending_evidence(now=NOW) == 1
    states = dict(Evidence.objects.values_list("pk", "processing"))
    assert states == {first.pk: "pending", second.pk: "checked"}  # the first: the next pass
    assert "An evidence image could not be settled: RuntimeError" in caplog.text
    assert str(first.uuid) not in caplog.text  # logged at once, the id would date the report
