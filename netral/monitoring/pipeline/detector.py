"""Fusion: rules + linear model (+ optional transformer) → one calibrated, explained result.

Each item has up to two texts: its own (`text`) and the post it reacts to (`shared_text`). Both go
through layers 0–2; a small logistic stacker fitted on a calibration split fuses the two logits
with the rule evidence and the kind of interaction, so that `score` is a probability. Liking,
sharing or commenting on a campaign post is campaigning; sharing a news item is not.
"""

import datetime as dt
import math
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings

from netral.monitoring.pipeline import codes, reasons
from netral.monitoring.pipeline.evidence import Evidence, Signal, collect
from netral.monitoring.pipeline.features import (
    FeatureConfig,
    Features,
    Featuriser,
    bigram_indices,
)
from netral.monitoring.pipeline.lexicon import Lexicon, load_lexicon
from netral.monitoring.pipeline.model import LinearModel, Stacker
from netral.monitoring.pipeline.normalize import MAX_CHARS, Normalised, Normaliser
from netral.monitoring.pipeline.rules import RuleSet
from netral.monitoring.pipeline.transformer import TransformerBackend
from netral.registry.election_file import ElectionFile

KINDS = ("post", "share", "comment", "like")
SHARED = "shared"  # a signal found in the post the item reacts to
CAMPAIGN, NEUTRAL = "campaign", "neutral"
_PARTS = ("logit", "present", "mention", "support", "attack", "damping", "explicit")
STACK_FEATURES = (
    *(f"own_{part}" for part in _PARTS),
    *(f"shared_{part}" for part in _PARTS),
    "kind_share",
    "kind_comment",
    "kind_like",
    "like_x_shared_logit",
    "share_x_shared_logit",
    "comment_x_shared_logit",
    "comment_x_own_damping",
    "shared_official",
)
# Used only with --rules-only (no model): hand-set, monotone, NOT calibrated.
RULES_ONLY_STACKER = Stacker(
    names=("own_support", "own_attack", "own_mention", "own_explicit")
    + ("shared_support", "shared_attack", "shared_explicit", "shared_official"),
    coef=(1.5, 1.5, 0.3, 1.5, 1.2, 1.2, 1.0, 2.0),
    intercept=-2.0,
)
UNCERTAIN_BAND = (0.3, 0.7)  # only these items are sent to the transformer backend
# Analysed texts kept per detector (shares and comments repeat the posts they react to); the
# cache is emptied when full, like the token caches, so memory stays flat.
SEGMENT_CACHE_LIMIT = 8192


@dataclass(slots=True)
class Item:
    """One monitored item as the command line receives it."""

    id: str
    kind: str
    text: str = ""
    shared_text: str = ""
    posted_at: dt.datetime | None = None
    platform: str = ""
    author: str = ""
    shared_author: str = ""


@dataclass(slots=True)
class Segment:
    """One text of an item after layers 0–2."""

    normalised: Normalised
    evidence: Evidence
    features: Features
    logit: float = 0.0
    # Word features ranked by their contribution to the logit: positions (see Features.name)
    # and values of the 6 strongest, then of the 2 weakest (repeats when a text has fewer
    # than 8); enough for the reasons without sorting every feature in Python.
    ranked_positions: list[int] = field(default_factory=list)
    ranked_values: list[float] = field(default_factory=list)
    # Parts of the results that depend on the text alone, worked out once per text and shared
    # by the Segments of every occurrence of it.
    rendered: dict[Any, Any] = field(default_factory=dict)


