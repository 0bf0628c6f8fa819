import gzip
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from netral.reports import evidence
from netral.reports.tests import factories


def _inspect(content: bytes, name: str = "bukti.jpg") -> evidence.Inspected:
    return evidence.inspect(io.BytesIO(content), name)


def _problem(content: bytes, name: str = "bukti.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _inspect(content, name)
    return caught.value


def test_a_photo_is_accepted_with_preview_and_exif(jpeg):
    item = _inspect(jpeg, "IMG_2024.jpg")
    assert (item.kind, item.content_type, item.extension) == ("image", "image/jpeg", "jpg")
    assert item.metadata["device"] == "Samsung Galaxy A14"
    preview = Image.open(io.BytesIO(item.preview))
    assert preview.format == "JPEG"
    assert not preview.getexif()  # the preview carries pixels only


def test_a_transparent_screenshot_gets_a_flat_preview(png_file):
    item = _inspect(png_file, "layar.png")
    assert item.content_type == "image/png"
    assert Image.open(io.BytesIO(item.preview)).mode == "RGB"


def test_the_type_comes_from_the_content_not_the_name(jpeg):
    assert _inspect(jpeg, "laporan.pdf").content_type == "image/jpeg"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    item = _inspect(pdf, "foto.jpg")
    assert (item.kind, item.extension) == ("pdf", "pdf")


def test_html_disguised_as_a_photo_is_refused():
    problem = _problem(b"<html><script>alert(1)</script></html>", "foto.jpg")
    assert problem.code == "type"
    assert "foto.jpg" in problem.messages[0]


def test_an_empty_file_is_refused():
    assert _problem(b"").code == "empty"


def test_an_oversized_file_is_refused(settings, jpeg):
    settings.NETRAL_EVIDENCE_MAX_BYTES = len(jpeg) - 1
    assert _problem(jpeg).code == "too_large"


@pytest.mark.parametrize(("megabytes", "shown"), [(2, "2 MB"), (1.5, "1,5 MB")])
def test_the_size_limit_is_written_as_an_indonesian_number(settings, megabytes, shown):
    from django.utils import translation

    settings.NETRAL_EVIDENCE_MAX_BYTES = int(megabytes * 1024 * 1024)
    with translation.override("id"):  # whatever language an earlier test on this worker left
        problem = _problem(b"\0" * (settings.NETRAL_EVIDENCE_MAX_BYTES + 1))
    assert problem.code == "too_large"
    assert problem.messages == [f"bukti.jpg: berkas lebih besar dari {shown}."]


def test_a_truncated_photo_is_refused():
    big = factories.jpeg_bytes(size=(800, 600), gps=False)
    assert _problem(big[: len(big) // 2]).code == "decode"


def test_a_truncated_pdf_is_refused():
    assert _problem(b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"x" * 4000, "a.pdf").code == "truncated"


def test_archives_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("bukti.jpg", b"\0" * 100_000)
    assert _problem(out.getvalue(), "bukti.zip").code == "archive"
    assert _problem(gzip.compress(b"\0" * 100_000), "bukti.gz").code == "archive"


def test_a_decompression_bomb_is_refused(settings):
    settings.NETRAL_EVIDENCE_MAX_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("1", (4000, 4000)).save(out, format="PNG")  # 16 Mpx in a few kilobytes
    assert len(out.getvalue()) < 10_000
    assert _problem(out.getvalue(), "bom.png").code == "bomb"


def test_a_cut_mp4_is_refused_and_a_whole_one_accepted():
    ftyp = (24).to_bytes(4, "big") + b"ftypisom" + b"\0\0\0\0" + b"isomiso2"
    mdat = (1000).to_bytes(4, "big") + b"mdat" + b"\0" * 992
    assert _inspect(ftyp + mdat, "video.mp4").kind == "video"
    assert _problem(ftyp + mdat[:500], "video.mp4").code == "truncated"


def test_file_names_lose_paths_and_control_characters():
    assert evidence.clean_name("../../etc/passwd") == "passwd"
    assert evidence.clean_name("C:\\Users\\a\\foto\x00.jpg") == "foto.jpg"
    assert evidence.clean_name("") == "berkas"
