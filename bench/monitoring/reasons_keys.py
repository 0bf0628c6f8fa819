"""Reasons stored as keys (decision 0125): the detector's CPU time in-process, as an import runs
it, and the time to put every item's reasons into words. Run it on this checkout and on another
(the floor: the same corpus, the same machine, alternately) and compare the two CPU times:

    DJANGO_SETTINGS_MODULE=config.test_settings PYTHONPATH=<checkout> taskset -c 0 \
      .venv/bin/python bench/monitoring/reasons_keys.py <checkout> <items.jsonl>

Items come from bench/monitoring/generate.py (--count 20000). Not a test.
"""

import gc
import json
import sys
import time
from pathlib import Path

import django

django.setup()

from django.utils import translation  # noqa: E402

from netral.monitoring.pipeline import reasons  # noqa: E402
from netral.monitoring.pipeline.jsonl import read_items  # noqa: E402
from netral.monitoring.pipeline.runs import load_detector  # noqa: E402

root = Path(sys.argv[1])
detector = load_detector(root / "netral/monitoring/data/corpus/election-heldout.yaml")
with open(sys.argv[2], "rb") as lines:
    items = [item for item, _raw in read_items(lines, lambda *a: None)]
with translation.override("id"):
    detector.classify(items[:512])  # warm caches
    best = None
    for _ in range(3):
        gc.collect()
        start = time.process_time()
        results = []
        for k in range(0, len(items), 512):
            results.extend(detector.classify(items[k : k + 512]))
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    render = None
    if hasattr(reasons, "sentences"):
        start = time.process_time()
        for r in results:
            reasons.sentences(r["reasons"])
        render = time.process_time() - start
print(
    json.dumps(
        {
            "items": len(items),
            "classify_cpu_s": round(best, 3),
            "items_per_cpu_s": round(len(items) / best),
            "render_all_cpu_s": render and round(render, 3),
        }
    )
)
