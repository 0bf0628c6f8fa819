"""Building blocks for the reports tests. Reports are made through the real services."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from PIL import Image

from netral.registry.models import Region
from netral.reports import evidence, services
from netral.reports.models import PossibleDuplicate, Report


def jpeg_bytes(size: tuple[int, int] = (64, 48), gps: bool = True) -> bytes:
    """A small JPEG with EXIF time, device and (optionally) GPS, like a phone photo."""
    image = Image.new("RGB", size, (30, 120, 90))
    exif = Image.Exif()
    exif[271] = "Samsung"
    exif[272] = "Galaxy A14"
    exif.get_ifd(0x8769)[36867] = "2024:10:01 14:30:05"
    if gps:
        exif.get_ifd(0x8825).update({1: "S", 2: (7.0, 54.0, 0.0), 3: "E", 4: (110.0, 21.0, 36.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(content: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def inspected(content: bytes, name: str = "foto.jpg") -> evidence.Inspected:
    return evidence.inspect(io.BytesIO(content), name)


def identity(**overrides: Any) -> services.IdentityInput:
    values = {
        "name": "Siti Rahayu",
        "nik": "3402124107900001",
        "address": "Jl. Parangtritis km 5, Sewon, Bantul",
        "phone": "+6281234567890",
        "email": "",
    }
    values.update(overrides)
    return services.IdentityInput(**values)


def report_input(**overrides: Any) -> services.ReportInput:
    values: dict[str, Any] = {
        "track": Report.Track.TIP,
        "subject_name": "Budi Santoso",
        "subject_agency": "Dinas Pendidikan Kabupaten Bantul",
        "subject_position": "Kepala Sekolah",
        "incident_date": dt.date(2024, 10, 1),
        "region": Region.objects.get(code="34.02.15"),
        "election_kind": "bupati",
        "category": "social_media_support",
        "description": "Membagikan poster kampanye pasangan calon nomor 2 di grup WhatsApp guru.",
        "links": ("https://www.facebook.com/budi.santoso/posts/123?fbclid=abc",),
        "latitude": Decimal("-7.856712"),
        "longitude": Decimal("110.360123"),
    }
    values.update(overrides)
    return services.ReportInput(**values)


def submit(
    now: dt.datetime, files: list[bytes] | None = None, **overrides: Any
) -> services.Submission:
    items = [inspected(content) for content in files or []]
    return services.submit_report(
        data=report_input(**overrides), evidence=items, channel=Report.Channel.WEB, now=now
    )


def submit_checked(
    now: dt.datetime, files: list[bytes] | None = None, **overrides: Any
) -> services.Submission:
    """Submits, commits, and runs the duplicate check the worker would run after the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        submission = submit(now, files, **overrides)
    run_duplicate_checks()
    return submission


def run_duplicate_checks() -> int:
    """Runs every waiting duplicate check, as the worker's next pass would; returns the hints."""
    before = PossibleDuplicate.objects.count()
    services.check_pending_duplicates(now=timezone.now())
    return PossibleDuplicate.objects.count() - before


def run_evidence_checks() -> int:
    """Runs the worker's evidence pass until no image waits; returns how many it settled."""
    settled = 0
    while done := services.check_pending_evidence(now=timezone.now()):
        settled += done
    return settled


def web_post_data(**overrides: Any) -> dict[str, Any]:
    """What the web form posts for a complete anonymous tip."""
    data = {
        "track": "tip",
        "subject_name": "Budi Santoso",
        "subject_agency": "Dinas Pendidikan Kabupaten Bantul",
        "incident_date": "2024-10-01",
        "region_1": "34",
        "region_2": "34.02",
        "region_3": "34.02.15",
        "region_4": "",
        "election": "kind:bupati",
        "category": "social_media_support",
        "description": "Membagikan poster kampanye pasangan calon nomor 2 di grup WhatsApp guru.",
        "links": "https://www.facebook.com/budi.santoso/posts/123",
        "website": "",
    }
    data.update(overrides)
    return data
