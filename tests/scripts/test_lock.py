"""The lock files pin what pyproject.toml pins (scripts/lock writes them): they must not drift."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _pins(requirements: list[str]) -> set[str]:
    found = set()
    for requirement in requirements:
        name, version = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^]]*\])?==(\S+)", requirement).groups()
        found.add(f"{name.lower().replace('_', '-')}=={version}")
    return found


def _locked(name: str) -> set[str]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    pinned = [line for line in text.splitlines() if re.match(r"^[a-z0-9]", line)]
    return {line.split(" ")[0].lower() for line in pinned}


def test_the_runtime_lock_pins_the_runtime_dependencies_and_no_training_library():
    locked = _locked("runtime.lock")
    assert _pins(PROJECT["dependencies"]) <= locked
    assert not {pin for pin in locked if pin.startswith(("scikit-learn==", "scipy=="))}


def test_the_dev_lock_adds_training_and_checks():
    extras = PROJECT["optional-dependencies"]
    wanted = _pins(PROJECT["dependencies"] + extras["train"] + extras["dev"])
    assert wanted <= _locked("dev.lock")
