"""On PostgreSQL some figures take a faster road (decision 0131): the stage times' percentiles in
one grouped query (percentile_disc) and the catalogue codes unnested in one pass. Each gives
exactly what the portable road gives on the same rows."""

from unittest import mock

import pytest
from django.db import connection

from netral.cases import selectors as case_selectors
from netral.cases.tests.conftest import DECIDE_DS06, TO_EXAMINATION, walk
from netral.insights import figures
from netral.insights.figures import Scope, handling

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


@pytest.fixture
def walked(at_ppk, open_case, bawaslu_bantul_officer):
    for title in ("Kedua", "Ketiga", "Keempat"):
        walk(open_case(title=title), bawaslu_bantul_officer, *TO_EXAMINATION, DECIDE_DS06)
    open_case(title="Kelima")


def test_stage_times_in_one_query_equal_one_query_per_percentile(walked):
    live = figures.STORED["stage_times"]
    for scope in (Scope(), Scope(region="34.02")):
        fast = live(scope)
        with mock.patch.object(handling, "_in_one_query", lambda: False):
            assert live(scope) == fast
        assert {stage.kind for stage in fast} >= {"received", "recommended"}


def test_codes_unnested_equal_codes_matched_as_text(walked):
    from netral.cases.models import Case

    codes = ["DS-06", "ds-01", "XX-99"]
    fast = case_selectors.code_counts(Case.objects.all(), codes)
    with mock.patch.object(connection, "vendor", "sqlite"):
        assert case_selectors.code_counts(Case.objects.all(), codes) == fast
    assert fast["DS-06"]["cases"] >= 3 and fast["XX-99"] == {"cases": 0, "recommended": 0}
