"""The workflow table: complete, consistent with the organisations, and checked as documented."""

import pytest

from netral.accounts.models import Organisation
from netral.cases import workflow
from netral.cases.workflow import Input, State


def test_every_state_has_a_label_and_every_state_is_reachable_from_an_entry_state():
    assert set(workflow.STATE_LABELS) == set(State)
    reachable = set()
    for entry in workflow.ENTRY_STATES.values():
        reachable |= workflow.reachable(entry)
    assert reachable == set(State)


def test_every_non_terminal_state_has_a_way_out():
    for state in State:
        if state not in workflow.TERMINAL:
            assert workflow.transitions_from(state), state


def test_organisation_kinds_in_the_table_exist_in_accounts():
    known = set(Organisation.Kind.values)
    for item in workflow.TRANSITIONS:
        assert item.actor_kinds <= known, item.key
        assert item.hand_off <= known or item.hand_off == workflow.PREVIOUS_OWNER, item.key
    assert known >= workflow.BAWASLU | workflow.BKN | workflow.PPK


def test_transition_keys_are_unique():
    keys = [item.key for item in workflow.TRANSITIONS]
    assert len(keys) == len(set(keys))


def test_closing_transitions_name_an_outcome_and_only_they_do():
    for item in workflow.TRANSITIONS:
        assert (item.target == State.CLOSED) == (item.outcome is not None), item.key


def test_decisions_that_forward_a_violation_require_codes_and_reasoning():
    for key in ("decide_asn_violation", "recommend_sanction", "decide_election_crime"):
        found = workflow.transition(key)
        assert Input.CODES in found.inputs
        assert Input.REASONING in found.inputs
    assert Input.REASONING in workflow.transition("decide_no_violation").inputs


def test_path_from_report_to_sanction_follows_the_regulation():
    path = [
        "start_review",
        "register",
        "start_examination",
        "decide_asn_violation",
        "recommend_sanction",
        "start_disciplinary_examination",
        "record_ppk_decision",
        "close_follow_up",
    ]
    state = State.RECEIVED
    for key in path:
        found = workflow.transition(key)
        assert state in found.sources, key
        state = found.target
    assert state == State.CLOSED
    assert workflow.transition("decide_asn_violation").hand_off == workflow.BKN
    assert workflow.transition("recommend_sanction").deadline == "ppk.follow_up"


def test_check_refuses_a_transition_from_the_wrong_state_with_the_reason():
    verdict = workflow.check(
        "recommend_sanction", state=State.RECEIVED, organisation_kind="bkn", provided=set()
    )
    assert not verdict.allowed
    assert "stage" in verdict.reason or "tahap" in verdict.reason


def test_check_refuses_the_wrong_organisation_kind():
    verdict = workflow.check(
        "register", state=State.RECEIVED, organisation_kind="ppk", provided={"reasoning"}
    )
    assert not verdict.allowed


def test_check_lists_missing_inputs():
    verdict = workflow.check(
        "decide_asn_violation",
        state=State.EXAMINATION,
        organisation_kind="bawaslu_kabkota",
        provided={"reasoning"},
    )
    assert not verdict.allowed
    assert Input.CODES in verdict.missing


@pytest.mark.parametrize("kind", sorted(workflow.BAWASLU))
def test_bawaslu_may_start_review_from_received(kind):
    assert workflow.check(
        "start_review", state=State.RECEIVED, organisation_kind=kind, provided=set()
    ).allowed


def test_escalation_ladder_climbs_to_the_ministries_and_stops():
    keys = []
    level = 0
    while (rung := workflow.next_rung(level)) is not None:
        keys.append(rung.key)
        level = rung.level
    assert keys == [
        "reminder", "bkn_reprimand", "siasn_block", "ministry_reprimand", "final_report"
    ]  # fmt: skip
    assert [r for r in workflow.ESCALATION_LADDER if r.blocks_personnel_data][
        0
    ].key == "siasn_block"
