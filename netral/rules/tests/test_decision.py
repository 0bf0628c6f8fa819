"""Decision support: every catalogue entry is reachable, the stage boundary, missing facts."""

import datetime as dt

import pytest

from netral.rules import catalogue as cat
from netral.rules import decision
from netral.rules.decision import Facts, decide

DESIGNATION = dt.date(2024, 9, 22)  # Pilkada 2024 penetapan pasangan calon
BEFORE, AFTER = dt.date(2024, 9, 10), dt.date(2024, 10, 10)
CAMPAIGN = (dt.date(2023, 11, 28), dt.date(2024, 2, 10))  # Pemilu 2024


def facts(act, *, day=AFTER, kind="pilkada", asn_kind="pns", **extra):
    return Facts(act=act, incident_date=day, family=kind, asn_kind=asn_kind, **extra)


# (facts, expected codes) — together these reach every entry of the catalogue.
TABLE = [
    (facts("banner", target_status="bakal_calon"), ("KE-01",)),
    (
        facts("social_media_support", target_status="bakal_calon", interaction="post"),
        ("KE-02", "KE-04"),
    ),
    (facts("attend_declaration", target_status="bakal_calon"), ("KE-03",)),
    (facts("social_media_support", target_status="bakal_calon", interaction="like"), ("KE-04",)),
    (facts("photo_with_gesture", target_status="bakal_calon"), ("KE-05",)),
    (facts("campaign_participation", target_status="bakal_calon"), ("KE-06",)),
    (facts("spouse_campaign_without_leave"), ("KE-07",)),
    (facts("banner", target_status="calon"), ("DS-01",)),
    (facts("social_media_support", target_status="calon", interaction="post"), ("DS-02", "DS-06")),
    (facts("approach_party_as_candidate"), ("DS-03",)),
    (facts("attend_declaration", target_status="calon"), ("DS-04",)),
    (facts("party_membership"), ("DS-05",)),
    (facts("social_media_support", target_status="calon", interaction="share"), ("DS-06",)),
    (facts("photo_with_gesture", target_status="calon"), ("DS-07",)),
    (facts("partisan_activity"), ("DS-08",)),
    (facts("winning_team_member", target_status="bakal_calon"), ("DS-09",)),
    (facts("winning_team_member", target_status="calon"), ("DS-10",)),
    (facts("independent_candidate_support"), ("DS-11",)),
    (facts("favouring_decision"), ("DS-12", "PID-01")),
    (facts("other"), ("DS-13",)),
    (facts("campaign_participation", target_status="calon"), ("PP-N1",)),
    (facts("campaign_with_attributes", target_status="calon"), ("DS-04", "PP-N2")),
    (facts("campaign_in_uniform", target_status="calon"), ("PP-N2",)),
    (facts("mobilise_civil_servants", target_status="calon"), ("PP-N3", "DS-08")),
    (facts("state_facilities", target_status="calon"), ("PP-N4",)),
    (facts("candidate_involves_asn", target_status="calon"), ("PP-N1",)),
    (
        facts("candidate_involves_asn", target_status="calon", asn_kind="candidate"),
        ("PID-02",),
    ),
    (
        facts(
            "favouring_decision",
            kind="pemilu",
            day=dt.date(2024, 1, 5),
            campaign_period=CAMPAIGN,
            asn_kind="village_head",
        ),
        ("PID-03",),
    ),
    (facts("winning_team_member", kind="pemilu", target_status="calon"), ("DS-10", "PID-04")),
    (
        facts("candidate_involves_asn", kind="pemilu", target_status="calon", asn_kind="candidate"),
        ("PID-05",),
    ),
    (facts("partisan_activity", kind="pemilu"), ("DS-08", "ETC-01")),
    # Readings before designation (marked P in acts.yaml)
    (facts("campaign_with_attributes", target_status="bakal_calon"), ("KE-03", "KE-06")),
    (facts("campaign_in_uniform", target_status="bakal_calon"), ("KE-06",)),
    (facts("mobilise_civil_servants", target_status="bakal_calon"), ("DS-08",)),
    (facts("state_facilities", target_status="bakal_calon"), ("DS-12",)),
    (facts("candidate_involves_asn", target_status="bakal_calon"), ("KE-06",)),
    (
        facts(
            "favouring_decision", kind="pemilu", day=dt.date(2024, 3, 1), campaign_period=CAMPAIGN
        ),
        ("DS-12",),
    ),
]


@pytest.mark.parametrize(("given", "codes"), TABLE, ids=[c[0] for _, c in TABLE])
def test_facts_lead_to_the_expected_codes(given, codes):
    result = decide(given)
    assert result.codes == codes
    assert result.missing == ()
    first = cat.entry(codes[0], given.incident_date)
    assert result.sanction_category == first.category
    assert first.legal_basis[0].display in result.legal_basis


def test_the_table_reaches_every_catalogue_entry():
    reached = {code for _, codes in TABLE for code in codes}
    assert reached == set(cat.catalogue().current.entries)


def test_every_act_of_the_vocabulary_is_answerable():
    for key in decision.acts():
        result = decide(
            facts(key, target_status="calon", interaction="like", campaign_period=CAMPAIGN)
        )
        assert result.missing == (), key
        assert result.explanation