class Detector:
    """Classifies batches of items for one election file."""

    def __init__(
        self,
        election: ElectionFile,
        *,
        model: LinearModel | None,
        config_version: str = "",
        lexicon: Lexicon | None = None,
        transformer: TransformerBackend | None = None,
    ) -> None:
        self.election = election
        self.lexicon = lexicon or load_lexicon()
        self.normaliser = Normaliser(self.lexicon, extra_vocabulary=_election_words(election))
        self.rules = RuleSet(election, self.lexicon, self.normaliser)
        self.normaliser.want_caps = self.rules.needs_caps
        self.model = model
        self.featuriser = (
            Featuriser(model.features, model.weights) if model else Featuriser(FeatureConfig())
        )
        self.stacker = model.stacker if model else RULES_ONLY_STACKER
        self.transformer = transformer
        self.versions = {
            "model_version": model.version if model else "rules-only",
            "config_version": config_version,
            "lexicon_version": self.lexicon.version,
        }
        self.timezone = zoneinfo.ZoneInfo(getattr(settings, "TIME_ZONE", "Asia/Jakarta"))
        self._code_cache: dict[tuple[str, dt.date | None], list[str]] = {}
        self._official_weight = self.lexicon.weight("SHARED_FROM_OFFICIAL")
        self._analysed: dict[str, tuple[Normalised, Evidence, Features, dict[Any, Any]]] = {}

    def analyse(self, text: str) -> Segment | None:
        """Layers 0–1 and the feature indices of one text (None for an empty text)."""
        if not text:
            return None
        normalised = self.normaliser(text)
        evidence = collect(self.rules, normalised)
        return Segment(normalised, evidence, self.featuriser(evidence.delexicalised))

    def prepare(self, items: Sequence[Item]) -> list[tuple[Segment | None, Segment | None]]:
        """Both texts of every item, analysed and scored by the text model in one batch.

        A text seen recently reuses its analysis (layers 0–1 and its features: functions of the
        text and this detector alone, never changed once made), but every occurrence gets its
        own Segment and the whole batch is scored as before: the ranking of equal word
        contributions depends on the batch (see `_rank_words`), and results stay identical."""
        pairs = [(self._segment(item.text), self._segment(item.shared_text)) for item in items]
        if self.model is not None:
            score_segments(self.model, [s for pair in pairs for s in pair if s is not None])
        return pairs

    def _segment(self, text: str) -> Segment | None:
        if not text:
            return None
        cache = self._analysed
        found = cache.get(text)
        if found is None:
            segment = self.analyse(text)
            assert segment is not None
            if len(cache) >= SEGMENT_CACHE_LIMIT:
                cache.clear()
            cache[text] = (segment.normalised, segment.evidence, segment.features, segment.rendered)
            return segment
        return Segment(found[0], found[1], found[2], rendered=found[3])

    def classify(self, items: Sequence[Item]) -> list[dict[str, Any]]:
        """One result per item, in order (see docs/monitoring.md for the fields)."""
        pairs = self.prepare(items)
        officials = [self.official_pair(item) for item in items]
        probabilities = []
        floor = self.stacker.floor
        fused = self.stacker.probability
        for item, (own, shared), official in zip(items, pairs, officials, strict=True):
            probability = fused(stack_values(item.kind, own, shared, official=official))
            if floor and probability < floor and explicit(item.kind, own, shared, official):
                probability = floor
            probabilities.append(probability)
        second = self._second_opinions(probabilities, pairs)
        return [
            self._result(item, own, shared, official, probability, second.get(index))
            for index, (item, (own, shared), official, probability) in enumerate(
                zip(items, pairs, officials, probabilities, strict=True)
            )
        ]

    def official_pair(self, item: Item) -> int | None:
        """The pair whose official account the item likes, shares or comments on, if any."""
        return self.rules.official(item.shared_author) if item.shared_author else None

    def _second_opinions(
        self, probabilities: list[float], pairs: list[tuple[Segment | None, Segment | None]]
    ) -> dict[int, float]:
        """Blends the transformer's probability in, for the uncertain band only."""
        if self.transformer is None or not self.transformer.available:
            return {}
        low, high = UNCERTAIN_BAND
        chosen = [
            (index, segment)
            for index, probability in enumerate(probabilities)
            if low <= probability <= high and (segment := _main(*pairs[index])) is not None
        ]
        if not chosen:
            return {}
        texts = [" ".join(segment.evidence.delexicalised) for _, segment in chosen]
        found = self.transformer.predict_proba(texts)
        if found is None:
            return {}
        opinions = {index: float(value) for (index, _), value in zip(chosen, found, strict=True)}
        for index, value in opinions.items():
            probabilities[index] = (probabilities[index] + value) / 2
        return opinions

    def _result(
        self,
        item: Item,
        own: Segment | None,
        shared: Segment | None,
        official: int | None,
        probability: float,
        transformer_probability: float | None,
    ) -> dict[str, Any]:
        label = CAMPAIGN if probability >= self.stacker.threshold else NEUTRAL
        signals = _signals(own, shared, official, item.shared_author, self._official_weight)
        candidate, stance = _side(own, shared, official) if label == CAMPAIGN else (None, None)
        date = self._date(item.posted_at)
        found_codes: list[str] = []
        if label == CAMPAIGN:
            found_codes = self._codes(item.kind, date)
        features = _features(_main(own, shared))
        found_reasons = self._reasons(
            item, own, shared, official, label, features, date, transformer_probability
        )
        if found_codes:
            found_reasons.append(reasons.entry("CODES", codes=", ".join(found_codes)))
        modelled = self.model is not None
        return {
            "id": item.id,
            "label": label,
            "score": round(probability, 4),
            "candidate": candidate,
            "stance": stance,
            "codes": found_codes,
            "reasons": found_reasons,
            "kind": item.kind,
            "signals": signals,
            "model": {
                "text_probability": _probability(own) if modelled else None,
                "shared_probability": _probability(shared) if modelled else None,
                "top_features": [[name, round(value, 3)] for name, value in features],
                "transformer_probability": transformer_probability,
            },
            "truncated": _truncated(own) or _truncated(shared),
            **self.versions,
        }

    def _reasons(
        self,
        item: Item,
        own: Segment | None,
        shared: Segment | None,
        official: int | None,
        label: str,
        features: list[tuple[str, float]],
        date: dt.date | None,
        transformer_probability: float | None,
    ) -> list[reasons.Reason]:
        found: list[reasons.Reason] = []
        campaign = label == CAMPAIGN
        if campaign and item.kind in reasons.INTERACTION and shared is not None:
            found.append(reasons.entry(f"INTERACTION_{item.kind}"))
        if official is not None:
            signal = Signal("SHARED_FROM_OFFICIAL", item.shared_author, official, 0.0, "support")
            found.append(reasons.for_signal(signal))
        if own is not None and own.evidence.signals:
            found.extend(_signal_reasons(own, False))
        if shared is not None and shared.evidence.signals:
            found.extend(_signal_reasons(shared, True))
        if self.model is not None:
            found.extend(reasons.for_features(features, campaign=campaign))
        if transformer_probability is not None:
            found.append(reasons.entry("TRANSFORMER", percent=round(transformer_probability * 100)))
        for segment, length in ((own, len(item.text)), (shared, len(item.shared_text))):
            if segment is not None and segment.normalised.truncated:
                found.append(reasons.entry("TRUNCATED", count=MAX_CHARS, total=length))
        if own is None and shared is None:
            found.append(reasons.entry("EMPTY"))
        elif not found:
            found.append(reasons.entry("NOTHING"))
        if campaign and date is None:
            found.append(reasons.entry("NO_DATE"))
        return found

    def _codes(self, kind: str, date: dt.date | None) -> list[str]:
        key = (kind, date)
        found = self._code_cache.get(key)
        if found is None:
            found = codes.codes_for(kind=kind, incident_date=date, election=self.election)
            self._code_cache[key] = found
        return list(found)

    def _date(self, posted_at: dt.datetime | None) -> dt.date | None:
        if posted_at is None:
            return None
        if posted_at.tzinfo is None:  # no offset given: read as local time of the election
            return posted_at.date()
        return posted_at.astimezone(self.timezone).date()


