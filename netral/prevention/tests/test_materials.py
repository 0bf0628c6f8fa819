"""Materials attached to a sosialisasi or Bimtek: checked, kept with SHA-256, downloaded by who
should have them."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.prevention import services
from netral.prevention.models import BriefingMaterial, CampaignEvent
from netral.prevention.tests.conftest import NOW
from netral.prevention.tests.test_briefings import OUTSIDERS

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="materi.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _attach(briefing, by, public=False, upload=None):
    return services.attach_material(
        briefing=briefing, upload=upload or _pdf(), public=public, by=by, now=NOW
    )


def test_a_pdf_is_kept_with_its_sha256_and_an_event(briefing, ppk_officer):
    material = _attach(briefing, ppk_officer)
    assert material.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (material.size, material.content_type, material.name) == (
        len(PDF),
        "application/pdf",
        "materi.pdf",
    )
    assert material.file.read() == PDF
    event = CampaignEvent.objects.get(type=CampaignEvent.Type.MATERIAL_ATTACHED)
    assert event.actor == ppk_officer
    assert event.payload["sha256"] == material.sha256 and event.payload["public"] is False


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("slides.pdf", b"PK\x03\x04" + b"\0" * 100),  # a PPTX (a ZIP) named .pdf
        ("kosong.pdf", b""),
        ("rusak.pdf", b"%PDF-1.4\n1 0 obj"),  # cut short
        ("lagu.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\0" * 100),  # audio: not material
    ],
)
def test_bad_files_are_refused_and_nothing_is_saved(
    briefing,
    ppk_officer,
    name,
    content,
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        _attach(briefing, ppk_officer, upload=SimpleUploadedFile(name, content))
    assert "file" in refused.value.message_dict
    assert not BriefingMaterial.objects.exists()
    assert not CampaignEvent.objects.filter(type=CampaignEvent.Type.MATERIAL_ATTACHED).exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("catatan.txt", b"just some text, not a document"),
        SimpleUploadedFile("slides.pdf", b"PK\x03\x04" + b"\0" * 100),  # a PPTX, a ZIP
        SimpleUploadedFile("lagu.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\0" * 100),
    ],
)
def test_a_wrong_type_is_told_what_material_may_be(briefing, ppk_officer, upload):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        _attach(briefing, ppk_officer, upload=upload)
    [message] = refused.value.message_dict["file"]
    assert "PDF atau gambar" in message
    assert "audio" not in message and "video" not in message and "ZIP" not in message


def test_a_too_large_material_names_the_limit_in_indonesian(briefing, ppk_officer, settings):
    from django.core.exceptions import ValidationError

    settings.NETRAL_EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
    big = SimpleUploadedFile("besar.pdf", PDF + b"\0" * settings.NETRAL_EVIDENCE_MAX_BYTES)
    with pytest.raises(ValidationError) as refused:
        _attach(briefing, ppk_officer, upload=big)
    assert refused.value.message_dict["file"] == ["besar.pdf: berkas lebih besar dari 20 MB."]


def _url(name, obj):
    return reverse(f"prevention:{name}", args=[obj.public_id])


def test_organiser_attaches_from_the_event_page(client_for, ppk_officer, briefing):
    client = client_for(ppk_officer)
    response = client.post(_url("material_upload", briefing), {"file": _pdf(), "public": "on"})
    assert response.status_code == 302
    material = BriefingMaterial.objects.get()
    assert material.public
    page = client.get(_url("briefing", briefing)).content.decode()
    assert _url("briefing_material", material) in page


def test_a_refused_file_shows_on_the_form(client_for, ppk_officer, briefing):
    response = client_for(ppk_officer).post(
        _url("material_upload", briefing), {"file": SimpleUploadedFile("a.pdf", b"PK\x03\x04")}
    )
    assert response.status_code == 400
    assert "file" in response.context["material_form"].errors
    assert not BriefingMaterial.objects.exists()


@pytest.mark.parametrize("actor", OUTSIDERS, indirect=True)
def test_only_the_organisers_attach(actor, client_for, briefing):
    response = client_for(actor).post(_url("material_upload", briefing), {"file": _pdf()})
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert "/akun/" in response["Location"]
    assert not BriefingMaterial.objects.exists()


def test_who_may_download(client, client_for, ppk_officer, briefing, staff, codes):
    private = _attach(briefing, ppk_officer)
    public = _attach(briefing, ppk_officer, public=True)
    url = _url("briefing_material", private)
    assert client.get(_url("briefing_material", public)).status_code == 200
    assert client.get(url).status_code == 404  # a stranger
    staff_download = client_for(ppk_officer).get(url)
    assert staff_download.status_code == 200
    assert b"".join(staff_download.streaming_content) == PDF
    assert "no-store" in staff_download["Cache-Control"]
    # An attendee, from the browser they checked in with: the page lists it and it downloads.
    person = staff[0]
    done = client.post(
        reverse("prevention:check_in"),
        {"event_code": briefing.check_in_code, "nip": person.nip, "code": codes[person.nip]},
    )
    assert done.status_code == 302
    assert url in client.get(done["Location"]).content.decode()
    assert client.get(url).status_code == 200


def test_an_attendee_of_another_event_may_not_download(
    client,
    ppk_officer,
    briefing,
    campaign,
    staff,
    codes,
):
    from netral.prevention.models import Briefing

    other = services.create_briefing(
        campaign=campaign,
        kind=Briefing.Kind.BIMTEK,
        title="Bimtek lain",
        starts_at=NOW,
        place="Ruang rapat",
        by=ppk_officer,
        now=NOW,
    )
    material = _attach(briefing, ppk_officer)
    person = staff[1]
    client.post(
        reverse("prevention:check_in"),
        {"event_code": other.check_in_code, "nip": person.nip, "code": codes[person.nip]},
    )
    assert client.get(_url("briefing_material", material)).status_code == 404


def test_a_material_whose_file_is_gone_answers_404(client, ppk_officer, briefing):
    material = _attach(briefing, ppk_officer, public=True)
    material.file.storage.delete(material.file.name)
    assert client.get(_url("briefing_material", material)).status_code == 404


def test_a_material_whose_row_or_event_fails_leaves_no_file(briefing, ppk_officer, monkeypatch):
    from netral.prevention import events

    stored = []
    field = BriefingMaterial._meta.get_field("file")
    save = field.storage.save

    def _recording_save(name, content, **kwargs):
        stored.append(save(name, content, **kwargs))
        return stored[-1]

    def _refused(*args, **kwargs):
        raise RuntimeError("the event could not be written")

    monkeypatch.setattr(field.storage, "save", _recording_save)
    monkeypatch.setattr(events, "record_campaign_event", _refused)
    with pytest.raises(RuntimeError):
        _attach(briefing, ppk_officer)
    assert len(stored) == 1 and not field.storage.exists(stored[0])
    assert not BriefingMaterial.objects.exists()


def test_a_closed_campaigns_briefing_takes_no_material(client_for, ppk_officer, briefing):
    services.close_campaign(campaign=briefing.campaign, by=ppk_officer, now=NOW)
    response = client_for(ppk_officer).post(_url("material_upload", briefing), {"file": _pdf()})
    assert response.status_code == 400
    assert not BriefingMaterial.objects.exists()
