"""Issue 11: decision support grades and scopes right. One table per rule."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netral.rules import catalogue as cat
from netral.rules import decision, selfcheck
from netral.rules.decision import Facts, decide

AFTER = dt.date(2024, 10, 10)  # Pilkada 2024: candidates designated on 22 September
PEMILU_CAMPAIGN = (dt.date(2023, 11, 28), dt.date(2024, 2, 10))


def facts(act, *, kind="pilkada", asn_kind="pns", stage="calon", day=AFTER, **extra):
    return Facts(
        act=act,
        incident_date=day,
        family=kind,
        asn_kind=asn_kind,
        target_status=stage,
        **extra,
    )


# ------------------------------------------------ attending a campaign: the heavier form first

ATTENDING = [
    # (act, stage, codes, primary category, unverified)
    ("campaign_with_attributes", "calon", ("DS-04", "PP-N2"), "HD_BERAT", True),
    ("campaign_with_attributes", "bakal_calon", ("KE-03", "KE-06"), "ETIK_MORAL", True),
    ("campaign_in_uniform", "calon", ("PP-N2",), "HD_SEDANG", True),
    ("campaign_in_uniform", "bakal_calon", ("KE-06",), "ETIK_MORAL", True),
    ("attend_declaration", "calon", ("DS-04",), "HD_BERAT", True),
    ("attend_declaration", "bakal_calon", ("KE-03",), "ETIK_MORAL", True),
    ("campaign_participation", "calon", ("PP-N1",), "HD_SEDANG", True),
    ("photo_with_gesture", "calon", ("DS-07",), "HD_BERAT", True),
    ("photo_with_gesture", "bakal_calon", ("KE-05",), "ETIK_MORAL", True),
]


@pytest.mark.parametrize(("act", "stage", "codes", "category", "unverified"), ATTENDING)
def test_attending_with_partisan_attributes_is_graded_as_the_heavier_form(
    act, stage, codes, category, unverified
):
    result = decide(facts(act, stage=stage))
    assert (result.codes, result.sanction_category) == (codes, category)
    assert result.unverified is unverified  # stage grading is a reading (P) in every row


def test_the_attributes_reading_says_why_it_is_unverified():
    result = decide(facts("campaign_with_attributes"))
    assert any("dukungan keberpihakan" in reason.id for reason in result.reasons)
    assert {s.code for s in result.sanctions} >= {"PP94-BERAT-TURUN"}


# ------------------------------------------------ criminal articles only for whom they name

SUBJECTS = [
    # (act, kind, asn_kind, campaign, codes, criminal sanctions, to Gakkumdu)
    ("favouring_decision", "pilkada", "pns", None, ("DS-12", "PID-01"), {"PIDANA-UU10-188"}, True),
    ("favouring_decision", "pilkada", "village_head", None, ("PID-01",), {"PIDANA-UU10-188"}, True),
    ("favouring_decision", "pemilu", "pns", PEMILU_CAMPAIGN, ("DS-12",), set(), False),
    ("favouring_decision", "pemilu", "pppk", PEMILU_CAMPAIGN, ("DS-12",), set(), False),
    (
        "favouring_decision",
        "pemilu",
        "village_head",
        PEMILU_CAMPAIGN,
        ("PID-03",),
        {"PIDANA-UU7-490"},
        True,
    ),
    (
        "favouring_decision",
        "pemilu",
        "state_official",
        PEMILU_CAMPAIGN,
        ("PID-03",),
        {"PIDANA-UU7-547"},
        True,
    ),
    ("candidate_involves_asn", "pilkada", "pns", None, ("PP-N1",), set(), False),
    (
        "candidate_involves_asn",
        "pilkada",
        "candidate",
        None,
        ("PID-02",),
        {"PIDANA-UU10-189"},
        True,
    ),
    ("candidate_involves_asn", "pemilu", "candidate", None, ("PID-05",), {"PIDANA-UU7-493"}, True),
    ("winning_team_member", "pemilu", "pppk", None, ("DS-10", "PID-04"), {"PIDANA-UU7-494"}, True),
    ("winning_team_member", "pemilu", "tni_polri", None, ("PID-04",), {"PIDANA-UU7-494"}, True),
    ("winning_team_member", "pilkada", "tni_polri", None, (), set(), False),
]


@pytest.mark.parametrize(
    ("act", "kind", "asn_kind", "campaign", "codes", "criminal", "gakkumdu"), SUBJECTS
)
def test_criminal_provisions_are_offered_only_to_the_people_their_article_names(
    act, kind, asn_kind, campaign, codes, criminal, gakkumdu
):
    day = dt.date(2024, 1, 5) if kind == "pemilu" else AFTER
    result = decide(facts(act, kind=kind, asn_kind=asn_kind, day=day, campaign_period=campaign))
    assert result.codes == codes
    assert {s.code for s in result.sanctions if s.penalty} == criminal
    assert ("GAKKUMDU" in result.forward_to) is gakkumdu
    for code in codes:
        assert asn_kind in cat.entry(code, day).subjects


def test_every_criminal_entry_names_its_subjects_and_no_more_than_its_sanctions_do():
    for item in cat.catalogue().current.entries.values():
        penalties = [cat.catalogue().sanctions[code] for code in item.sanctions]
        if item.category in ("PIDANA", "CANDIDATE_PIDANA"):
            named = {subject for s in penalties for subject in s.subjects}
            assert set(item.subjects) <= named, item.code


# ------------------------------------------------ someone who is not an ASN

NON_ASN = ["village_head", "village_official", "state_official", "tni_polri", "non_asn_staff"]


@pytest.mark.parametrize("subject", NON_ASN)
def test_someone_outside_the_asn_rules_is_told_where_to_report(subject):
    result = decide(facts("banner", asn_kind=subject))
    expected = cat.catalogue().subjects[subject]
    assert result.codes == () and result.outside_asn and not result.allowed
    assert result.forward_to == expected.report_to and "BAWASLU" in result.forward_to
    assert "bukan ASN" in result.explanation
    assert result.unverified == expected.unverified
    assert selfcheck.answer(facts("banner", asn_kind=subject)).verdict == selfcheck.OUTSIDE


def test_a_non_asn_with_a_criminal_exposure_gets_both():
    result = decide(facts("favouring_decision", asn_kind="village_head"))
    assert result.codes == ("PID-01",) and result.outside_asn
    assert result.forward_to == ("GAKKUMDU", "BAWASLU", "REGIONAL_HEAD")
    assert selfcheck.verdict_of(result) == selfcheck.NOT_ALLOWED


@pytest.mark.parametrize(
    ("act", "codes"),
    [
        ("banner", ("DS-01",)),
        ("favouring_decision", ("DS-12", "PID-01")),
        ("party_membership", ("DS-05",)),
        ("vote", ()),
    ],
)
def test_an_empty_asn_kind_is_asked_for_not_taken_as_asn(act, codes):
    result = decide(facts(act, asn_kind=None))
    assert result.codes == codes  # what holds for any ASN, while asking who the person is
    assert ("asn_kind" in result.missing) is (act != "vote")
    if codes:
        assert "status orang yang dilaporkan" in result.explanation


# ------------------------------------------------ codes that hold whatever the missing fact is

WHATEVER = [
    # (facts, codes, missing)
    (Facts("party_membership", None, None, "pns"), ("DS-05",), ("incident_date",)),
    (Facts("banner", None, "pilkada", "pns", "calon"), ("DS-01",), ("incident_date",)),
    (Facts("banner", None, "pilkada", "pns"), (), ("incident_date", "target_status")),
    (facts("social_media_support"), ("DS-06",), ("interaction",)),
    (facts("favouring_decision", kind="pemilu"), ("DS-12",), ("campaign_period",)),
    (facts("winning_team_member", kind=None), ("DS-10",), ("family",)),
]


@pytest.mark.parametrize(("given_facts", "codes", "missing"), WHATEVER)
def test_a_code_that_holds_whatever_the_missing_fact_is_given_while_it_is_asked_for(
    given_facts, codes, missing
):
    result = decide(given_facts)
    assert (result.codes, result.missing) == (codes, missing)


# ------------------------------------------------ recommending body: the day it is issued

BODIES = [
    # (incident, recommendation issued, body)
    (dt.date(2024, 8, 1), dt.date(2024, 8, 20), "KASN"),
    (dt.date(2024, 8, 1), dt.date(2024, 8, 23), "KASN"),
    (dt.date(2024, 8, 1), dt.date(2024, 8, 24), "BKN"),
    (dt.date(2023, 1, 5), dt.date(2024, 10, 1), "BKN"),
    (dt.date(2020, 11, 1), dt.date(2021, 1, 4), "KASN"),
    (dt.date(2024, 8, 1), None, "BKN"),  # not issued yet: the body recommending now
]


@pytest.mark.parametrize(("incident", "issued", "body"), BODIES)
def test_the_recommending_body_follows_the_day_the_recommendation_is_issued(incident, issued, body):
    result = decide(facts("partisan_activity", day=incident, recommendation_date=issued))
    assert result.forward_to == (body,)
    assert cat.recommending_period_on(issued or dt.date.max).body == body


# ------------------------------------------------ every unverified reading says why

FACTS = st.builds(
    Facts,
    act=st.sampled_from([None, *decision.acts()]),
    incident_date=st.one_of(st.none(), st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31))),
    family=st.sampled_from([None, "pilkada", "pemilu"]),
    asn_kind=st.sampled_from([None, *cat.catalogue().subjects]),
    target_status=st.sampled_from([None, "bakal_calon", "calon"]),
    interaction=st.sampled_from([None, "post", "like", "join_group"]),
    campaign_period=st.sampled_from([None, PEMILU_CAMPAIGN]),
    recommendation_date=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31))),
)


@settings(max_examples=300, deadline=None)
@given(FACTS)
def test_every_unverified_decision_carries_its_reasons(given_facts):
    result = decide(given_facts)
    assert result.unverified == bool(result.reasons)
    assert all(reason.id and reason.en for reason in result.reasons)
    offered = {subject for code in result.codes for subject in _subjects(result, code)}
    if given_facts.asn_kind and result.codes:
        assert given_facts.asn_kind in offered
    if "GAKKUMDU" in result.forward_to:
        assert any(code.startswith("PID") for code in result.codes)


def _subjects(result, code):
    return cat.catalogue().version(result.version).entries[code].subjects
