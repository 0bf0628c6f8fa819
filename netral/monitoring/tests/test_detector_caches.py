"""The detector's per-run caches and shortcuts give exactly what the plain computation gives.

Each shortcut of issue 18's speed work (decision 0145) is checked against the computation it
replaces: the tokens of a text chunk by chunk against the whole text at once, a reused analysis
against a fresh one, the hit order against one sort, reasons remembered per text.
"""

import random
import re

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from netral.monitoring.pipeline import detector as detector_module
from netral.monitoring.pipeline import normalize, reasons
from netral.monitoring.pipeline.detector import Detector, Item
from netral.monitoring.pipeline.normalize import Normaliser


def whole_text_tokens(normaliser: Normaliser, lowered: str) -> list[str]:
    """The tokenisation before chunking: elongation and the token pattern over the whole text."""
    if normalize._ELONGATION_RE.search(lowered):
        lowered = normalize._ELONGATION_RE.sub(r"\1", lowered)
    return [
        token
        for raw in normalize._TOKEN_RE.findall(lowered)
        for token in normaliser._map_token(raw)
    ]


# Letters, digits, the token pattern's punctuation, emoji, the URL mark, and white space of
# several kinds (str.split() splits on all of them).
ALPHABET = "aaabbcoo0122@#._-:,/!?'\"\ue000" + "é✌🔥" + " \t\n\xa0\u2003\u3000\x1c\x85"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_chunked_tokens_equal_whole_text_tokens(lexicon, text):
    normaliser = Normaliser(lexicon)
    lowered = text.lower()
    assert normaliser._tokens(lowered) == whole_text_tokens(normaliser, lowered)
    # A second time from the chunk cache: the same again.
    assert normaliser._tokens(lowered) == whole_text_tokens(normaliser, lowered)


def test_chunked_tokens_equal_whole_text_tokens_on_real_posts(lexicon, detector):
    normaliser = Normaliser(lexicon)
    posts = [
        "Ayo coblooosss no.2 yaaa gaesss!!! @BudiAni.Official #CahyoDewiJuara hati2 di jalan",
        "jam 02.00   dan 1.000.000\ttetap\nkerja-kerja nyata, bnr-bnr mantul 🔥🔥",
        "paslon02 c0bl0s n0 urut 3 — https://example.org/a b\u00a0c",
    ]
    for post in posts:
        lowered = post.lower()
        assert normaliser._tokens(lowered) == whole_text_tokens(normaliser, lowered)


def test_hits_are_ordered_as_by_start_then_longest(rules, normaliser):
    phrase = normaliser.phrase("ayo coblos nomor urut 2 pilih budi santoso jangan pilih 3")
    text = f" {phrase} "
    hits = rules.find(text)
    assert hits == sorted(hits, key=lambda hit: (hit.start, -hit.end))
    assert len(hits) > 3


def item(number, kind, text="", shared_text=""):
    return Item(id=str(number), kind=kind, text=text, shared_text=shared_text)


POSTS = [
    "Ayo coblos nomor 2 tanggal 27 November! #CahyoDewiJuara",
    "Jangan pilih 02, janjinya omong kosong",
    "ASN dilarang mendukung paslon nomor urut 1 maupun paslon lainnya. Jaga netralitas!",
    "Foto keluarga di pantai ✌️✌️",
    "Bismillah, Budi Santoso pilihan terbaik untuk Sukamakmur 🔥",
]


def repeated_batch(seed: int) -> list[Item]:
    """Items that repeat each other's texts: as their own text and as the shared one."""
    chooser = random.Random(seed)
    items = []
    for number in range(60):
        kind = chooser.choice(["post", "share", "comment", "like"])
        own = "" if kind in ("share", "like") else chooser.choice(POSTS)
        shared = "" if kind == "post" else chooser.choice(POSTS)
        items.append(item(number, kind, own, shared))
    return items


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_reused_analysis_gives_the_same_results_as_a_fresh_one(
    election, model, monkeypatch, seed
):
    items = repeated_batch(seed)
    cached = Detector(election, model=model)
    first = cached.classify(items)
    again = cached.classify(items)  # now every text comes from the cache
    monkeypatch.setattr(detector_module, "SEGMENT_CACHE_LIMIT", 0)
    fresh = Detector(election, model=model).classify(items)
    assert first == fresh
    assert again == fresh


def test_a_text_seen_as_shared_is_still_the_items_own_text_later(election, model):
    """A cached text is never marked by the item that shared it."""
    post = POSTS[0]
    detector = Detector(election, model=model)
    shared, own = detector.classify([item(1, "share", shared_text=post), item(2, "post", post)])
    assert shared["signals"] and {s["segment"] for s in shared["signals"]} == {"shared"}
    assert own["signals"] and {s["segment"] for s in own["signals"]} == {"text"}
    assert own == Detector(election, model=model).classify([item(2, "post", post)])[0]


def test_the_analysis_cache_is_bounded(election, model, monkeypatch):
    monkeypatch.setattr(detector_module, "SEGMENT_CACHE_LIMIT", 3)
    detector = Detector(election, model=model)
    detector.classify([item(n, "post", f"teks nomor {n} coblos 2") for n in range(10)])
    assert len(detector._analysed) <= 3


def test_reasons_remembered_for_a_text_hold_no_language(election, model):
    """Remembered reasons are keys with values: the same whatever language is active, and put
    into words in the reader's language only when shown (decision 0125)."""
    detector = Detector(election, model=model)
    batch = [item(1, "post", POSTS[0])]
    with translation.override("id"):
        indonesian = detector.classify(batch)[0]["reasons"]
    with translation.override("en"):
        english = detector.classify(batch)[0]["reasons"]  # from the cache
        english_sentences = reasons.sentences(english)
    assert english == indonesian
    assert all(isinstance(reason, dict) and "key" in reason for reason in english)
    with translation.override("id"):
        assert reasons.sentences(english) != english_sentences
    assert any(re.search(r"[Cc]all to vote|ballot number", text) for text in english_sentences)


def test_remembered_reasons_are_not_shared_between_results(election, model):
    """Each result holds its own reason dicts: changing one item's reasons changes no other's,
    and a text shared by one item is not marked as shared in the item that wrote it."""
    post = POSTS[0]
    detector = Detector(election, model=model)
    first, second, sharing = detector.classify(
        [item(1, "post", post), item(2, "post", post), item(3, "share", shared_text=post)]
    )
    fresh = Detector(election, model=model).classify([item(2, "post", post)])[0]
    for reason in first["reasons"]:
        reason["key"] = "CHANGED"
    assert second == fresh
    assert all(reason["key"] != "SHARED" for reason in second["reasons"])
    shared_reasons = [reason for reason in sharing["reasons"] if reason["key"] == "SHARED"]
    assert shared_reasons
    assert [reason["reason"] for reason in shared_reasons] == [
        reason for reason in fresh["reasons"] if reason["key"] not in ("CODES", "RAISES", "LOWERS")
    ][: len(shared_reasons)]
