"""Layer 1: rule hits, dampeners and delexicalisation on the Sukamakmur election (conftest)."""

import pytest

from netral.monitoring.pipeline.evidence import collect
from netral.monitoring.pipeline.rules import RuleSet
from netral.registry import election_file


@pytest.fixture
def evidence(rules):
    def run(text):
        return collect(rules, rules.normaliser(text))

    return run


def rules_of(found):
    return [signal.rule for signal in found.signals]


@pytest.mark.parametrize(
    ("text", "rule", "pair"),
    [
        ("paslon nomor urut 2 blusukan ke pasar", "BALLOT_NUMBER", 2),
        ("No urut 03 datang ke desa kami", "BALLOT_NUMBER", 3),
        ("02 menang!", "BALLOT_NUMBER", 2),
        ("#02", "BALLOT_NUMBER", 2),
        ("coblos 2", "BALLOT_WITH_VOTE_VERB", 2),
        ("yuk pilih nomor satu", "BALLOT_WITH_VOTE_VERB", 1),
        ("c0bl0s n0 urut 3", "BALLOT_WITH_VOTE_VERB", 3),
        ("Salam dua jari!", "GESTURE_PHRASE", 2),
        ("Ayo dukung Cahyo Wibowo", "CALL_TO_VOTE", 2),
        ("#CahyoDewiJuara", "CAMPAIGN_HASHTAG", 2),
        ("#cahyodewijuara", "CAMPAIGN_HASHTAG", 2),
        ("Sukamakmur Bisa Lebih Maju!", "SLOGAN", 1),
        ("BISA! BISA!", "CAND_JARGON", 1),
        ("follow @budiani.official ya", "OFFICIAL_ACCOUNT", 1),
        ("Mas Budi pemimpin amanah", "PRAISE", 1),
        ("Eko Prasetyo itu pembohong", "ATTACK", 3),
        ("2 periode!", "CAMPAIGN_PHRASE", None),
    ],
)
def test_campaign_forms_are_found_with_their_pair(evidence, text, rule, pair):
    found = evidence(text)
    assert any(s.rule == rule and s.pair == pair for s in found.signals), found.signals


@pytest.mark.parametrize(
    "text",
    [
        "rapat jam 2 siang",
        "rapat jam 02 siang",
        "anak saya juara 2 lomba mewarnai",
        "peringkat 3 se-kabupaten",
        "rumah nomor 2 dijual",
        "RT 02 RW 05 kerja bakti",
        "lantai 3 sedang direnovasi",
        "beli 2 kg beras",
        "kami bisa datang besok",  # "bisa" is a common word: the jargon counts only as BISA
    ],
)
def test_numbers_that_are_times_ranks_or_addresses_are_not_ballot_numbers(evidence, text):
    assert [s for s in evidence(text).signals if s.polarity != "damp"] == []


def test_a_ballot_number_outside_the_election_is_ignored(evidence):
    assert evidence("paslon nomor urut 7").signals == []


def test_jangan_before_a_vote_verb_is_an_attack_on_that_pair(evidence):
    found = evidence("Jangan pilih 02, janjinya omong kosong")
    assert "ATTACK_CALL" in rules_of(found)
    assert (found.stance, found.candidate) == ("attack", 2)
    assert found.support == 0


def test_a_prohibition_for_civil_servants_is_neutrality_language(evidence):
    found = evidence("ASN dilarang mendukung paslon nomor urut 1. Jaga netralitas!")
    assert {"NEUTRALITY", "PROHIBITION"} <= set(rules_of(found))
    assert "CALL_TO_VOTE" not in rules_of(found)
    assert found.damping < 0.1


def test_damped_evidence_stays_visible(evidence):
    found = evidence("ASN harus netral, jangan ikut kampanye paslon nomor urut 2")
    ballot = next(s for s in found.signals if s.rule == "BALLOT_NUMBER")
    assert ballot.damped is True
    assert ballot.pair == 2


@pytest.mark.parametrize(
    ("text", "dampener"),
    [
        ("Jangan golput! Gunakan hak pilih tanggal 27", "CIVIC"),
        ("Menurut KPU, debat kandidat digelar malam ini", "NEWS"),
        ("Ikrar netralitas ASN di aula kantor", "NEUTRALITY"),
        ("Foto keluarga di pantai ✌️✌️", "PERSONAL"),
        ("Saya tidak memilih siapapun", "NEGATION"),
    ],
)
def test_dampeners_are_recognised(evidence, text, dampener):
    found = evidence(text)
    assert dampener in rules_of(found)
    assert found.damping < 1


def test_news_naming_every_pair_takes_no_side(evidence):
    found = evidence("Debat: Budi Santoso, Cahyo Wibowo dan Eko Prasetyo beradu gagasan")
    assert "ALL_PAIRS" in rules_of(found)
    assert found.candidate is None


def test_a_call_for_one_pair_is_not_damped_by_naming_the_others(evidence):
    found = evidence("Budi Santoso dan Eko Prasetyo kalah jauh, coblos 2 saja")
    assert "ALL_PAIRS" not in rules_of(found)
    assert found.candidate == 2


