"""Training (`netral monitor train`): the only module that imports scikit-learn, lazily.

1. The text model: logistic regression over hashed features of delexicalised texts from the
   `train` split; its regularisation is chosen on the `calibration` split.
2. The stacker: logistic regression over the text model's logits and the rule evidence, fitted
   on the `calibration` split (templates the text model never saw), which calibrates `score`.
3. Figures on the `heldout` split (its own templates and election), with the keyword baseline,
   the rules-only mode and a candidate-swap check, stored in the metadata and printed.
"""

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from netral.monitoring.pipeline import corpus, evaluate
from netral.monitoring.pipeline.detector import (
    STACK_FEATURES,
    Detector,
    Item,
    explicit,
    stack_values,
)
from netral.monitoring.pipeline.features import FeatureConfig
from netral.monitoring.pipeline.jsonl import parse_item
from netral.monitoring.pipeline.model import LinearModel, Stacker, save_model
from netral.registry import election_file

C_GRID = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
STACKER_C = 1.0
SWAP_SAMPLES = 300


def train(*, output_dir: Path, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Builds the corpus, fits both models, measures the held-out set, writes the artefact."""
    started = time.monotonic()
    features = FeatureConfig()
    detectors = _detectors(features)
    splits = {name: corpus.generate(name) for name in ("train", "calibration", "heldout")}
    sizes = {name: len(items) for name, items in splits.items()}
    log(
        _("Corpus: %(train)s training, %(calibration)s calibration, %(heldout)s held-out items")
        % sizes
    )
    weights, bias, chosen_c = _fit_text_model(detectors, splits, features, log)
    text_only = LinearModel(weights, bias, features, Stacker((), (), 0.0), "0" * 64)
    stacker = _fit_stacker(detectors, splits["calibration"], text_only)
    model = LinearModel(weights, bias, features, stacker, "0" * 64)
    heldout = heldout_figures(model, splits["heldout"])
    meta = save_model(
        output_dir,
        weights=weights,
        bias=bias,
        features=features,
        stacker=stacker,
        extra={
            "trained_with": {"C": chosen_c, "stacker_C": STACKER_C, "solver": "liblinear"},
            "corpus": {name: len(items) for name, items in splits.items()},
            "lexicon_version": next(iter(detectors.values())).lexicon.version,
            "heldout": heldout,
            "seconds": round(time.monotonic() - started, 1),
        },
    )
    log(evaluate.report(heldout["detector"], _("Held-out set: detector")))
    log(evaluate.report(heldout["keywords"], _("Held-out set: keyword baseline")))
    return meta


def _detectors(features: FeatureConfig) -> dict[str, Detector]:
    names = {name for split in corpus.SPLITS.values() for name in split.elections}
    return {
        name: Detector(election_file.load(corpus.election_path(name)), model=None)
        for name in sorted(names)
    }


def _text_examples(
    detectors: dict[str, Detector], items: list[dict[str, Any]]
) -> tuple[list[list[int]], list[int]]:
    """Each text with its own label: a post, the post reacted to, a comment on its own."""
    rows, labels = [], []
    for record in items:
        detector = detectors[record["election"]]
        for field, label_field in (("text", "text_label"), ("shared_text", "shared_label")):
            label = record.get(label_field)
            segment = detector.analyse(record[field]) if label else None
            if segment is not None and segment.features.unigrams:
                rows.append(segment.features.indices(detector.featuriser.mask))
                labels.append(1 if label == "campaign" else 0)
    return rows, labels


def _matrix(rows: list[list[int]], bits: int) -> Any:
    from scipy.sparse import csr_matrix  # training only

    indptr = np.cumsum([0] + [len(row) for row in rows])
    indices = np.fromiter((i for row in rows for i in row), dtype=np.int64, count=int(indptr[-1]))
    data = np.concatenate([np.full(len(row), 1.0 / math.sqrt(len(row))) for row in rows])
    matrix = csr_matrix((data, indices, indptr), shape=(len(rows), 1 << bits))
    matrix.sum_duplicates()
    return matrix


def _fit_text_model(
    detectors: dict[str, Detector],
    splits: dict[str, list[dict[str, Any]]],
    features: FeatureConfig,
    log: Callable[[str], None],
) -> tuple[np.ndarray, float, float]:
    from sklearn.linear_model import LogisticRegression  # training only
    from sklearn.metrics import log_loss

    rows, labels = _text_examples(detectors, splits["train"])
    calibration_rows, calibration_labels = _text_examples(detectors, splits["calibration"])
    x, xc = _matrix(rows, features.bits), _matrix(calibration_rows, features.bits)
    best: tuple[float, float, Any] | None = None
    for c in C_GRID:
        model = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=2000)
        model.fit(x, labels)
        loss = log_loss(calibration_labels, model.predict_proba(xc)[:, 1])
        log(
            _("Text model C=%(c)s: log-loss on the calibration split %(loss).4f")
            % {"c": c, "loss": loss}
        )
        if best is None or loss < best[0]:
            best = (loss, c, model)
    assert best is not None
    chosen_c, model = best[1], best[2]
    return model.coef_[0].astype(np.float32), float(model.intercept_[0]), chosen_c


def _fit_stacker(
    detectors: dict[str, Detector], items: list[dict[str, Any]], text_model: LinearModel
) -> Stacker:
    from sklearn.linear_model import LogisticRegression  # training only

    rows: list[list[float]] = []
    labels: list[int] = []
    overridden: list[int] = []
    for election, group in _by_election(items).items():
        detector = _with_model(detectors[election], text_model)
        parsed = [_parse(record) for record in group]
        for item, (own, shared), record in zip(
            parsed, detector.prepare(parsed), group, strict=True
        ):
            official = detector.official_pair(item)
            values = stack_values(item.kind, own, shared, official=official)
            rows.append([values.get(name, 0.0) for name in STACK_FEATURES])
            labels.append(1 if record["label"] == "campaign" else 0)
            if explicit(item.kind, own, shared, official):
                overridden.append(labels[-1])
    model = LogisticRegression(C=STACKER_C, max_iter=5000).fit(np.array(rows), labels)
    # The override's floor is its measured precision (Laplace-smoothed, never a certainty), so
    # that the score stays a probability.
    floor = (sum(overridden) + 1) / (len(overridden) + 2) if overridden else 0.0
    coef = tuple(model.coef_[0].tolist())
    return Stacker(STACK_FEATURES, coef, float(model.intercept_[0]), floor=round(floor, 4))


def heldout_figures(model: LinearModel, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Detector, rules-only and keyword-baseline figures, per category, and the swap check."""
    name = corpus.SPLITS["heldout"].elections[0]
    election = election_file.load(corpus.election_path(name))
    parsed = [_parse(record) for record in items]
    actual = [record["label"] for record in items]
    categories = [record["category"] for record in items]
    results = Detector(election, model=model).classify(parsed)
    rules_only = Detector(election, model=None).classify(parsed)
    predicted = [result["label"] for result in results]
    keywords = evaluate.keyword_baseline(election, parsed)
    return {
        "detector": evaluate.metrics(actual, predicted, [r["score"] for r in results]),
        "rules_only": evaluate.metrics(actual, [r["label"] for r in rules_only]),
        "keywords": evaluate.metrics(actual, keywords),
        "by_category": evaluate.by_category(actual, predicted, categories),
        "keywords_by_category": evaluate.by_category(actual, keywords, categories),
        "candidate_swap_max_delta": swap_delta(model, samples=SWAP_SAMPLES),
        "explicit_alerts": _explicit_alerts(Detector(election, model=model), parsed, actual),
    }


def _explicit_alerts(detector: Detector, items: list[Item], actual: list[str]) -> dict[str, float]:
    """The rule layer's explicit alerts alone: how often right, and how much they catch."""
    flags = [
        explicit(item.kind, own, shared, detector.official_pair(item))
        for item, (own, shared) in zip(items, detector.prepare(items), strict=True)
    ]
    alerts = [label for label, flag in zip(actual, flags, strict=True) if flag]
    campaign = actual.count("campaign")
    right = alerts.count("campaign")
    return {
        "count": len(alerts),
        "precision": right / len(alerts) if alerts else 0.0,
        "share_of_campaign_items": right / campaign if campaign else 0.0,
    }


def swap_delta(model: LinearModel, samples: int = SWAP_SAMPLES) -> float:
    """Largest score change when the same post is written about another pair."""
    election = election_file.load(corpus.election_path(corpus.SWAP_ELECTION))
    detector = Detector(election, model=model)
    worst = 0.0
    for index in range(samples):
        variants = corpus.swapped_pairs(index)
        scores = [r["score"] for r in detector.classify([_parse(v) for v in variants])]
        worst = max(worst, max(scores) - min(scores))
    return worst


def _by_election(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in items:
        groups.setdefault(record["election"], []).append(record)
    return groups


def _with_model(detector: Detector, model: LinearModel) -> Detector:
    return Detector(detector.election, model=model, lexicon=detector.lexicon)


def _parse(record: dict[str, Any]) -> Item:
    item = parse_item(record, 0, _ignore)
    assert item is not None, record
    return item


def _ignore(message: str, skipped: bool) -> None:
    return None
