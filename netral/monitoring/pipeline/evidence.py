"""Layer 1 logic: from automaton hits to weighted, explainable evidence about one text.

Candidate references (names, jargon, slogans, hashtags, accounts, ballot numbers in context) are
combined with the lexicon: a vote verb near a reference is a call to vote; "jangan" before it
turns it into an attack on that pair; "dilarang" turns it into neutrality language. Dampeners
(neutrality, civic, news, all pairs, personal context) multiply the weights down but every piece
of evidence stays in the output, marked as damped.
"""

from dataclasses import dataclass, field
from operator import itemgetter

from netral.monitoring.pipeline.lexicon import Lexicon
from netral.monitoring.pipeline.normalize import Normalised
from netral.monitoring.pipeline.rules import Hit, RuleSet

MENTION = "mention"
SUPPORT = "support"
ATTACK = "attack"
DAMP = "damp"
POLARITY = {
    "CAND_NAME": MENTION,
    "CAND_NAME_PART": MENTION,
    "CAND_NICKNAME": MENTION,
    "PARTY": MENTION,
    "OFFICIAL_ACCOUNT": MENTION,
    "BALLOT_NUMBER": MENTION,
    "BALLOT_NUMBER_WEAK": MENTION,
    "CAND_JARGON": SUPPORT,
    "SLOGAN": SUPPORT,
    "SLOGAN_SHORT": SUPPORT,
    "CAMPAIGN_HASHTAG": SUPPORT,
    "GESTURE_PHRASE": SUPPORT,
    "BALLOT_WITH_VOTE_VERB": SUPPORT,
    "CALL_TO_VOTE": SUPPORT,
    "VOTE_VERB": SUPPORT,
    "CAMPAIGN_PHRASE": SUPPORT,
    "PRAISE": SUPPORT,
    "GESTURE_EMOJI": SUPPORT,
    "GESTURE_NEAR_CAND": SUPPORT,
    "SHARED_FROM_OFFICIAL": SUPPORT,
    "ATTACK": ATTACK,
    "ATTACK_CALL": ATTACK,
    "ACT_INVITE": SUPPORT,
    "ACT_VOLUNTEER": SUPPORT,
    "ACT_DECLARE": SUPPORT,
    "ACT_SURVEY": SUPPORT,
    "ACT_ATTACK": ATTACK,
    "ACT_DIRECTION": SUPPORT,
    "ACT_PROMISE": SUPPORT,
    "ACT_GROUP": SUPPORT,
    "ACT_OFFICE": SUPPORT,
}
ACTS = frozenset(rule for rule in POLARITY if rule.startswith("ACT_"))
EXPLICIT = frozenset(
    {"SLOGAN", "CAMPAIGN_HASHTAG", "GESTURE_PHRASE", "BALLOT_WITH_VOTE_VERB", "CALL_TO_VOTE"}
    | {"ATTACK_CALL", "SHARED_FROM_OFFICIAL"}
)
_REFERENCES = frozenset(
    {
        "CAND_NAME",
        "CAND_NAME_PART",
        "CAND_NICKNAME",
        "CAND_JARGON",
        "SLOGAN",
        "SLOGAN_SHORT",
        "CAMPAIGN_HASHTAG",
        "PARTY",
    }
    | {"OFFICIAL_ACCOUNT", "BALLOT_NUMBER", "BALLOT_NUMBER_WEAK", "BALLOT_WITH_VOTE_VERB"}
    | {"GESTURE_PHRASE"}
)
_DAMPENERS = frozenset({"NEUTRALITY", "PROHIBITION", "NEGATION", "CIVIC", "NEWS", "ALL_PAIRS"})
_DAMPENERS |= {"PERSONAL", "NAMESAKE"}
_BALLOT = frozenset({"BALLOT_NUMBER", "BALLOT_NUMBER_WEAK"})
# Rules whose reason quotes the words as written rather than the election file's form.
_SURFACE = _BALLOT | {"GESTURE_PHRASE", "BALLOT_WITH_VOTE_VERB"}
# Words allowed between a negator and its verb: "jangan sampai pilih", "tidak akan memilih".
_NEGATION_GAP = frozenset({"sampai", "lagi", "pernah", "mau", "akan", "usah", "ikut", "asal"})
_AFTER, _BEFORE = 4, 3  # how far (in tokens) a verb, praise or attack looks for its target
_MIN_DAMPING = 0.05
_START, _END = itemgetter(0), itemgetter(1)  # a Hit's first and last token
_PARTISAN = frozenset({"CALL_TO_VOTE", "BALLOT_WITH_VOTE_VERB", "ATTACK", "ATTACK_CALL"})


