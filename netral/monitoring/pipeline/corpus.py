"""The labelled corpus the project builds and ships: seeded, deterministic, template-generated.

Hand-written templates (data/corpus/*.yaml) in Indonesian social-media register are filled from
fictional election files, then roughened with slang, elongation, leet and emoji. Hard negatives
are first-class categories: neutrality reminders and pledges that quote numbers and names, civic
calls to vote, news about all pairs, name clashes with famous people and neighbours, gestures in
family photos, numbers that are times or ranks. Items are posts or interactions: liking, sharing
or commenting on a campaign post is campaigning; sharing news is not.

Splits: `train` and `calibration` use train.yaml (every 5th template of each list goes to
calibration only) and the two training elections; `heldout` uses its own templates and its own
election, and is never used to fit anything.
"""

import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from netral.monitoring.pipeline.lexicon import DATA_DIR
from netral.registry import election_file
from netral.registry.election_file import Candidate, ElectionFile

CORPUS_DIR = DATA_DIR / "corpus"
CAMPAIGN_CATEGORIES = {"support": "support", "attack": "attack"}
CATEGORY_WEIGHTS = {
    "support": 0.27,
    "attack": 0.09,
    "neutrality": 0.14,
    "civic": 0.09,
    "news": 0.13,
    "name_clash": 0.08,
    "gesture_family": 0.06,
    "time_rank": 0.07,
    "everyday": 0.07,
}
KIND_WEIGHTS = {"post": 0.55, "like": 0.15, "share": 0.15, "comment": 0.15}
NUMBER_WORDS = {1: "satu", 2: "dua", 3: "tiga", 4: "empat", 5: "lima"}
# Same length for every number, so that a swapped pair draws the same random sequence.
GESTURES = {
    1: ("☝️", "👆", "☝🏽"),
    2: ("✌️", "🤙", "✌🏻"),
    3: ("👌", "👌🏾", "👌🏻"),
    4: ("4️⃣", "4️⃣", "4️⃣"),
    5: ("🖐️", "✋", "🖐🏽"),
}
ANY_GESTURE = ("☝️", "✌️", "👌", "🤟", "🖐️", "🫶", "👍", "✌🏽")
CLOCK_TIMES = ("02.00", "14.30", "09.00", "1 siang", "10.15", "20.00", "3 sore", "07:30")
PLATFORMS = ("facebook", "instagram", "x", "tiktok")
SWAP_ELECTION = "election-symmetric.yaml"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Split:
    templates: str
    elections: tuple[str, ...]
    part: str  # "train" | "calibration" | "all": which templates of each list are used
    seed: int
    size: int


SPLITS = {
    "train": Split(
        "train.yaml", ("election-train-a.yaml", "election-train-b.yaml"), "train", 11, 6000
    ),
    "calibration": Split(
        "train.yaml", ("election-train-a.yaml", "election-train-b.yaml"), "calibration", 22, 2000
    ),
    "heldout": Split("heldout.yaml", ("election-heldout.yaml",), "all", 33, 2000),
}


def election_path(name: str) -> Path:
    return CORPUS_DIR / name


def generate(
    split: str, *, size: int | None = None, seed: int | None = None
) -> list[dict[str, Any]]:
    """The labelled items of one split, identical on every run with the same arguments."""
    spec = SPLITS[split]
    rng = random.Random(spec.seed if seed is None else seed)
    templates = _templates(spec.templates, spec.part)
    elections = [(name, election_file.load(election_path(name))) for name in spec.elections]
    return [
        _item(rng, templates, elections, f"{split}-{index:05d}")
        for index in range(spec.size if size is None else size)
    ]


def swapped_pairs(index: int, *, election: str = SWAP_ELECTION) -> list[dict[str, Any]]:
    """The same held-out template and fillers written about each pair in turn (swap check)."""
    templates = _templates(SPLITS["heldout"].templates, "all")
    elections = [(election, election_file.load(election_path(election)))]
    count = len(elections[0][1].candidates)
    return [
        _item(random.Random(index), templates, elections, f"swap-{index}-{pair}", pair)
        for pair in range(count)
    ]


def iter_synthetic(count: int, *, seed: int = 7) -> Iterator[dict[str, Any]]:
    """Unlabelled items for benchmarks, any volume: held-out templates lengthened with random
    everyday words from the templates (so that most texts are distinct and of a realistic
    length, about 150 characters), without labels."""
    rng = random.Random(seed)
    words = _word_pool()
    fields = ("id", "platform", "author", "kind", "text", "shared_text", "posted_at")
    for item in generate("heldout", size=count, seed=seed):
        main = "text" if item["kind"] in ("post", "comment") else "shared_text"
        if rng.random() < 0.8:
            tail = " ".join(rng.choices(words, k=rng.randint(3, 30)))
            item[main] = f"{item[main]} {tail}".strip()
        yield {key: item[key] for key in fields}


