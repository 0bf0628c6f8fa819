"""A finding's reasons are stored as keys and shown in the reader's language (decision 0125)."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from netral.monitoring.models import Finding
from netral.monitoring.pipeline import reasons

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("netral.monitoring.migrations.0005_finding_reasons_as_keys")

COBLOS = "Ayo coblos nomor 1! #BantulHarum"


def _flag(bantul_election, text=COBLOS):
    from netral.monitoring.tests.conftest import import_lines

    line = (
        '{"id": "r", "kind": "post", "author": "@x", "platform": "facebook", '
        f'"text": "{text}", "posted_at": "2024-10-05T08:15:00+07:00"}}\n'
    )
    import_lines(bantul_election, line)
    return Finding.objects.get(item__external_id="r")


def test_reasons_are_stored_as_keys_not_sentences(bantul_election):
    finding = _flag(bantul_election)
    assert finding.reasons and all(isinstance(r, dict) and "key" in r for r in finding.reasons)
    assert {"key": "CAMPAIGN_HASHTAG", "text": "#BantulHarum"} in finding.reasons


def test_the_finding_page_shows_reasons_in_the_readers_language(
    bantul_election, client_for, bawaslu_bantul_officer
):
    finding = _flag(bantul_election)
    client = client_for(bawaslu_bantul_officer)
    url = reverse("monitoring:finding", args=[finding.public_id])
    assert "Memakai tagar kampanye #BantulHarum" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Uses the campaign hashtag #BantulHarum" in english
    assert "Memakai tagar" not in english


def test_reasons_stored_as_text_are_shown_as_they_are(bantul_election):
    finding = _flag(bantul_election)
    finding.reasons = ["Alasan lama yang ditulis sebagai kalimat", {"key": "NOTHING"}]
    with translation.override("en"):
        assert finding.reason_sentences == [
            "Alasan lama yang ditulis sebagai kalimat",
            "No sign of campaigning found",
        ]


@pytest.mark.parametrize(
    "reason",
    [
        reasons.entry("CAND_NAME", number=2, text="Cahyo Wibowo"),
        {"key": "SHARED", "reason": reasons.entry("ATTACK", number=2, text="omong kosong")},
        reasons.entry("RAISES", feature="coblos <NOMOR>"),
        reasons.entry("TRUNCATED", count=10000, total=12000),
        reasons.entry("CODES", codes="DS-02, DS-06"),
        reasons.entry("INTERACTION_like"),
        reasons.entry("ACT_WITHOUT_PAIR", text="konvoi"),
    ],
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_stored_sentence_is_read_back_into_its_key(reason, language):
    with translation.override(language):
        sentence = reasons.sentences([reason])[0]
    assert MIGRATION._keyed(sentence) == reason


def test_the_migration_back_writes_the_indonesian_sentences(bantul_election):
    finding = _flag(bantul_election)
    with translation.override("id"):
        expected = reasons.sentences(finding.reasons)
    MIGRATION.to_sentences(apps, None)
    finding.refresh_from_db()
    assert finding.reasons == expected


def test_the_migration_turns_sentences_into_keys_and_keeps_the_rest(bantul_election):
    finding = _flag(bantul_election)
    keys = finding.reasons
    with translation.override("id"):
        old = reasons.sentences(keys)
    Finding.objects.filter(pk=finding.pk).update(reasons=[*old, "Kalimat yang tidak dikenal"])
    MIGRATION.to_keys(apps, None)
    finding.refresh_from_db()
    assert finding.reasons[:-1] == keys
    assert finding.reasons[-1] == "Kalimat yang tidak dikenal"
    with translation.override("id"):
        assert finding.reason_sentences[:-1] == old


@pytest.mark.parametrize(
    ("stored", "english"),
    [
        ("baris perintah:items.jsonl", "command line:items.jsonl"),
        ("unggahan berkas:export.csv", "upload:export.csv"),
        ("upload:export.csv", "upload:export.csv"),
        ("an-api:feed", "an-api:feed"),
    ],
)
def test_where_an_item_came_from_is_shown_in_the_readers_words(stored, english):
    from netral.monitoring.models import Item

    with translation.override("en"):
        assert Item(source=stored).source_label == english


def test_the_evidence_bundle_keeps_indonesian_sentences_whoever_downloads_it(bantul_election):
    import json

    from netral.monitoring import evidence

    finding = _flag(bantul_election)
    with translation.override("en"):
        files = evidence.bundle_files(finding.item, finding)
    written = json.loads(files["finding.json"])["reasons"]
    assert "Memakai tagar kampanye #BantulHarum" in written
