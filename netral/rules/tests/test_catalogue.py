"""The catalogue data: complete, versioned without gaps, and refused loudly when wrong."""

import datetime as dt

import pytest

from netral.rules import catalogue as cat
from netral.rules import loader
from netral.rules.tests.datafiles import edit

REGULATION_CODES = (
    [f"KE-0{i}" for i in range(1, 8)]
    + [f"DS-{i:02d}" for i in range(1, 14)]
    + [f"PP-N{i}" for i in range(1, 5)]
    + [f"PID-0{i}" for i in range(1, 6)]
    + ["ETC-01"]
)


def test_every_version_holds_every_regulation_code():
    for version in cat.catalogue().versions:
        assert sorted(version.entries) == sorted(REGULATION_CODES), version.id


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("KE-01", "ETIK_MORAL"),
        ("DS-03", "HD_SEDANG"),
        ("DS-05", "PTDH"),
        ("DS-09", "HD_SEDANG"),
        ("DS-10", "HD_BERAT"),
        ("DS-13", "SATGAS_DECIDES"),
        ("PP-N1", "HD_SEDANG"),
        ("PP-N4", "HD_BERAT"),
        ("PID-01", "PIDANA"),
        ("PID-02", "CANDIDATE_PIDANA"),
    ],
)
def test_categories_follow_the_regulation(code, category):
    assert cat.entry(code).category == category


def test_unverified_items_say_why():
    for version in cat.catalogue().versions:
        for item in version.entries.values():
            if item.unverified:
                assert item.confidence_note is not None, (version.id, item.code)
    assert cat.entry("DS-03").confidence == "P"
    assert cat.entry("PID-05").confidence == "R"


@pytest.mark.parametrize(
    ("day", "version", "body"),
    [
        (dt.date(2019, 4, 17), "2010-pp53", "KASN"),
        (dt.date(2021, 8, 30), "2010-pp53", "KASN"),
        (dt.date(2021, 8, 31), "2021-08-31", "KASN"),
        (dt.date(2022, 9, 22), "2022-09-22", "KASN"),
        (dt.date(2023, 10, 31), "2023-10-31", "KASN"),
        (dt.date(2024, 8, 23), "2023-10-31", "KASN"),
        (dt.date(2024, 8, 24), "2024-08-24", "BKN"),
        (dt.date(2030, 1, 1), "2024-08-24", "BKN"),
    ],
)
def test_a_case_is_judged_by_the_version_in_force_on_the_incident_date(day, version, body):
    found = cat.version_on(day)
    assert found.id == version
    assert found.recommending_body == body
    assert cat.recommending_period_on(day).body == body


def test_versions_cover_all_time_without_gap_or_overlap():
    versions = cat.catalogue().versions
    assert versions[0].valid_from is None and versions[-1].valid_to is None
    for a, b in zip(versions, versions[1:], strict=False):
        assert b.valid_from == a.valid_to + dt.timedelta(days=1)


def test_discipline_levels_change_with_pp_94_2021():
    old = cat.version_on(dt.date(2020, 1, 1)).sanction_sets["sedang"]
    new = cat.version_on(dt.date(2022, 1, 1)).sanction_sets["sedang"]
    assert old[0].startswith("PP53-") and new[0].startswith("PP94-")


def test_diff_shows_the_uu_20_2023_change_of_party_membership_basis():
    result = cat.diff("2022-09-22", "2023-10-31")
    fields = {(c.code, c.field) for c in result.changed}
    assert ("DS-05", "legal_basis") in fields
    assert ("DS-05", "sanctions") in fields
    assert result.added == () and result.removed == ()


def test_diff_shows_the_change_of_recommending_body():
    result = cat.diff("2023-10-31", "2024-08-24")
    assert result.recommending_body == ("KASN", "BKN")
    assert {c.field for c in result.changed} == {"forward_to"}


def test_diff_of_a_version_with_itself_is_empty():
    assert cat.diff("2024-08-24", "2024-08-24").is_empty