@cache
def _word_pool() -> tuple[str, ...]:
    words: set[str] = set()
    for name in ("train.yaml", "heldout.yaml"):
        data = yaml.safe_load((CORPUS_DIR / name).read_text(encoding="utf-8"))
        for values in data["fillers"].values():
            words.update(word for value in values for word in str(value).split())
        for texts in (*data["posts"].values(), *data["comments"].values()):
            for text in texts:
                words.update(w for w in re.sub(r"\{\w+\}", " ", text).split() if w.isalpha())
    return tuple(sorted(words))


@cache
def _templates(name: str, part: str) -> dict[str, Any]:
    data = yaml.safe_load((CORPUS_DIR / name).read_text(encoding="utf-8"))
    return {
        "fillers": data["fillers"],
        "posts": {key: _part(values, part) for key, values in data["posts"].items()},
        "comments": {key: _part(values, part) for key, values in data["comments"].items()},
        "captions": data["shares"]["caption"],
    }


def _part(values: list[str], part: str) -> list[str]:
    if part == "all":
        return values
    chosen = [v for i, v in enumerate(values) if (i % 5 == 4) == (part == "calibration")]
    return chosen or values


def _item(
    rng: random.Random,
    templates: dict[str, Any],
    elections: list[tuple[str, ElectionFile]],
    item_id: str,
    pair_index: int | None = None,
) -> dict[str, Any]:
    """One labelled item; `pair_index` forces the target pair (candidate-swap tests)."""
    name, election = rng.choice(elections)
    kind = _weighted(rng, KIND_WEIGHTS)
    category = _weighted(rng, CATEGORY_WEIGHTS)
    pair = rng.choice(election.candidates)
    if pair_index is not None:
        pair = election.candidates[pair_index % len(election.candidates)]
    parent = _post(rng, templates, election, pair, category)
    parent_label = "campaign" if category in CAMPAIGN_CATEGORIES else "neutral"
    stance = CAMPAIGN_CATEGORIES.get(category)
    record: dict[str, Any] = {
        "id": item_id,
        "platform": rng.choice(PLATFORMS),
        "author": f"@pegawai{rng.randint(100, 999)}",
        "kind": kind,
        "text": parent if kind == "post" else "",
        "shared_text": "" if kind == "post" else parent,
        "posted_at": _posted_at(rng),
        "category": category,
        "election": name,
        "text_label": parent_label if kind == "post" else None,
        "shared_label": None if kind == "post" else parent_label,
    }
    label, stance = _interaction(rng, record, templates, election, pair, stance)
    campaign = label == "campaign"
    record.update(
        label=label,
        stance=stance if campaign else None,
        candidate=pair.number if campaign else None,
    )
    return record


def _interaction(
    rng: random.Random,
    record: dict[str, Any],
    templates: dict[str, Any],
    election: ElectionFile,
    pair: Candidate,
    stance: str | None,
) -> tuple[str, str | None]:
    """Adds what a like, share or comment brings (caption, comment, official account) to the
    record; returns the item's label and stance."""
    kind, category = record["kind"], record["category"]
    label = "campaign" if category in CAMPAIGN_CATEGORIES else "neutral"
    parent_label = label
    if kind in ("share", "like") and category != "attack" and pair.accounts and rng.random() < 0.12:
        # Amplifying a candidate's official account is campaigning whatever the post says.
        record["shared_author"] = rng.choice(pair.accounts)
        record["category"] = f"official_{category}"
        label, stance = "campaign", stance or "support"
    if kind == "share":
        record["text"] = _noisy(rng, rng.choice(templates["captions"]))
        record["text_label"] = "neutral" if record["text"] else None
    elif kind == "comment":
        label, comment_kind = _comment_label(rng, parent_label)
        filler = _Filler(rng, templates["fillers"], election, pair)
        record["text"] = _noisy(rng, filler.fill(rng.choice(templates["comments"][comment_kind])))
        record["text_label"] = "campaign" if comment_kind == "on_campaign" else "neutral"
        record["category"] = f"comment_{comment_kind}_on_{category}"
    return label, stance


def _comment_label(rng: random.Random, parent_label: str) -> tuple[str, str]:
    """Joining in under a campaign post is campaigning; a neutrality reminder is not."""
    if parent_label == "campaign":
        roll = rng.random()
        if roll < 0.6:
            return "campaign", "on_campaign"
        return ("neutral", "reminder") if roll < 0.85 else ("campaign", "generic")
    return "neutral", rng.choice(("generic", "generic", "reminder"))


def _post(
    rng: random.Random,
    templates: dict[str, Any],
    election: ElectionFile,
    pair: Candidate,
    category: str,
) -> str:
    filler = _Filler(rng, templates["fillers"], election, pair)
    return _noisy(rng, filler.fill(rng.choice(templates["posts"][category])))


