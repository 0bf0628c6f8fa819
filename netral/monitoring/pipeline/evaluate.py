"""Quality figures: precision, recall and F1 per class, confusion matrix, PR-AUC, calibration.

Pure Python so that `netral monitor evaluate` needs no scikit-learn. Also the plain keyword
matcher (candidate names, nicknames and hashtags only) that docs/monitoring.md compares with.
"""

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _

from netral.monitoring.pipeline.detector import CAMPAIGN, NEUTRAL, Item
from netral.registry.election_file import ElectionFile

LABELS = (CAMPAIGN, NEUTRAL)


def metrics(
    actual: list[str], predicted: list[str], scores: list[float] | None = None
) -> dict[str, Any]:
    """Per-class figures, macro-F1, accuracy, confusion (actual → predicted → count)."""
    confusion = {a: {p: 0 for p in LABELS} for a in LABELS}
    for a, p in zip(actual, predicted, strict=True):
        confusion[a][p] += 1
    classes = {}
    for label in LABELS:
        tp = confusion[label][label]
        predicted_n = sum(confusion[a][label] for a in LABELS)
        actual_n = sum(confusion[label].values())
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / actual_n if actual_n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        classes[label] = {"precision": precision, "recall": recall, "f1": f1, "support": actual_n}
    result: dict[str, Any] = {
        "count": len(actual),
        "accuracy": sum(a == p for a, p in zip(actual, predicted, strict=True)) / len(actual)
        if actual
        else 0.0,
        "macro_f1": sum(c["f1"] for c in classes.values()) / len(LABELS),
        "classes": classes,
        "confusion": confusion,
    }
    if scores is not None:
        result["pr_auc"] = average_precision(actual, scores)
        result["ece"] = calibration_error(actual, scores)
    return result


def average_precision(actual: list[str], scores: list[float]) -> float:
    """Area under the precision–recall curve for `campaign` (step-wise, as scikit-learn)."""
    ranked = sorted(zip(scores, actual, strict=True), key=lambda pair: -pair[0])
    positives = sum(label == CAMPAIGN for label in actual)
    if not positives:
        return 0.0
    found, total = 0, 0.0
    for rank, (_score, label) in enumerate(ranked, start=1):
        if label == CAMPAIGN:
            found += 1
            total += found / rank
    return total / positives


def calibration_error(actual: list[str], scores: list[float], bins: int = 10) -> float:
    """Expected calibration error over equal-width bins of the campaign probability."""
    buckets: dict[int, list[tuple[float, bool]]] = {}
    for score, label in zip(scores, actual, strict=True):
        buckets.setdefault(min(int(score * bins), bins - 1), []).append((score, label == CAMPAIGN))
    error = 0.0
    for values in buckets.values():
        confidence = sum(score for score, _ in values) / len(values)
        frequency = sum(hit for _, hit in values) / len(values)
        error += len(values) / len(actual) * abs(confidence - frequency)
    return error


def keyword_baseline(election: ElectionFile, items: list[Item]) -> list[str]:
    """Campaign when a candidate name, nickname or hashtag appears (case-insensitive)."""
    keywords = [
        value.lower()
        for candidate in election.candidates
        for value in (*candidate.names, *candidate.nicknames, *candidate.hashtags)
    ]
    return [
        CAMPAIGN
        if any(k in f"{item.text} {item.shared_text}".lower() for k in keywords)
        else NEUTRAL
        for item in items
    ]


def by_category(
    actual: list[str], predicted: list[str], categories: list[str]
) -> dict[str, dict[str, Any]]:
    """Accuracy per category (for the challenge sets: reminders, news, name clashes…)."""
    totals: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for a, p, category in zip(actual, predicted, categories, strict=True):
        totals[category] += 1
        right[category] += a == p
    return {c: {"count": totals[c], "accuracy": right[c] / totals[c]} for c in sorted(totals)}


def report(result: dict[str, Any], title: str) -> str:
    """A plain-text table for the terminal."""
    lines = [title, _("%(count)s labelled items") % {"count": result["count"]}, ""]
    precision, recall, support = _("precision"), _("recall"), _("support")
    lines.append(f"{'':<10} {precision:>10} {recall:>10} {'F1':>8} {support:>8}")
    for label, c in result["classes"].items():
        figures = f"{c['precision']:>10.3f} {c['recall']:>10.3f} {c['f1']:>8.3f}"
        lines.append(f"{label:<10} {figures} {c['support']:>8}")
    lines.append(f"{'macro-F1':<10} {result['macro_f1']:>41.3f}")
    accuracy = _("accuracy")
    lines.append(f"{accuracy:<10} {result['accuracy']:>41.3f}")
    if "pr_auc" in result:
        lines.append(f"{'PR-AUC':<10} {result['pr_auc']:>41.3f}")
        lines.append(f"{'ECE':<10} {result['ece']:>41.3f}")
    lines += ["", _("Confusion matrix (rows: actual, columns: predicted)")]
    lines.append(f"{'':<10} " + " ".join(f"{p:>10}" for p in LABELS))
    for a in LABELS:
        lines.append(f"{a:<10} " + " ".join(f"{result['confusion'][a][p]:>10}" for p in LABELS))
    return "\n".join(lines)


def reliability(actual: list[str], scores: list[float], bins: int = 5) -> list[dict[str, Any]]:
    """Reliability table: per equal-width score bin, items, mean score and campaign share."""
    rows = []
    for index in range(bins):
        low, high = index / bins, (index + 1) / bins
        values = [
            (score, label == CAMPAIGN)
            for score, label in zip(scores, actual, strict=True)
            if low <= score < high or (index == bins - 1 and score == high)
        ]
        if not values:
            continue
        rows.append(
            {
                "bin": f"{low:.1f}–{high:.1f}",
                "count": len(values),
                "mean": sum(s for s, _ in values) / len(values),
                "share": sum(h for _, h in values) / len(values),
            }
        )
    return rows