def score_segments(model: LinearModel, segments: list[Segment]) -> None:
    """Text-model logits and the strongest word contributions, for a batch in NumPy."""
    filled = [segment for segment in segments if segment.features.unigrams]
    for segment in segments:
        segment.logit = model.bias
    if not filled:
        return
    mask = (1 << model.features.bits) - 1
    per_text = np.array([len(segment.features.unigrams) for segment in filled])
    flat: list[int] = []
    for segment in filled:
        flat.extend(segment.features.unigrams)
    unigrams = np.array(flat, dtype=np.int64)
    owner_u = np.repeat(np.arange(len(filled)), per_text)
    position_u = np.arange(len(unigrams)) - np.repeat(np.cumsum(per_text) - per_text, per_text)
    same = owner_u[:-1] == owner_u[1:]
    bigrams = bigram_indices(unigrams[:-1][same], unigrams[1:][same], mask)
    owner = np.concatenate((owner_u, owner_u[:-1][same]))
    position = np.concatenate((position_u, per_text[owner_u[:-1][same]] + position_u[:-1][same]))
    values = model.weights[np.concatenate((unigrams, bigrams))]
    sums = np.bincount(owner, weights=values, minlength=len(filled))
    extra = np.array([segment.features.char_weight for segment in filled])
    scales = 1.0 / np.sqrt(np.array([segment.features.count for segment in filled]))
    for segment, logit in zip(filled, (model.bias + (sums + extra) * scales).tolist(), strict=True):
        segment.logit = logit
    _rank_words(filled, owner, position, values, 2 * per_text - 1, scales)