def test_a_neighbour_sharing_a_nickname_is_only_a_weak_mention(evidence):
    found = evidence("Mas Budi tetangga saya jualan sayur")
    assert rules_of(found) == ["CAND_NICKNAME", "NAMESAKE"]
    assert found.support == 0 and found.attack == 0
    assert found.mention < 0.8  # the name is damped as used about someone else


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Besok kita ikut konvoi Mas Budi, kumpul jam 7", "ACT_INVITE"),
        ("Dibuka pendaftaran relawan Budi Santoso, yuk gabung", "ACT_VOLUNTEER"),
        ("Forum guru resmi menyatakan dukungan kepada Budi Santoso", "ACT_DECLARE"),
        ("Mas Budi unggul di survei, tinggal jaga suara", "ACT_SURVEY"),
        ("Tunjangan honorer hanya lanjut kalau Mas Budi menang", "ACT_PROMISE"),
        ("Tolong sebarkan flyer Mas Budi ke grup wali murid", "ACT_GROUP"),
        ("Sebagai kepala dinas saya minta staf hadir di acara Mas Budi", "ACT_OFFICE"),
    ],
)
def test_campaign_acts_near_a_candidate_support_that_pair(evidence, text, rule):
    found = evidence(text)
    signal = next(s for s in found.signals if s.rule == rule)
    assert signal.pair is not None and signal.polarity == "support"
    assert found.support >= 1.5
    assert found.candidate == signal.pair


def test_an_act_without_a_candidate_is_weaker(evidence):
    alone = evidence("Besok kita ikut konvoi, kumpul jam 7")
    named = evidence("Besok kita ikut konvoi Mas Budi, kumpul jam 7")
    assert 0 < alone.support < named.support


def test_a_prohibited_act_is_neutrality_language(evidence):
    found = evidence("ASN dilarang hadir kampanye Mas Budi")
    assert "ACT_INVITE" not in rules_of(found)
    assert found.damping < 1


def test_acts_become_placeholders_for_the_model(evidence):
    found = evidence("Tolong sebarkan flyer Mas Budi ke grup")
    assert "<SEBAR_GRUP>" in found.delexicalised
    assert "sebarkan" not in found.delexicalised and "budi" not in found.delexicalised


def test_a_gesture_alone_is_weak_but_next_to_a_candidate_it_counts(evidence):
    alone = evidence("✌️")
    beside = evidence("✌️ Cahyo Wibowo")
    assert alone.signals[0].rule == "GESTURE_EMOJI"
    assert "GESTURE_NEAR_CAND" in rules_of(beside)
    assert beside.support > alone.support


def test_candidate_words_become_placeholders_for_the_model(evidence):
    found = evidence("Ayo coblos nomor urut 2 Cahyo Wibowo #CahyoDewiJuara ✌️")
    assert found.delexicalised == [
        "ayo",
        "coblos",
        "nomor",
        "urut",
        "<NOMOR>",
        "<CALON>",
        "<TAGAR_CALON>",
        "salam_2_jari",
    ]


def test_the_same_sentence_about_another_pair_gives_the_same_placeholders(evidence):
    first = evidence("Dukung Budi Santoso, coblos nomor 1 #BudiAniMenang")
    second = evidence("Dukung Eko Prasetyo, coblos nomor 3 #EkoFitri3")
    assert first.delexicalised == second.delexicalised
    assert (first.candidate, second.candidate) == (1, 3)


def test_the_election_file_compiles_into_one_automaton(rules):
    assert rules.pattern_count > 500
    assert rules.accounts == {"@budiani.official": 1, "@cahyodewi2024": 2, "@ekofitri.id": 3}


def test_jargon_that_is_not_a_common_word_counts_in_any_case(lexicon, normaliser):
    text = (
        "election: X\nkind: bupati\nvoting_day: 2024-11-27\ncandidates:\n"
        "  - {number: 1, names: [Nama Satu], jargon: [BERANI], nicknames: [Zulfa]}\n"
        "  - {number: 2, names: [Nama Dua], jargon: [ZULKA]}\n"
    )
    rules = RuleSet(election_file.parse(text), lexicon, normaliser)
    assert rules_of(collect(rules, normaliser("zulka hebat"))) == ["CAND_JARGON", "PRAISE"]
    assert rules_of(collect(rules, normaliser("saya berani"))) == []


def test_an_official_profile_address_counts_as_the_account(lexicon, normaliser):
    text = (
        "election: X\nkind: bupati\nvoting_day: 2024-11-27\ncandidates:\n"
        "  - {number: 1, names: [Nama Satu], accounts: ['https://facebook.com/calonsatu']}\n"
        "  - {number: 2, names: [Nama Dua], slogans: [Desa Maju]}\n"
    )
    rules = RuleSet(election_file.parse(text), lexicon, normaliser)
    found = collect(rules, normaliser("lihat https://www.facebook.com/CalonSatu/posts/9"))
    assert [(s.rule, s.pair) for s in found.signals] == [("OFFICIAL_ACCOUNT", 1)]
    assert rules.official("http://facebook.com/calonsatu/") == 1
    assert rules.official("@calonsatu") is None


def test_a_two_word_slogan_is_weaker_because_people_also_just_say_it(lexicon, normaliser):
    text = (
        "election: X\nkind: bupati\nvoting_day: 2024-11-27\ncandidates:\n"
        "  - {number: 1, names: [Nama Satu], slogans: [Desa Maju, Desa Maju Warga Sejahtera]}\n"
    )
    rules = RuleSet(election_file.parse(text), lexicon, normaliser)
    short = collect(rules, normaliser("jalan di desa maju sekali"))
    long = collect(rules, normaliser("Desa Maju Warga Sejahtera!"))
    assert [s.rule for s in short.signals] == ["SLOGAN_SHORT"] and not short.explicit
    assert "SLOGAN" in [s.rule for s in long.signals] and long.explicit
