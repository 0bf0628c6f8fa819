"""Whole runs over JSON lines, as the `netral monitor` command performs them (no database).

Loading is strict (a bad election file or model stops the run before anything is written);
reading is forgiving (a bad line is reported and skipped).
"""

import gc
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from netral.monitoring.pipeline import evaluate, reasons
from netral.monitoring.pipeline.detector import CAMPAIGN, NEUTRAL, Detector, Item
from netral.monitoring.pipeline.jsonl import Report, dumps, read_items
from netral.monitoring.pipeline.model import DEFAULT_MODEL_DIR, load_model
from netral.monitoring.pipeline.transformer import TransformerBackend
from netral.registry import election_file

BATCH_SIZE = 512


@dataclass
class Counts:
    """What a run did, for the summary line."""

    classified: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.monotonic)

    def summary(self) -> str:
        seconds = max(time.monotonic() - self.started, 1e-9)
        return _(
            "%(classified)s items classified, %(skipped)s lines skipped, "
            "%(seconds).1f s (%(rate)s items/s)"
        ) % {
            "classified": self.classified,
            "skipped": self.skipped,
            "seconds": seconds,
            "rate": round(self.classified / seconds),
        }


def load_detector(
    config: str | Path,
    *,
    model_dir: str | Path | None = None,
    rules_only: bool = False,
    transformer_dir: str | Path | None = None,
) -> Detector:
    """The detector for one election file; raises ElectionFileError or ModelArtefactError."""
    path = Path(config)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise election_file.ElectionFileError([f"{path}: cannot be read ({exc})"]) from exc
    election = election_file.parse(text, source=str(path))
    model = None if rules_only else load_model(model_dir or default_model_dir())
    transformer_dir = transformer_dir or settings.NETRAL_MONITOR_TRANSFORMER_DIR
    return Detector(
        election,
        model=model,
        config_version=hashlib.sha256(raw).hexdigest(),
        transformer=TransformerBackend(transformer_dir) if transformer_dir else None,
    )


def warnings_for(detector: Detector) -> list[str]:
    """What the user should know before trusting a run (printed, never fatal)."""
    found = []
    model = detector.model
    if model is None:
        found.append(_("Rules only: scores are not calibrated probabilities."))
    elif model.meta.get("lexicon_version") != detector.lexicon.version:
        values = {"model": model.meta.get("lexicon_version"), "now": detector.lexicon.version}
        found.append(
            _(
                "The model was trained with lexicon %(model)s but the lexicon is now %(now)s "
                "(slang or lexicon edited): retrain with 'netral monitor train'."
            )
            % values
        )
    return found


def default_model_dir() -> Path:
    return Path(settings.NETRAL_MONITOR_MODEL_DIR or DEFAULT_MODEL_DIR)


def classify_lines(
    detector: Detector,
    lines: Iterable[bytes],
    write: Callable[[str], object],
    report: Report,
    *,
    batch_size: int = BATCH_SIZE,
) -> Counts:
    """Classifies JSON lines in batches and writes one JSON line per classified item."""
    counts = Counts()

    def counted(message: str, skipped: bool) -> None:
        counts.skipped += skipped
        report(message, skipped)

    batch: list[Item] = []
    with few_collections():
        for item, _raw in read_items(lines, counted):
            batch.append(item)
            if len(batch) >= batch_size:
                counts.classified += _flush(detector, batch, write)
        counts.classified += _flush(detector, batch, write)
    return counts


@contextmanager
def few_collections() -> Iterator[None]:
    """Fewer cyclic garbage collections during a run (about 15% faster).

    A run allocates many short-lived containers and keeps large token caches; every full
    collection would walk those caches again. Nothing the detector builds forms a cycle, so
    reference counting frees it; objects alive at the start are frozen out of collection.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _flush(detector: Detector, batch: list[Item], write: Callable[[str], object]) -> int:
    if not batch:
        return 0
    results = detector.classify(batch)
    for result in results:  # the command line shows sentences in its language
        result["reasons"] = reasons.sentences(result["reasons"])
    write("".join(dumps(result) for result in results))
    count = len(batch)
    batch.clear()
    return count


def evaluate_lines(
    detector: Detector, lines: Iterable[bytes], report: Report, *, baseline: bool = False
) -> dict[str, Any]:
    """Figures for labelled JSON lines (field `label`: campaign or neutral)."""
    items: list[Item] = []
    actual: list[str] = []
    categories: list[str] = []
    for item, raw in read_items(lines, report):
        label = raw.get("label")
        if label not in (CAMPAIGN, NEUTRAL):
            message = _("item %(id)s: 'label' must be campaign or neutral; skipped")
            report(message % {"id": item.id}, True)
            continue
        items.append(item)
        actual.append(label)
        categories.append(str(raw.get("category") or "-"))
    results = [
        result
        for start in range(0, len(items), BATCH_SIZE)
        for result in detector.classify(items[start : start + BATCH_SIZE])
    ]
    predicted = [result["label"] for result in results]
    scores = [result["score"] for result in results]
    found: dict[str, Any] = {
        "detector": evaluate.metrics(actual, predicted, scores),
        "by_category": evaluate.by_category(actual, predicted, categories),
    }
    if baseline:
        keywords = evaluate.keyword_baseline(detector.election, items)
        found["keywords"] = evaluate.metrics(actual, keywords)
    return found