@pytest.mark.parametrize(
    ("day", "codes"),
    [
        (DESIGNATION - dt.timedelta(days=1), ("KE-04",)),
        (DESIGNATION, ("DS-06",)),  # the designation day itself counts as "calon"
        (DESIGNATION + dt.timedelta(days=1), ("DS-06",)),
    ],
)
def test_stage_boundary_follows_the_designation_date(day, codes):
    given = facts(
        "social_media_support", day=day, interaction="comment", designation_date=DESIGNATION
    )
    result = decide(given)
    assert result.codes == codes
    assert result.unverified  # grading by stage is a reading marked P


def test_explicit_target_status_wins_over_the_designation_date():
    given = facts("banner", day=BEFORE, designation_date=DESIGNATION, target_status="calon")
    assert decide(given).codes == ("DS-01",)


def test_unknown_stage_is_reported_missing_without_a_guess():
    result = decide(facts("banner"))
    assert result.codes == ()
    assert result.missing == ("target_status",)
    assert "belum diketahui" in result.explanation


def test_codes_certain_whatever_the_missing_fact_are_kept():
    result = decide(facts("social_media_support", target_status="bakal_calon"))
    assert result.codes == ("KE-04",)
    assert result.missing == ("interaction",)


def test_missing_campaign_period_only_matters_in_pemilu():
    pemilu = decide(facts("favouring_decision", kind="pemilu"))
    assert pemilu.codes == ("DS-12",)
    assert pemilu.missing == ("campaign_period",)
    assert decide(facts("favouring_decision")).missing == ()


def test_a_fact_that_changes_nothing_is_not_missing():
    assert decide(facts("party_membership", kind=None)).missing == ()


def test_without_incident_date_codes_graded_alike_in_every_version_are_given():
    result = decide(Facts(act="party_membership", incident_date=None, family=None, asn_kind="pns"))
    assert result.codes == ("DS-05",)
    assert result.sanction_category == "PTDH"
    assert result.missing == ("incident_date",)
    assert "Tanpa tanggal kejadian" in result.explanation


def test_without_act_the_answer_asks_for_it():
    result = decide(Facts(act=None, incident_date=AFTER, family="pilkada"))
    assert result.missing == ("act",)
    assert not result.allowed


def test_allowed_acts_have_no_code_and_a_basis():
    result = decide(facts("vote"))
    assert result.allowed
    assert result.codes == () and result.legal_basis
    assert result.explanation.startswith("Boleh")


@pytest.mark.parametrize(
    ("field", "value"),
    [("act", "dance"), ("family", "pilpres"), ("asn_kind", "army"), ("interaction", "poke")],
)
def test_words_outside_the_vocabulary_are_refused(field, value):
    base = {"act": "banner", "incident_date": AFTER, "family": "pilkada"}
    base[field] = value
    with pytest.raises(ValueError, match=value):
        decide(Facts(**base))


def test_sanctions_follow_the_asn_kind():
    pns = decide(facts("party_membership", asn_kind="pns"))
    pppk = decide(facts("party_membership", asn_kind="pppk"))
    assert [s.code for s in pns.sanctions] == ["PTDH-PNS-UU20"]
    assert [s.code for s in pppk.sanctions] == ["PTDH-PPPK-UU20"]
    assert len(decide(facts("party_membership", asn_kind=None)).sanctions) == 2


def test_pppk_discipline_is_marked_unverified_with_its_reason():
    assert not decide(facts("partisan_activity")).unverified
    pppk = decide(facts("partisan_activity", asn_kind="pppk"))
    assert pppk.unverified
    assert any("PP 49/2018" in reason.id for reason in pppk.reasons)


def test_the_incident_date_chooses_the_version():
    old = decide(facts("partisan_activity", day=dt.date(2020, 11, 1)))
    assert old.version == "2010-pp53"
    assert {s.regime for s in old.sanctions} == {"PP 53/2010"}
    assert old.unverified


def test_criminal_entries_carry_their_penalty_and_go_to_gakkumdu():
    result = decide(facts("favouring_decision"))
    assert "GAKKUMDU" in result.forward_to
    penalty = next(s for s in result.sanctions if s.code == "PIDANA-UU10-188").penalty
    assert (penalty.custody_min_months, penalty.custody_max_months) == (1, 6)
    assert (penalty.fine_min, penalty.fine_max) == (600_000, 6_000_000)


def test_codes_for_interaction_helper():
    assert decision.codes_for_interaction("like", BEFORE, DESIGNATION, "pilkada") == ("KE-04",)
    assert decision.codes_for_interaction("post", AFTER, DESIGNATION, "pilkada") == (
        "DS-02",
        "DS-06",
    )
    assert decision.codes_for_interaction("like", AFTER, None, "pilkada") == ()


def test_alternatives_show_how_the_answer_turns():
    turns = decision.alternatives(facts("banner"))
    assert [(fact, value, alt.codes) for fact, value, alt in turns] == [
        ("target_status", "bakal_calon", ("KE-01",)),
        ("target_status", "calon", ("DS-01",)),
    ]


def test_english_explanation():
    text = decision.explanation_for(facts("banner", target_status="calon"), "en")
    assert text.startswith("This act falls under DS-01")
