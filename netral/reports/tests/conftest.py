"""Fixtures of the reports tests: private evidence storage in memory, sample files, a report."""

import datetime as dt
import io

import pytest
from django.core.files.storage import InMemoryStorage
from django.tasks import default_task_backend
from PIL import Image

from netral.reports import storage
from netral.reports.tests import factories


@pytest.fixture(autouse=True)
def evidence_storage(settings):
    """Evidence goes to memory, never to MEDIA_ROOT, and each test starts empty."""
    settings.NETRAL_EVIDENCE_STORAGE = "django.core.files.storage.InMemoryStorage"
    storage.evidence_storage.cache_clear()
    store = storage.evidence_storage()
    assert isinstance(store, InMemoryStorage)
    yield store
    storage.evidence_storage.cache_clear()


@pytest.fixture(autouse=True)
def empty_task_queue():
    """Each test starts with nothing queued: a task left by another test names rows that were
    rolled back with it."""
    default_task_backend.results.clear()
    yield
    default_task_backend.results.clear()


@pytest.fixture
def now():
    return dt.datetime(2024, 10, 3, 9, 41, 27, tzinfo=dt.UTC)


@pytest.fixture
def jpeg():
    return factories.jpeg_bytes()


@pytest.fixture
def bantul_tip(regions, now):
    """An anonymous tip about a civil servant in Bantul, with no files."""
    return factories.submit(now=now)


@pytest.fixture
def png_file():
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (255, 0, 0, 128)).save(out, format="PNG")
    return out.getvalue()
