"""The letterhead logo: only the organisation's letter administrators set or remove it; a file
that is not a small PNG/JPEG is refused with a translated message and nothing saved changes;
letters made with it show it on their page, and keep it after it is removed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from netral.cases import services
from netral.cases.models import Document, LetterSettings
from netral.cases.services import letters
from netral.cases.tests.conftest import NOW

URL = "cases:letter_settings"
FIELDS = {"number_pattern": "{seq}/{code}/{year}", "letterhead_name": "BAWASLU KABUPATEN BANTUL"}


def image(size=(120, 120), format="PNG", name="logo.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (11, 93, 75)).save(out, format=format)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{format.lower()}")


@pytest.fixture
def with_logo(client, bantul_admin):
    """Bantul's settings saved with a PNG logo by its administrator."""
    client.force_login(bantul_admin)
    response = client.post(reverse(URL), {**FIELDS, "logo_file": image()})
    assert response.status_code == 302
    client.logout()
    return LetterSettings.objects.get()


def test_the_admin_sets_a_png_or_jpeg_logo_kept_without_metadata(client, bantul_admin):
    client.force_login(bantul_admin)
    for upload in (image(), image(format="JPEG", name="logo.jpg")):
        client.post(reverse(URL), {**FIELDS, "logo_file": upload})
        logo = LetterSettings.objects.get().logo
        assert logo.startswith("logos/")
        assert services.logo_data_uri(logo).startswith("data:image/jpeg;base64,")
    page = client.get(reverse(URL))
    assert b'src="data:image/jpeg;base64,' in page.content
    assert "remove_logo" in page.context["form"].fields


@pytest.mark.parametrize(
    "who, expected", [("bawaslu_bantul_officer", 403), ("bkn_officer", 403), (None, 302)]
)
def test_only_the_organisations_letter_admins_change_the_logo(
    client, request, with_logo, who, expected
):
    if who:
        client.force_login(request.getfixturevalue(who))
    for data in ({**FIELDS, "logo_file": image((50, 50))}, {**FIELDS, "remove_logo": "on"}):
        response = client.post(reverse(URL), data)
        assert response.status_code == expected
        assert LetterSettings.objects.get().logo == with_logo.logo


def _big_png() -> SimpleUploadedFile:
    """Noise compresses badly: just over 1 MB with few pixels."""
    import os

    raw = Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3))
    out = io.BytesIO()
    raw.save(out, format="PNG")
    assert out.tell() > 1024 * 1024
    return SimpleUploadedFile("besar.png", out.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            lambda: SimpleUploadedFile("logo.png", b"%PDF-1.4\n%%EOF\n", "image/png"),
            "Logo harus berupa gambar PNG atau JPEG.",
        ),
        (lambda: SimpleUploadedFile("logo.png", b"bukan gambar", "image/png"), "PNG atau JPEG"),
        (_big_png, "Logo lebih besar dari 1 MB."),
        (lambda: image((2100, 2000)), "Logo memiliki terlalu banyak piksel"),
        (lambda: image((8000, 8000), "JPEG", "logo.jpg"), "terlalu banyak piksel"),
    ],
)
def test_a_bad_logo_is_refused_and_the_saved_settings_stay(client, with_logo, upload, message):
    admin = with_logo.organisation.memberships.get(user__username="bantul_admin").user
    client.force_login(admin)
    with translation.override("id"):
        response = client.post(
            reverse(URL),
            {**FIELDS, "letterhead_name": "NAMA BARU", "logo_file": upload()},
            headers={"accept-language": "id"},
        )
    assert response.status_code == 200
    errors = response.context["form"].errors["logo_file"]
    assert any(message in error for error in errors), errors
    saved = LetterSettings.objects.get()
    assert (saved.logo, saved.letterhead_name) == (with_logo.logo, "BAWASLU KABUPATEN BANTUL")


def test_a_letter_shows_the_logo_and_keeps_it_after_removal(
    client, with_logo, open_case, bawaslu_bantul_officer
):
    case = open_case()  # Bantul's own case: its summary is filed as Bantul's letter
    letter = services.generate_case_summary(case=case, by=bawaslu_bantul_officer, now=NOW)
    assert letter.letterhead["logo"] == with_logo.logo
    admin = with_logo.organisation.memberships.get(user__username="bantul_admin").user
    client.force_login(admin)
    client.post(reverse(URL), {**FIELDS, "remove_logo": "on"})
    assert LetterSettings.objects.get().logo == ""
    assert letters.letterhead(with_logo.organisation)["logo"] == ""
    client.force_login(bawaslu_bantul_officer)
    page = client.get(reverse("cases:document", args=[case.code, letter.public_id]))
    assert b'<img class="logo" src="data:image/jpeg;base64,' in page.content


def test_the_pdf_of_a_letter_carries_the_logo(client, with_logo, open_case, bawaslu_bantul_officer):
    from netral.cases.services import documents

    if documents.load_weasyprint() is None:
        pytest.skip("WeasyPrint cannot load Pango here")
    case = open_case()
    letter = services.generate_case_summary(case=case, by=bawaslu_bantul_officer, now=NOW)
    client.force_login(bawaslu_bantul_officer)
    url = reverse("cases:document", args=[case.code, letter.public_id]) + "?format=pdf"
    assert b"/Subtype /Image" in client.get(url).content
    Document.objects.filter(pk=letter.pk).update(letterhead={**letter.letterhead, "logo": ""})
    assert b"/Subtype /Image" not in client.get(url).content  # a letter has no other image
