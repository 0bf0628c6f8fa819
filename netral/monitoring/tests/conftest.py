"""Fixtures for the detector: fictional elections and the shipped model. No database."""

import datetime as dt
import io
from pathlib import Path

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
        from django.utils import translation

        from netral.monitoring.pipeline import reasons

        result = detector.classify([item])[0]
        # Stored as keys; the tests read the sentences an Indonesian reader sees.
        result["reason_entries"] = result["reasons"]
        with translation.override("id"):
            result["reasons"] = reasons.sentences(result["reasons"])
        return result

    return run


# ------------------------------------------------------------------ database side (review queue)

BANTUL_ELECTION = Path(__file__).resolve().parents[2] / "demo" / "data" / "pilkada-bantul-2024.yaml"
SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "monitoring-bantul.jsonl"
NOW = dt.datetime(2024, 11, 14, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _private_storage(settings):
    """Evidence goes to memory in tests; a fresh store for every test."""
    from netral.monitoring import evidence

    settings.NETRAL_MONITORING_STORAGE = "django.core.files.storage.InMemoryStorage"
    evidence.private_storage.cache_clear()
    yield
    evidence.private_storage.cache_clear()


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def bantul_election(regions):
    from netral.registry import services as registry_services

    return registry_services.load_election_file(BANTUL_ELECTION)


@pytest.fixture
def ombudsman_viewer(regions):
    from netral.accounts import services as account_services
    from netral.accounts.models import Membership, Organisation

    organisation = account_services.create_organisation(
        name="Ombudsman Perwakilan DIY",
        kind=Organisation.Kind.OMBUDSMAN_PERWAKILAN,
        region_code="34",
    )
    return account_services.create_staff_user(
        username="ombudsman_diy",
        password="kata-sandi-uji-12345",
        full_name="Ombudsman DIY",
        organisation=organisation,
        role=Membership.Role.OFFICER,
    )


def import_lines(election, lines, *, now=NOW, name="items.jsonl"):
    """Imports JSON lines (text or bytes) through the JSONL connector; returns the run."""
    from netral.monitoring import connectors, services
    from netral.monitoring.models import ImportRun

    data = lines if isinstance(lines, bytes) else lines.encode("utf-8")
    run = ImportRun.objects.create(
        election=election, file_name=name, file_format="jsonl", source="test", created_at=now
    )
    connector = connectors.for_file_name(name)
    return services.import_stream(run=run, stream=io.BytesIO(data), connector=connector, now=now)


@pytest.fixture
def imported(bantul_election):
    """The shipped sample file imported into the Bantul election."""
    return import_lines(bantul_election, SAMPLE.read_bytes())
