"""Layer 1: the election file and the lexicon compiled into one Aho-Corasick automaton.

Every pattern is normalised like the posts and wrapped in spaces, so one pass over the padded
token text finds whole-word hits only. Ballot numbers are patterns only IN CONTEXT ("nomor urut
2", "paslon 02", "coblos 2", "salam 2 jari", "#02"), never bare digits; a zero-padded "02" counts
unless a time, rank or address word precedes it ("jam 02"). The evidence logic lives in
`evidence.py`; this module only builds the patterns.
"""

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

import ahocorasick

from netral.monitoring.pipeline.lexicon import Lexicon
from netral.monitoring.pipeline.normalize import Normaliser
from netral.registry.election_file import Candidate, ElectionFile

# Delexicalisation placeholders: upper case, so they never collide with normalised tokens.
CAND = "<CALON>"
NAME = "<NAMA>"
NUMBER = "<NOMOR>"
SLOGAN = "<SLOGAN>"
CAMPAIGN_TAG = "<TAGAR_CALON>"
ACCOUNT = "<AKUN_CALON>"
PARTY = "<PARTAI>"
GESTURE = "<GESTUR>"
# One placeholder per class of campaign act: the model sees the act, not the template's words.
ACT_PLACEHOLDERS = {
    "ACT_INVITE": "<AJAKAN>",
    "ACT_VOLUNTEER": "<RELAWAN>",
    "ACT_DECLARE": "<DEKLARASI>",
    "ACT_SURVEY": "<SURVEI_MENANG>",
    "ACT_ATTACK": "<SERANGAN>",
    "ACT_DIRECTION": "<ARAH_PILIHAN>",
    "ACT_PROMISE": "<JANJI_BERSYARAT>",
    "ACT_GROUP": "<SEBAR_GRUP>",
    "ACT_OFFICE": "<JABATAN>",
}
_COMPACT_MIN = 5  # compact names shorter than this are too ambiguous inside hashtags


@dataclass(frozen=True, slots=True)
class Pattern:
    """One thing the automaton finds: its rule, the pair it points to, how reasons show it."""

    rule: str
    pair: int | None
    display: str
    placeholder: str | None = None
    # "caps": a jargon that is also a common word counts only when written in capitals;
    # "padded": a zero-padded number checked for time/rank context; "last": only the last
    # token is replaced by the placeholder; negator kinds: "imperative", "prohibition", "denial".
    flag: str = ""
    # The words a CamelCase campaign hashtag is also split into ("#YuRiMenang" → "yu ri
    # menang"); they are identity too, so delexicalisation removes them with the tag.
    expansion: tuple[str, ...] = ()


class Hit(NamedTuple):
    """A pattern found at tokens [start, end] (inclusive) of a normalised text (a tuple: built
    by the thousand per second, it must be cheap)."""

    start: int
    end: int
    pattern: Pattern
    text: str


