"""Measures the monitoring command line: throughput with reasons, start-up, peak memory.

    .venv/bin/python bench/monitoring/run.py [--items FILE] [--repeat 3] [--startup-runs 5]

Runs `netral monitor classify` exactly as other tools call it, pinned to one core (taskset, when
available), on the seeded synthetic corpus of bench/monitoring/generate.py (100,000 items;
generated first if absent). Times come from the operating system's accounting of the child
process (wall clock, and user + system CPU time); peak memory is its maximum resident set size.
On a shared machine the CPU-time figure is the steadier one; both are printed with the load
average. Not a test: results are reported in docs/performance.md.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "netral/monitoring/data/corpus/election-heldout.yaml"
DEFAULT_ITEMS = ROOT / "var/bench/monitoring-items.jsonl"
RESULTS = ROOT / "var/bench/monitoring-results.json"
TARGETS = {"items_per_second": 8000, "startup_seconds": 1.5, "peak_rss_mb": 300}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=Path, default=DEFAULT_ITEMS)
    parser.add_argument("--repeat", type=int, default=3, help="throughput runs (best is kept)")
    parser.add_argument("--startup-runs", type=int, default=5)
    args = parser.parse_args()
    if not args.items.exists():
        subprocess.run(
            [sys.executable, ROOT / "bench/monitoring/generate.py", "--output", args.items],
            check=True,
        )
    count = sum(1 for _ in args.items.open("rb"))
    load_before = os.getloadavg()
    runs = [classify(args.items) for _ in range(max(1, args.repeat))]
    startup = [classify(one_item(args.items)) for _ in range(max(1, args.startup_runs))]
    best = min(runs, key=lambda run: run["cpu"])
    matcher = [classify(args.items, keywords=True) for _ in range(max(1, args.repeat))]
    matcher_startup = [
        classify(one_item(args.items), keywords=True) for _ in range(max(1, args.startup_runs))
    ]
    matcher_best = min(matcher, key=lambda run: run["cpu"])
    results = {
        "items": count,
        "wall_seconds": round(best["wall"], 2),
        "cpu_seconds": round(best["cpu"], 2),
        "items_per_second_wall": round(count / best["wall"]),
        "items_per_second_cpu": round(count / best["cpu"]),
        "startup_seconds_median": round(statistics.median(run["wall"] for run in startup), 3),
        "startup_cpu_seconds_median": round(statistics.median(run["cpu"] for run in startup), 3),
        "peak_rss_mb": round(max(run["rss_mb"] for run in runs), 1),
        "keywords_items_per_second_cpu": round(count / matcher_best["cpu"]),
        "keywords_startup_seconds_median": round(
            statistics.median(run["wall"] for run in matcher_startup), 3
        ),
        # Same file, same run: how many times the keyword matcher's CPU per item the detector costs.
        "cpu_ratio_vs_keywords": round(best["cpu"] / max(matcher_best["cpu"], 1e-9), 1),
        "load_average": [round(value, 2) for value in (*load_before, *os.getloadavg())],
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "pinned": bool(shutil.which("taskset")),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)


def classify(items: Path, *, keywords: bool = False) -> dict[str, float]:
    """One run of the command line on `items` (or of the keyword matcher); its wall time, CPU
    time and peak memory."""
    with tempfile.TemporaryDirectory() as scratch:
        output = str(Path(scratch) / "out.jsonl")
        if keywords:
            matcher = str(ROOT / "bench/monitoring/keywords.py")
            command = [sys.executable, matcher, str(CONFIG), str(items), output]
        else:
            command = [sys.executable, "-m", "netral", "monitor", "classify"]
            command += ["--config", str(CONFIG), "--input", str(items), "--output", output]
        if shutil.which("taskset"):
            command = ["taskset", "-c", "0", *command]
        environment = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        # As other tools call it: the command picks its own settings (config.classify_settings).
        environment.pop("DJANGO_SETTINGS_MODULE", None)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=environment, check=True, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rss_mb": after.ru_maxrss / 1024}


def one_item(items: Path) -> Path:
    target = items.with_name("monitoring-one-item.jsonl")
    with items.open("rb") as source:
        target.write_bytes(source.readline())
    return target


def print_table(results: dict[str, object]) -> None:
    rows = [
        ("Items", results["items"], ""),
        ("Throughput, CPU time (items/s)", results["items_per_second_cpu"], "≥ 8,000"),
        ("Throughput, wall clock (items/s)", results["items_per_second_wall"], "≥ 8,000"),
        ("Start-up, one item, wall clock (s, median)", results["startup_seconds_median"], "< 1.5"),
        ("Start-up, one item, CPU time (s, median)", results["startup_cpu_seconds_median"], ""),
        ("Peak memory (MB RSS)", results["peak_rss_mb"], "< 300"),
        ("Keyword matcher, CPU time (items/s)", results["keywords_items_per_second_cpu"], ""),
        ("Keyword matcher start-up, wall (s)", results["keywords_startup_seconds_median"], ""),
        ("Detector CPU per item / matcher's", results["cpu_ratio_vs_keywords"], "≤ 12"),
        ("Load average before / after", results["load_average"], ""),
    ]
    print("| Measure | Value | Target |\n|---|---|---|")
    for name, value, target in rows:
        print(f"| {name} | {value} | {target} |")


if __name__ == "__main__":
    main()