def _rank_words(
    segments: list[Segment],
    owner: np.ndarray,
    position: np.ndarray,
    values: np.ndarray,
    counts: np.ndarray,
    scales: np.ndarray,
) -> None:
    """Per text, the 6 largest and 2 smallest word contributions: one argsort for the batch
    (texts kept apart by a large per-text offset in the key), no sorting in Python."""
    order = np.argsort(owner * 1e6 + np.clip(values, -1e5, 1e5))
    starts = np.cumsum(counts) - counts
    last = (starts + counts - 1)[:, None]
    top = np.maximum(last - np.arange(6), starts[:, None])
    low = np.minimum(starts[:, None] + np.arange(2), last)
    picked = order[np.concatenate((top, low), axis=1)]
    positions = position[picked].tolist()
    contributions = (values[picked] * scales[:, None]).tolist()
    for segment, row, contribution in zip(segments, positions, contributions, strict=True):
        segment.ranked_positions = row
        segment.ranked_values = contribution


def stack_values(
    kind: str, own: Segment | None, shared: Segment | None, *, official: int | None
) -> dict[str, float]:
    """The stacker's inputs: both texts' logits and evidence, and the kind of interaction."""
    values: dict[str, float] = {}
    for names, segment in ((_OWN_NAMES, own), (_SHARED_NAMES, shared)):
        if segment is None:
            continue
        evidence = segment.evidence
        logit, present, mention, support, attack, damping, explicit_ = names
        values[logit] = segment.logit
        values[present] = 1.0
        values[mention] = math.log1p(evidence.mention)
        values[support] = math.log1p(evidence.support)
        values[attack] = math.log1p(evidence.attack)
        values[damping] = math.log(evidence.damping)
        values[explicit_] = 1.0 if evidence.explicit else 0.0
    if kind != "post":
        kind_name, interaction = _KIND_NAMES.get(kind) or _kind_names(kind)
        values[kind_name] = 1.0
        values[interaction] = values.get("shared_logit", 0.0)
    if kind == "comment":
        values["comment_x_own_damping"] = values.get("own_damping", 0.0)
    values["shared_official"] = 1.0 if official is not None else 0.0
    return values


def _kind_names(kind: str) -> tuple[str, str]:
    return f"kind_{kind}", f"{kind}_x_shared_logit"


# The stacker's input names, formatted once (their order is the order of the sum).
_OWN_NAMES = tuple(f"own_{part}" for part in _PARTS)
_SHARED_NAMES = tuple(f"shared_{part}" for part in _PARTS)
_KIND_NAMES = {kind: _kind_names(kind) for kind in KINDS}


