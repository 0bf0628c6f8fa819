"""Short sentences a reviewer can read, in the reader's language.

The detector stores each reason as a key with its values (`entry`, `for_signals`, …); pages, the
command line and the evidence bundle put them into words with `sentences` in the language they
show. Source strings are English and translated in netral/monitoring/locale.
"""

from operator import attrgetter
from typing import Any

from django.utils.translation import get_language, gettext, gettext_noop

from netral.monitoring.pipeline.evidence import DAMP, Signal

MAX_EVIDENCE_REASONS = 6
_WEIGHT = attrgetter("weight")

RULE_TEMPLATES = {
    "CAND_NAME": gettext_noop("Mentions the name of candidate pair %(number)s (%(text)s)"),
    "CAND_NAME_PART": gettext_noop(
        "Mentions part of the name of candidate pair %(number)s (%(text)s)"
    ),
    "CAND_NICKNAME": gettext_noop("Mentions the nickname of candidate pair %(number)s (%(text)s)"),
    "CAND_JARGON": gettext_noop("Uses the jargon of candidate pair %(number)s (%(text)s)"),
    "SLOGAN": gettext_noop("Uses the slogan of candidate pair %(number)s ('%(text)s')"),
    "SLOGAN_SHORT": gettext_noop("Uses the slogan of candidate pair %(number)s ('%(text)s')"),
    "CAMPAIGN_HASHTAG": gettext_noop("Uses the campaign hashtag %(text)s"),
    "OFFICIAL_ACCOUNT": gettext_noop(
        "Mentions the official account %(text)s of candidate pair %(number)s"
    ),
    "SHARED_FROM_OFFICIAL": gettext_noop(
        "Shares from the official account %(text)s of candidate pair %(number)s"
    ),
    "PARTY": gettext_noop("Mentions %(text)s, a party of candidate pair %(number)s"),
    "BALLOT_NUMBER": gettext_noop("Mentions the ballot number of pair %(number)s: '%(text)s'"),
    "BALLOT_NUMBER_WEAK": gettext_noop("A number that may be a ballot number: '%(text)s'"),
    "BALLOT_WITH_VOTE_VERB": gettext_noop("Call to vote for number %(number)s: '%(text)s'"),
    "GESTURE_PHRASE": gettext_noop("Number greeting of pair %(number)s: '%(text)s'"),
    "GESTURE_EMOJI": gettext_noop("Hand-gesture emoji that can be read as '%(text)s'"),
    "GESTURE_NEAR_CAND": gettext_noop(
        "Hand-gesture emoji ('%(text)s') next to a mention of pair %(number)s"
    ),
    "CALL_TO_VOTE": gettext_noop("Call to vote: '%(text)s'"),
    "VOTE_VERB": gettext_noop("Voting word without a candidate: '%(text)s'"),
    "CAMPAIGN_PHRASE": gettext_noop("Campaign phrase: '%(text)s'"),
    "PRAISE": gettext_noop("Praise of candidate pair %(number)s: '%(text)s'"),
    "ATTACK": gettext_noop("Attack on candidate pair %(number)s: '%(text)s'"),
    "ATTACK_CALL": gettext_noop("Call not to vote for pair %(number)s: '%(text)s'"),
    "NEUTRALITY": gettext_noop("Damped: neutrality language ('%(text)s')"),
    "PROHIBITION": gettext_noop("Damped: a prohibition ('%(text)s')"),
    "NEGATION": gettext_noop("Damped: a negation ('%(text)s')"),
    "CIVIC": gettext_noop("Damped: a civic reminder about voting ('%(text)s')"),
    "NEWS": gettext_noop("Damped: news framing ('%(text)s')"),
    "ALL_PAIRS": gettext_noop("Damped: it is about every candidate pair"),
    "PERSONAL": gettext_noop("Damped: personal or family context ('%(text)s')"),
    "NAMESAKE": gettext_noop("Damped: the name is used about someone else ('%(text)s')"),
    "ACT_INVITE": gettext_noop("Invites people to a campaign event of pair %(number)s: '%(text)s'"),
    "ACT_VOLUNTEER": gettext_noop(
        "Recruits or coordinates volunteers for pair %(number)s: '%(text)s'"
    ),
    "ACT_DECLARE": gettext_noop("Declaration of support for pair %(number)s: '%(text)s'"),
    "ACT_SURVEY": gettext_noop(
        "Boasts of a lead or asks to guard the vote for pair %(number)s: '%(text)s'"
    ),
    "ACT_ATTACK": gettext_noop("Attacks candidate pair %(number)s: '%(text)s'"),
    "ACT_DIRECTION": gettext_noop(
        "Points readers to pair %(number)s in a joke or an aside: '%(text)s'"
    ),
    "ACT_PROMISE": gettext_noop(
        "Ties a programme or benefit to pair %(number)s winning: '%(text)s'"
    ),
    "ACT_GROUP": gettext_noop("Asks a group to spread material of pair %(number)s: '%(text)s'"),
    "ACT_OFFICE": gettext_noop("Uses office, staff or programmes for pair %(number)s: '%(text)s'"),
}
SHARED_PREFIX = gettext_noop("In the shared post: %(reason)s")
INTERACTION = {
    "like": gettext_noop("Likes a post that campaigns"),
    "share": gettext_noop("Shares a post that campaigns"),
    "comment": gettext_noop("Comments on a post that campaigns"),
}
PLACEHOLDERS = {
    "<CALON>": gettext_noop("[candidate]"),
    "<NAMA>": gettext_noop("[candidate's name]"),
    "<NOMOR>": gettext_noop("[ballot number]"),
    "<SLOGAN>": gettext_noop("[slogan]"),
    "<TAGAR_CALON>": gettext_noop("[campaign hashtag]"),
    "<AKUN_CALON>": gettext_noop("[official account]"),
    "<PARTAI>": gettext_noop("[party]"),
    "<GESTUR>": gettext_noop("[hand gesture]"),
    "<AKUN>": gettext_noop("[account]"),
    "<BILANGAN>": gettext_noop("[number]"),
    "<URL>": gettext_noop("[link]"),
    "<AJAKAN>": gettext_noop("[invitation to a campaign event]"),
    "<RELAWAN>": gettext_noop("[volunteers]"),
    "<DEKLARASI>": gettext_noop("[declaration of support]"),
    "<SURVEI_MENANG>": gettext_noop("[lead boasting, guarding the vote]"),
    "<SERANGAN>": gettext_noop("[attack]"),
    "<ARAH_PILIHAN>": gettext_noop("[vote direction]"),
    "<JANJI_BERSYARAT>": gettext_noop("[conditional promise]"),
    "<SEBAR_GRUP>": gettext_noop("[spreading to groups]"),
    "<JABATAN>": gettext_noop("[use of office]"),
}
RAISES = gettext_noop("Model: the phrase '%(feature)s' raises the score")
LOWERS = gettext_noop("Model: the phrase '%(feature)s' lowers the score")
NOTHING = gettext_noop("No sign of campaigning found")
EMPTY = gettext_noop("The text is empty: there is nothing to check")
TRUNCATED = gettext_noop(
    "Only the first %(count)s characters were checked (the text has %(total)s)"
)
NO_DATE = gettext_noop("The posting date is unknown, so no catalogue code can be given")
TRANSFORMER = gettext_noop("Second opinion of the transformer model: %(percent)s%%")
CODES = gettext_noop("Catalogue codes to check: %(codes)s")
ACT_WITHOUT_PAIR = gettext_noop("Campaign act without a named candidate: '%(text)s'")


