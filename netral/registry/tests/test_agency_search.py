"""The agency name search: the same answers on both databases for whole words, a trigram index
and typo tolerance on PostgreSQL (decision 0176)."""

import pytest
from django.db import connection

from netral.registry import selectors

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the trigram index exists on PostgreSQL only"
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pendidikan bantul", ["disdik"]),
        ("  DINAS  pendidikan ", ["disdik"]),
        ("kabupaten sleman", ["sleman"]),
        ("dalam negeri", ["ministry"]),
        ("", []),
    ],
)
def test_whole_words_find_the_same_agencies_on_every_database(agencies, query, expected):
    assert selectors.autocomplete_agencies(query) == [agencies[name] for name in expected]


def test_the_code_prefix_still_finds_every_agency_under_it(agencies):
    found = selectors.autocomplete_agencies("pemda-340")
    assert set(found) == {agencies["bantul"], agencies["disdik"], agencies["sleman"]}


@on_postgresql
def test_a_typo_still_finds_the_agency_best_match_first(agencies):
    assert selectors.autocomplete_agencies("dinas pendidkan")[0] == agencies["disdik"]
    assert selectors.autocomplete_agencies("kementrian dalam negri") == [agencies["ministry"]]
    assert selectors.autocomplete_agencies("tidak ada sama sekali") == []


def test_sqlite_keeps_the_whole_word_search(agencies):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL tolerates typos")
    assert selectors.autocomplete_agencies("dinas pendidkan") == []


@on_postgresql
def test_the_search_can_be_answered_from_the_trigram_index(agencies):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'registry_agency_name_trgm'"
        )
        assert "gin_trgm_ops" in cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = off")
    from netral.registry.models import Agency

    exact = Agency.objects.filter(search_name__contains="PENDIDIKAN").explain()
    assert "registry_agency_name_trgm" in exact
    close = selectors.agencies_like(Agency.objects.all(), "DINAS PENDIDKAN").explain()
    assert "registry_agency_name_trgm" in close
