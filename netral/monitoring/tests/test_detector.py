"""The whole detector with the shipped model: labels, sides, reasons, codes, hard cases."""

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netral.monitoring.pipeline import corpus, train
from netral.monitoring.pipeline.detector import Detector, Item
from netral.monitoring.pipeline.transformer import TransformerBackend
from netral.registry import election_file

BEFORE = "2024-09-01T10:00:00+07:00"  # before the candidates were designated (22 Sept 2024)
AFTER = "2024-10-01T10:00:00+07:00"


@pytest.mark.parametrize(
    "text",
    [
        "Ayo coblos nomor 2 tanggal 27 November! #CahyoDewiJuara",
        "Bismillah, Budi Santoso pilihan terbaik untuk Sukamakmur 🔥",
        "c0bl0s n0 urut 3 yaa gaes, kerja nyata untuk rakyat",
        "Salam tiga jari! #EkoFitri3",
        "✌️✌️ #CahyoDewiJuara",
        "Sudah saatnya Sukamakmur dipimpin Mas Budi. Sukamakmur Bisa Lebih Maju!",
        "Wis mantep pilih Cahyo Wibowo, ora iso diganggu gugat ✌️",
    ],
)
def test_support_for_a_pair_is_campaign(classify, text):
    result = classify(text)
    assert result["label"] == "campaign", result["reasons"]
    assert result["stance"] == "support"
    assert result["score"] >= 0.5


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Jangan pilih 02, janjinya omong kosong", 2),
        ("Eko Prasetyo itu pembohong, tidak layak memimpin Sukamakmur", 3),
        ("Asal bukan Budi Santoso, siapa saja boleh", 1),
    ],
)
def test_attacking_a_pair_is_taking_a_side(classify, text, pair):
    result = classify(text)
    assert result["label"] == "campaign", result["reasons"]
    assert (result["candidate"], result["stance"]) == (pair, "attack")


@pytest.mark.parametrize(
    "text",
    [
        "ASN dilarang mendukung paslon nomor urut 1 maupun paslon lainnya. Jaga netralitas!",
        "Hari ini kami mengikuti ikrar netralitas ASN di aula kantor",
        "Jangan golput! Gunakan hak pilihmu 27 November",
        "Menurut KPU, debat kandidat Budi Santoso, Cahyo Wibowo dan Eko Prasetyo digelar malam ini",
        "Mas Budi tetangga saya jualan sayur, murah dan segar",
        "Selamat untuk Cahyo, penyanyi dangdut yang baru rilis lagu baru",
        "Foto keluarga di pantai ✌️✌️",
        "✌️",
        "Rapat dinas jam 2 siang di aula kantor",
        "Alhamdulillah anak saya juara 2 lomba mewarnai",
        "Antrean nomor 3 dipanggil, pelayanan KTP lancar",
    ],
)
def test_hard_negatives_are_neutral(classify, text):
    result = classify(text)
    assert result["label"] == "neutral", result["reasons"]
    assert result["candidate"] is None and result["stance"] is None and result["codes"] == []


def test_liking_or_commenting_on_a_campaign_post_is_campaign(classify):
    post = "Ayo coblos nomor 2! #CahyoDewiJuara"
    liked = classify("", kind="like", shared_text=post)
    commented = classify("Mantap pak, lanjutkan!", kind="comment", shared_text=post)
    for result in (liked, commented):
        assert result["label"] == "campaign"
        assert result["candidate"] == 2
    assert liked["reasons"][0] == "Menyukai unggahan yang berisi kampanye"
    assert commented["reasons"][0] == "Mengomentari unggahan yang berisi kampanye"


def test_sharing_news_is_neutral_and_a_reminder_under_a_campaign_post_too(classify):
    news = "Menurut KPU, debat kandidat Pilkada Sukamakmur digelar malam ini pukul 19.00"
    assert classify("", kind="share", shared_text=news)["label"] == "neutral"
    reminder = classify(
        "Pak, ingat ASN harus netral ya", kind="comment", shared_text="Coblos nomor 2!"
    )
    assert reminder["label"] == "neutral"


def test_sharing_from_an_official_account_is_said(classify):
    result = classify(
        "", kind="share", shared_text="Kampanye akbar hari ini", shared_author="@cahyodewi2024"
    )
    assert "Membagikan dari akun resmi @cahyodewi2024 milik calon nomor 2" in result["reasons"]
    assert result["signals"][0]["rule"] == "SHARED_FROM_OFFICIAL"
    assert (result["label"], result["candidate"]) == ("campaign", 2)


def test_reasons_are_short_indonesian_sentences(classify):
    result = classify("Ayo coblos nomor 2 Cahyo Wibowo #CahyoDewiJuara")
    assert "Ajakan mencoblos nomor 2: 'coblos nomor 2'" in result["reasons"]
    assert "Menyebut nama calon nomor 2 (Cahyo Wibowo)" in result["reasons"]
    assert "Memakai tagar kampanye #CahyoDewiJuara" in result["reasons"]
    damped = classify("ASN harus netral, jangan kampanye untuk paslon nomor urut 2")
    assert "Diredam: bahasa netralitas ('asn harus netral')" in damped["reasons"]


@pytest.mark.parametrize(
    ("kind", "posted_at", "codes"),
    [
        ("post", BEFORE, ["KE-02", "KE-04"]),
        ("post", AFTER, ["DS-02", "DS-06"]),
        ("like", BEFORE, ["KE-04"]),
        ("like", AFTER, ["DS-06"]),
        ("post", "2024-09-21T18:00:00Z", ["DS-02", "DS-06"]),  # already 22 Sept in Jakarta
    ],
)
def test_codes_depend_on_the_stage_and_the_interaction(classify, kind, posted_at, codes):
    post = "Ayo coblos nomor 2! #CahyoDewiJuara"
    text, shared = (post, "") if kind == "post" else ("", post)
    result = classify(text, kind=kind, shared_text=shared, posted_at=posted_at)
    assert result["codes"] == codes