@dataclass(slots=True)
class Signal:
    """One piece of evidence, kept even when damped, for the reviewer to read."""

    rule: str
    text: str
    pair: int | None
    weight: float
    polarity: str
    damped: bool = False
    segment: str = "text"

    def as_dict(self, segment: str | None = None) -> dict[str, object]:
        """The signal for the output; `segment` names the text it was found in, when not its own."""
        return {
            "rule": self.rule,
            "text": self.text,
            "pair": self.pair,
            "weight": self.weight,
            "polarity": self.polarity,
            "damped": self.damped,
            "segment": segment or self.segment,
        }


@dataclass(slots=True)
class Evidence:
    """Everything layer 1 says about one text, and its delexicalised tokens for layer 2."""

    signals: list[Signal] = field(default_factory=list)
    mention: float = 0.0
    support: float = 0.0
    attack: float = 0.0
    damping: float = 1.0
    explicit: bool = False
    candidate: int | None = None
    stance: str | None = None
    pairs: frozenset[int] = frozenset()
    delexicalised: list[str] = field(default_factory=list)


def collect(rules: RuleSet, normalised: Normalised) -> Evidence:
    """Evidence about one normalised text under one election's rules."""
    hits = rules.find(normalised.text)
    tokens = normalised.tokens
    tags = _hashtag_hits(rules, tokens) if "#" in normalised.text else []
    links = rules.linked_accounts(normalised.urls) if normalised.urls else []
    if not hits and not tags and not links:
        return Evidence(delexicalised=tokens)
    hits = _outermost(_plausible(hits, tokens, normalised.caps, rules))
    refs = [hit for hit in hits if hit.pattern.rule in _REFERENCES] + tags
    builder = _Builder(rules, tokens, refs, hits)
    builder.read()
    for pair, account in links:
        builder.add("OFFICIAL_ACCOUNT", account, pair)
    acts = [hit for hit in hits if hit.pattern.rule in ACTS]
    spans = refs + acts
    if len(spans) > 1:  # by (start, -end), ties as they came: two stable C-level sorts
        spans.sort(key=_END, reverse=True)
        spans.sort(key=_START)
    return builder.finish(_delexicalise(tokens, spans))


def _distance(ref: Hit, hit: Hit) -> int:
    return min(abs(ref.start - hit.end), abs(hit.start - ref.end))