ALL_MESSAGES = (
    *RULE_TEMPLATES.values(),
    *INTERACTION.values(),
    *PLACEHOLDERS.values(),
    SHARED_PREFIX,
    RAISES,
    LOWERS,
    NOTHING,
    EMPTY,
    TRUNCATED,
    NO_DATE,
    TRANSFORMER,
    CODES,
    ACT_WITHOUT_PAIR,
)

# A reason is stored as a key and its values ({"key": "CAND_NAME", "number": 2, "text": "…"}) and
# put into words only when shown, in the reader's language. Keys are stable names, never the
# English sentence, so rewording a sentence changes every stored reason with it. Reasons stored
# as text before (decision 0125) are shown as they are.
MESSAGES: dict[str, str] = {
    **RULE_TEMPLATES,
    **{f"INTERACTION_{kind}": message for kind, message in INTERACTION.items()},
    "SHARED": SHARED_PREFIX,
    "RAISES": RAISES,
    "LOWERS": LOWERS,
    "NOTHING": NOTHING,
    "EMPTY": EMPTY,
    "TRUNCATED": TRUNCATED,
    "NO_DATE": NO_DATE,
    "TRANSFORMER": TRANSFORMER,
    "CODES": CODES,
    "ACT_WITHOUT_PAIR": ACT_WITHOUT_PAIR,
}

