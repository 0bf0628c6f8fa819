import datetime as dt

import pytest

from netral.registry import election_file

EXAMPLE = """
election: Pemilihan Bupati dan Wakil Bupati Contoh 2024
region: "34.02"
voting_day: 2024-11-27
candidates:
  - number: 1
    names: [Nama Calon, Nama Wakil]
    nicknames: [Pak Calon]
    jargon: [SINGKATAN]
    slogans: [Slogan kampanye]
    hashtags: ["#TagarKampanye"]
    parties: [Partai Contoh]
"""


def test_example_file_is_read_with_the_national_calendar():
    election = election_file.parse(EXAMPLE)
    assert election.kind == "bupati"
    assert election.region == "34.02"
    assert election.candidates[0].nicknames == ("Pak Calon",)
    assert election.designation_day == dt.date(2024, 9, 22)
    assert election.stage("campaign").start == dt.date(2024, 9, 25)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("election: X\nvoting_day: 2024-11-27\ncandidates: []", "at least one candidate"),
        (
            "election: X\nvoting_day: 2024-11-27\ncandidates:\n"
            "  - {number: 1, names: [A]}\n  - {number: 1, names: [B]}",
            "appears twice",
        ),
        ("election: X\nvoting_day: 2024-13-40\ncandidates:\n  - {number: 1, names: [A]}", "date"),
        (
            "election: X\nvoting_day: 2024-11-27\nregion: Bantul\ncandidates:\n"
            "  - {number: 1, names: [A]}",
            "Kepmendagri",
        ),
        ("- just a list", "mapping"),
        ("election: [unclosed", "YAML"),
    ],
)
def test_bad_files_name_the_problem(text, message):
    with pytest.raises(election_file.ElectionFileError, match=message):
        election_file.parse(text)
