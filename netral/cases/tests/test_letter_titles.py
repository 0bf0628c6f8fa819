"""A letter keeps its Indonesian title; pages show a default title in the reader's language."""

import pytest
from django.utils import translation

from netral.cases import events, letter_titles


@pytest.mark.parametrize(
    ("stored", "english"),
    [
        ("Rekomendasi sanksi kepada PPK", "Sanction recommendation to the PPK"),
        (
            "Rekomendasi sanksi kepada PPK (002/NTR/X/2026)",
            "Sanction recommendation to the PPK (002/NTR/X/2026)",
        ),
        ("Surat khusus dari admin", "Surat khusus dari admin"),
    ],
)
def test_default_titles_follow_the_reader_and_others_stay(stored, english):
    with translation.override("en"):
        assert letter_titles.shown(stored) == english
        headline = events.CASE_EVENTS.headline(
            "document_released", {"document": "x", "title": stored}
        )
        assert headline == english
    with translation.override("id"):
        assert letter_titles.shown(stored) == stored


def test_every_letter_has_a_label():
    assert set(letter_titles.LABELS) == set(letter_titles.TITLES)