Reason = dict[str, Any]
_WITHOUT_NUMBER = frozenset(k for k, m in RULE_TEMPLATES.items() if "%(number)s" not in m)


def entry(key: str, **values: object) -> Reason:
    """One reason as stored: its key and the values its sentence needs."""
    return {"key": key, **values}


def for_signals(signals: list[Signal], *, shared: bool = False) -> list[Reason]:
    """The strongest evidence first, then every dampener (damped evidence stays visible)."""
    evidence = [signal for signal in signals if signal.polarity != DAMP]
    if len(evidence) > 1:  # strongest first; reverse=True keeps equal weights in order
        evidence.sort(key=_WEIGHT, reverse=True)
    damping = [signal for signal in signals if signal.polarity == DAMP]
    found = [for_signal(signal) for signal in evidence[:MAX_EVIDENCE_REASONS]]
    found += [for_signal(signal) for signal in damping]
    if shared:
        return [{"key": "SHARED", "reason": reason} for reason in found]
    return found


def for_signal(signal: Signal) -> Reason:
    if signal.pair is None and signal.rule.startswith("ACT_"):
        return {"key": "ACT_WITHOUT_PAIR", "text": signal.text}
    if signal.rule in _WITHOUT_NUMBER:
        return {"key": signal.rule, "text": signal.text}
    number = signal.pair if signal.pair is not None else "?"
    return {"key": signal.rule, "number": number, "text": signal.text}


def for_features(features: list[tuple[str, float]], *, campaign: bool) -> list[Reason]:
    """The model's strongest phrases in the direction of its decision, only those that name
    evidence an officer can check (a placeholder: the act, the candidate, the number, the
    gesture); function words, plain words and character n-grams are never shown."""
    if campaign:
        chosen = [name for name, value in features if value > 0 and is_evidence(name)][:2]
        key = "RAISES"
    else:
        ranked = reversed(features)
        chosen = [name for name, value in ranked if value < 0 and is_evidence(name)][:1]
        key = "LOWERS"
    return [{"key": key, "feature": name} for name in chosen]


class Phrasebook:
    """Every message above, translated once into one language (gettext per item is slow)."""

    def __init__(self) -> None:
        self.lines = {message: gettext(message) for message in ALL_MESSAGES}
        self._readable: dict[str, str] = {}

    def __getitem__(self, message: str) -> str:
        return self.lines[message]

    def render(self, reason: object) -> str:
        """A stored reason in this language; text stored before keys is shown as it is."""
        if not isinstance(reason, dict):
            return str(reason)
        message = MESSAGES.get(str(reason.get("key")))
        if message is None:
            return str(reason.get("text") or reason.get("key") or "")
        values = {name: value for name, value in reason.items() if name != "key"}
        if "reason" in values:
            values["reason"] = self.render(values["reason"])
        if "feature" in values:
            values["feature"] = self.readable(str(values["feature"]))
        try:
            return self.lines[message] % values if values else self.lines[message]
        except (KeyError, TypeError, ValueError):
            return self.lines[message]

    def readable(self, feature: str) -> str:
        """A model phrase with its placeholders in words ("coblos [nomor urut]")."""
        found = self._readable.get(feature)
        if found is None:
            lines = self.lines
            words = feature.split()
            found = " ".join(lines[PLACEHOLDERS[w]] if w in PLACEHOLDERS else w for w in words)
            if len(self._readable) < 100_000:
                self._readable[feature] = found
        return found


def sentences(reasons: list[Any]) -> list[str]:
    """Stored reasons as sentences in the active language."""
    book = phrasebook()
    return [book.render(reason) for reason in reasons]


def is_evidence(feature: str) -> bool:
    """A model phrase is worth showing when it contains a placeholder of evidence."""
    found = _is_evidence.get(feature)
    if found is None:
        found = any(word in _EVIDENCE for word in feature.split())
        if len(_is_evidence) < 100_000:
            _is_evidence[feature] = found
    return found


_NOT_EVIDENCE = frozenset({"<AKUN>", "<BILANGAN>", "<URL>"})
_EVIDENCE = frozenset(PLACEHOLDERS) - _NOT_EVIDENCE
_is_evidence: dict[str, bool] = {}  # phrases repeat from text to text
_books: dict[str, Phrasebook] = {}


def phrasebook() -> Phrasebook:
    """The phrasebook of the active language, built once per language."""
    language = get_language() or ""
    book = _books.get(language)
    if book is None:
        book = _books[language] = Phrasebook()
    return book
