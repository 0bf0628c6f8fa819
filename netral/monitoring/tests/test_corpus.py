"""The shipped corpus generator: deterministic, balanced, with hard negatives and a held-out
split that shares neither templates nor election with training."""

import collections

from netral.monitoring.pipeline import corpus


def test_generation_is_deterministic():
    assert corpus.generate("heldout", size=50) == corpus.generate("heldout", size=50)
    assert corpus.generate("heldout", size=50) != corpus.generate("heldout", size=50, seed=5)


def test_every_split_has_both_labels_and_the_held_out_set_enough_positives():
    for split in ("train", "calibration", "heldout"):
        labels = collections.Counter(item["label"] for item in corpus.generate(split))
        assert labels["campaign"] >= 300 and labels["neutral"] >= 300, (split, labels)


def test_hard_negatives_and_interactions_are_present():
    items = corpus.generate("train")
    categories = collections.Counter(item["category"] for item in items)
    for category in ("neutrality", "civic", "news", "name_clash", "gesture_family", "time_rank"):
        assert categories[category] > 100, category
    kinds = collections.Counter(item["kind"] for item in items)
    assert set(kinds) == {"post", "like", "share", "comment"}
    assert all(item["label"] == "neutral" for item in items if item["category"] == "news")


def test_held_out_texts_never_appear_in_training():
    training = {item["text"] for item in corpus.generate("train")}
    training |= {item["shared_text"] for item in corpus.generate("train")}
    heldout = [item for item in corpus.generate("heldout") if item["kind"] == "post"]
    assert sum(item["text"] in training for item in heldout) == 0


def test_calibration_templates_are_kept_out_of_training():
    train = corpus._templates("train.yaml", "train")["posts"]["support"]
    calibration = corpus._templates("train.yaml", "calibration")["posts"]["support"]
    assert calibration and not set(train) & set(calibration)


def test_a_swapped_post_differs_only_in_who_it_is_about():
    variants = corpus.swapped_pairs(3)
    assert [v["candidate"] or v["label"] for v in variants] in (
        [1, 2, 3],
        ["neutral", "neutral", "neutral"],
    )
    assert len({v["kind"] for v in variants}) == 1


def test_the_benchmark_corpus_is_long_enough_and_mostly_distinct():
    items = list(corpus.iter_synthetic(500))
    texts = [item["text"] or item["shared_text"] for item in items]
    assert "label" not in items[0]
    assert sum(map(len, texts)) / len(texts) > 100
    assert len(set(texts)) > 0.6 * len(texts)
