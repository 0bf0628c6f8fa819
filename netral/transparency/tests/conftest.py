"""Transparency tests reuse the case fixtures (a Bantul agency, election and case walkers)."""

import pytest
from django.core.cache import cache

from netral.cases.tests.conftest import (  # noqa: F401 - fixtures
    at_bkn,
    at_ppk,
    bantul_gov,
    decree_storage,
    disdik_bantul,
    now,
    open_case,
    pilkada_bantul,
    servant,
)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Public figures are cached: every test starts without them."""
    cache.clear()
    yield
    cache.clear()
