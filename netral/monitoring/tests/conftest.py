"""Fixtures for the detector: fictional elections and the shipped model. No database."""

import pytest

from netral.monitoring.pipeline import corpus
from netral.monitoring.pipeline.detector import Detector, Item
from netral.monitoring.pipeline.lexicon import load_lexicon
from netral.monitoring.pipeline.model import load_model
from netral.monitoring.pipeline.normalize import Normaliser
from netral.monitoring.pipeline.rules import RuleSet
from netral.registry import election_file

TRAIN_A = corpus.election_path("election-train-a.yaml")
HELDOUT = corpus.election_path("election-heldout.yaml")


@pytest.fixture(scope="session")
def election():
    """Sukamakmur 2024: 1 Budi Santoso–Ani Lestari (jargon BISA), 2 Cahyo Wibowo–Dewi
    Kartika, 3 Eko Prasetyo–Fitri Handayani; candidates designated on 22 September 2024."""
    return election_file.load(TRAIN_A)


@pytest.fixture(scope="session")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="session")
def normaliser(lexicon):
    return Normaliser(lexicon)


@pytest.fixture(scope="session")
def rules(election, lexicon):
    return RuleSet(election, lexicon, Normaliser(lexicon))


@pytest.fixture(scope="session")
def model():
    return load_model()


@pytest.fixture(scope="session")
def detector(election, model):
    return Detector(election, model=model, config_version="test")


@pytest.fixture
def classify(detector):
    """Classifies one item: classify("text"), classify("", kind="like", shared_text="…")."""

    def run(text, *, kind="post", shared_text="", posted_at="2024-10-01T09:00:00+07:00", **extra):
        from netral.monitoring.pipeline.jsonl import parse_item

        data = {"id": "x", "kind": kind, "text": text, "shared_text": shared_text}
        data.update(posted_at=posted_at, **extra)
        item = parse_item(data, 1, lambda message, skipped: None)
        assert isinstance(item, Item)
        return detector.classify([item])[0]

    return run
