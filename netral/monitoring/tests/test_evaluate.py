import pytest

from netral.monitoring.pipeline import evaluate
from netral.monitoring.pipeline.detector import Item

C, N = "campaign", "neutral"


def test_precision_recall_f1_and_confusion_per_class():
    result = evaluate.metrics([C, C, C, N, N], [C, C, N, C, N])
    campaign = result["classes"][C]
    assert campaign["precision"] == pytest.approx(2 / 3)
    assert campaign["recall"] == pytest.approx(2 / 3)
    assert result["classes"][N]["f1"] == pytest.approx(0.5)
    assert result["confusion"] == {C: {C: 2, N: 1}, N: {C: 1, N: 1}}
    assert result["accuracy"] == pytest.approx(0.6)


def test_average_precision_rewards_ranking_campaign_first():
    assert evaluate.average_precision([C, N, C], [0.9, 0.1, 0.8]) == pytest.approx(1.0)
    assert evaluate.average_precision([N, C], [0.9, 0.1]) == pytest.approx(0.5)


def test_calibration_error_is_zero_when_scores_match_frequencies():
    assert evaluate.calibration_error([C, N], [1.0, 0.0]) == pytest.approx(0.0)
    assert evaluate.calibration_error([N, N], [0.9, 0.9]) == pytest.approx(0.9)


def test_the_keyword_baseline_looks_only_for_names_nicknames_and_hashtags(election):
    items = [
        Item("1", "post", "Selamat pagi Cahyo Wibowo"),
        Item("2", "like", "", "#EkoFitri3"),
        Item("3", "post", "coblos nomor 2!"),
    ]
    assert evaluate.keyword_baseline(election, items) == [C, C, N]


def test_the_report_is_a_readable_table():
    text = evaluate.report(evaluate.metrics([C, N], [C, N], [0.9, 0.2]), "Judul")
    assert text.splitlines()[0] == "Judul"
    assert "macro-F1" in text and "PR-AUC" in text and "Matriks kebingungan" in text


def test_the_reliability_table_bins_scores_and_gives_the_campaign_share():
    from netral.monitoring.pipeline.evaluate import reliability

    actual = ["campaign", "neutral", "campaign", "campaign", "neutral"]
    scores = [0.95, 0.05, 0.9, 0.5, 1.0]
    rows = {row["bin"]: row for row in reliability(actual, scores)}
    assert rows["0.8–1.0"]["count"] == 3  # 1.0 falls in the last bin
    assert abs(rows["0.8–1.0"]["share"] - 2 / 3) < 1e-9
    assert rows["0.0–0.2"] == {"bin": "0.0–0.2", "count": 1, "mean": 0.05, "share": 0.0}
    assert sum(row["count"] for row in rows.values()) == len(actual)
