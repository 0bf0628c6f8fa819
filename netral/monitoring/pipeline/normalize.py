"""Layer 0: turns a social-media text into normalised tokens that every later layer shares.

Lowercase and NFKC; skin tones, VS16 and joiners stripped; keycaps (2️⃣) become digits; gesture
emoji become "salam_N_jari" tokens (distinct from the written phrase "salam N jari"); number words
become digits; slang becomes formal words; elongation collapses; URLs, mentions and hashtags stay
tokens, and CamelCase hashtags are also split into words. Each distinct token is mapped once and
cached, because social-media vocabulary is small and repetitive.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import cast

import emoji

from netral.monitoring.pipeline.lexicon import Lexicon

# Texts are checked up to this many characters; the rest is skipped and a reason says so.
MAX_CHARS = 10_000
_CACHE_LIMIT = 200_000

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# A URL is kept as one token, "<URL>"; a private-use character holds its place meanwhile.
_URL_MARK = "\ue000"
URL = "<URL>"
_KEYCAP_RE = re.compile(r"([0-9#*])\ufe0f?\u20e3")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
_HASHTAG_RE = re.compile(r"#(\w+)")
_CAMEL_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^\W\d_]+")
_CAPS_RE = re.compile(r"(?<![#@\w])[A-Z]{2,}(?!\w)")
_ELONGATION_RE = re.compile(r"([a-z])\1{2,}")
_TOKEN_RE = re.compile(r"\ue000|@\w[\w.]*\w|@\w|#\w+|\d+(?:[.:,/]\d+)+|\w+(?:-\w+)*")
_PREFIX_NUMBER_RE = re.compile(r"([a-z]+)(\d{1,2})")
_REDUPLICATION_RE = re.compile(r"([a-z]{2,})2")
_NUMBER_WORD_RE = re.compile(r"(\d{1,2})([a-z]{3,})")
_STRIPPED = {0xFE0F: None, 0xFE0E: None, 0x200D: None, 0x20E3: None}
_STRIPPED.update({code: None for code in range(0x1F3FB, 0x1F400)})  # skin-tone modifiers


@dataclass(slots=True)
class Normalised:
    """A text after layer 0; `text` is the tokens joined by single spaces, padded by one."""

    tokens: list[str]
    text: str
    caps: frozenset[str]
    urls: tuple[str, ...]
    truncated: bool


class Normaliser:
    """Normalises texts with one lexicon; `extra_vocabulary` lets leet map to election words."""

    def __init__(self, lexicon: Lexicon, extra_vocabulary: tuple[str, ...] = ()) -> None:
        self.token_map: dict[str, tuple[str, ...]] = {
            word: (digit,) for word, digit in lexicon.number_words.items()
        }
        for slang, formal in lexicon.slang.items():
            self.token_map[slang] = tuple(formal.split())
        self.number_prefixes = lexicon.number_prefixes
        self.leet_table = str.maketrans(lexicon.leet)
        self.emoji_table = _emoji_table(
            tuple(lexicon.gestures.items()), tuple(lexicon.emoji_words.items())
        )
        self.want_caps = True  # the rules say whether capitals matter (common-word jargon)
        # Known words (for leet decoding) and, apart, the lexicon's own common words.
        self.common_words = _vocabulary(lexicon, ())
        self.vocabulary = self.common_words | _vocabulary(lexicon, extra_vocabulary)
        self._cache: dict[str, tuple[str, ...]] = {}  # raw token → normalised tokens
        self._chunks: dict[str, tuple[str, ...]] = {}  # chunk between spaces → its tokens

    def __call__(self, text: str, *, limit: int = MAX_CHARS) -> Normalised:
        truncated = len(text) > limit
        if truncated:
            text = text[:limit]
        urls: tuple[str, ...] = ()
        text = unicodedata.normalize("NFKC", text)
        if "http" in text or "www." in text:
            urls = tuple(_URL_RE.findall(text))
            text = _URL_RE.sub(f" {_URL_MARK} ", text)
        if not text.isascii():
            text = self._emoji(text)
        if "#" in text:
            text = _HASHTAG_RE.sub(_expand_hashtag, text)
        caps = _NO_CAPS
        if (
            self.want_caps and not text.islower()
        ):  # words in capitals decide whether a common-word jargon counts
            caps = frozenset(word.lower() for word in _CAPS_RE.findall(text))
        tokens = self._tokens(text.lower())
        return Normalised(tokens, " " + " ".join(tokens) + " ", caps, urls, truncated)

    def phrase(self, text: str) -> str:
        """A lexicon or election-file phrase in the same form as posts (hashtags not split)."""
        text = unicodedata.normalize("NFKC", text)
        if not text.isascii():
            text = self._emoji(text)
        return " ".join(self._tokens(text.lower()))

    def _emoji(self, text: str) -> str:
        # Only the non-ASCII runs go through the (slow, dict-driven) translate.
        table = self.emoji_table
        text = _KEYCAP_RE.sub(r" \1 ", text)
        return _NON_ASCII_RE.sub(lambda match: match[0].translate(table), text)

    def _tokens(self, lowered: str) -> list[str]:
        # No token spans white space (the token pattern matches none, and a letter run that
        # elongation collapses never crosses it), so each white-space-separated chunk is
        # tokenised on its own, once: chunks repeat as much as words do.
        chunks = lowered.split()
        mapped = list(map(self._chunks.get, chunks))
        if None in mapped:
            mapped = [
                found if found is not None else self._chunk(chunk)
                for found, chunk in zip(mapped, chunks, strict=True)
            ]
        # No None is left: every chunk missing from the cache was tokenised above.
        return list(chain.from_iterable(cast("list[tuple[str, ...]]", mapped)))

    def _chunk(self, chunk: str) -> tuple[str, ...]:
        """The normalised tokens of one chunk of text without white space (cached)."""
        raw = chunk
        if _ELONGATION_RE.search(chunk):
            chunk = _ELONGATION_RE.sub(r"\1", chunk)
        get = self._cache.get
        mapped = tuple(
            token
            for raw_token in _TOKEN_RE.findall(chunk)
            for token in get(raw_token) or self._remember(raw_token)
        )
        if len(self._chunks) > _CACHE_LIMIT:
            self._chunks.clear()
        self._chunks[raw] = mapped
        return mapped

    def _remember(self, raw: str) -> tuple[str, ...]:
        mapped = self._map_token(raw)
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[raw] = mapped
        return mapped

    def _map_token(self, token: str) -> tuple[str, ...]:
        if token == _URL_MARK:
            return (URL,)
        if token[0] in "@#" or token.isdigit() or "_" in token:
            return (token,)
        known = self.token_map.get(token)
        if known is not None:
            return known
        if token.isalpha() or not any(char.isdigit() for char in token):
            return self._reduplication(token)
        return self._mixed(token)

    def _reduplication(self, token: str) -> tuple[str, ...]:
        # "kira-kira" stays one token; "bnr-bnr" maps its base through the slang list.
        base, dash, rest = token.partition("-")
        if dash and base == rest and base in self.token_map:
            word = " ".join(self.token_map[base])
            return (f"{word}-{word}",)
        return (token,)

    def _mixed(self, token: str) -> tuple[str, ...]:
        """Tokens mixing letters and digits: glued ballot numbers, reduplication, leet."""
        match = _PREFIX_NUMBER_RE.fullmatch(token)
        if match and match[1] in self.number_prefixes:
            return (*self.token_map.get(match[1], (match[1],)), match[2])
        match = _REDUPLICATION_RE.fullmatch(token)
        if match:
            word = " ".join(self.token_map.get(match[1], (match[1],)))
            return (f"{word}-{word}",)
        match = _NUMBER_WORD_RE.fullmatch(token)
        if match:
            return (match[1], *self.token_map.get(match[2], (match[2],)))
        decoded = token.translate(self.leet_table)
        if decoded.isalpha() and decoded in self.vocabulary:
            return self.token_map.get(decoded, (decoded,))
        return (token,)


_NO_CAPS: frozenset[str] = frozenset()


def _expand_hashtag(match: re.Match[str]) -> str:
    """ "#AyoBudiAni" → "#AyoBudiAni Ayo Budi Ani"; the tag itself is kept for exact matching."""
    body = match[1]
    parts = _CAMEL_RE.findall(body.replace("_", " "))
    if len(parts) < 2:
        return match[0]
    return "#" + body + " " + " ".join(parts) + " "


@cache
def _emoji_table(
    gestures: tuple[tuple[str, str], ...], words: tuple[tuple[str, str], ...]
) -> dict[int, str | None]:
    """Every single-code-point emoji → a space, except gestures and the few kept as words."""
    table: dict[int, str | None] = {}
    for item in emoji.EMOJI_DATA:
        stripped = item.replace("\ufe0f", "")
        if len(stripped) == 1 and ord(stripped) > 0x2000:
            table[ord(stripped)] = " "
    table.update({code: " " for code in range(0x1F1E6, 0x1F200)})  # flag letters
    table.update(_STRIPPED)
    for char, value in words:
        table[ord(char[0])] = f" {value} " if value else " "
    for char, number in gestures:
        table[ord(char[0])] = f" salam_{number}_jari "
    return table


def _vocabulary(lexicon: Lexicon, extra: tuple[str, ...]) -> frozenset[str]:
    words: set[str] = set(lexicon.slang) | set(lexicon.number_words) | lexicon.common_words
    for formal in lexicon.slang.values():
        words.update(formal.split())
    phrases = (
        *lexicon.vote_verbs,
        *lexicon.campaign_phrases,
        *lexicon.praise,
        *lexicon.attack,
        *lexicon.general_targets,
        *(term for terms in lexicon.negators.values() for term in terms),
        *(term for terms in lexicon.dampeners.values() for term in terms),
        *extra,
    )
    for phrase in phrases:
        words.update(phrase.lower().split())
    return frozenset(word for word in words if word.isalpha())
