"""What a citizen reads on the public pages: the data's texts in the reader's language, the
index's method said plainly, and a mistyped code in a filter answered on its field."""

import html

import pytest
from django.conf import settings
from django.urls import reverse

from netral.transparency import index, opendata

pytestmark = pytest.mark.django_db
ENGLISH = {settings.LANGUAGE_COOKIE_NAME: "en"}


def english(client):
    client.cookies.load(ENGLISH)
    return client


def test_open_data_texts_are_in_the_readers_language(client, regions):
    league = opendata.DATASETS["kepatuhan-ppk"]
    page = client.get(reverse("transparency:open_data")).content.decode()
    assert "Satu baris untuk setiap PPK" in page
    assert "One row per PPK" not in page
    assert league.description.get("id") in html.unescape(page)
    english_page = english(client).get(reverse("transparency:open_data")).content.decode()
    assert "One row per PPK" in english_page
    assert "Satu baris untuk setiap PPK" not in english_page


def test_every_dataset_text_has_both_languages():
    for dataset in opendata.DATASETS.values():
        for text in (dataset.title, dataset.description):
            assert text.id and text.en and text.id != text.en, dataset.name


@pytest.mark.parametrize(
    ("query", "headers", "title"),
    [
        ({}, {}, "Peringkat kepatuhan PPK"),
        ({"lang": "en"}, {}, "PPK compliance league table"),
        ({}, {"HTTP_ACCEPT_LANGUAGE": "en"}, "PPK compliance league table"),
        ({"lang": "id"}, {"HTTP_ACCEPT_LANGUAGE": "en"}, "Peringkat kepatuhan PPK"),
    ],
)
def test_api_lists_the_datasets_in_the_asked_language(client, query, headers, title):
    listed = client.get("/api/public/datasets", query, **headers)
    assert listed.status_code == 200
    league = next(item for item in listed.json() if item["name"] == "kepatuhan-ppk")
    assert league["title"] == title


def test_the_api_refuses_an_unknown_language(client):
    assert client.get("/api/public/datasets", {"lang": "fr"}).status_code in (400, 422)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_index_method_note_is_bilingual_and_for_citizens(lang):
    note = index.spec().citation.get(lang)
    for internal in ("docs/", ".md", "issue", "isu 17"):
        assert internal not in note
    assert ("Netral" in note) and ("regulation" in note if lang == "en" else "peraturan" in note)


@pytest.mark.parametrize("name", ["transparency:neutrality", "transparency:recognition"])
def test_the_index_pages_say_the_method_in_the_readers_language(client, pilkada_bantul, name):
    args = [pilkada_bantul.code] if name == "transparency:recognition" else []
    page = html.unescape(client.get(reverse(name, args=args)).content.decode())
    assert index.spec().citation.get("id") in page
    assert "issue 17" not in page and "docs/transparency.md" not in page
    assert reverse("transparency:methodology") in page
    english_page = html.unescape(english(client).get(reverse(name, args=args)).content.decode())
    assert index.spec().citation.get("en") in english_page


FILTERED = ["transparency:league", "transparency:neutrality", "transparency:statistics"]


@pytest.mark.parametrize("name", FILTERED)
@pytest.mark.parametrize("typed", ["Bantul", "99.99", "34.02.01"])
def test_an_unknown_region_is_an_error_on_its_field(client, regions, name, typed):
    response = client.get(reverse(name), {"region": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'value="{typed}"' in page  # what was typed stays in the field
    assert f"Tidak ada provinsi atau kabupaten/kota dengan kode {typed}." in page
    assert 'aria-invalid="true"' in page
    assert "<table" in page  # the page itself, as without the filter
    assert response.get("X-Page-Cache") is None
    again = client.get(reverse(name), {"region": typed})
    assert again.status_code == 400 and again.get("X-Page-Cache") is None  # never cached
    english_page = english(client).get(reverse(name), {"region": typed}).content.decode()
    assert f"No province or regency/city has the code {typed}." in english_page


def test_an_unknown_agency_is_an_error_on_its_field(client, regions):
    response = client.get(reverse("transparency:statistics"), {"agency": "NOPE"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="NOPE"' in page and "Tidak ada instansi dengan kode NOPE." in page


def test_a_known_region_with_an_unknown_agency_keeps_the_region(client, regions):
    response = client.get(reverse("transparency:statistics"), {"region": "34", "agency": "NOPE"})
    assert response.status_code == 400
    assert "Yogyakarta" in response.content.decode()
