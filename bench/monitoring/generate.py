"""Writes the seeded synthetic corpus for the monitoring benchmark (100,000 items by default).

    .venv/bin/python bench/monitoring/generate.py [--count 100000] \
        [--output var/bench/monitoring-items.jsonl]

The items come from the held-out templates and election (netral/monitoring/data/corpus), with
labels removed; the same seed always gives the same file.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from netral.monitoring.pipeline import corpus  # noqa: E402

DEFAULT_OUTPUT = Path("var/bench/monitoring-items.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as stream:
        for item in corpus.iter_synthetic(args.count, seed=args.seed):
            stream.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{args.count} items written to {args.output}")


if __name__ == "__main__":
    main()
