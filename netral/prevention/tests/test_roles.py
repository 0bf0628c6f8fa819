import datetime as dt

import pytest
from django.urls import reverse

from netral.prevention import roles
from netral.registry.models import ElectionStage

pytestmark = pytest.mark.django_db


@pytest.fixture
def staged(election):
    for position, (key, name, start, end) in enumerate(
        [
            ("registration", "Pendaftaran", dt.date(2024, 8, 27), dt.date(2024, 8, 29)),
            ("candidate_designation", "Penetapan", dt.date(2024, 9, 22), dt.date(2024, 9, 22)),
            ("campaign", "Kampanye", dt.date(2024, 9, 25), dt.date(2024, 11, 23)),
            ("voting", "Pemungutan suara", dt.date(2024, 11, 27), dt.date(2024, 11, 27)),
        ]
    ):
        ElectionStage.objects.create(
            election=election, key=key, name=name, start=start, end=end, position=position
        )
    return election


def test_the_situation_follows_designation_and_campaign(staged):
    situations = roles.role_timeline(staged, dt.date(2024, 8, 28))
    first = situations[0]
    assert (first.target, first.phase) == ("bakal_calon", "before")
    assert [stage.key for stage in first.stages] == ["registration"]
    assert first.entries and all(e.stage in ("bakal_calon", "any") for e in first.entries)
    later = [(s.start, s.target, s.phase) for s in situations[1:]]
    assert (dt.date(2024, 9, 22), "calon", "before") in later
    assert (dt.date(2024, 9, 25), "calon", "during") in later


def test_role_page_is_public_and_cites_the_catalogue(client, staged):
    url = reverse("prevention:role", args=[staged.code])
    response = client.get(url, {"tanggal": "2024-10-01"})
    assert response.status_code == 200
    body = response.content.decode()
    entry = response.context["situations"][0].entries[0]
    assert entry.forbidden_examples[0] in body
    assert reverse("rules:entry", args=[entry.code]) in body
    assert client.get(url, {"tanggal": "bukan-tanggal"}).status_code == 200
    assert client.get(reverse("prevention:role", args=["tidak-ada"])).status_code == 404
