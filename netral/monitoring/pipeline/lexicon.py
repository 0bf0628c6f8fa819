"""The shipped lexicon (data/lexicon.yaml) and slang dictionary (data/slang.txt), read once."""

import hashlib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# The C safe loader (libyaml) reads the same data several times faster; pure Python otherwise.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LexiconError(ValueError):
    """The shipped lexicon or slang file is malformed (a packaging error, not user input)."""


@dataclass(frozen=True)
class Lexicon:
    """Language resources shared by every election, with a version for audit."""

    version: str
    rules: dict[str, dict[str, Any]]
    vote_verbs: tuple[str, ...]
    campaign_phrases: tuple[str, ...]
    praise: tuple[str, ...]
    attack: tuple[str, ...]
    campaign_acts: dict[str, tuple[str, ...]]
    act_alone: float
    negators: dict[str, tuple[str, ...]]
    general_targets: tuple[str, ...]
    dampeners: dict[str, tuple[str, ...]]
    not_ballot_context: frozenset[str]
    ballot_strong: tuple[str, ...]
    ballot_weak: tuple[str, ...]
    gestures: dict[str, str]
    emoji_words: dict[str, str]
    number_words: dict[str, str]
    leet: dict[str, str]
    number_prefixes: frozenset[str]
    common_words: frozenset[str]
    slang: dict[str, str]

    def weight(self, rule: str) -> float:
        return self._weights[rule]

    def factor(self, rule: str) -> float:
        return self._factors[rule]

    # Asked for every signal of every text: read from `rules` once.
    @cached_property
    def _weights(self) -> dict[str, float]:
        return {rule: float(entry.get("weight", 0.0)) for rule, entry in self.rules.items()}

    @cached_property
    def _factors(self) -> dict[str, float]:
        return {rule: float(entry.get("factor", 1.0)) for rule, entry in self.rules.items()}

    def legal_basis(self, rule: str) -> str:
        return str(self.rules.get(rule, {}).get("legal_basis", ""))


@cache
def load_lexicon(data_dir: Path = DATA_DIR) -> Lexicon:
    """Reads the lexicon and the slang list; their joint sha256 is the lexicon version."""
    lexicon_bytes = (data_dir / "lexicon.yaml").read_bytes()
    slang_bytes = (data_dir / "slang.txt").read_bytes()
    data = yaml.load(lexicon_bytes, Loader=_LOADER)  # noqa: S506 (a safe loader)
    digest = hashlib.sha256(lexicon_bytes + b"\0" + slang_bytes).hexdigest()
    try:
        return Lexicon(
            version=f"{data['version']}+{digest[:12]}",
            rules=data["rules"],
            vote_verbs=_texts(data["vote_verbs"]),
            campaign_phrases=_texts(data["campaign_phrases"]),
            praise=_texts(data["praise"]),
            attack=_texts(data["attack"]),
            campaign_acts={k: _texts(v) for k, v in data["campaign_acts"].items()},
            act_alone=float(data["act_alone"]),
            negators={key: _texts(value) for key, value in data["negators"].items()},
            general_targets=_texts(data["general_targets"]),
            dampeners={key: _texts(value) for key, value in data["dampeners"].items()},
            not_ballot_context=frozenset(_texts(data["not_ballot_context"])),
            ballot_strong=_texts(data["ballot_context"]["strong"]),
            ballot_weak=_texts(data["ballot_context"]["weak"]),
            gestures={str(k): str(v) for k, v in data["gestures"].items()},
            emoji_words={str(k): str(v) for k, v in data["emoji_words"].items()},
            number_words={str(k): str(v) for k, v in data["number_words"].items()},
            leet={str(k): str(v) for k, v in data["leet"].items()},
            number_prefixes=frozenset(_texts(data["number_prefixes"])),
            common_words=frozenset(_texts(data["common_words"])),
            slang=parse_slang(slang_bytes.decode("utf-8")),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise LexiconError(f"{data_dir / 'lexicon.yaml'}: missing or malformed {exc}") from exc


def parse_slang(text: str) -> dict[str, str]:
    """Parses "slang = formal" lines; a key must be one token, duplicates are refused."""
    pairs: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        slang, sep, formal = (part.strip() for part in line.partition("="))
        if not sep or not slang or not formal or " " in slang:
            raise LexiconError(f"slang.txt line {number}: expected 'slang = formal', got {raw!r}")
        if slang.lower() in pairs:
            raise LexiconError(f"slang.txt line {number}: {slang!r} appears twice")
        pairs[slang.lower()] = formal.lower()
    return pairs


def _texts(values: Any) -> tuple[str, ...]:
    # Order is kept (it decides which reason is shown first); duplicates are dropped.
    return tuple(dict.fromkeys(str(value).strip() for value in values if str(value).strip()))
