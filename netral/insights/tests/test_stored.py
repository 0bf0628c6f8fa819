"""Stored figures (decision 0100): the refresh stores exactly what the live count gives, pages
read it and say when it was counted, and stale or unstorable scopes are counted live."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from netral.accounts.access import actor_of
from netral.cases.tests.conftest import DECIDE_DS06, TO_EXAMINATION, walk
from netral.insights import figures, policies, services
from netral.insights.figures import Scope
from netral.insights.models import StoredFigure

pytestmark = pytest.mark.django_db

DASHBOARD = "/evaluasi/"


@pytest.fixture
def three_cases(at_ppk, open_case, bawaslu_bantul_officer):
    """The at_ppk case (recommended), one at BKN verification and one just received."""
    second = open_case(title="Kedua")
    walk(second, bawaslu_bantul_officer, *TO_EXAMINATION, DECIDE_DS06)
    open_case(title="Ketiga")


def _every_figure(scope: Scope) -> dict[str, object]:
    return {
        name: getattr(figures, name)(scope) for name in figures.STORED if name != "cases_by_region"
    } | {"regencies": figures.cases_by_region(scope, 5), "areas": figures.cases_by_region(scope)}


def test_stored_figures_equal_the_live_count_and_the_hand_count(three_cases):
    scopes = [Scope(), Scope(region="34"), Scope(region="34.02")]
    live = {scope: _every_figure(scope) for scope in scopes}
    written = services.refresh_figures(now=timezone.now(), scopes=scopes)
    assert written == StoredFigure.objects.count() > 0
    for scope in scopes:
        assert _every_figure(scope) == live[scope]
    # Read from the rows, not recounted: the hand count of the three cases.
    stages = {row["key"]: row["count"] for row in figures.cases_by_stage(Scope())}
    assert stages == {"received": 1, "bkn_verification": 1, "recommended": 1}
    assert figures.recommendation_outcomes(Scope()).per_ppk[0].received == 1
    assert [(a.cases, a.received, a.pending) for a in figures.agency_figures(Scope())] == [
        (3, 1, 1)
    ]


def test_pages_read_the_stored_rows_until_they_are_recounted(three_cases, open_case):
    counted_at = timezone.now()
    services.refresh_figures(now=counted_at, scopes=[Scope()])
    open_case(title="Keempat, after the refresh")
    assert sum(row["count"] for row in figures.cases_by_stage(Scope())) == 3  # as of the refresh
    assert figures.as_of(Scope()) == counted_at
    services.refresh_figures(now=timezone.now(), scopes=[Scope()])
    assert sum(row["count"] for row in figures.cases_by_stage(Scope())) == 4


def test_readers_periods_and_stale_rows_are_counted_live(
    three_cases, open_case, ppk_officer, settings
):
    services.refresh_figures(now=timezone.now(), scopes=[Scope()])
    open_case(title="Keempat")
    assert figures.as_of(Scope(date_from=dt.date(2024, 1, 1))) is None
    period = figures.cases_by_stage(Scope(date_from=dt.date(2000, 1, 1)))
    assert sum(row["count"] for row in period) == 4
    assert figures.as_of(Scope(actor=actor_of(ppk_officer))) is None
    settings.NETRAL_FIGURES_MAX_AGE = 0
    assert sum(row["count"] for row in figures.cases_by_stage(Scope())) == 4
    assert figures.as_of(Scope()) is None


def test_labels_are_stored_in_every_language(three_cases):
    services.refresh_figures(now=timezone.now(), scopes=[Scope()])
    with translation.override("en"):
        english = {row["label"] for row in figures.cases_by_stage(Scope())}
    with translation.override("id"):
        indonesian = {row["label"] for row in figures.cases_by_stage(Scope())}
    assert english != indonesian and english == {row["label"] for row in _live_stages_in("en")}


def _live_stages_in(language: str) -> list[dict[str, object]]:
    with translation.override(language):
        return figures.STORED["cases_by_stage"](Scope())


def test_the_command_stores_the_country_elections_and_regions(three_cases):
    call_command("refresh-figures", stdout=open("/dev/null", "w"))  # noqa: SIM115
    keys = set(StoredFigure.objects.values_list("key", flat=True))
    assert {"intake|||||id", "intake||34|||id", "intake||34.02|||en"} <= keys
    assert any(key.startswith("intake|") and key.split("|")[1] for key in keys)  # an election


def test_a_one_region_bawaslu_office_counts_its_region_as_stored(
    client_for, bawaslu_bantul_officer, three_cases
):
    assert policies.scope_actor(bawaslu_bantul_officer) is None
    services.refresh_figures(now=timezone.now(), scopes=[Scope(region="34.02")])
    body = client_for(bawaslu_bantul_officer).get(DASHBOARD).content.decode()
    assert "Figures as of" in body or "Angka per" in body
    assert "state=recommended" in body


def test_other_bodies_keep_counting_only_their_cases(ppk_officer):
    assert policies.scope_actor(ppk_officer) is not None
