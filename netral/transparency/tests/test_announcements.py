"""Announcements: who may publish and withdraw (a permission matrix), what the public sees, the
Atom feed, and attachments that are what they claim to be."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from netral.transparency import services
from netral.transparency.models import Announcement

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def publish(user, title="Jadwal sosialisasi netralitas ASN"):
    from netral.transparency import policies

    organisation = policies.publishing_organisations(user)[0]
    return services.publish_announcement(
        by=user, organisation=organisation, title=title, body="Isi pengumuman.", now=timezone.now()
    )


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (None, 302),  # the public: to the login page
        ("bawaslu_bantul_officer", 302),  # published, redirected to it
        ("bkn_officer", 302),
        ("ppk_officer", 302),
        ("admin", 403),  # the platform runs Netral, it does not speak for Bawaslu
    ],
)
def test_who_may_publish(client, request, regions, actor, expected):
    user = request.getfixturevalue(actor) if actor else None
    if user:
        client.force_login(user)
    before = Announcement.objects.count()
    form = client.get(reverse("transparency:new_announcement"))
    data = {"title": "Sosialisasi", "body": "Isi."}
    if user and expected == 302:
        from netral.transparency import policies

        data["organisation"] = policies.publishing_organisations(user)[0].pk
    response = client.post(reverse("transparency:new_announcement"), data)
    assert response.status_code == expected
    published = Announcement.objects.count() - before
    assert published == (1 if user and expected == 302 else 0)
    if user and expected == 302:
        assert form.status_code == 200
        assert "/akun/" not in response["Location"]


def test_a_viewer_cannot_publish(client, regions):
    from netral.accounts.models import Membership, Organisation
    from tests.conftest import _staff

    viewer = _staff("viewer", Organisation.Kind.BKN, "BKN", None, Membership.Role.VIEWER)
    client.force_login(viewer)
    response = client.post(reverse("transparency:new_announcement"), {"title": "x", "body": "y"})
    assert response.status_code == 403
    assert not Announcement.objects.exists()


def test_publishing_for_another_organisation_is_refused(
    client, bawaslu_bantul_officer, bkn_officer
):
    from netral.transparency import policies

    other = policies.publishing_organisations(bkn_officer)[0]
    client.force_login(bawaslu_bantul_officer)
    data = {"organisation": other.pk, "title": "Palsu", "body": "Isi."}
    response = client.post(reverse("transparency:new_announcement"), data)
    assert response.status_code == 200  # the form says the choice is not valid
    assert not Announcement.objects.exists()


@pytest.mark.parametrize(
    ("actor", "expected", "withdrawn"),
    [
        (None, 302, False),
        ("bkn_officer", 403, False),
        ("bawaslu_sleman_officer", 403, False),
        ("bawaslu_bantul_officer", 302, True),  # the author
    ],
)
def test_who_may_withdraw(client, request, bawaslu_bantul_officer, actor, expected, withdrawn):
    item = publish(bawaslu_bantul_officer)
    user = request.getfixturevalue(actor) if actor else None
    if user:
        client.force_login(user)
    response = client.post(reverse("transparency:withdraw_announcement", args=[item.public_id]))
    assert response.status_code == expected
    item.refresh_from_db()
    assert (item.withdrawn_at is not None) is withdrawn


def test_the_public_reads_the_list_the_page_and_the_feed(client, bawaslu_bantul_officer):
    item = publish(bawaslu_bantul_officer)
    gone = publish(bawaslu_bantul_officer, title="Ditarik")
    services.withdraw_announcement(by=bawaslu_bantul_officer, announcement=gone, now=timezone.now())
    listing = client.get(reverse("transparency:announcements")).content.decode()
    assert item.title in listing and "Ditarik" not in listing
    page = client.get(reverse("transparency:announcement", args=[item.public_id]))
    assert page.status_code == 200
    hidden = client.get(reverse("transparency:announcement", args=[gone.public_id]))
    assert hidden.status_code == 404
    feed = client.get(reverse("transparency:announcement_feed"))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert item.title in body and "Ditarik" not in body
    assert "Bawaslu Kabupaten Bantul" in body


def test_attachments_must_be_what_they_claim(client, bawaslu_bantul_officer, settings):
    from netral.transparency import policies

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    client.force_login(bawaslu_bantul_officer)
    organisation = policies.publishing_organisations(bawaslu_bantul_officer)[0].pk
    fake = SimpleUploadedFile("jadwal.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    data = {"organisation": organisation, "title": "Jadwal", "body": "Isi.", "attachments": [fake]}
    refused = client.post(reverse("transparency:new_announcement"), data)
    assert refused.status_code == 200 and not Announcement.objects.exists()
    real = SimpleUploadedFile("jadwal.pdf", PDF, content_type="application/pdf")
    data["attachments"] = [real]
    made = client.post(reverse("transparency:new_announcement"), data)
    assert made.status_code == 302
    item = Announcement.objects.get()
    file = item.attachments.get()
    client.logout()
    download = client.get(
        reverse("transparency:announcement_attachment", args=[item.public_id, file.public_id])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_publishing_and_withdrawing_are_events(bawaslu_bantul_officer, client):
    from netral.core.models import AppendOnlyError
    from netral.transparency.models import AnnouncementEvent

    item = publish(bawaslu_bantul_officer)
    client.force_login(bawaslu_bantul_officer)
    page = client.get(reverse("transparency:announcement", args=[item.public_id]))
    assert "Published" in page.content.decode() or "Diterbitkan" in page.content.decode()
    services.withdraw_announcement(by=bawaslu_bantul_officer, announcement=item, now=timezone.now())
    rows = list(AnnouncementEvent.objects.filter(announcement=item).order_by("pk"))
    assert [(row.type, row.actor) for row in rows] == [
        ("published", bawaslu_bantul_officer),
        ("withdrawn", bawaslu_bantul_officer),
    ]
    assert rows[0].payload["title"] == item.title
    with pytest.raises(AppendOnlyError):
        rows[0].delete()
    with pytest.raises(AppendOnlyError):
        AnnouncementEvent.objects.update(type="x")