def test_search_matches_every_word():
    version = cat.catalogue().current
    assert [e.code for e in cat.search(version, "like bakal")] == ["KE-04"]
    assert {e.category for e in cat.search(version, "", "PTDH")} == {"PTDH"}


# ------------------------------------------------------------------ broken data is refused


def test_a_copy_of_the_data_loads(data):
    assert len(loader.load_catalogue(data).versions) == 5


def test_an_overlap_between_versions_is_refused(data):
    edit(
        data / "catalogue" / "2024-08-24-bkn.yaml",
        "valid_from: 2024-08-24",
        "valid_from: 2024-08-20",
    )
    with pytest.raises(loader.CatalogueError, match="overlap"):
        loader.load_catalogue(data)


def test_a_gap_between_versions_is_refused(data):
    edit(
        data / "catalogue" / "2024-08-24-bkn.yaml",
        "valid_from: 2024-08-24",
        "valid_from: 2024-09-01",
    )
    with pytest.raises(loader.CatalogueError, match="gap"):
        loader.load_catalogue(data)


def test_a_missing_field_names_file_entry_and_field(data):
    path = data / "catalogue" / "2022-09-22-skb2022.yaml"
    edit(
        path,
        '    category: HD_SEDANG\n    title: {id: "Mendekati',
        '    category: NOPE\n    title: {id: "Mendekati',
    )
    with pytest.raises(loader.CatalogueError) as error:
        loader.load_catalogue(data)
    assert "2022-09-22-skb2022.yaml: entry DS-03: category" in str(error.value)


def test_an_unverified_entry_without_a_note_is_refused(data):
    path = data / "catalogue" / "2022-09-22-skb2022.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - code: DS-13")
    note = text.index("    confidence_note:", start)
    end = text.index("\n\n", note)
    path.write_text(text[:note] + text[end:], encoding="utf-8")
    with pytest.raises(loader.CatalogueError, match="entry DS-13: confidence_note"):
        loader.load_catalogue(data)


def test_a_based_on_loop_is_refused(data):
    edit(data / "catalogue" / "2022-09-22-skb2022.yaml", "based_on: null", 'based_on: "2024-08-24"')
    with pytest.raises(loader.CatalogueError, match="loop"):
        loader.load_catalogue(data)


def test_a_version_spanning_a_change_of_recommending_body_is_refused(data):
    (data / "catalogue" / "2024-08-24-bkn.yaml").unlink()
    edit(data / "catalogue" / "2023-10-31-uu20.yaml", "valid_to: 2024-08-23", "valid_to: null")
    with pytest.raises(loader.CatalogueError, match="recommending bodies"):
        loader.load_catalogue(data)


def test_an_outcome_naming_a_calon_entry_without_fixing_the_stage_is_refused(data):
    edit(data / "acts.yaml", "      - {codes: [DS-05]}", "      - {codes: [DS-01]}")
    with pytest.raises(
        loader.CatalogueError, match="act party_membership.*DS-01 applies only at stage calon"
    ):
        loader.load_vocabulary(loader.load_catalogue(data), data)


def test_outcomes_must_cover_every_combination(data):
    edit(data / "acts.yaml", "      - {when: {stage: calon}, codes: [DS-07]}\n", "")
    with pytest.raises(
        loader.CatalogueError, match="photo_with_gesture: 0 outcomes match stage=calon"
    ):
        loader.load_vocabulary(loader.load_catalogue(data), data)


def test_invalid_yaml_names_the_file(data):
    (data / "sanctions.yaml").write_text("sanctions: [\n", encoding="utf-8")
    with pytest.raises(loader.CatalogueError, match="sanctions.yaml"):
        loader.load_catalogue(data)


def test_the_rules_doc_matches_the_code():
    from pathlib import Path

    from netral.rules import doctables

    doc = Path(__file__).resolve().parents[3] / "docs" / "rules.md"
    assert doctables.check(doc.read_text(encoding="utf-8")) == [], (
        "docs/rules.md is out of date: run python -m netral.rules.doctables docs/rules.md"
    )