class _Builder:
    """Turns the hits of one text into signals; one method per kind of evidence."""

    def __init__(self, rules: RuleSet, tokens: list[str], refs: list[Hit], hits: list[Hit]):
        self.rules = rules
        self.lexicon = rules.lexicon
        self.tokens = tokens
        self.refs = refs
        self.hits = hits
        self.negators = [hit for hit in hits if hit.pattern.rule == "NEGATOR"]
        self.general = [hit for hit in hits if hit.pattern.rule == "GENERAL_TARGET"]
        self.signals: list[Signal] = []
        self.seen: set[tuple[str, int | None, str]] = set()

    def add(self, rule: str, text: str, pair: int | None, weight: float | None = None) -> None:
        key = (rule, pair, text)
        if key in self.seen:
            return
        self.seen.add(key)
        polarity = POLARITY.get(rule, DAMP)
        if weight is None:
            weight = self.lexicon.weight(rule) if polarity != DAMP else 0.0
        self.signals.append(Signal(rule, text, pair, weight, polarity))

    def read(self) -> None:
        for ref in self.refs:
            if ref.pattern.rule == "BALLOT_WITH_VOTE_VERB":
                self._vote(ref, ref.pattern.pair)
            else:
                text = ref.text if ref.pattern.rule in _SURFACE else ref.pattern.display
                self.add(ref.pattern.rule, text, ref.pattern.pair)
        for hit in self.hits:
            rule = hit.pattern.rule
            if rule == "VOTE_VERB":
                target = self._target(hit)
                self._vote(hit, target.pattern.pair if target else None)
            elif rule in ("CAMPAIGN_PHRASE", "PRAISE", "ATTACK"):
                self._lexical(hit, rule)
            elif rule == "GESTURE_EMOJI":
                self._gesture(hit)
            elif rule in ACTS:
                self._act(hit, rule)
            elif rule in _DAMPENERS:
                self.add(rule, hit.text, None)

    def _vote(self, hit: Hit, pair: int | None) -> None:
        """A vote verb (alone, before a reference, or glued to a ballot number)."""
        negator = self._negator_before(hit.start)
        kind = negator.pattern.flag if negator else ""
        said = f"{negator.text} {hit.text}" if negator else hit.text
        if self._general_after(hit.end):
            # "jangan pilih paslon manapun", "tidak memihak siapapun": no side is taken.
            if kind:
                self.add("NEGATION" if kind == "denial" else "PROHIBITION", said, None)
            return
        glued = hit.pattern.rule == "BALLOT_WITH_VOTE_VERB"
        if kind == "prohibition":
            self.add("PROHIBITION", said, None)
            if glued:  # the number is still a mention of that pair
                self.add("BALLOT_NUMBER", hit.text, pair)
        elif kind and pair is not None:
            self.add("ATTACK_CALL" if kind == "imperative" else "ATTACK", said, pair)
        elif kind == "imperative":  # "jangan dipilih": an attack whose target is elsewhere
            self.add("ATTACK", said, None)
        elif kind:
            self.add("NEGATION", said, None)
        elif glued:
            self.add("BALLOT_WITH_VOTE_VERB", hit.text, pair)
        elif pair is not None:
            self.add("CALL_TO_VOTE", hit.text, pair)
        else:
            self.add("VOTE_VERB", hit.text, None)

    def _lexical(self, hit: Hit, rule: str) -> None:
        target = self._target(hit)
        if rule == "CAMPAIGN_PHRASE":
            self.add(rule, hit.text, target.pattern.pair if target else None)
        elif target is not None and target.pattern.pair is not None:
            negator = self._negator_before(hit.start)
            if rule == "PRAISE" and negator and negator.pattern.flag == "denial":
                self.add("ATTACK", f"{negator.text} {hit.text}", target.pattern.pair)
            else:
                self.add(rule, hit.text, target.pattern.pair)

    def _act(self, hit: Hit, rule: str) -> None:
        """A campaign act: for the pair the post names (nearest reference), else weaker."""
        negator = self._negator_before(hit.start)
        if negator and negator.pattern.flag == "prohibition":
            self.add("PROHIBITION", f"{negator.text} {hit.text}", None)
            return
        if negator and rule != "ACT_ATTACK" and negator.pattern.flag != "imperative":
            self.add("NEGATION", f"{negator.text} {hit.text}", None)
            return
        named = [ref for ref in self.refs if ref.pattern.pair is not None]
        if named:
            target = min(named, key=lambda ref: _distance(ref, hit))
            self.add(rule, hit.text, target.pattern.pair)
        else:
            self.add(rule, hit.text, None, self.lexicon.weight(rule) * self.lexicon.act_alone)

    def _gesture(self, hit: Hit) -> None:
        pair, symbol = hit.pattern.pair, hit.pattern.display
        named = [ref.pattern.pair for ref in self.refs if ref.pattern.pair is not None]
        if named:
            # Next to a candidate the gesture backs that candidate, whatever number it shows.
            self.add("GESTURE_NEAR_CAND", symbol, pair if pair in named else named[0])
        else:
            self.add("GESTURE_EMOJI", symbol, pair)

    def _target(self, hit: Hit) -> Hit | None:
        """The nearest candidate reference after (preferred) or before a hit."""
        after = [r for r in self.refs if hit.end < r.start <= hit.end + _AFTER]
        if after:
            return min(after, key=lambda ref: ref.start)
        before = [r for r in self.refs if hit.start - _BEFORE <= r.end < hit.start]
        return max(before, key=lambda ref: ref.end) if before else None

    def _negator_before(self, start: int) -> Hit | None:
        for negator in self.negators:
            if negator.end == start - 1 or (
                negator.end == start - 2 and self.tokens[start - 1] in _NEGATION_GAP
            ):
                return negator
        return None

    def _general_after(self, end: int) -> bool:
        return any(end < hit.start <= end + _AFTER for hit in self.general)

    def finish(self, delexicalised: list[str]) -> Evidence:
        self._all_pairs()
        return summarise(self.signals, self.lexicon, delexicalised)

    def _all_pairs(self) -> None:
        """News and reminders that name every pair take no side, unless a call or attack says so."""
        numbers = self.rules.numbers
        if len(numbers) < 2:
            return
        named = {ref.pattern.pair for ref in self.refs if ref.pattern.pair is not None}
        if named >= numbers and not any(signal.rule in _PARTISAN for signal in self.signals):
            self.add("ALL_PAIRS", "", None)