def explicit(kind: str, own: Segment | None, shared: Segment | None, official: int | None) -> bool:
    """Explicit, undamped campaigning: in the item's own words, in what it likes or shares,
    or in a post it comments on without distancing itself; or amplifying an official account."""
    if official is not None or (own is not None and own.evidence.explicit):
        return True
    if shared is None or not shared.evidence.explicit:
        return False
    return kind != "comment" or own is None or own.evidence.damping == 1.0


def _main(own: Segment | None, shared: Segment | None) -> Segment | None:
    """The text a reviewer reads first: the item's own, or what it reacted to."""
    return own if own is not None and own.features.count else shared or own


def _features(segment: Segment | None) -> list[tuple[str, float]]:
    """The three phrases that raised the text model's score most, and two that lowered it."""
    if segment is None or not segment.ranked_positions:
        return []
    name = segment.features.name
    positions, values = segment.ranked_positions, segment.ranked_values
    found: list[tuple[str, float]] = []
    seen: set[str] = set()
    for index in range(min(6, len(positions))):
        feature = name(positions[index])
        if feature not in seen:
            seen.add(feature)
            found.append((feature, values[index]))
            if len(found) == 3:
                break
    for index in range(len(positions) - 1, 5, -1):
        value = values[index]
        if value < 0:
            feature = name(positions[index])
            if feature not in seen:
                seen.add(feature)
                found.append((feature, value))
    return found


def _signal_reasons(segment: Segment, shared: bool) -> list[reasons.Reason]:
    """The reasons for a text's signals. Which signals, in which order, and their keys and
    values are worked out once per text (`rendered` is shared by every occurrence of it); each
    result gets its own copies, marked as shared here and only here, so nothing one item's result
    holds is held by another."""
    found: list[reasons.Reason] | None = segment.rendered.get(_SIGNAL_REASONS)
    if found is None:
        found = segment.rendered[_SIGNAL_REASONS] = reasons.for_signals(segment.evidence.signals)
    if shared:
        return [{"key": "SHARED", "reason": reason.copy()} for reason in found]
    return [reason.copy() for reason in found]


_SIGNAL_REASONS = "signal_reasons"  # the key of `Segment.rendered` for them


def _truncated(segment: Segment | None) -> bool:
    return segment is not None and segment.normalised.truncated


def _probability(segment: Segment | None) -> float | None:
    if segment is None:
        return None
    return round(1.0 / (1.0 + math.exp(-max(min(segment.logit, 30.0), -30.0))), 4)


def _signals(
    own: Segment | None, shared: Segment | None, official: int | None, handle: str, weight: float
) -> list[dict[str, object]]:
    """The signals of the result, each marked with the text it was found in."""
    signals: list[dict[str, object]] = []
    if official is not None:
        signal = Signal("SHARED_FROM_OFFICIAL", handle, official, weight, "support", False, SHARED)
        signals.append(signal.as_dict())
    if own is not None:
        signals.extend(signal.as_dict() for signal in own.evidence.signals)
    if shared is not None:
        # A segment may be shared by several items (the cache), so it is never changed here.
        signals.extend(signal.as_dict(SHARED) for signal in shared.evidence.signals)
    return signals


def _side(
    own: Segment | None, shared: Segment | None, official: int | None
) -> tuple[int | None, str]:
    """Which pair the item takes a side on, and whether for (support) or against (attack)."""
    for segment in (own, shared):
        if segment is not None and segment.evidence.candidate is not None:
            return segment.evidence.candidate, segment.evidence.stance or "support"
    if official is not None:
        return official, "support"
    for segment in (own, shared):
        if segment is not None and segment.evidence.stance == "attack":
            return None, "attack"
    return None, "support"


def _election_words(election: ElectionFile) -> tuple[str, ...]:
    words: list[str] = []
    for candidate in election.candidates:
        for values in (candidate.names, candidate.nicknames, candidate.jargon, candidate.slogans):
            words.extend(values)
    return tuple(words)
