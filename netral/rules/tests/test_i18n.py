"""Indonesian is the default language: every string of the app is translated."""

import re
from pathlib import Path

import pytest
from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_indonesian_translation():
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    empty = [e for e in entries if re.search(r'^msgstr(\[0\])? ""\n?$', e, re.M) and "msgid" in e]
    assert empty == []
    assert "#, fuzzy" not in text


@pytest.mark.django_db
def test_pages_speak_indonesian_by_default(client):
    assert "Boleh atau tidak?" in client.get("/aturan/cek/?contoh=vote").content.decode()
    assert "Hitung tenggat" in client.get("/aturan/tenggat/").content.decode()


@pytest.mark.django_db
def test_pages_switch_to_english(client):
    with translation.override("en"):
        response = client.get("/aturan/cek/?contoh=vote", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_deadline_table_gives_legal_bases_in_english(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/aturan/tenggat/").content.decode()
    assert "the deadline can be configured" in page
    assert "tenggat dapat diatur" not in page and "dipakai juga" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    assert "tenggat dapat diatur" in client.get("/aturan/tenggat/").content.decode()
