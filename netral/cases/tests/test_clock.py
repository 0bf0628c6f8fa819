"""A case's deadlines: its election family's chain, its province's zone, and the flag when a
deadline reaches a year whose holidays are not loaded (on the step, the recommendation, letters)."""

import datetime as dt

import pytest

from netral.accounts import services as account_services
from netral.cases import adapters, workflow
from netral.cases.tests.conftest import DECIDE_DS06, REASON, RECOMMEND, TO_EXAMINATION, walk
from netral.rules.models import Holiday

DECEMBER = dt.datetime(2026, 12, 14, 3, tzinfo=dt.UTC)  # Monday 14 December 2026, 10:00 WIB
CRIME = ("decide_election_crime", {"codes": ["PID-01"], "reasoning": REASON})


@pytest.fixture
def gakkumdu_bantul(regions):
    return account_services.create_organisation(
        name="Sentra Gakkumdu Bantul", kind="gakkumdu", region_code="34.02"
    )


@pytest.mark.parametrize(
    ("kind", "rule", "basis", "due_day"),
    [
        # Pilkada: 14 working days (UU 10/2016); Pemilu: 14 calendar days (UU 7/2017 Pasal 480) [P].
        ("bupati", "pilkada.gakkumdu.investigation", "UU 10/2016", dt.date(2024, 10, 25)),
        ("presiden", "pemilu.gakkumdu.investigation", "UU 7/2017 Pasal 480", dt.date(2024, 10, 21)),
    ],
)
def test_a_crime_follows_its_election_familys_chain(
    open_case, pilkada_bantul, bawaslu_bantul_officer, gakkumdu_bantul, kind, rule, basis, due_day
):
    pilkada_bantul.kind = kind
    pilkada_bantul.save()
    case = walk(open_case(), bawaslu_bantul_officer, *TO_EXAMINATION, CRIME)
    assert case.state == workflow.State.GAKKUMDU_INVESTIGATION
    step = case.steps.get(closed_at__isnull=True)
    assert step.rule_key == "gakkumdu.investigation" and basis in step.due_sentence
    assert step.due_at.date() == due_day
    assert step.verified is (kind == "bupati")
    assert adapters.due_for("gakkumdu.investigation", step.opened_at, family=pilkada_bantul.family)


def test_election_family_follows_the_kind(pilkada_bantul):
    assert pilkada_bantul.family == "pilkada"
    pilkada_bantul.kind = "legislatif"
    pilkada_bantul.save(update_fields=["kind"])
    pilkada_bantul.refresh_from_db()
    assert pilkada_bantul.family == "pemilu"


def test_a_recommendation_reaching_an_unloaded_year_is_flagged_and_its_letter_held(
    open_case, bawaslu_bantul_officer, bkn_officer, ppk_officer
):
    Holiday.objects.filter(date__year=2027).delete()
    case = walk(
        open_case(at=DECEMBER), bawaslu_bantul_officer, *TO_EXAMINATION, DECIDE_DS06, now=DECEMBER
    )
    case = walk(case, bkn_officer, RECOMMEND, now=DECEMBER)
    recommendation = case.recommendations.get()
    assert recommendation.due_at.date() == dt.date(2027, 1, 5)  # without 1 January 2027
    assert not recommendation.verified
    assert "Kalender libur 2027 belum dimuat" in recommendation.due_sentence
    # The flag stays in the interface; the letter carries no internal note and is held for
    # review instead of sent (issue 11).
    letter = case.documents.get(template_key="recommendation_letter_ppk")
    assert "belum dimuat" not in letter.html
    assert letter.status == "held"


def test_with_the_year_loaded_there_is_no_flag(
    open_case, bawaslu_bantul_officer, bkn_officer, ppk_officer
):
    case = walk(
        open_case(at=DECEMBER), bawaslu_bantul_officer, *TO_EXAMINATION, DECIDE_DS06, now=DECEMBER
    )
    case = walk(case, bkn_officer, RECOMMEND, now=DECEMBER)
    recommendation = case.recommendations.get()
    assert recommendation.due_at.date() == dt.date(2027, 1, 7)
    assert "belum dimuat" not in recommendation.due_sentence


@pytest.mark.parametrize(
    ("region", "zone", "day", "offset"),
    [
        ("34.02", "WIB", dt.date(2026, 11, 27), "+07:00"),
        ("73.71", "WITA", dt.date(2026, 11, 28), "+08:00"),
        ("91.71", "WIT", dt.date(2026, 11, 28), "+09:00"),
        ("", "WIB", dt.date(2026, 11, 27), "+07:00"),
    ],
)
def test_a_step_is_dated_and_due_in_its_provinces_zone(region, zone, day, offset):
    received = dt.datetime(2026, 11, 24, 16, 30, tzinfo=dt.UTC)  # 00:30 WITA on the 25th
    due = adapters.due_for(
        "bawaslu.examination", received, family="pilkada", region_code=region, holidays=frozenset()
    )
    assert due.at.date() == day and due.at.isoformat().endswith(offset)
    assert due.sentence.endswith(f"pukul 23.59 {zone}.")


def test_a_case_without_election_follows_the_pilkada_rules():
    assert adapters.case_family(None) == "pilkada"


def test_registering_a_report_and_starting_its_examination_keep_one_decision_deadline(
    open_case, bawaslu_bantul_officer
):
    # The rule counts from the report's receipt: registering a day later moves nothing.
    received = dt.datetime(2024, 10, 1, 2, tzinfo=dt.UTC)
    case = open_case(at=received)
    later = received + dt.timedelta(days=1)
    case = walk(case, bawaslu_bantul_officer, "start_review", now=later)
    case = walk(case, bawaslu_bantul_officer, ("register", {"reasoning": REASON}), now=later)
    registered = case.steps.get(closed_at__isnull=True).due_at
    case = walk(case, bawaslu_bantul_officer, "start_examination", now=later)
    assert case.steps.get(closed_at__isnull=True).due_at == registered


def test_the_examination_is_extended_once(open_case, bawaslu_bantul_officer):
    from netral.cases import policies, services

    case = walk(open_case(), bawaslu_bantul_officer, *TO_EXAMINATION)
    extend = ("extend_examination", {"reasoning": REASON})
    case = walk(case, bawaslu_bantul_officer, extend)
    offered = [t.key for t in policies.available_transitions(bawaslu_bantul_officer, case)]
    assert "extend_examination" not in offered
    events = case.events.count()
    with pytest.raises(services.ActionRefused, match="sudah diperpanjang satu kali"):
        walk(case, bawaslu_bantul_officer, extend)
    assert case.events.count() == events
