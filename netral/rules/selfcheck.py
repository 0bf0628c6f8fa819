"""The public self-check "Boleh atau tidak?": a decision turned into a plain answer.

The verdict is derived from `decision.decide` only:
- boleh (allowed): an allowed act;
- tidak boleh (not allowed): at least one catalogue code applies, whatever the missing facts;
- tergantung (it depends): no code is certain yet, or the task force decides case by case;
- bukan ASN (not an ASN): the ASN rules do not apply; the answer says where to report instead.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from netral.rules import catalogue as cat
from netral.rules import decision, loader
from netral.rules.decision import Decision, Facts

ALLOWED = "boleh"
NOT_ALLOWED = "tidak_boleh"
DEPENDS = "tergantung"
OUTSIDE = "bukan_asn"  # not an ASN: the answer says where to report instead


@dataclass(frozen=True)
class Situation:
    key: str
    text: cat.Text
    facts: Facts


@dataclass(frozen=True)
class Answer:
    verdict: str
    decision: Decision
    explanation: str
    entries: tuple[cat.Entry, ...]
    alternatives: tuple[tuple[str, str, Decision], ...]


def verdict_of(result: Decision) -> str:
    if result.allowed:
        return ALLOWED
    if result.codes and result.sanction_category != "SATGAS_DECIDES":
        return NOT_ALLOWED
    return OUTSIDE if result.outside_asn else DEPENDS


def answer(facts: Facts, lang: str = "id") -> Answer:
    """The verdict, the entries behind it, and how it turns on the first missing fact."""
    result = decision.decide(facts)
    version = cat.catalogue().version(result.version)
    return Answer(
        verdict=verdict_of(result),
        decision=result,
        explanation=decision.explanation_for(facts, lang),
        entries=tuple(version.entries[code] for code in result.codes),
        alternatives=decision.alternatives(facts) if result.missing else (),
    )


@cache
def situations() -> dict[str, Situation]:
    """The example situations of data/situations.yaml, each checked against the vocabulary."""
    data = loader.read_yaml(Path(loader.DATA_DIR) / "situations.yaml") or {}
    found = {}
    for raw in data.get("situations") or []:
        facts = _facts(raw.get("facts") or {})
        decision.decide(facts)  # raises on a word outside the vocabulary
        found[raw["key"]] = Situation(raw["key"], cat.Text(**raw["text"]), facts)
    return found


def _facts(raw: dict[str, Any]) -> Facts:
    values = dict(raw)
    for name in ("incident_date", "designation_date"):
        value = values.get(name)
        if isinstance(value, str):
            values[name] = dt.date.fromisoformat(value)
    values.setdefault("incident_date", None)
    values.setdefault("family", None)
    return Facts(**values)
