"""Publishing digests, and the staff pages to download and print them."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from netral.core import timeline
from netral.core.models import TimelineDigest


@pytest.fixture
def digest(db, admin):
    call_command("publish-timeline-digest")
    return TimelineDigest.objects.get()


def test_the_command_keeps_a_signed_digest_of_every_registered_chain(digest):
    assert set(digest.document["chains"]) == {"cases", "reports", "findings"}
    assert timeline.verify_against(digest.as_file()) == []


@pytest.mark.parametrize(
    ("actor", "expected"),
    [(None, 302), ("bawaslu_bantul_officer", 403), ("admin", 200)],
)
def test_only_platform_admins_list_digests(client, digest, actor, expected, request):
    if actor:
        client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("core:timeline_digests")).status_code == expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [(None, 302), ("bawaslu_bantul_officer", 404), ("admin", 200)],
)
@pytest.mark.parametrize("view", ["core:timeline_digest_download", "core:timeline_digest_print"])
def test_only_platform_admins_download_or_print_a_digest(
    client, digest, actor, expected, view, request
):
    if actor:
        client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse(view, args=[digest.public_id])).status_code == expected


def test_the_downloaded_file_verifies_and_the_printout_names_its_root(
    client, digest, admin, tmp_path
):
    client.force_login(admin)
    response = client.get(reverse("core:timeline_digest_download", args=[digest.public_id]))
    assert "attachment" in response["Content-Disposition"]
    path = tmp_path / "digest.json"
    path.write_bytes(response.content)
    assert json.loads(response.content)["root"] == digest.root
    call_command("verify-timeline", "--against", str(path))
    page = client.get(reverse("core:timeline_digest_print", args=[digest.public_id]))
    assert digest.root in page.content.decode()
