"""The per-process registry cache the report forms read (registry/lookups.py, decision 0150)."""

import contextlib

import pytest
from django.core.cache import cache
from django.db import transaction

from netral.registry import election_file, lookups
from netral.registry import services as registry_services
from netral.registry.models import Agency, Region
from netral.registry.services.regions import RegionRow
from netral.registry.tests.factories import AgencyFactory, ElectionFactory, RegionFactory
from netral.registry.tests.test_importers import AGENCY_HEADER, import_agencies, write_csv
from netral.registry.tests.test_loaders import ELECTION

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """The cache's monotonic clock, moved by hand."""
    moment = [1000.0]
    monkeypatch.setattr(lookups.time, "monotonic", lambda: moment[0])
    return moment


def test_a_second_look_up_reads_nothing_and_gets_its_own_copy(
    regions, clock, django_assert_num_queries
):
    first = lookups.region_by_code("34.02.15")
    with django_assert_num_queries(0):
        again = lookups.region_by_code(" 34.02.15 ")
        assert lookups.region_by_code("34.02.15").name == "Sewon"
    assert again == first and again is not first
    again.name = "changed by a caller"
    assert lookups.region_by_code("34.02.15").name == "Sewon"


def test_every_form_look_up_is_cached(regions, clock, django_assert_num_queries):
    AgencyFactory(code="PEMDA-3402-DISDIK", name="Dinas Pendidikan Kabupaten Bantul")
    election = ElectionFactory(region=regions["bantul"])
    reads = [
        lambda: lookups.region_options(None),
        lambda: lookups.region_options("34.02"),
        lambda: lookups.election_by_code(election.code),
        lambda: lookups.election_options(("34", "34.02", "34.02.15")),
        lambda: lookups.agency_by_code("pemda-3402-disdik"),
        lambda: lookups.agency_by_exact_name("dinas pendidikan kabupaten  BANTUL"),
        lambda: lookups.agency_by_exact_name("Dinas yang tidak ada"),
    ]
    for read in reads:
        read()
    with django_assert_num_queries(0):
        found = [read() for read in reads]
    assert found[0] == [("34", "Daerah Istimewa Yogyakarta")]
    assert found[1] == [("34.02.15", "Sewon")]
    assert found[2].code == election.code
    assert found[3] == [(election.code, election.name)]
    assert found[4].code == found[5].code == "PEMDA-3402-DISDIK"
    assert found[6] is None


def test_a_saved_or_deleted_row_clears_the_cache(regions, clock):
    assert lookups.region_options("34.02") == [("34.02.15", "Sewon")]
    RegionFactory(code="34.02.16", name="Kasihan")
    assert lookups.region_options("34.02") == [("34.02.15", "Sewon"), ("34.02.16", "Kasihan")]
    assert lookups.agency_by_code("PEMDA-9") is None
    agency = AgencyFactory(code="PEMDA-9", name="Pemda Sembilan")
    assert lookups.agency_by_code("PEMDA-9").pk == agency.pk
    Agency.objects.filter(pk=agency.pk).get().delete()
    assert lookups.agency_by_code("PEMDA-9") is None


def test_the_registry_services_bulk_writes_clear_the_cache(db, clock):
    registry_services.load_regions(rows=[RegionRow("34", "Daerah Istimewa Yogyakarta", 1)])
    assert lookups.region_options(None) == [("34", "Daerah Istimewa Yogyakarta")]
    registry_services.load_regions(
        rows=[RegionRow("34", "DI Yogyakarta", 1), RegionRow("34.02", "Kabupaten Bantul", 2)]
    )  # bulk_update and bulk_create: no signal
    assert lookups.region_options(None) == [("34", "DI Yogyakarta")]
    assert lookups.region_by_code("34.02").name == "Kabupaten Bantul"

    assert lookups.election_options(("34", "34.02")) == []
    election = registry_services.load_election_file(election_file.parse(ELECTION))
    assert lookups.election_options(("34", "34.02")) == [(election.code, election.name)]


def test_the_agency_import_clears_the_cache(tmp_path, regions, clock):
    assert lookups.agency_by_code("PEMDA-3402") is None
    rows = [
        ["PEMDA-3402", "Pemerintah Kabupaten Bantul", "pemerintah_kabupaten", "34.02", "", "", ""]
    ]
    result = import_agencies(write_csv(tmp_path / "i.csv", rows, AGENCY_HEADER))
    assert (result.created, result.problems) == (1, [])
    assert lookups.agency_by_code("PEMDA-3402").name == "Pemerintah Kabupaten Bantul"


def test_another_process_sees_a_write_through_the_shared_version(
    regions, clock, django_capture_on_commit_callbacks
):
    """A write in another process moves the version key of the shared cache; this process
    notices within CHECK_SECONDS and reads again."""
    assert lookups.region_by_code("34.02").name == "Kabupaten Bantul"
    # The other process: a bulk rename (no signal here) and the version it moves on commit.
    Region.objects.filter(code="34.02").update(name="Kabupaten Bantul (baru)")
    with django_capture_on_commit_callbacks(execute=True):
        lookups._bump_version()
    clock[0] += lookups.CHECK_SECONDS / 2
    assert lookups.region_by_code("34.02").name == "Kabupaten Bantul"  # not checked yet
    clock[0] += lookups.CHECK_SECONDS
    assert lookups.region_by_code("34.02").name == "Kabupaten Bantul (baru)"


def test_nothing_is_kept_past_its_lifetime_even_without_a_shared_cache(
    regions, clock, settings, monkeypatch
):
    settings.NETRAL_REGISTRY_CACHE_SECONDS = 60
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)  # e.g. locmem elsewhere
    assert lookups.region_by_code("34.02").name == "Kabupaten Bantul"
    Region.objects.filter(code="34.02").update(name="Bantul")
    clock[0] += 59
    assert lookups.region_by_code("34.02").name == "Kabupaten Bantul"
    clock[0] += 2
    assert lookups.region_by_code("34.02").name == "Bantul"


def test_unknown_codes_cannot_grow_the_cache_without_bound(regions, clock, monkeypatch):
    monkeypatch.setattr(lookups, "MAX_ENTRIES", 50)
    for number in range(500):
        assert lookups.region_by_code(f"99.{number:02d}") is None
    assert len(lookups._store.entries) <= 50


def test_a_row_written_then_rolled_back_is_not_kept(regions, clock):
    class RolledBack(Exception):
        pass

    with transaction.atomic():
        AgencyFactory(code="PEMDA-KEPT", name="Pemda Yang Tetap")
        with contextlib.suppress(RolledBack), transaction.atomic():
            AgencyFactory(code="PEMDA-ROLLED", name="Pemda Yang Batal")
            assert lookups.agency_by_code("PEMDA-ROLLED") is not None  # read inside the write
            raise RolledBack
        assert lookups.agency_by_code("PEMDA-ROLLED") is None
        assert lookups.agency_by_code("PEMDA-KEPT") is not None
    assert lookups.agency_by_code("PEMDA-ROLLED") is None
