"""Figures on the hand-written development set (data/devset), never used for training.

    python -m netral.monitoring.pipeline.devset [--model DIR] [--errors] [--json]

Runs the detector and the plain keyword matcher in the same run over the four fictional
elections of the set and prints the pooled figures, accuracy by form and, with --errors, every
item the detector gets wrong.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netral.monitoring.pipeline.detector import Item

DEVSET_DIR = Path(__file__).resolve().parent.parent / "data" / "devset"
ELECTIONS = ("gubernur", "bupati", "walikota", "pemilu")


def run(model_dir: str | Path | None = None, *, rules_only: bool = False) -> dict[str, Any]:
    """Pooled figures for the detector and the keyword matcher, by form, and the errors."""
    # Imported here: the pipeline needs Django's settings, which main() sets up first.
    from netral.monitoring.pipeline import evaluate, reasons
    from netral.monitoring.pipeline.jsonl import read_items
    from netral.monitoring.pipeline.runs import load_detector

    actual: list[str] = []
    predicted: list[str] = []
    keywords: list[str] = []
    scores: list[float] = []
    forms: list[str] = []
    errors: list[dict[str, Any]] = []
    for name in ELECTIONS:
        detector = load_detector(
            DEVSET_DIR / f"election-{name}.yaml", model_dir=model_dir, rules_only=rules_only
        )
        lines = (DEVSET_DIR / f"{name}.jsonl").read_bytes().splitlines()
        rows: list[tuple[Item, dict[str, Any]]] = list(read_items(lines, _ignore))
        items = [item for item, _raw in rows]
        results = detector.classify(items)
        keywords += evaluate.keyword_baseline(detector.election, items)
        for (item, raw), result in zip(rows, results, strict=True):
            actual.append(raw["label"])
            predicted.append(result["label"])
            scores.append(result["score"])
            forms.append(raw["category"])
            if raw["label"] != result["label"]:
                errors.append(
                    {
                        "id": item.id,
                        "category": raw["category"],
                        "score": result["score"],
                        "text": item.text,
                        "shared_text": item.shared_text,
                        "reasons": reasons.sentences(result["reasons"][:4]),
                    }
                )
    return {
        "detector": evaluate.metrics(actual, predicted, scores),
        "keywords": evaluate.metrics(actual, keywords),
        "by_form": evaluate.by_category(actual, predicted, forms),
        "keywords_by_form": evaluate.by_category(actual, keywords, forms),
        "reliability": evaluate.reliability(actual, scores),
        "errors": errors,
    }


def _ignore(message: str, skipped: bool) -> None:
    print(message, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model")
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    import django

    django.setup()
    from django.utils import translation

    from netral.monitoring.pipeline import evaluate

    translation.activate("id")
    found = run(args.model, rules_only=args.rules_only)
    if args.json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return 0
    print(evaluate.report(found["detector"], "Detector — development set"))
    print()
    print(evaluate.report(found["keywords"], "Keyword matcher — development set"))
    print()
    print(f"{'form':<22} {'items':>6} {'detector':>9} {'keywords':>9}")
    for form, row in found["by_form"].items():
        keyword = found["keywords_by_form"][form]["accuracy"]
        print(f"{form:<22} {row['count']:>6} {row['accuracy']:>9.3f} {keyword:>9.3f}")
    print()
    print(f"{'score bin':<12} {'items':>6} {'mean score':>11} {'campaign share':>15}")
    for row in found["reliability"]:
        print(f"{row['bin']:<12} {row['count']:>6} {row['mean']:>11.3f} {row['share']:>15.3f}")
    if args.errors:
        print()
        for error in found["errors"]:
            print(f"{error['id']} {error['category']} {error['score']:.3f} {error['text']!r}")
            print(f"    {error['reasons']}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.cli_settings")
    raise SystemExit(main())
