"""The plain keyword matcher as a command, for the speed ratio in bench/monitoring/run.py.

    python bench/monitoring/keywords.py ELECTION.yaml ITEMS.jsonl OUTPUT.jsonl

Campaign when a candidate's name, nickname or hashtag appears (case-insensitive), the same rule
as `evaluate.keyword_baseline`; no Django, one JSON object per line out.
"""

import json
import sys

import yaml


def main(config: str, items: str, output: str) -> None:
    with open(config, encoding="utf-8") as handle:
        election = yaml.safe_load(handle)
    keywords = [
        str(value).lower()
        for candidate in election["candidates"]
        for key in ("names", "nicknames", "hashtags")
        for value in candidate.get(key) or ()
    ]
    with open(items, encoding="utf-8") as source, open(output, "w", encoding="utf-8") as out:
        for line in source:
            item = json.loads(line)
            text = f"{item.get('text') or ''} {item.get('shared_text') or ''}".lower()
            label = "campaign" if any(k in text for k in keywords) else "neutral"
            out.write(json.dumps({"id": item.get("id"), "label": label}) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