def summarise(signals: list[Signal], lexicon: Lexicon, delexicalised: list[str]) -> Evidence:
    """Adds the signals up: damping is the product of the distinct dampeners' factors."""
    damping = 1.0
    for rule in {signal.rule for signal in signals if signal.polarity == DAMP}:
        damping *= lexicon.factor(rule)
    damping = max(damping, _MIN_DAMPING)
    totals = {MENTION: 0.0, SUPPORT: 0.0, ATTACK: 0.0, DAMP: 0.0}
    pair_support: dict[int, float] = {}
    pair_attack: dict[int, float] = {}
    # Mentions count once, the strongest: naming both members of a pair, or every pair in a
    # news item, is no more evidence of taking a side than naming one.
    mentioned: dict[int | None, float] = {}
    for signal in signals:
        signal.damped = damping < 1.0 and signal.polarity != DAMP
        if signal.polarity == MENTION:
            mentioned[signal.pair] = max(mentioned.get(signal.pair, 0.0), signal.weight)
        else:
            totals[signal.polarity] += signal.weight
        if signal.pair is None:
            continue
        if signal.polarity == ATTACK:
            pair_attack[signal.pair] = pair_attack.get(signal.pair, 0.0) + signal.weight
        elif signal.polarity in (SUPPORT, MENTION):
            share = signal.weight if signal.polarity == SUPPORT else signal.weight / 2
            pair_support[signal.pair] = pair_support.get(signal.pair, 0.0) + share
    totals[MENTION] = max(mentioned.values(), default=0.0)
    attacking = totals[ATTACK] > totals[SUPPORT]
    scores = pair_attack if attacking and pair_attack else pair_support
    return Evidence(
        signals=signals,
        mention=totals[MENTION] * damping,
        support=totals[SUPPORT] * damping,
        attack=totals[ATTACK] * damping,
        damping=damping,
        explicit=damping == 1.0 and any(signal.rule in EXPLICIT for signal in signals),
        candidate=_leader(scores),
        stance=ATTACK if attacking else (SUPPORT if scores else None),
        pairs=frozenset(pair_support) | frozenset(pair_attack),
        delexicalised=delexicalised,
    )


def _leader(scores: dict[int, float]) -> int | None:
    """The pair with the most evidence; None when two pairs tie."""
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < 1e-9:
        return None
    return ranked[0][0]


def _plausible(
    hits: list[Hit], tokens: list[str], caps: frozenset[str], rules: RuleSet
) -> list[Hit]:
    """Drops jargon that is a common word written in lower case, and numbers that are times."""
    kept = []
    for hit in hits:
        pattern = hit.pattern
        if pattern.flag == "caps" and hit.text not in caps:
            continue
        before = tokens[hit.start - 1] if hit.start > 0 else ""
        if pattern.rule in _BALLOT and before in rules.lexicon.not_ballot_context:
            continue
        kept.append(hit)
    return kept


def _outermost(hits: list[Hit]) -> list[Hit]:
    """A hit inside a longer one is dropped ("pilih" inside "coblos nomor urut 2"), except
    negators, which must stay visible to the verb they turn around. One sweep over the hits
    sorted by (start, -end): a hit is inside when an earlier, different span reaches its end."""
    kept = []
    reach, reach_span = -1, (-1, -1)
    for hit in hits:
        span = (hit.start, hit.end)
        if reach < hit.end or reach_span == span or hit.pattern.rule == "NEGATOR":
            kept.append(hit)
        if hit.end > reach:
            reach, reach_span = hit.end, span
    return kept


def _hashtag_hits(rules: RuleSet, tokens: list[str]) -> list[Hit]:
    hits: list[Hit] = []
    for index, token in enumerate(tokens):
        if token[0] == "#" and len(token) > 5:
            hits.extend(rules.find_in_hashtag(token[1:], index))
    return hits


def _delexicalise(tokens: list[str], refs: list[Hit]) -> list[str]:
    """Candidate-specific words → placeholders, so the model treats every pair alike."""
    if not refs:
        return tokens
    out: list[str | None] = list(tokens)
    for ref in refs:
        placeholder = ref.pattern.placeholder
        if placeholder is None or out[ref.start] is None:  # None: part of an earlier reference
            continue
        if ref.pattern.flag == "last":
            out[ref.end] = placeholder
        else:
            out[ref.start] = placeholder
            end = ref.end
            expansion = ref.pattern.expansion
            if expansion and tuple(tokens[end + 1 : end + 1 + len(expansion)]) == expansion:
                end += len(expansion)
            for index in range(ref.start + 1, end + 1):
                out[index] = None
    return [token for token in out if token is not None]