class RuleSet:
    """The compiled patterns of one election file and one lexicon."""

    def __init__(self, election: ElectionFile, lexicon: Lexicon, normaliser: Normaliser) -> None:
        self.election = election
        self.lexicon = lexicon
        self.normaliser = normaliser
        self.numbers = frozenset(candidate.number for candidate in election.candidates)
        self.accounts: dict[str, int] = {}  # handle ("@x") or profile address → pair
        self.account_names: dict[str, str] = {}
        self._entries: dict[str, list[Pattern]] = {}
        self._compact: dict[str, list[Pattern]] = {}
        for candidate in election.candidates:
            self._add_candidate(candidate)
        self._add_lexicon()
        self.automaton = _automaton(self._entries)
        # Whether any pattern counts only in capitals (then the normaliser must note them).
        self.needs_caps = any(p.flag == "caps" for ps in self._entries.values() for p in ps)
        self.compact_automaton = _automaton(self._compact, padded=False)
        self.pattern_count = len(self._entries) + len(self._compact)

    def find(self, text: str) -> list[Hit]:
        """Every whole-word hit in a padded normalised text, in order of start."""
        hits: list[Hit] = []
        append, count = hits.append, text.count
        for end_char, (length, patterns) in self.automaton.iter(text):
            start_char = end_char - length + 1
            start = count(" ", 0, start_char + 1) - 1
            end = start + count(" ", start_char + 1, end_char)
            surface = text[start_char + 1 : end_char]
            for pattern in patterns:
                append(_new_hit(Hit, (start, end, pattern, surface)))
        if len(hits) > 1:
            # In order of (start, -end), equal spans as found: two stable sorts on C-level
            # keys (the end descending, then the start) give exactly the order of one sort.
            hits.sort(key=_END, reverse=True)
            hits.sort(key=_START)
        return hits

    def find_in_hashtag(self, body: str, index: int) -> list[Hit]:
        """Candidate names written together inside a lower-case hashtag (#budianimenang)."""
        if not self._compact:
            return []
        return [
            Hit(index, index, pattern, body[end - length + 1 : end + 1])
            for end, (length, patterns) in self.compact_automaton.iter(body)
            for pattern in patterns
        ]

    def official(self, value: str) -> int | None:
        """The pair whose official account this handle or address is (or is under)."""
        key = account_key(value)
        if not key.strip("@"):
            return None
        found = self.accounts.get(key)
        if found is None and "/" in key:
            found = next((n for a, n in self.accounts.items() if key.startswith(f"{a}/")), None)
        return found

    def linked_accounts(self, urls: tuple[str, ...]) -> list[tuple[int, str]]:
        """Official profile addresses linked from a text: (pair, address as configured)."""
        found = []
        for url in urls:
            pair = self.official(url) if "/" in account_key(url) else None
            if pair is not None:
                key = account_key(url)
                account = next(a for a in self.accounts if key == a or key.startswith(f"{a}/"))
                found.append((pair, self.account_names[account]))
        return found

    def _add(self, phrase: str, pattern: Pattern, *, normalise: bool = True) -> None:
        key = self.normaliser.phrase(phrase) if normalise else phrase.lower()
        if key:
            self._entries.setdefault(f" {key} ", []).append(pattern)

    def _add_candidate(self, candidate: Candidate) -> None:
        number = candidate.number
        first_name = candidate.names[0] if candidate.names else str(number)
        groups = (
            ("CAND_NAME", candidate.names, CAND),
            ("CAND_NICKNAME", candidate.nicknames, CAND),
            ("CAND_JARGON", candidate.jargon, CAND),
            ("SLOGAN", candidate.slogans, SLOGAN),
            ("PARTY", candidate.parties, PARTY),
        )
        for group, values, placeholder in groups:
            for value in values:
                rule = group
                if rule == "SLOGAN" and len(self.normaliser.phrase(value).split()) <= 2:
                    rule = "SLOGAN_SHORT"  # "Bantul Bagus" is also how people talk
                flag = "caps" if rule == "CAND_JARGON" and self._is_common(value) else ""
                self._add(value, Pattern(rule, number, value, placeholder, flag))
                self._add_compact(value, Pattern(rule, number, value, CAMPAIGN_TAG, flag))
        self._add_name_parts(candidate)
        for tag in candidate.hashtags:
            tag = tag if tag.startswith("#") else f"#{tag}"
            expansion = tuple(self.normaliser(tag.replace(" ", "")).tokens[1:])
            pattern = Pattern("CAMPAIGN_HASHTAG", number, tag, CAMPAIGN_TAG, expansion=expansion)
            self._add(tag.replace(" ", ""), pattern, normalise=False)
        for account in candidate.accounts:
            key = account_key(account)
            self.accounts[key] = number
            self.account_names[key] = account
            if key.startswith("@"):
                pattern = Pattern("OFFICIAL_ACCOUNT", number, account, ACCOUNT)
                self._add(key, pattern, normalise=False)
        self._add_numbers(number, first_name)

    def _add_name_parts(self, candidate: Candidate) -> None:
        """A candidate's given name or surname alone: weak, but delexicalised like the rest,
        so that "Arif" and "Gilang" read the same to the model."""
        for name in candidate.names:
            for part in self.normaliser.phrase(name).split():
                if len(part) >= 3 and part.isalpha() and part not in self.normaliser.common_words:
                    pattern = Pattern("CAND_NAME_PART", candidate.number, part.title(), NAME)
                    self._add(part, pattern, normalise=False)

    def _add_numbers(self, number: int, name: str) -> None:
        lex = self.lexicon
        for form in (str(number), f"{number:02d}"):
            strong = Pattern("BALLOT_NUMBER", number, name, NUMBER, "last")
            weak = Pattern("BALLOT_NUMBER_WEAK", number, name, NUMBER, "last")
            glued = Pattern("BALLOT_WITH_VOTE_VERB", number, name, NUMBER, "last")
            for context in lex.ballot_strong:
                self._add(f"{context} {form}", strong)
            for context in lex.ballot_weak:
                self._add(f"{context} {form}", weak)
            for verb in lex.vote_verbs:
                for middle in ("", " nomor", " nomor urut", " paslon", " paslon nomor"):
                    self._add(f"{verb}{middle} {form}", glued)
            self._add(f"#{form}", Pattern("BALLOT_NUMBER", number, name, NUMBER), normalise=False)
        padded = Pattern("BALLOT_NUMBER", number, name, NUMBER, "padded")
        self._add(f"{number:02d}", padded, normalise=False)
        self._add(f"salam {number} jari", Pattern("GESTURE_PHRASE", number, name, GESTURE))

    def _add_lexicon(self) -> None:
        lex = self.lexicon
        simple = (
            ("VOTE_VERB", lex.vote_verbs),
            ("CAMPAIGN_PHRASE", lex.campaign_phrases),
            ("PRAISE", lex.praise),
            ("ATTACK", lex.attack),
            ("GENERAL_TARGET", lex.general_targets),
            *lex.dampeners.items(),
        )
        for rule, terms in simple:
            for term in terms:
                self._add(term, Pattern(rule, None, self.normaliser.phrase(term)))
        for rule, terms in lex.campaign_acts.items():
            placeholder = ACT_PLACEHOLDERS[rule]
            for term in terms:
                self._add(term, Pattern(rule, None, self.normaliser.phrase(term), placeholder))
        for kind, terms in lex.negators.items():
            for term in terms:
                self._add(term, Pattern("NEGATOR", None, term, flag=kind))
        for symbol in set(lex.gestures.values()):
            pair = int(symbol) if symbol.isdigit() and int(symbol) in self.numbers else None
            token = f"salam_{symbol}_jari"
            display = f"salam {symbol} jari" if symbol.isdigit() else f"salam {symbol}"
            self._add(token, Pattern("GESTURE_EMOJI", pair, display, GESTURE), normalise=False)

    def _add_compact(self, value: str, pattern: Pattern) -> None:
        compact = self.normaliser.phrase(value).replace(" ", "")
        if len(compact) >= _COMPACT_MIN and pattern.flag != "caps":
            self._compact.setdefault(compact, []).append(pattern)

    def _is_common(self, value: str) -> bool:
        words = self.normaliser.phrase(value).split()
        return len(words) == 1 and words[0] in self.normaliser.common_words


def account_key(value: str) -> str:
    """One form for an account: "@handle", or a profile address without scheme, www and "/"."""
    value = value.strip().lower()
    if "/" in value or value.startswith(("http", "www.")):
        return re.sub(r"^[a-z]+://", "", value).removeprefix("www.").rstrip("/.,)")
    return value if value.startswith("@") else f"@{value}"


_START, _END = itemgetter(0), itemgetter(1)
# Builds a Hit without the Python-level __new__ of a NamedTuple (thousands per second).
_new_hit = tuple.__new__


def _automaton(entries: dict[str, list[Pattern]], *, padded: bool = True) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key, patterns in entries.items():
        automaton.add_word(key, (len(key), tuple(patterns)))
    if entries:
        automaton.make_automaton()
    return automaton
