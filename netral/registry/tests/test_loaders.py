import datetime as dt
import gzip
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from netral.registry import election_file, selectors
from netral.registry import services as registry_services
from netral.registry.models import CandidatePair, Election, Region
from netral.registry.services.regions import RegionRow

SMALL = [
    RegionRow("34", "Daerah Istimewa Yogyakarta", 1),
    RegionRow("34.02", "Kabupaten Bantul", 2),
    RegionRow("34.02.15", "Sewon", 3),
    RegionRow("34.02.15.2001", "Pendowoharjo", 4),
    RegionRow("34.71", "Kota Yogyakarta", 2),
]


def test_the_shipped_file_has_every_kepmendagri_2025_code():
    rows = registry_services.read_region_file()
    counts = {level: sum(1 for row in rows if row.level == level) for level in range(1, 5)}
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert {row.code for row in rows} >= {"34", "34.02", "34.71", "34.02.15.2001"}


def test_loading_is_idempotent_and_updates_names(db):
    first = registry_services.load_regions(rows=SMALL)
    assert (first.created[1], first.created[2], first.created[4]) == (1, 2, 1)
    assert Region.objects.get(code="34.02.15.2001").parent.code == "34.02.15"
    assert Region.objects.get(code="34.71").search_name == "KOTA YOGYAKARTA"
    again = registry_services.load_regions(rows=SMALL)
    assert sum(again.created.values()) == sum(again.updated.values()) == 0
    renamed = [*SMALL[:2], RegionRow("34.02.15", "Séwon", 3), *SMALL[3:]]
    result = registry_services.load_regions(rows=renamed)
    assert result.updated == {1: 0, 2: 0, 3: 1, 4: 0}
    assert Region.objects.get(code="34.02.15").search_name == "SEWON"


def test_a_missing_parent_is_refused_and_nothing_is_loaded(db):
    with pytest.raises(ValueError, match="parent 34.02 is missing"):
        registry_services.load_regions(rows=[SMALL[0], SMALL[2]])
    assert not Region.objects.exists()


def test_load_regions_command_reads_a_file_and_prints_counts(tmp_path, db, capsys):
    path = tmp_path / "wilayah.csv.gz"
    lines = ["kode,nama,tingkat", *(f"{r.code},{r.name},{r.level}" for r in SMALL)]
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    with translation.override("en"):
        call_command("load-regions", str(path))
    out = capsys.readouterr().out
    assert "Province: 1 (1 new, 0 updated)" in out
    assert "Regency / city: 2 (2 new, 0 updated)" in out


def test_load_regions_command_refuses_a_bad_file(tmp_path, db):
    path = tmp_path / "wilayah.csv"
    path.write_text("kode,nama,tingkat\n34.2,Salah,2\n")
    with pytest.raises(CommandError, match="34.2"):
        call_command("load-regions", str(path))


@pytest.mark.slow
def test_all_regions_load_and_can_be_looked_up(db):
    result = registry_services.load_regions()
    assert result.total(4) == 83762
    # The real code of Sewon is 34.02.15 (tests/conftest.py uses 34.02.15 for its small cast).
    assert selectors.region_path("34.02.15.2001") == [
        "Daerah Istimewa Yogyakarta",
        "Kabupaten Bantul",
        "Sewon",
        "Pendowoharjo",
    ]
    found = [region.code for region in selectors.autocomplete_regions("bantul", level=2)]
    assert found == ["34.02"]


def test_lookups_by_code_name_children_and_ancestors(regions):
    assert selectors.region_by_code("34.02") == regions["bantul"]
    assert selectors.region_by_code("99") is None
    assert list(selectors.regions_by_name("kabupaten  bantul")) == [regions["bantul"]]
    assert set(selectors.region_children("34")) == {regions["bantul"], regions["sleman"]}
    assert list(selectors.region_children(None)) == [regions["diy"]]
    assert [r.code for r in selectors.region_ancestors("34.02.15")] == ["34", "34.02", "34.02.15"]
    assert selectors.region_path("34.02.15") == [
        "Daerah Istimewa Yogyakarta",
        "Kabupaten Bantul",
        "Sewon",
    ]
    assert selectors.region_path("77.01") == []


