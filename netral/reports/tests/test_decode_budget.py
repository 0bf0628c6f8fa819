"""Image decoding has a budget: headers are read first, and a costly request is refused at once."""

import datetime as dt
import io
import time

import pytest
import time_machine
from PIL import Image

from netral.reports import evidence
from netral.reports.models import Report
from netral.reports.tests import factories
from netral.reports.tests.test_api import api_fields

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 10, 3, 9, 41, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def huge_png():
    """7999 × 8000 pixels, just under the 64-megapixel limit, in a few hundred kilobytes."""
    out = io.BytesIO()
    Image.new("1", (7999, 8000)).save(out, format="PNG")
    return out.getvalue()


def _png(size):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_ten_images_of_64_megapixels_are_refused_before_any_decoding(
    client, regions, huge_png, monkeypatch
):
    def never(*args, **kwargs):
        raise AssertionError("decoded an image of a refused request")

    monkeypatch.setattr(evidence, "_decode_image", never)
    files = [factories.upload(huge_png, f"layar{n}.png", "image/png") for n in range(10)]
    client.post("/api/reports/", api_fields(description=""))  # warm up: URLs, API, translations
    started = time.monotonic()
    with time_machine.travel(NOW, tick=False):
        response = client.post("/api/reports/", {**api_fields(), "evidence": files})
    elapsed = time.monotonic() - started
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "evidence"
    assert "640" in error["message"] and "64" in error["message"]
    assert elapsed < 1  # reading ten headers, not decoding 640 megapixels (30 s before)
    assert not Report.objects.exists()


def test_a_jpeg_counts_a_twelfth_of_its_pixels(jpeg):
    big_photo = factories.jpeg_bytes(size=(1200, 1000))
    assert evidence.decode_cost(io.BytesIO(big_photo)) == 1200 * 1000 // 12
    assert evidence.decode_cost(io.BytesIO(_png((40, 30)))) == 1200
    assert evidence.decode_cost(io.BytesIO(b"%PDF-1.7 not an image")) == 0


def test_an_image_checked_without_decoding_must_still_be_whole():
    damaged = bytearray(_png((40, 30)))
    damaged[-20] ^= 0xFF  # a flipped byte in the image data breaks its checksum
    with pytest.raises(evidence.ValidationError):
        evidence.inspect(io.BytesIO(bytes(damaged)), "rusak.png", decode_allowance=0)
    assert evidence.inspect(io.BytesIO(_png((40, 30))), "utuh.png", decode_allowance=0).size


def test_a_client_has_a_budget_of_pixels_per_minute(client, regions, settings):
    settings.NETRAL_EVIDENCE_PIXELS_PER_MINUTE = "3000/m"
    statuses = []
    with time_machine.travel(NOW, tick=False):
        for _ in range(3):
            files = [factories.upload(_png((40, 30)), "layar.png", "image/png")]
            response = client.post("/api/reports/", {**api_fields(), "evidence": files})
            statuses.append(response.status_code)
    assert statuses == [201, 201, 422]
    assert response.json()["errors"][0]["field"] == "evidence"
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        files = [factories.upload(_png((40, 30)), "layar.png", "image/png")]
        assert client.post("/api/reports/", {**api_fields(), "evidence": files}).status_code == 201
