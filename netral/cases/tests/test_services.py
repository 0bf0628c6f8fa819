"""Use-cases: allowed and refused transitions, events written, decisions, hand-offs, locking."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from netral.accounts import services as account_services
from netral.accounts.models import Membership, Organisation
from netral.cases import services, workflow
from netral.cases.models import CaseEvent, Notification, Recommendation
from netral.cases.tests.conftest import DECIDE_DS06, NOW, REASON, RECOMMEND, TO_EXAMINATION, walk
from netral.cases.tests.factories import CandidatePairFactory


def types(case):
    return list(case.events.order_by("seq").values_list("type", flat=True))


def test_open_finding_starts_the_legal_clock_and_tells_the_owner(open_case, bawaslu_bantul_officer):
    case = open_case()
    assert case.code.startswith("KS-")
    assert case.owner.name == "Bawaslu Kabupaten Bantul"
    assert case.state == workflow.State.RECEIVED
    assert types(case) == [CaseEvent.Type.FINDING_OPENED]
    step = case.steps.get()
    assert step.rule_key and step.due_at is not None and step.due_sentence
    assert case.due_at == step.due_at
    assert Notification.objects.filter(user=bawaslu_bantul_officer, case=case).exists()


def test_open_finding_is_refused_to_non_bawaslu(open_case, bkn_officer):
    with pytest.raises(services.ActionRefused):
        open_case(by=bkn_officer)


def test_transition_writes_an_event_with_from_and_to(open_case, bawaslu_bantul_officer):
    case = walk(open_case(), bawaslu_bantul_officer, "start_review")
    event = case.events.order_by("-seq").first()
    assert event.type == CaseEvent.Type.TRANSITIONED
    assert event.payload["from"] == "received" and event.payload["to"] == "initial_review"
    assert event.organisation.name == "Bawaslu Kabupaten Bantul"
    assert case.version == 2


def test_transition_not_allowed_from_the_current_stage_is_refused_with_the_reason(
    open_case, bawaslu_bantul_officer
):
    case = open_case()
    with pytest.raises(services.ActionRefused) as refused:
        walk(case, bawaslu_bantul_officer, DECIDE_DS06)
    assert refused.value.code == "refused"
    assert str(workflow.STATE_LABELS[workflow.State.RECEIVED]) in refused.value.message
    case.refresh_from_db()
    assert case.state == workflow.State.RECEIVED
    assert types(case) == [CaseEvent.Type.FINDING_OPENED]


def test_another_bawaslu_cannot_act_on_the_case(open_case, bawaslu_sleman_officer):
    with pytest.raises(services.ActionRefused) as refused:
        walk(open_case(), bawaslu_sleman_officer, "start_review")
    assert refused.value.code == "not_owner"


def test_a_viewer_cannot_decide(open_case, bawaslu_bantul_officer, regions):
    organisation = Organisation.objects.get(name="Bawaslu Kabupaten Bantul")
    viewer = account_services.create_staff_user(
        username="pemantau", password="x" * 12, organisation=organisation, role="viewer"
    )
    case = walk(open_case(), bawaslu_bantul_officer, *TO_EXAMINATION)
    with pytest.raises(services.ActionRefused) as refused:
        walk(case, viewer, DECIDE_DS06)
    assert refused.value.code == "role"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"sanction_category": "HD_BERAT", "reasoning": REASON}, "codes"),
        ({"codes": ["DS-06"], "sanction_category": "HD_BERAT"}, "reasoning"),
        ({"codes": ["DS-06"], "reasoning": "terlalu singkat"}, "reasoning"),
        ({"codes": ["XX-99"], "reasoning": REASON}, "codes"),
        ({"codes": ["PID-01"], "reasoning": REASON}, "codes"),
    ],
)
def test_a_decision_without_valid_codes_or_reasoning_is_refused(
    open_case, bawaslu_bantul_officer, data, field
):
    case = walk(open_case(), bawaslu_bantul_officer, *TO_EXAMINATION)
    with pytest.raises(ValidationError) as invalid:
        walk(case, bawaslu_bantul_officer, ("decide_asn_violation", data))
    assert field in invalid.value.message_dict
    case.refresh_from_db()
    assert case.state == workflow.State.EXAMINATION


def test_the_sanction_category_follows_the_codes_when_not_given(
    open_case, bawaslu_bantul_officer, bkn_officer
):
    data = {"codes": ["KE-04", "DS-06"], "reasoning": REASON}
    case = walk(
        open_case(), bawaslu_bantul_officer, *TO_EXAMINATION, ("decide_asn_violation", data)
    )
    assert case.sanction_category == "HD_BERAT"
    assert case.codes == ["DS-06", "KE-04"]


def test_deciding_an_asn_violation_hands_the_case_to_bkn_and_the_sender_keeps_a_record(
    at_bkn, bkn_officer
):
    assert at_bkn.owner.kind == "bkn"
    assert at_bkn.state == workflow.State.BKN_VERIFICATION
    handoff = at_bkn.handoffs.get()
    assert handoff.from_organisation.name == "Bawaslu Kabupaten Bantul"
    assert CaseEvent.Type.HANDED_OFF in types(at_bkn)
    decision = at_bkn.decisions.get()
    assert decision.codes == ["DS-06"] and decision.reasoning == REASON
    assert at_bkn.documents.filter(template_key="forwarding_letter_bkn").exists()
    assert Notification.objects.filter(user=bkn_officer, kind="handed_off").exists()


def test_the_recommendation_names_bkn_after_24_august_2024_and_kasn_before(
    open_case, bawaslu_bantul_officer, bkn_officer, ppk_officer
):
    for when, body in ((NOW, "BKN"), (dt.datetime(2024, 3, 4, 9, tzinfo=dt.UTC), "KASN")):
        case = walk(
            open_case(at=when), bawaslu_bantul_officer, *TO_EXAMINATION, DECIDE_DS06, now=when
        )
        case = walk(case, bkn_officer, RECOMMEND, now=when)
        assert case.recommendations.get().body_key == body


def test_recommendation_goes_to_the_ppk_with_a_configurable_unverified_deadline(at_ppk):
    recommendation = at_ppk.recommendations.get()
    assert at_ppk.owner.name == "BKPSDM Kabupaten Bantul"
    assert recommendation.addressed_to == at_ppk.owner
    assert recommendation.status == Recommendation.Status.RECEIVED
    assert recommendation.ppk_name == "Bupati Bantul"
    assert not recommendation.verified
    # 14 working days from Monday 7 October 2024: Friday 25 October, end of day.
    assert recommendation.due_at.date() == dt.date(2024, 10, 25)


def test_a_ppk_who_is_a_candidate_is_replaced_by_the_governor_and_this_is_recorded(
    at_bkn, bkn_officer, bantul_gov, pilkada_bantul, regions
):
    bantul_gov.ppk_name = "Abdul Halim Muslih"
    bantul_gov.save()
    CandidatePairFactory(election=pilkada_bantul, names=["Abdul Halim Muslih", "Wakil"])
    account_services.create_organisation(
        name="BKD Daerah Istimewa Yogyakarta", kind="ppk", region_code="34"
    )
    case = walk(at_bkn, bkn_officer, RECOMMEND)
    assert case.owner.name == "BKD Daerah Istimewa Yogyakarta"
    recommendation = case.recommendations.get()
    assert "Abdul Halim Muslih" in recommendation.substitute_reason
    assert CaseEvent.Type.CONFLICT_OF_INTEREST_ROUTED in types(case)


def test_a_declared_conflict_for_a_governor_goes_to_mendagri(
    open_case, bawaslu_bantul_officer, bkn_officer, regions
):
    from netral.cases.tests.factories import AgencyFactory

    province = AgencyFactory(
        code="PEMDA-34", kind="pemerintah_provinsi", region=regions["diy"], ppk_name="Gubernur DIY"
    )
    account_services.create_organisation(name="Kementerian Dalam Negeri", kind="kemendagri")
    case = walk(open_case(), bawaslu_bantul_officer, *TO_EXAMINATION, DECIDE_DS06)
    case.agency = province
    case.save()
    data = {**RECOMMEND[1], "conflict_of_interest": "Gubernur adalah kakak kandung calon."}
    case = walk(case, bkn_officer, ("recommend_sanction", data))
    assert case.owner.kind == "kemendagri"


def test_ppk_decision_in_time_returns_the_case_to_bkn_for_follow_up(at_ppk, ppk_officer):
    data = {
        "decree_number": "800/123/2024",
        "decree_signatory": "Bupati Bantul",
        "decree_date": "2024-10-07",
        "sanction": "PP94-BERAT-TURUN",
        "reasoning": REASON,
    }
    case = walk(at_ppk, ppk_officer, ("record_ppk_decision", data))
    assert case.state == workflow.State.FOLLOW_UP
    assert case.owner.kind == "bkn"
    recommendation = case.recommendations.get()
    assert recommendation.status == Recommendation.Status.ACTED_IN_TIME
    decree = case.decisions.get(kind="ppk_decree")
    assert decree.decree_number == "800/123/2024" and decree.outcome == "followed"


def test_a_lighter_sanction_without_a_reason_is_refused(at_ppk, ppk_officer):
    decree = services.PpkDecision(
        decree_number="800/9/2024",
        decree_signatory="Bupati Bantul",
        decree_date=dt.date(2024, 10, 7),
        sanction="PP42-TERTUTUP",
        reasoning=REASON,
    )
    with pytest.raises(ValidationError) as invalid:
        services.record_ppk_decision(case=at_ppk, by=ppk_officer, now=NOW, decision=decree)
    assert "deviation_reason" in invalid.value.message_dict
    assert not at_ppk.decisions.filter(kind="ppk_decree").exists()


def test_a_decree_dated_in_the_future_is_refused(at_ppk, ppk_officer):
    decree = services.PpkDecision(
        decree_number="1",
        decree_signatory="Bupati Bantul",
        sanction="PP94-BERAT-TURUN",
        decree_date=dt.date(2024, 12, 1),
        reasoning=REASON,
    )
    with pytest.raises(ValidationError) as invalid:
        services.record_ppk_decision(case=at_ppk, by=ppk_officer, now=NOW, decision=decree)
    assert "decree_date" in invalid.value.message_dict


def test_a_decree_dated_today_is_accepted_before_seven_in_the_morning(at_ppk, ppk_officer):
    # 06:30 WIB on 8 October is still 7 October in UTC, which is what timezone.now() returns.
    early = dt.datetime(2024, 10, 7, 23, 30, tzinfo=dt.UTC)
    decree = services.PpkDecision(
        decree_number="800/10/2024",
        decree_signatory="Bupati Bantul",
        sanction="PP94-BERAT-TURUN",
        decree_date=dt.date(2024, 10, 8),
        reasoning=REASON,
    )
    case = services.record_ppk_decision(case=at_ppk, by=ppk_officer, now=early, decision=decree)
    assert case.decisions.get(kind="ppk_decree").decree_date == dt.date(2024, 10, 8)


def test_two_officers_acting_on_the_same_version_only_the_first_wins(
    open_case, bawaslu_bantul_officer
):
    case = open_case()
    seen = case.version
    services.transition(
        case=case, action="start_review", by=bawaslu_bantul_officer, now=NOW, expected_version=seen
    )
    with pytest.raises(services.StaleCase):
        services.transition(
            case=case,
            action="not_register",
            by=bawaslu_bantul_officer,
            now=NOW,
            data={"reasoning": REASON},
            expected_version=seen,
        )
    case.refresh_from_db()
    assert case.state == workflow.State.INITIAL_REVIEW


def test_without_a_version_the_second_of_two_same_actions_is_refused_by_the_stage(
    open_case, bawaslu_bantul_officer
):
    case = open_case()
    walk(case, bawaslu_bantul_officer, "start_review")
    with pytest.raises(services.ActionRefused):
        walk(case, bawaslu_bantul_officer, "start_review")
    assert types(case).count(CaseEvent.Type.TRANSITIONED) == 1


def test_gakkumdu_chain_runs_with_its_own_deadlines(open_case, bawaslu_bantul_officer, regions):
    gakkumdu = account_services.create_organisation(
        name="Sentra Gakkumdu Bantul", kind="gakkumdu", region_code="34.02"
    )
    officer = account_services.create_staff_user(
        username="gakkumdu", password="x" * 12, organisation=gakkumdu, role="officer"
    )
    crime = ("decide_election_crime", {"codes": ["PID-01"], "reasoning": REASON})
    case = walk(open_case(), bawaslu_bantul_officer, *TO_EXAMINATION, crime)
    assert case.owner == gakkumdu and case.state == workflow.State.GAKKUMDU_INVESTIGATION
    step = case.steps.get(closed_at__isnull=True)
    assert step.rule_key == "gakkumdu.investigation"
    case = walk(case, officer, "file_to_prosecutor", ("return_dossier", {"reasoning": REASON}))
    assert case.steps.get(closed_at__isnull=True).rule_key == "gakkumdu.refile"
    case = walk(case, officer, "file_to_prosecutor", "submit_to_court")
    case = walk(
        case,
        officer,
        ("record_verdict", {"verdict": "Terdakwa terbukti bersalah, pidana percobaan."}),
    )
    assert case.state == workflow.State.CLOSED and case.outcome == workflow.Outcome.COURT_VERDICT


def test_assign_tag_link_and_duplicate(open_case, bawaslu_bantul_officer):
    first, second = open_case(), open_case(title="Laporan kedua atas unggahan yang sama")
    services.assign_officer(
        case=first, officer=bawaslu_bantul_officer, by=bawaslu_bantul_officer, now=NOW
    )
    services.tag(case=first, add=["Medsos", "prioritas"], by=bawaslu_bantul_officer, now=NOW)
    services.link_cases(case=first, other=second, by=bawaslu_bantul_officer, now=NOW)
    services.close_as_duplicate(
        case=second,
        of=first,
        reason="Unggahan dan terlapor yang sama.",
        by=bawaslu_bantul_officer,
        now=NOW,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.assignee == bawaslu_bantul_officer and first.tags == ["medsos", "prioritas"]
    assert second.state == workflow.State.CLOSED and second.outcome == workflow.Outcome.DUPLICATE
    assert second.duplicate_of == first
    assert CaseEvent.Type.CLOSED_AS_DUPLICATE in types(second)
    assert second.steps.filter(closed_at__isnull=True).count() == 0
    assert types(first).count(CaseEvent.Type.LINKED) == 2


def test_only_an_officer_of_the_owner_can_be_assigned(
    open_case, bawaslu_bantul_officer, bkn_officer
):
    with pytest.raises(ValidationError):
        services.assign_officer(
            case=open_case(), officer=bkn_officer, by=bawaslu_bantul_officer, now=NOW
        )


def test_manual_hand_off_stays_within_the_same_kind_of_body(
    open_case, bawaslu_bantul_officer, bawaslu_sleman_officer, bkn_officer
):
    case = open_case()
    sleman = Organisation.objects.get(name="Bawaslu Kabupaten Sleman")
    bkn = Organisation.objects.get(kind="bkn")
    with pytest.raises(ValidationError):
        services.hand_off(
            case=case,
            to_organisation=bkn,
            reason="Bukan kewenangan kami.",
            by=bawaslu_bantul_officer,
            now=NOW,
        )
    services.hand_off(
        case=case,
        to_organisation=sleman,
        reason="Kejadian di wilayah Sleman.",
        by=bawaslu_bantul_officer,
        now=NOW,
    )
    case.refresh_from_db()
    assert case.owner == sleman
    assert case.steps.get(closed_at__isnull=True).organisation == sleman


def test_update_details_keeps_old_and_new_values(open_case, bawaslu_bantul_officer, regions):
    case = services.update_details(
        case=open_case(),
        changes={"civil_servant_position": "Guru"},
        by=bawaslu_bantul_officer,
        now=NOW,
    )
    event = case.events.order_by("-seq").first()
    assert event.type == CaseEvent.Type.DETAILS_UPDATED
    assert event.payload["changes"]["civil_servant_position"] == ["", "Guru"]


def test_forwarded_case_keeps_its_external_number_and_is_registered_once(bkn_officer, servant):
    facts = services.NewCase(title="Aduan SBT", civil_servant_name="", civil_servant=servant)
    case = services.register_forwarded_case(
        facts=facts,
        channel="sbt",
        external_number="SBT-2024-0042",
        received_at=NOW,
        by=bkn_officer,
        now=NOW,
    )
    assert case.state == workflow.State.BKN_VERIFICATION and case.owner.kind == "bkn"
    assert case.agency == servant.agency
    with pytest.raises(services.ActionRefused):
        services.register_forwarded_case(
            facts=facts,
            channel="sbt",
            external_number="SBT-2024-0042",
            received_at=NOW,
            by=bkn_officer,
            now=NOW,
        )


def test_members_of_a_deactivated_role_get_no_notice(open_case, bawaslu_bantul_officer):
    Membership.objects.filter(user=bawaslu_bantul_officer).update(role="viewer")
    with pytest.raises(services.ActionRefused):
        open_case()