@pytest.mark.parametrize(
    ("query", "options", "expected"),
    [
        ("Bantul", {}, ["34.02"]),  # "Kabupaten " is implied
        ("kabupaten b", {}, ["34.02"]),
        ("SEW", {}, ["34.02.15"]),
        ("34.02", {}, ["34.02", "34.02.15", "34.02.15.2001"]),
        ("pendowo", {"within": "34.02"}, ["34.02.15.2001"]),
        ("pendowo", {"within": "34.04"}, []),
        ("s", {"level": 2}, ["34.04"]),
        ("  ", {}, []),
    ],
)
def test_region_autocomplete(regions, query, options, expected):
    assert [r.code for r in selectors.autocomplete_regions(query, **options)] == expected


def test_region_label_tells_same_named_villages_apart(regions):
    village = selectors.autocomplete_regions("pendowoharjo")[0]
    assert selectors.region_label(village) == "Pendowoharjo, Sewon, Kabupaten Bantul"


def test_agency_autocomplete_matches_every_word_or_the_code(agencies):
    assert selectors.autocomplete_agencies("pendidikan bantul") == [agencies["disdik"]]
    by_code = selectors.autocomplete_agencies("pemda-340")
    assert set(by_code) == {agencies["bantul"], agencies["disdik"], agencies["sleman"]}
    assert selectors.autocomplete_agencies("tidak ada") == []


ELECTION = """
election: Pemilihan Bupati dan Wakil Bupati Bantul 2024
region: "34.02"
voting_day: 2024-11-27
candidates:
  - number: 1
    names: [Calon Satu, Wakil Satu]
    hashtags: ["#SatuBantul"]
  - number: 2
    names: [Calon Dua, Wakil Dua]
"""


def test_loading_an_election_file_is_idempotent(regions, tmp_path):
    path = tmp_path / "bantul.yaml"
    path.write_text(ELECTION, encoding="utf-8")
    election = registry_services.load_election_file(path)
    assert (election.kind, election.region, election.code) == (
        "bupati",
        regions["bantul"],
        "pemilihan-bupati-dan-wakil-bupati-bantul-2024",
    )
    assert election.candidates.get(number=1).hashtags == ["#SatuBantul"]
    designation = election.stages.get(key="candidate_designation")
    assert designation.start == dt.date(2024, 9, 22)
    assert not election.stages.get(key="quiet_period").is_verified
    stage_count = election.stages.count()
    again = registry_services.load_election_file(election_file.parse(ELECTION))
    assert again.pk == election.pk
    assert (Election.objects.count(), again.stages.count()) == (1, stage_count)


def test_reloading_drops_candidates_no_longer_in_the_file(regions):
    registry_services.load_election_file(election_file.parse(ELECTION))
    fewer = ELECTION.split("  - number: 2")[0]
    registry_services.load_election_file(election_file.parse(fewer))
    assert list(CandidatePair.objects.values_list("number", flat=True)) == [1]


def test_an_election_in_an_unloaded_region_is_refused(db):
    with pytest.raises(ValidationError, match="load-regions"):
        registry_services.load_election_file(election_file.parse(ELECTION))
    assert not Election.objects.exists()


def test_load_election_command(regions, tmp_path, capsys):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(ELECTION, encoding="utf-8")
    bad.write_text("election: X\nvoting_day: 2024-11-27\ncandidates: []\n", encoding="utf-8")
    call_command("load-election", str(good))
    assert "2" in capsys.readouterr().out
    with pytest.raises(CommandError, match="candidate"):
        call_command("load-election", str(bad))


def test_the_documented_sample_election_loads(regions):
    sample = Path(__file__).resolve().parents[3] / "docs" / "samples" / "pemilihan-contoh.yaml"
    election = registry_services.load_election_file(sample)
    assert election.candidates.count() == 2
    assert election.stages.get(key="campaign").start == dt.date(2024, 9, 25)
