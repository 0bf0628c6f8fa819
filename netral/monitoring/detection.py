"""The DB-free detector, fed from a loaded election instead of an election file.

The election's config version is the SHA-256 of its canonical JSON form, so every finding
names the exact candidate words it was judged against. Detectors are kept per config version:
building one compiles the rule automaton and loads the model (about a second).
"""

import hashlib
import json
import threading
from collections.abc import Sequence
from typing import Any

from netral.monitoring.connectors import RawItem
from netral.monitoring.pipeline import runs
from netral.monitoring.pipeline.detector import CAMPAIGN, Detector, Item
from netral.monitoring.pipeline.model import load_model
from netral.registry import election_file
from netral.registry.models import Election

_LISTS = ("names", "nicknames", "jargon", "slogans", "hashtags", "parties", "accounts")
_CACHE: dict[str, Detector] = {}
_LOCK = threading.Lock()
# A follow or a group membership reads like a like of the followed account or of the group:
# the account's or group's own words are the "shared" text, its address the shared author.
_DETECTOR_KIND = {"follow": "like", "group": "like"}


def election_file_for(election: Election) -> election_file.ElectionFile:
    """The election, its stages and candidate pairs as the detector's input."""
    stages = tuple(
        election_file.Stage(
            key=stage.key,
            name=stage.name,
            start=stage.start,
            end=stage.end,
            confidence=stage.confidence,
        )
        for stage in election.stages.order_by("position")
    )
    candidates = tuple(
        election_file.Candidate(
            number=pair.number, **{name: tuple(getattr(pair, name) or ()) for name in _LISTS}
        )
        for pair in election.candidates.order_by("number")
    )
    return election_file.ElectionFile(
        name=election.name,
        kind=election.kind,
        region=election.region.code if election.region else None,
        voting_day=election.voting_day,
        candidates=candidates,
        stages=stages,
    )


def config_version(parsed: election_file.ElectionFile) -> str:
    data: dict[str, Any] = {
        "name": parsed.name,
        "kind": parsed.kind,
        "region": parsed.region,
        "voting_day": parsed.voting_day.isoformat(),
        "candidates": [
            {"number": c.number, **{name: list(getattr(c, name)) for name in _LISTS}}
            for c in parsed.candidates
        ],
        "stages": [
            [s.key, s.start and s.start.isoformat(), s.end and s.end.isoformat(), s.confidence]
            for s in parsed.stages
        ],
    }
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def detector_for(election: Election) -> Detector:
    """The detector for this election's current candidate words (cached per version)."""
    parsed = election_file_for(election)
    version = config_version(parsed)
    with _LOCK:
        detector = _CACHE.get(version)
        if detector is None:
            model = load_model(runs.default_model_dir())
            detector = Detector(parsed, model=model, config_version=version)
            if len(_CACHE) >= 4:  # a few elections at a time; keep memory flat
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[version] = detector
    return detector


def detector_kind(kind: str) -> str:
    return _DETECTOR_KIND.get(kind, kind)


def classify(detector: Detector, raws: Sequence[RawItem]) -> list[dict[str, Any]]:
    """One detector result per raw item, in order."""
    items = [
        Item(
            id=raw.id,
            kind=_DETECTOR_KIND.get(raw.kind, raw.kind),
            text=raw.text,
            shared_text=raw.shared_text,
            posted_at=raw.posted_at,
            platform=raw.platform,
            author=raw.author,
            shared_author=raw.shared_author,
        )
        for raw in raws
    ]
    return detector.classify(items) if items else []


def is_campaign(result: dict[str, Any]) -> bool:
    return bool(result.get("label") == CAMPAIGN)
