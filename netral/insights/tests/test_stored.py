"""Stored figures (decision 0100): the refresh stores exactly what the live count gives, pages
read it and say when it was counted, and stale or unstorable scopes are counted live."""

import dataclasses
import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from netral.accounts import services as account_services
from netral.accounts.access import actor_of
from netral.accounts.models import Membership, Organisation
from netral.cases.models import Case
from netral.cases.tests.conftest import NOW
from netral.insights import figures, policies, services
from netral.insights.figures import Scope
from netral.insights.models import StoredFigure

pytestmark = pytest.mark.django_db

DASHBOARD = "/evaluasi/"


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


# ------------------------------------------------------------- whole-month periods (decision 0131)

OCTOBER = Scope(date_from=dt.date(2024, 10, 1), date_to=dt.date(2024, 10, 31))
SINCE_OCTOBER = Scope(date_from=dt.date(2024, 10, 1))
NOVEMBER = Scope(region="34.02", date_from=dt.date(2024, 11, 1), date_to=dt.date(2024, 11, 30))


def test_whole_months_are_stored_and_equal_the_live_count_and_the_hand_count(
    october_and_november, open_case
):
    periods = [OCTOBER, SINCE_OCTOBER, NOVEMBER]
    live = {scope: _every_figure(scope) for scope in periods}
    assert all(figures.as_of(scope) is None for scope in periods)  # nothing stored yet
    scopes = list(services.stored_scopes(dt.datetime(2024, 11, 20, 10, tzinfo=NOW.tzinfo)))
    assert set(periods) <= set(scopes)
    services.refresh_figures(now=timezone.now(), scopes=scopes)
    open_case(title="After the refresh", at=NOW + dt.timedelta(days=1))  # read, not recounted
    for scope in periods:
        assert figures.as_of(scope) is not None
        assert _every_figure(scope) == live[scope]
    # The hand count: five cases, four received in October (local days), one in November.
    stages = {s: sum(row["count"] for row in figures.cases_by_stage(s)) for s in periods}
    assert stages == {OCTOBER: 4, SINCE_OCTOBER: 5, NOVEMBER: 1}


def test_a_period_of_other_days_is_counted_live(october_and_november):
    services.refresh_figures(now=timezone.now(), scopes=list(services.stored_scopes(NOW)))
    days = Scope(date_from=dt.date(2024, 10, 8), date_to=dt.date(2024, 10, 31))
    assert figures.as_of(days) is None
    assert sum(row["count"] for row in figures.cases_by_stage(days)) == 1  # the 31st, 23:30
    first_of_november = Scope(date_from=dt.date(2024, 11, 1), date_to=dt.date(2024, 11, 1))
    assert sum(row["count"] for row in figures.cases_by_stage(first_of_november)) == 1


