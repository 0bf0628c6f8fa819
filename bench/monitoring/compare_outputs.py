"""Checks that a speed change leaves the detector's output byte-for-byte the same.

    .venv/bin/python bench/monitoring/compare_outputs.py [--before REV] [--items FILE]

Classifies the generated bench file (bench/monitoring/generate.py, 20,000 items unless --items
says otherwise) and the four development-set elections with `netral monitor classify` twice: as
the commit REV left it (exported with `git archive` to a scratch directory) and as the working
tree is now. Prints the SHA-256 of both outputs per file and exits 1 if any differ. Not a test:
run by hand before and after changing the detector.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ITEMS = ROOT / "var/bench/monitoring-items-20000.jsonl"
DEVSET = Path("netral/monitoring/data/devset")
ELECTIONS = ("bupati", "gubernur", "pemilu", "walikota")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="HEAD", help="git revision to compare against")
    parser.add_argument("--items", type=Path, default=DEFAULT_ITEMS)
    args = parser.parse_args()
    items = args.items.resolve()
    if not items.exists():
        generate = [sys.executable, str(ROOT / "bench/monitoring/generate.py"), "--count", "20000"]
        subprocess.run([*generate, "--output", str(items)], check=True)
    runs = [("generated", "netral/monitoring/data/corpus/election-heldout.yaml", items)]
    for name in ELECTIONS:
        runs.append((name, str(DEVSET / f"election-{name}.yaml"), DEVSET / f"{name}.jsonl"))
    different = 0
    with tempfile.TemporaryDirectory() as scratch:
        before = Path(scratch) / "before"
        before.mkdir()
        archive = subprocess.run(
            ["git", "archive", args.before], cwd=ROOT, check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", before], input=archive.stdout, check=True)
        print(f"| File | {args.before} (sha256) | now (sha256) | Same |\n|---|---|---|---|")
        for name, config, source in runs:
            old = classify(before, config, source, Path(scratch) / f"{name}.before.jsonl")
            new = classify(ROOT, config, source, Path(scratch) / f"{name}.now.jsonl")
            same = old.read_bytes() == new.read_bytes()
            different += not same
            print(f"| {name} | {digest(old)} | {digest(new)} | {'yes' if same else 'NO'} |")
    sys.exit(1 if different else 0)


def classify(tree: Path, config: str, items: Path, output: Path) -> Path:
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)  # the command's own lean settings
    command = [sys.executable, "-m", "netral", "monitor", "classify", "--config", config]
    command += ["--input", str(ROOT / items), "--output", str(output)]
    subprocess.run(command, cwd=tree, env=environment, check=True, stderr=subprocess.DEVNULL)
    return output


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


if __name__ == "__main__":
    main()