class _Filler:
    """Fills one template's placeholders for one target pair."""

    def __init__(
        self,
        rng: random.Random,
        fillers: dict[str, list[str]],
        election: ElectionFile,
        pair: Candidate,
    ):
        self.rng = rng
        self.fillers = fillers
        self.election = election
        self.pair = pair

    def fill(self, template: str) -> str:
        text = _PLACEHOLDER.sub(lambda match: self.value(match[1]), template)
        return re.sub(r"\s+", " ", text).strip()

    def value(self, key: str) -> str:
        rng, pair, n = self.rng, self.pair, self.pair.number
        if key == "calon":
            return _reference(rng, pair)
        if key == "calon_lain":
            others = [c for c in self.election.candidates if c.number != n] or [pair]
            return _reference(rng, rng.choice(others))
        if key == "nomor":
            return _ballot(rng, n)
        simple = {
            "n": lambda: str(n),
            "n_kata": lambda: NUMBER_WORDS.get(n, str(n)),
            "tagar": lambda: (
                rng.choice(pair.hashtags) if pair.hashtags and rng.random() < 0.75 else ""
            ),
            "tagar_pasti": lambda: rng.choice(pair.hashtags or pair.names),
            "slogan": lambda: rng.choice(pair.slogans or pair.names),
            "jargon": lambda: rng.choice(pair.jargon or pair.nicknames or pair.names),
            "akun": lambda: rng.choice(pair.accounts or pair.names),
            "gestur": lambda: rng.choice(GESTURES.get(n, ANY_GESTURE)),
            "gestur_lain": lambda: rng.choice(ANY_GESTURE),
            "nama_depan": lambda: rng.choice(pair.names).split()[0],
            "semua": lambda: _everyone(self.election),
            "daerah": lambda: _region(self.election),
            "angka": lambda: str(rng.randint(1, 5)),
            "jam": lambda: rng.choice(CLOCK_TIMES),
        }
        if key in simple:
            return simple[key]()
        return rng.choice(self.fillers[key])


def _reference(rng: random.Random, pair: Candidate) -> str:
    first = [name.split()[0] for name in pair.names]
    forms = [
        pair.names[0],
        " dan ".join(pair.names),
        "-".join(first),
        f"paslon {pair.number}",
        f"paslon nomor urut {pair.number}",
        *pair.nicknames,
        *pair.jargon,
    ]
    return rng.choice(forms)


def _ballot(rng: random.Random, n: int) -> str:
    forms = [
        f"nomor {n}",
        f"nomor urut {n}",
        f"no. {n}",
        f"no urut {n:02d}",
        f"paslon {n:02d}",
        f"{n:02d}",
        f"nomer {NUMBER_WORDS.get(n, n)}",
        f"nomor {n}\ufe0f\u20e3",
        f"No.{n}",
        f"n0 urut {n}",
    ]
    return rng.choice(forms)


def _everyone(election: ElectionFile) -> str:
    parts = [f"{' - '.join(c.names)} ({c.number})" for c in election.candidates]
    return ", ".join(parts[:-1]) + " dan " + parts[-1] if len(parts) > 1 else parts[0]


def _region(election: ElectionFile) -> str:
    words = [w for w in election.name.split() if not w.isdigit()]
    for marker in ("Kota", "Bupati", "Gubernur"):
        if marker in words:
            index = len(words) - 1 - words[::-1].index(marker)
            return " ".join(words[index + 1 :]) or election.name
    return election.name


_SLANG_OUT = {
    "tidak": ("gak", "ga", "nggak", "tdk"),
    "yang": ("yg",),
    "jangan": ("jgn", "jngn"),
    "sudah": ("udah", "udh", "sdh"),
    "untuk": ("utk", "buat"),
    "dengan": ("dgn",),
    "saja": ("aja",),
    "karena": ("krn", "karna"),
    "nomor": ("no", "nmr", "nomer"),
    "pilih": ("plh", "pilihh"),
    "coblos": ("nyoblos", "c0bl0s", "cblos"),
    "mantap": ("mantul", "mantab"),
    "semua": ("smua",),
    "sekarang": ("skrg",),
    "bapak": ("bpk",),
    "terima kasih": ("makasih", "trims"),
    "banget": ("bgt",),
    "ayo": ("yuk", "ayok"),
}


def _noisy(rng: random.Random, text: str) -> str:
    """Social-media roughness: slang, elongation, case, trailing emoji."""
    if rng.random() < 0.35:
        for formal, variants in _SLANG_OUT.items():
            if formal in text.lower() and rng.random() < 0.5:
                text = re.sub(rf"\b{formal}\b", rng.choice(variants), text, count=1, flags=re.I)
    if rng.random() < 0.15:
        words = text.split()
        index = rng.randrange(len(words)) if words else 0
        if words and words[index][-1:].isalpha():
            words[index] += words[index][-1] * rng.randint(2, 4)
        text = " ".join(words)
    roll = rng.random()
    if roll < 0.08:
        text = text.lower()
    elif roll < 0.11:
        text = text.upper()
    return text


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _posted_at(rng: random.Random) -> str:
    start = dt.datetime(2024, 8, 1, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    moment = start + dt.timedelta(seconds=rng.randrange(118 * 24 * 3600))
    return moment.isoformat()
