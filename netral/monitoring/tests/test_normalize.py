import pytest

from netral.monitoring.pipeline.lexicon import LexiconError, load_lexicon, parse_slang
from netral.monitoring.pipeline.normalize import MAX_CHARS


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Ayo PILIH", ["ayo", "pilih"]),
        ("nomor ２ dan ③", ["nomor", "2", "dan", "3"]),  # NFKC: full-width and circled digits
        ("coblos 2️⃣", ["coblos", "2"]),  # keycap digit
        ("nomor urut dua", ["nomor", "urut", "2"]),
        ("nomer tiga", ["nomor", "3"]),
        ("no. 2", ["nomor", "2"]),
        ("No.2", ["nomor", "2"]),
        ("paslon 02", ["paslon", "02"]),
        ("paslon02", ["paslon", "02"]),
        ("pilihhhh dong", ["pilih", "dong"]),  # elongation
        ("gk usah ragu yg penting coblos", ["tidak", "usah", "ragu", "yang", "penting", "coblos"]),
        ("c0bl0s n0 urut 2", ["coblos", "nomor", "urut", "2"]),  # leet only inside words
        ("hati2 di jalan", ["hati-hati", "di", "jalan"]),  # "2" marks reduplication
        ("jam 02.00 dan 1.000.000", ["jam", "02.00", "dan", "1.000.000"]),  # digits stay digits
        ("lanjut #2Periode", ["lanjut", "#2periode", "2", "periode"]),
        ("follow @BudiAni.Official", ["ikuti", "@budiani.official"]),
        ("mantul 🔥", ["mantap", "emoji_semangat"]),
        ("", []),
        ("🌸🌸", []),  # other emoji are dropped
    ],
)
def test_texts_become_normalised_tokens(normaliser, text, tokens):
    assert normaliser(text).tokens == tokens


def test_gesture_emoji_become_tokens_distinct_from_the_written_greeting(normaliser):
    assert normaliser("✌🏽✌️☝🏻👌").tokens == [
        "salam_2_jari",
        "salam_2_jari",
        "salam_1_jari",
        "salam_3_jari",
    ]
    assert normaliser("salam dua jari").tokens == ["salam", "2", "jari"]


def test_skin_tones_and_variation_selectors_do_not_change_the_reading(normaliser):
    assert normaliser("✌🏿").tokens == normaliser("✌").tokens == normaliser("✌️").tokens


def test_camel_case_hashtags_keep_the_tag_and_add_its_words(normaliser):
    assert normaliser("#AyoCoblosBudiAni").tokens == [
        "#ayocoblosbudiani",
        "ayo",
        "coblos",
        "budi",
        "ani",
    ]


def test_urls_are_one_token_not_read_as_words(normaliser):
    result = normaliser("lihat https://contoh.id/coblos-2 ya www.contoh.id")
    assert result.tokens == ["lihat", "<URL>", "ya", "<URL>"]
    assert result.urls == ("https://contoh.id/coblos-2", "www.contoh.id")


def test_words_in_capitals_are_noted(normaliser):
    assert normaliser("Sukamakmur BISA maju").caps == frozenset({"bisa"})


def test_long_texts_are_truncated_and_say_so(normaliser):
    result = normaliser("kata " * (MAX_CHARS // 2))
    assert result.truncated is True
    assert len(result.tokens) == MAX_CHARS // 5
    assert normaliser("pendek").truncated is False


def test_the_shipped_slang_list_has_a_few_hundred_pairs_and_maps_election_words(lexicon):
    assert len(lexicon.slang) >= 300
    assert lexicon.slang["nyoblos"] == "mencoblos"
    assert lexicon.slang["jgn"] == "jangan"
    assert "bkn" not in lexicon.slang  # an institution, not "bukan"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("gk tidak", "expected 'slang = formal'"),
        ("gk =", "expected 'slang = formal'"),
        ("dua kata = x", "expected 'slang = formal'"),
        ("gk = tidak\nGK = enggak", "appears twice"),
    ],
)
def test_a_malformed_slang_line_is_refused_with_its_number(text, message):
    with pytest.raises(LexiconError, match=message):
        parse_slang(text)


def test_the_lexicon_has_a_version_for_audit():
    assert load_lexicon().version.count("+") == 1
