"""Leave-one-template-family-out figures on the generated corpus (issue 18).

    python -m netral.monitoring.pipeline.lofo

A template family is a category of the generator (support, attack, neutrality reminders, news,
civic calls, name clashes, family gestures, times and ranks, everyday posts). For each family the
text model and the stacker are fitted without any item of that family, and the held-out items of
that family are classified by that model; the pooled predictions give one macro-F1 in which every
item was scored by a model that never saw its family. Training only (needs scikit-learn).
"""

from typing import Any

TEXT_C = 4.0  # the C the full training chose (linear.json "trained_with")


def run(log: Any = print) -> dict[str, Any]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression  # training only

    # Imported here: the pipeline needs Django's settings, which __main__ sets up first.
    from netral.monitoring.pipeline import corpus, evaluate, train
    from netral.monitoring.pipeline.detector import CAMPAIGN, NEUTRAL
    from netral.monitoring.pipeline.features import FeatureConfig
    from netral.monitoring.pipeline.model import LinearModel, Stacker

    features = FeatureConfig()
    detectors = train._detectors(features)
    splits = {name: corpus.generate(name) for name in ("train", "calibration", "heldout")}
    actual: list[str] = []
    predicted: list[str] = []
    scores: list[float] = []
    families: dict[str, dict[str, Any]] = {}
    for family in corpus.CATEGORY_WEIGHTS:
        kept = [r for r in splits["train"] if r["category"] != family]
        rows, labels = train._text_examples(detectors, kept)
        model = LogisticRegression(
            C=TEXT_C, class_weight="balanced", solver="liblinear", max_iter=2000
        ).fit(train._matrix(rows, features.bits), labels)
        weights = model.coef_[0].astype(np.float32)
        bias = float(model.intercept_[0])
        text_only = LinearModel(weights, bias, features, Stacker((), (), 0.0), "0" * 64)
        calibration = [r for r in splits["calibration"] if r["category"] != family]
        stacker = train._fit_stacker(detectors, calibration, text_only)
        full = LinearModel(weights, bias, features, stacker, "0" * 64)
        tested = [r for r in splits["heldout"] if r["category"] == family]
        right = 0
        for election, group in train._by_election(tested).items():
            detector = train._with_model(detectors[election], full)
            results = detector.classify([train._parse(r) for r in group])
            for record, result in zip(group, results, strict=True):
                actual.append(record["label"])
                predicted.append(result["label"])
                scores.append(result["score"])
                right += record["label"] == result["label"]
        families[family] = {"count": len(tested), "accuracy": right / max(len(tested), 1)}
        log(f"{family:<16} {len(tested):>5} {families[family]['accuracy']:.3f}")
    pooled = evaluate.metrics(actual, predicted, scores)
    log(evaluate.report(pooled, "Leave-one-template-family-out (pooled)"))
    return {"pooled": pooled, "families": families, "labels": (CAMPAIGN, NEUTRAL)}


if __name__ == "__main__":  # pragma: no cover
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.cli_settings")
    django.setup()
    from django.utils import translation

    translation.activate("id")
    run()
