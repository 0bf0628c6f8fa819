"""Page capture as a background task: requested on the finding page, run by the worker with an
injected capturer (no browser in tests), its files kept with their SHA-256 sums."""

import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.tasks import default_task_backend
from django.urls import reverse

from netral.monitoring import capture, evidence, tasks
from netral.monitoring.models import Finding, FindingEvent
from netral.monitoring.services import capturing

pytestmark = pytest.mark.django_db
WARC, PNG = b"WARC/1.1 fake record", b"\x89PNG fake screenshot"


def _fake_capture(url):
    return capture.Capture(
        url=url,
        final_url=url,
        status=200,
        captured_at=dt.datetime(2024, 11, 14, 9, 5, tzinfo=dt.UTC),
        warc=WARC,
        warc_sha256=hashlib.sha256(WARC).hexdigest(),
        screenshot=PNG,
        screenshot_sha256=hashlib.sha256(PNG).hexdigest(),
    )


def _failing_capture(url):
    raise capture.CaptureFailed("gone", "HTTP 404")


@pytest.fixture
def capturer(monkeypatch):
    """Capture is available and runs the given fake; returns a setter."""
    monkeypatch.setattr(capturing, "AVAILABLE", lambda: True)

    def use(fake):
        monkeypatch.setattr(capturing, "CAPTURER", fake)

    use(_fake_capture)
    return use


def _finding():
    return Finding.objects.get(item__external_id="fb-1001")


def _request(client, finding):
    url = reverse("monitoring:finding_action", args=[finding.public_id, "capture"])
    return client.post(url)


def _run_queued(finding):
    queued = [r for r in default_task_backend.results if r.task.name == "capture_finding"]
    assert [r.args for r in queued] == [[str(finding.public_id)]]
    default_task_backend.clear()
    return tasks.capture_finding.call(*queued[0].args)


def _types(finding):
    return list(finding.events.order_by("seq").values_list("type", flat=True))


def test_a_reviewer_queues_a_capture_and_the_worker_keeps_hashed_files(
    imported,
    client_for,
    bawaslu_bantul_officer,
    capturer,
    django_capture_on_commit_callbacks,
):
    finding, client = _finding(), client_for(bawaslu_bantul_officer)
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _request(client, finding).status_code == 303
    finding.refresh_from_db()
    assert finding.capture_status == Finding.CaptureStatus.REQUESTED
    assert _run_queued(finding) == Finding.CaptureStatus.CAPTURED
    finding.refresh_from_db()
    assert evidence.read_stored(finding.capture_warc_name) == WARC
    assert evidence.read_stored(finding.capture_png_name) == PNG
    assert finding.capture_warc_sha256 == hashlib.sha256(WARC).hexdigest()
    assert _types(finding)[-2:] == [
        FindingEvent.Type.CAPTURE_REQUESTED,
        FindingEvent.Type.CAPTURED,
    ]
    assert finding.events.last().payload["screenshot_sha256"] == hashlib.sha256(PNG).hexdigest()
    page = client.get(reverse("monitoring:finding", args=[finding.public_id])).content.decode()
    assert finding.capture_warc_sha256 in page and finding.capture_png_sha256 in page
    bundle = client.get(reverse("monitoring:bundle", args=[finding.public_id])).content
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        assert archive.read("page.warc.gz") == WARC and archive.read("page.png") == PNG
        assert f"{finding.capture_png_sha256}  page.png" in archive.read("MANIFEST.sha256").decode()


def test_a_failed_capture_shows_its_error_and_can_be_retried(
    imported,
    client_for,
    bawaslu_bantul_officer,
    capturer,
    django_capture_on_commit_callbacks,
):
    finding, client = _finding(), client_for(bawaslu_bantul_officer)
    capturer(_failing_capture)
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _request(client, finding)
    assert _run_queued(finding) == Finding.CaptureStatus.FAILED
    page = client.get(reverse("monitoring:finding", args=[finding.public_id]))
    html = page.content.decode()
    assert "Halaman sudah tidak ada" in html and "HTTP 404" in html
    assert "Ulangi penangkapan" in html
    assert finding.events.last().payload == {"reason": "gone", "detail": "HTTP 404"}
    capturer(_fake_capture)
    with django_capture_on_commit_callbacks(execute=True):
        assert _request(client, finding).status_code == 303
    assert _run_queued(finding) == Finding.CaptureStatus.CAPTURED


def test_a_capture_already_queued_is_not_queued_twice(
    imported, client_for, bawaslu_bantul_officer, capturer
):
    finding, client = _finding(), client_for(bawaslu_bantul_officer)
    _request(client, finding)
    response = _request(client, finding)
    assert response.status_code == 400
    assert _types(finding).count(FindingEvent.Type.CAPTURE_REQUESTED) == 1


def test_only_acting_monitors_may_request_a_capture(
    imported, client_for, ombudsman_viewer, bkn_officer, capturer
):
    finding = _finding()
    assert _request(client_for(ombudsman_viewer), finding).status_code == 403
    assert _request(client_for(bkn_officer), finding).status_code == 404
    finding.refresh_from_db()
    assert finding.capture_status == Finding.CaptureStatus.NONE
    assert FindingEvent.Type.CAPTURE_REQUESTED not in _types(finding)


def test_without_a_browser_the_page_says_capture_is_unavailable(
    imported, client_for, bawaslu_bantul_officer, monkeypatch
):
    monkeypatch.setattr(capturing, "AVAILABLE", lambda: False)
    finding, client = _finding(), client_for(bawaslu_bantul_officer)
    page = client.get(reverse("monitoring:finding", args=[finding.public_id]))
    assert "Penangkapan tidak tersedia" in page.content.decode()
    response = _request(client, finding)
    assert response.status_code == 400
    finding.refresh_from_db()
    assert finding.capture_status == Finding.CaptureStatus.NONE


def test_a_crashing_capturer_leaves_a_failure_not_a_stuck_request(imported, capturer, now):
    def crash(url):
        raise RuntimeError("browser died")

    capturer(crash)
    finding = capturing.run_capture(finding=_finding(), now=now)
    assert finding.capture_status == Finding.CaptureStatus.FAILED
    assert "browser died" in finding.capture_error
