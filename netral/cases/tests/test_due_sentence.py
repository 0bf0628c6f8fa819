"""A step's deadline sentence reads in the reader's language (the stored one is Indonesian)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import translation

from netral.cases.templatetags.cases_tags import due_sentence

STEP = SimpleNamespace(
    due_sentence="2 hari sejak laporan diterima — Perbawaslu 8/2020; batas akhir Minggu, "
    "6 Desember 2026 pukul 23.59 WIB.",
    due_at=dt.datetime(2026, 12, 6, 16, 59, tzinfo=dt.UTC),
    legal_basis="Perbawaslu 8/2020",
)


def test_indonesian_readers_get_the_stored_sentence():
    with translation.override("id"):
        assert due_sentence(STEP) == STEP.due_sentence


@pytest.mark.parametrize("basis", ["Perbawaslu 8/2020", ""])
def test_english_readers_get_the_due_moment_and_basis_in_english(basis):
    step = SimpleNamespace(**{**vars(STEP), "legal_basis": basis})
    with translation.override("en"):
        text = due_sentence(step)
    assert text.startswith("Due by 6 Dec 2026")
    assert "WIB" in text and "pukul" not in text and "hari" not in text
    assert (basis in text) if basis else text.endswith("WIB.")


def test_a_rules_basis_with_indonesian_words_is_given_in_english():
    from netral.rules import deadlines

    rule = deadlines.rules()["ppk.followup"]
    step = SimpleNamespace(**{**vars(STEP), "legal_basis": rule.legal_basis.display})
    with translation.override("en"):
        text = due_sentence(step)
    assert "the deadline can be configured" in text or "No verified statutory deadline" in text
    assert "tenggat" not in text and "terverifikasi" not in text