def test_the_stored_months_are_the_last_twelve_with_cases():
    now = dt.datetime(2024, 11, 20, 10, tzinfo=NOW.tzinfo)
    months = figures.whole_months(now, dt.date(2023, 1, 15), 12)
    assert len(months) == 12
    assert months[0] == (dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    assert months[-1] == (dt.date(2023, 12, 1), dt.date(2023, 12, 31))
    assert (dt.date(2024, 2, 1), dt.date(2024, 2, 29)) in months
    assert figures.whole_months(now, dt.date(2024, 10, 7), 12) == [
        (dt.date(2024, 11, 1), dt.date(2024, 11, 30)),
        (dt.date(2024, 10, 1), dt.date(2024, 10, 31)),
    ]


def test_the_stored_scopes_hold_no_period_without_a_case(db):
    assert list(services.stored_scopes(NOW)) == [Scope()]


def test_the_dashboard_reads_a_stored_month_and_says_when_it_was_counted(
    client_for, bawaslu_bantul_officer, october_and_november
):
    client = client_for(bawaslu_bantul_officer)
    month = {"date_from": "2024-10-01", "date_to": "2024-10-31"}
    live = client.get(DASHBOARD, month).content.decode()
    assert "Angka per" not in live and "Figures as of" not in live
    october = Scope(region="34.02", date_from=dt.date(2024, 10, 1), date_to=dt.date(2024, 10, 31))
    services.refresh_figures(now=timezone.now(), scopes=[october])
    stored = client.get(DASHBOARD, month).content.decode()
    assert "Angka per" in stored or "Figures as of" in stored
    assert "state=recommended" in stored


def test_a_full_refresh_deletes_rows_too_old_to_be_read(three_cases, settings):
    old = timezone.now() - dt.timedelta(seconds=settings.NETRAL_FIGURES_MAX_AGE + 60)
    key = "intake||34||2023-01-01~2023-01-31||id"
    StoredFigure.objects.create(key=key, value={}, computed_at=old)
    services.refresh_figures(now=timezone.now(), scopes=[Scope()])
    assert StoredFigure.objects.filter(computed_at=old).exists()  # a partial refresh keeps it
    services.refresh_figures(now=timezone.now())
    assert not StoredFigure.objects.filter(computed_at=old).exists()
    assert StoredFigure.objects.filter(key="intake|||||id").exists()


def test_periods_at_the_ends_of_the_calendar_count_every_case(
    client_for, bawaslu_bantul_officer, three_cases
):
    widest = Scope(date_from=dt.date(1, 1, 1), date_to=dt.date(9999, 12, 31))
    assert sum(row["count"] for row in figures.cases_by_stage(widest)) == 3
    client = client_for(bawaslu_bantul_officer)
    response = client.get(DASHBOARD, {"date_from": "0001-01-01", "date_to": "9999-12-31"})
    assert response.status_code == 200 and "state=recommended" in response.content.decode()


# ------------------------------------------------------------- a PPK's own scope (decision 0132)


@pytest.fixture
def two_ppks(three_cases, ppk_officer, regions):
    """The PPK of Bantul holds the at_ppk case; a PPK of Sleman is given the second case (set
    directly: the figures only count who may read it)."""
    sleman = account_services.create_organisation(
        name="BKPSDM Kabupaten Sleman", kind=Organisation.Kind.PPK, region_code="34.04"
    )
    officer = account_services.create_staff_user(
        username="ppk_sleman",
        password="kata-sandi-uji-12345",
        full_name="Ppk Sleman",
        organisation=sleman,
        role=Membership.Role.OFFICER,
    )
    Case.objects.filter(title="Kedua").update(owner=sleman, region_code="34.04.01")
    bantul = ppk_officer.memberships.get().organisation
    return {"bantul": (bantul, ppk_officer), "sleman": (sleman, officer)}


def _stages(scope: Scope) -> dict[str, int]:
    return {row["key"]: row["count"] for row in figures.cases_by_stage(scope)}


def test_a_ppk_scope_is_stored_and_equals_the_live_count_and_the_hand_count(two_ppks):
    bantul, _officer = two_ppks["bantul"]
    scopes = list(services.ppk_scopes())
    assert Scope(region="34.02", organisation=bantul.pk) in scopes
    live = {scope: _every_figure(scope) for scope in scopes}
    readers = {
        scope: _every_figure(dataclasses.replace(scope, actor=actor_of(officer)))
        for name, (organisation, officer) in two_ppks.items()
        for scope in scopes
        if scope.organisation == organisation.pk
    }
    services.refresh_figures(now=timezone.now(), scopes=scopes)
    for scope in scopes:
        assert figures.as_of(scope) is not None
        assert _every_figure(scope) == live[scope] == readers[scope]
    own = Scope(region="34.02", organisation=bantul.pk)
    assert _stages(own) == {"recommended": 1}  # the hand count: only the case it received
    assert figures.recommendation_outcomes(own).per_ppk[0].received == 1
    assert not any(key.startswith(("intake|", "monitoring|")) and "org=" in key
                   for key in StoredFigure.objects.values_list("key", flat=True))  # fmt: skip


def test_a_ppk_reads_its_stored_figures_and_sees_only_its_own_cases(client_for, two_ppks):
    services.refresh_figures(now=timezone.now(), scopes=list(services.ppk_scopes()))
    bantul, bantul_officer = two_ppks["bantul"]
    sleman, sleman_officer = two_ppks["sleman"]
    assert policies.scope_organisation(bantul_officer) == bantul.pk
    body = client_for(bantul_officer).get(DASHBOARD).content.decode()
    assert "Angka per" in body or "Figures as of" in body  # read from the stored rows
    assert "state=recommended" in body
    assert "state=bkn_verification" not in body and "state=received" not in body
    other = client_for(sleman_officer).get(DASHBOARD).content.decode()
    assert "state=bkn_verification" in other and "state=recommended" not in other
    # A region outside its own is refused, stored or not.
    assert client_for(bantul_officer).get(DASHBOARD, {"region": "34.04"}).status_code == 403


def test_a_ppk_counts_live_when_its_rows_are_stale_or_filtered(two_ppks, open_case, settings):
    bantul, officer = two_ppks["bantul"]
    own = Scope(region="34.02", organisation=bantul.pk, actor=actor_of(officer))
    services.refresh_figures(now=timezone.now(), scopes=list(services.ppk_scopes()))
    assert figures.as_of(own) is not None
    Case.objects.filter(title="Ketiga").update(owner=bantul, state="recommended")
    assert _stages(own) == {"recommended": 1}  # as of the refresh
    assert figures.as_of(dataclasses.replace(own, date_from=dt.date(2024, 1, 1))) is None
    filtered = _stages(dataclasses.replace(own, date_from=dt.date(2000, 1, 1)))
    assert filtered == {"recommended": 2}
    settings.NETRAL_FIGURES_MAX_AGE = 0
    assert _stages(own) == {"recommended": 2} and figures.as_of(own) is None


def test_only_ppks_with_cases_are_stored(two_ppks):
    empty = account_services.create_organisation(
        name="BKPSDM Kota Yogyakarta", kind=Organisation.Kind.PPK, region_code="34"
    )
    stored = {scope.organisation for scope in services.ppk_scopes()}
    assert stored == {two_ppks["bantul"][0].pk, two_ppks["sleman"][0].pk}
    assert empty.pk not in stored
    assert set(services.ppk_scopes()) <= set(services.stored_scopes())


def test_people_of_several_organisations_or_other_bodies_count_live(
    ppk_officer, bawaslu_bantul_officer, bkn_officer
):
    assert policies.scope_organisation(bawaslu_bantul_officer) is None
    assert policies.scope_organisation(bkn_officer) is None
    bkn = bkn_officer.memberships.get().organisation
    account_services.add_membership(
        user=ppk_officer, organisation=bkn, role=Membership.Role.OFFICER
    )
    ppk_officer = type(ppk_officer).objects.get(pk=ppk_officer.pk)  # no cached seats
    assert policies.scope_organisation(ppk_officer) is None


def test_a_ppk_whole_month_is_stored_and_equals_the_live_count(two_ppks):
    bantul, officer = two_ppks["bantul"]
    october = Scope(
        region="34.02",
        organisation=bantul.pk,
        date_from=dt.date(2024, 10, 1),
        date_to=dt.date(2024, 10, 31),
        actor=actor_of(officer),
    )
    scopes = list(services.ppk_month_scopes(NOW))
    assert dataclasses.replace(october, actor=None) in scopes
    assert set(scopes) <= set(services.stored_scopes(NOW))
    live = _every_figure(october)
    assert figures.as_of(october) is None
    services.refresh_figures(now=timezone.now(), scopes=scopes)
    assert figures.as_of(october) is not None
    assert _every_figure(october) == live
    assert _stages(october) == {"recommended": 1}
