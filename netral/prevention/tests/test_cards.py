"""Share cards and posters: drawn from the catalogue's own words, public, cached, never a 500."""

from io import BytesIO

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from netral.prevention import cards
from netral.rules import catalogue

pytestmark = pytest.mark.django_db


def _entry(**wanted):
    version = catalogue.version_on(timezone.localdate())
    return next(
        e
        for e in catalogue.ordered(list(version.entries.values()))
        if all(getattr(e, key) == value for key, value in wanted.items()) and e.forbidden_examples
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.mark.parametrize(("fmt", "size"), [("persegi", (1080, 1080)), ("status", (1080, 1920))])
def test_card_is_a_png_of_the_format_served_publicly_with_cache_headers(client, fmt, size):
    entry = _entry()
    response = client.get(reverse("prevention:card", args=[entry.code, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    assert Image.open(BytesIO(response.content)).size == size


def test_a_card_is_drawn_once_then_served_from_the_shared_cache(client, monkeypatch):
    entry = _entry()
    drawn = []
    real = cards.png
    monkeypatch.setattr(cards, "png", lambda *args: drawn.append(args) or real(*args))
    url = reverse("prevention:card", args=[entry.code, "persegi"])
    first, second = client.get(url), client.get(url)
    assert first.content == second.content
    assert len(drawn) == 1


def test_the_card_wraps_every_line_inside_its_margins():
    entry = _entry()
    width = cards.FORMATS["persegi"].width - 2 * cards.MARGIN
    for size in (38, 48):
        lines = cards._lines(entry.forbidden_examples[0] + " " + entry.title.id, size, width)
        assert len(lines) > 1
        assert all(cards._font(size).getlength(line) <= width for line in lines)
    assert "-" in cards._lines("Pasal 15 ayat (1)–(3)", 28, width)[0]  # no missing glyph


@pytest.mark.parametrize("args", [("KE-01", "poster"), ("XX-99", "persegi"), ("KE-01", "PERSEGI")])
def test_unknown_entry_or_format_is_404(client, args):
    assert client.get(reverse("prevention:card", args=args)).status_code == 404


def test_material_page_lists_entries_with_their_share_links(client):
    entry = _entry()
    response = client.get(reverse("prevention:material"))
    assert response.status_code == 200
    page = response.content.decode()
    assert entry.forbidden_examples[0] in page
    assert reverse("prevention:card", args=[entry.code, "status"]) in page
    assert reverse("prevention:poster", args=[entry.code]) in page


def test_unverified_entry_says_so_on_the_poster(client):
    entry = _entry(unverified=True)
    response = client.get(reverse("prevention:poster", args=[entry.code]))
    assert response.status_code == 200
    if response["Content-Type"] == "application/pdf":
        assert response.content.startswith(b"%PDF")
    else:  # no PDF renderer here: the printable page
        assert "Belum terverifikasi" in response.content.decode()


def test_poster_html_cites_the_legal_basis_and_the_version():
    from django.template.loader import render_to_string

    entry = _entry(unverified=True)
    html = render_to_string(
        "prevention/poster_pdf.html", {"entry": entry, "link": "https://x/", "qr": ""}
    )
    assert entry.legal_basis_display in html
    assert f"Katalog Netral {entry.version}" in html
    assert "Belum terverifikasi" in html