def test_without_a_date_no_code_is_guessed_and_the_reason_says_so(classify):
    result = classify("Ayo coblos nomor 2! #CahyoDewiJuara", posted_at=None)
    assert result["label"] == "campaign"
    assert result["codes"] == []
    assert result["reasons"][-1] == (
        "Tanggal unggahan tidak diketahui, sehingga kode pelanggaran belum dapat ditentukan"
    )


def test_empty_and_emoji_only_texts_are_answered(classify):
    empty = classify("")
    assert (empty["label"], empty["reasons"]) == (
        "neutral",
        ["Teks kosong: tidak ada yang dapat diperiksa"],
    )
    assert classify("🌸🌸🌸")["label"] == "neutral"


def test_a_100_kb_post_is_truncated_for_matching_and_says_so(classify):
    result = classify("Ayo coblos nomor 2! " + "kata biasa " * 10_000)
    assert result["truncated"] is True
    assert result["label"] == "campaign"
    assert any("Hanya 10000 karakter pertama yang diperiksa" in r for r in result["reasons"])


def test_results_carry_versions_for_audit(classify, model):
    result = classify("halo")
    assert result["model_version"] == model.version
    assert result["config_version"] == "test"
    assert result["lexicon_version"]


def test_scores_do_not_depend_on_which_pair_a_post_is_about(model):
    """Candidate-swap invariance on an election whose pairs have the same shape."""
    assert train.swap_delta(model, samples=40) <= 0.01


def test_the_rules_only_mode_works_without_a_model(election):
    result = Detector(election, model=None).classify([Item("1", "post", "Coblos nomor 2!")])[0]
    assert result["model_version"] == "rules-only"
    assert result["label"] == "campaign"


def test_without_local_weights_the_transformer_is_skipped_quietly():
    assert TransformerBackend(None).available is False
    assert TransformerBackend(None).predict_proba(["teks"]) is None


def test_a_transformer_directory_that_cannot_be_used_is_logged_once(
    tmp_path, caplog, election, model
):
    with caplog.at_level(logging.WARNING, logger="netral.monitoring.pipeline.transformer"):
        backends = [TransformerBackend(tmp_path / "tidak-ada") for _ in range(3)]
    assert not any(backend.available for backend in backends)
    assert len(caplog.records) == 1
    detector = Detector(election, model=model, transformer=backends[0])
    assert detector.classify([Item("1", "post", "Coblos nomor 2!")])[0]["label"] == "campaign"


def test_the_held_out_election_is_not_a_training_election():
    training = {
        name for split in ("train", "calibration") for name in corpus.SPLITS[split].elections
    }
    assert not training & set(corpus.SPLITS["heldout"].elections)
    names = lambda path: {n for c in election_file.load(path).candidates for n in c.names}  # noqa: E731
    heldout = names(corpus.election_path("election-heldout.yaml"))
    assert not heldout & set().union(*(names(corpus.election_path(n)) for n in training))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(max_size=300),
    shared=st.text(
        alphabet=st.sampled_from("coblos nomor 2 ✌️#@jam02.️⃣🏽\u200d\ue000 Budi"), max_size=80
    ),
    kind=st.sampled_from(["post", "share", "comment", "like"]),
)
def test_any_text_gets_an_answer(classify, text, shared, kind):
    result = classify(text, kind=kind, shared_text=shared)
    assert 0.0 <= result["score"] <= 1.0
    assert result["label"] in ("campaign", "neutral")
    assert result["reasons"]


FUNCTION_WORDS = ("di", "ini", "yang", "anak", "dan", "ke", "dari", "untuk", "itu", "ya")


@pytest.mark.parametrize(
    "text",
    [
        "Besok kita kumpul di lapangan jam 7 ya, kampanye akbar Mas Budi",
        "Rapat koordinasi relawan Budi Santoso malam ini di rumah saya",
        "Anak saya ranking 1 di kelas, bangga",
        "ASN wajib netral, jangan dukung paslon manapun",
        "Hujan deras dari pagi, jalan depan kantor banjir lagi",
    ],
)
def test_model_reasons_never_cite_a_function_word_or_a_feature_id(classify, text):
    result = classify(text)
    for reason in result["reasons"]:
        if not reason.startswith("Model:"):
            continue
        quoted = reason.split("'")[1]
        assert quoted.startswith("[") or "[" in quoted, reason
        assert quoted not in FUNCTION_WORDS
        assert not quoted.isdigit()


def test_a_flag_names_the_act_the_candidate_and_the_catalogue_code(classify):
    result = classify("Yuk ikut konvoi Mas Budi hari minggu, kumpul depan kantor camat")
    assert result["label"] == "campaign" and result["candidate"] == 1
    assert any("kegiatan kampanye calon nomor 1" in r and "konvoi" in r for r in result["reasons"])
    assert result["codes"]
    assert any(r.startswith("Kode katalog") and result["codes"][0] in r for r in result["reasons"])


def test_a_sportsman_with_a_candidates_name_is_not_campaigning(classify):
    result = classify("Budi Santoso juara lomba lari 10K, medali emas lagi, bangga!")
    assert result["label"] == "neutral"
    assert any("nama itu dipakai untuk orang lain" in r for r in result["reasons"])
