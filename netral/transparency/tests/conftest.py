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
def fresh_cache(request):
    """Public figures are cached: every database test starts without them."""
    if request.node.get_closest_marker("django_db") is None:
        yield
        return
    cache.clear()
    yield
    cache.clear()
