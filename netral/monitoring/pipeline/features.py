"""Layer 2 features: hashed word 1–2-grams and character 3–5-grams of DELEXICALISED tokens.

Candidate names, numbers, slogans and hashtags are placeholders by now (`evidence.py`), so the
same weights serve the next election and treat every pair alike. Hashing (CRC-32, stable across
processes and platforms) means there is no vocabulary to ship; the word features keep their
text so that a reviewer can read which phrases moved the score. Pure Python + NumPy: training
builds the same features and hands them to scikit-learn.
"""

import re
import zlib
from dataclasses import asdict, dataclass, field

import numpy as np

# Changing how features are computed makes old weights meaningless: bump this, then retrain.
FEATURES_VERSION = 2
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


# Bigram indices combine the two unigram indices arithmetically (same low bits in Python and
# in NumPy's wrapping int64), so a batch's bigrams are computed in one vectorised step.
_FIRST, _SECOND = 0x9E3779B1, 0x85EBCA77


def bigram_index(first: int, second: int, mask: int) -> int:
    return ((first * _FIRST) ^ (second * _SECOND)) & mask


def bigram_indices(first: np.ndarray, second: np.ndarray, mask: int) -> np.ndarray:
    result: np.ndarray = ((first * _FIRST) ^ (second * _SECOND)) & mask
    return result


@dataclass(slots=True)
class Features:
    """One text's features: a unigram per token (named in `names`), a bigram per neighbouring
    pair, and character n-grams. Word feature positions: unigrams first, then bigrams.

    Inference does not need the character n-grams one by one: the model is linear, so each
    token's n-grams add a constant cached per token (`char_weight`, over `char_count` of them).
    Training keeps their indices (`char_indices`).
    """

    unigrams: list[int]
    names: list[str]
    char_weight: float = 0.0
    char_count: int = 0
    char_indices: list[int] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return 2 * len(self.unigrams) - 1 if self.unigrams else 0

    @property
    def count(self) -> int:
        """Number of (non-distinct) features, for the 1/sqrt(n) normalisation."""
        return self.word_count + self.char_count

    def name(self, position: int) -> str:
        """The text of word feature `position` (bigram names are built only when asked)."""
        names = self.names
        if position < len(names):
            return names[position]
        first = position - len(names)
        return f"{names[first]} {names[first + 1]}"

    def indices(self, mask: int) -> list[int]:
        """Every feature index, as training needs them."""
        unigrams = self.unigrams
        bigrams = [bigram_index(a, b, mask) for a, b in zip(unigrams, unigrams[1:], strict=False)]
        return [*unigrams, *bigrams, *self.char_indices]


class Featuriser:
    """Maps delexicalised tokens to hashed features; with `weights`, folds the character
    n-grams of each token into one cached number (exactly the same logit, far less work)."""

    def __init__(self, config: FeatureConfig, weights: np.ndarray | None = None) -> None:
        self.config = config
        self.mask = (1 << config.bits) - 1
        self.weights = weights
        self._tokens: dict[str, tuple[str, int, tuple[int, ...], float, int]] = {}

    def __call__(self, tokens: list[str]) -> Features:
        entries = list(map(self._tokens.get, tokens))
        if None in entries:
            entries = [
                entry or self._token_entry(token)
                for entry, token in zip(entries, tokens, strict=True)
            ]
        if not entries:
            return Features([], [])
        names, unigrams, grams, weights, counts = zip(*entries, strict=True)
        features = Features(list(unigrams), list(names), sum(weights), sum(counts))
        if self.weights is None:
            features.char_indices = [index for group in grams for index in group]
        return features

    def _token_entry(self, token: str) -> tuple[str, int, tuple[int, ...], float, int]:
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
        weights = self.weights
        weight = float(weights[list(grams)].sum()) if weights is not None and grams else 0.0
        entry = (name, zlib.crc32(f"w {name}".encode()) & mask, grams, weight, len(grams))
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
