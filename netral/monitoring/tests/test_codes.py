import datetime as dt

from netral.monitoring.pipeline import codes
from netral.registry import election_file

PEMILU = """
election: Pemilihan Umum Presiden dan Wakil Presiden Contoh
kind: presiden
voting_day: 2029-02-14
stages:
  - {key: candidate_designation, name: Penetapan, start: 2028-11-13, end: 2028-11-13}
candidates:
  - {number: 1, names: [A]}
"""


def test_codes_come_from_the_rules_app_by_stage(election):
    before = codes.codes_for(kind="post", incident_date=dt.date(2024, 9, 21), election=election)
    on_the_day = codes.codes_for(
        kind="share", incident_date=dt.date(2024, 9, 22), election=election
    )
    assert before == ["KE-02", "KE-04"]
    assert on_the_day == ["DS-06"]


def test_a_presidential_election_is_asked_as_pemilu():
    election = election_file.parse(PEMILU)
    assert codes.codes_for(kind="like", incident_date=dt.date(2028, 12, 1), election=election) == [
        "DS-06"
    ]


def test_an_unknown_date_gives_no_code(election):
    assert codes.codes_for(kind="post", incident_date=None, election=election) == []
