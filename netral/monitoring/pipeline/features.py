"""Layer 2 features: hashed word 1–2-grams and character 3–5-grams of DELEXICALISED tokens.

Candidate names, numbers, slogans and hashtags are placeholders by now (`evidence.py`), so the
same weights serve the next election and treat every pair alike. Hashing (CRC-32, stable across
processes and platforms) means there is no vocabulary to ship; the word features keep their
text so that a reviewer can read which phrases moved the score. Pure Python + NumPy: training
builds the same features and hands them to scikit-learn.
"""

import re
import zlib
from dataclasses import asdict, dataclass

# Changing how features are computed makes old weights meaningless: bump this, then retrain.
FEATURES_VERSION = 1
_CACHE_LIMIT = 200_000
_MULTIPART_NUMBER = re.compile(r"\d+[.:,/]\d")


@dataclass(frozen=True)
class FeatureConfig:
    """How texts become feature indices; stored with the model and checked on load."""

    bits: int = 18
    char_min: int = 3
    char_max: int = 5

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class Featuriser:
    """Maps delexicalised tokens to hashed feature indices (word features first)."""

    def __init__(self, config: FeatureConfig) -> None:
        self.config = config
        self.mask = (1 << config.bits) - 1
        self._tokens: dict[str, tuple[str, int, tuple[int, ...]]] = {}
        self._bigrams: dict[tuple[str, str], int] = {}

    def __call__(self, tokens: list[str]) -> tuple[list[int], list[str], int]:
        """(indices, word-feature names, number of word features) for one text."""
        cache = self._tokens
        entries = []
        for token in tokens:
            entry = cache.get(token)
            if entry is None:
                entry = self._token_entry(token)
            entries.append(entry)
        names = [entry[0] for entry in entries]
        indices = [entry[1] for entry in entries]
        bigrams = self._bigrams
        mask = self.mask
        for pair in zip(names, names[1:], strict=False):
            index = bigrams.get(pair)
            if index is None:
                index = zlib.crc32(f"b {pair[0]} {pair[1]}".encode()) & mask
                if len(bigrams) > _CACHE_LIMIT:
                    bigrams.clear()
                bigrams[pair] = index
            indices.append(index)
            names.append(f"{pair[0]} {pair[1]}")
        word_count = len(indices)
        for entry in entries:
            indices.extend(entry[2])
        return indices, names, word_count

    def _token_entry(self, token: str) -> tuple[str, int, tuple[int, ...]]:
        name = feature_token(token)
        mask = self.mask
        grams: tuple[int, ...] = ()
        if self.config.char_max and name[0] != "<":
            padded = f" {name} "
            grams = tuple(
                zlib.crc32(f"c {padded[i : i + n]}".encode()) & mask
                for n in range(self.config.char_min, self.config.char_max + 1)
                for i in range(len(padded) - n + 1)
            )
        entry = (name, zlib.crc32(f"w {name}".encode()) & mask, grams)
        if len(self._tokens) > _CACHE_LIMIT:
            self._tokens.clear()
        self._tokens[token] = entry
        return entry


def feature_token(token: str) -> str:
    """Tokens that carry identity or noise rather than meaning become class placeholders."""
    first = token[0]
    if first == "@":
        return "<AKUN>"
    if first == "s" and token.startswith("salam_") and token.endswith("_jari"):
        return "<GESTUR>"
    if first.isdigit() and _MULTIPART_NUMBER.match(token):
        return "<BILANGAN>"
    return token
