"""Decision forms start from the case's election and the stage of the person supported on the
incident day (issue 13, item 6); what the officer sends is checked, kept on the decision and on
the timeline, and the next body's form starts from it."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from netral.cases import services
from netral.cases.models import CaseEvent
from netral.cases.tests.conftest import NOW, REASON, TO_EXAMINATION, walk
from netral.cases.tests.factories import ElectionFactory
from netral.registry.models import ElectionStage

DECIDE = "decide_asn_violation"


@pytest.fixture
def designated(pilkada_bantul):
    """Pilkada Bantul 2024 designated its candidates on 22 September 2024."""
    ElectionStage.objects.create(
        election=pilkada_bantul,
        key="candidate_designation",
        name="Penetapan pasangan calon",
        start=dt.date(2024, 9, 22),
        end=dt.date(2024, 9, 22),
    )
    return pilkada_bantul


@pytest.fixture
def examined(bawaslu_bantul_officer, bkn_officer, servant, regions, pilkada_bantul):
    """A Bantul case under examination whose incident happened on `occurred_on`."""

    def make(occurred_on=dt.date(2024, 10, 1), election=pilkada_bantul):
        facts = services.NewCase(
            title="Unggahan dukungan paslon",
            civil_servant_name="",
            civil_servant=servant,
            region=regions["sewon"],
            election=election,
            occurred_on=occurred_on,
        )
        case = services.open_finding(facts=facts, by=bawaslu_bantul_officer, now=NOW)
        return walk(case, bawaslu_bantul_officer, *TO_EXAMINATION)

    return make


def selected(page: str, name: str) -> str:
    """The value of the selected option of the select `name`, blank when none is."""
    block = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert block, name
    found = re.search(r'<option value="([^"]*)"[^>]*selected', block.group(0))
    return found.group(1) if found else ""


def form_page(client, user, case, action=DECIDE) -> str:
    client.force_login(user)
    response = client.get(reverse("cases:transition", args=[case.code, action]))
    assert response.status_code == 200
    return response.content.decode()


def test_bawaslu_s_decision_form_starts_from_the_case_s_election_and_the_stage(
    client, examined, designated, bawaslu_bantul_officer
):
    case = examined(occurred_on=dt.date(2024, 10, 1))  # after the designation: calon
    page = form_page(client, bawaslu_bantul_officer, case)
    assert selected(page, "election") == "pilkada-bantul-2024"
    assert selected(page, "target_stage") == "calon"


def test_before_the_designation_day_the_stage_is_bakal_calon(
    client, examined, designated, bawaslu_bantul_officer
):
    case = examined(occurred_on=dt.date(2024, 9, 1))
    assert selected(form_page(client, bawaslu_bantul_officer, case), "target_stage") == (
        "bakal_calon"
    )


def test_without_a_designation_day_the_stage_is_left_for_the_officer(
    client, examined, bawaslu_bantul_officer
):
    """The rules app never guesses: no designation day known, no stage pre-filled."""
    case = examined()
    page = form_page(client, bawaslu_bantul_officer, case)
    assert selected(page, "target_stage") == ""
    assert selected(page, "election") == "pilkada-bantul-2024"


def test_the_decision_keeps_the_stage_and_bkn_s_form_starts_from_it(
    client, examined, bawaslu_bantul_officer, bkn_officer
):
    case = examined(occurred_on=None)  # nothing to derive the stage from: the officer says it
    data = {"codes": ["DS-06"], "target_stage": "calon", "reasoning": REASON}
    case = walk(case, bawaslu_bantul_officer, (DECIDE, data))
    decision = case.decisions.get(transition=DECIDE)
    assert decision.target_stage == "calon"
    event = case.events.filter(type=CaseEvent.Type.TRANSITIONED).latest("at", "pk")
    assert event.payload["target_stage"] == "calon"
    page = form_page(client, bkn_officer, case, "recommend_sanction")
    assert selected(page, "target_stage") == "calon"
    assert selected(page, "election") == "pilkada-bantul-2024"


def test_naming_another_election_moves_the_case_to_it(examined, bawaslu_bantul_officer, regions):
    other = ElectionFactory(code="pilkada-diy-2024", name="Pilgub DIY 2024", region=regions["diy"])
    case = examined()
    data = {"codes": ["DS-06"], "election": other.code, "reasoning": REASON}
    case = walk(case, bawaslu_bantul_officer, (DECIDE, data))
    case.refresh_from_db()
    assert case.election == other
    event = case.events.filter(type=CaseEvent.Type.TRANSITIONED).latest("at", "pk")
    assert event.payload["election"] == "pilkada-diy-2024"


def test_a_blank_election_keeps_the_case_s(examined, bawaslu_bantul_officer, pilkada_bantul):
    case = walk(
        examined(), bawaslu_bantul_officer, (DECIDE, {"codes": ["DS-06"], "reasoning": REASON})
    )
    case.refresh_from_db()
    assert case.election == pilkada_bantul


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"election": "pemilu-mars-2099"}, "election", "bukan salah satu dari pilihan"),
        ({"target_stage": "presiden"}, "target_stage", "bukan salah satu dari pilihan"),
        # DS-06 is a code of a designated candidate's supporter: not at the bakal calon stage.
        ({"target_stage": "bakal_calon"}, "target_stage", "DS-06"),
    ],
)
def test_bad_facts_are_refused_with_a_message_and_change_nothing(
    client, examined, bawaslu_bantul_officer, extra, field, message
):
    case = examined()
    before = (case.state, case.version, case.election_id)
    client.force_login(bawaslu_bantul_officer)
    data = {"version": case.version, "codes": ["DS-06"], "reasoning": REASON, **extra}
    response = client.post(reverse("cases:transition", args=[case.code, DECIDE]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    case.refresh_from_db()
    assert (case.state, case.version, case.election_id) == before
    assert not case.decisions.exists()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"codes": ["KE-02"], "target_stage": "calon"}, "target_stage", "KE-02 hanya berlaku"),
        ({"election": "pemilu-mars-2099"}, "election", "Pilih pemilihan dari daftar."),
        ({"target_stage": "presiden"}, "target_stage", "Pilih tahapan dari daftar"),
    ],
)
def test_the_service_refuses_bad_facts_from_any_client(
    examined, bawaslu_bantul_officer, extra, field, message
):
    """The API and scripts reach the service without the form's lists."""
    case = examined()
    data = {"codes": ["DS-06"], "reasoning": REASON, **extra}
    with pytest.raises(ValidationError) as refused:
        walk(case, bawaslu_bantul_officer, (DECIDE, data))
    assert message in " ".join(refused.value.message_dict[field])
    case.refresh_from_db()
    assert not case.decisions.exists()


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("bawaslu_bantul_officer", 303),
        ("bawaslu_sleman_officer", 404),
        ("bawaslu_diy_supervisor", 403),
        ("bkn_officer", 404),
        (None, 302),
    ],
)
def test_only_the_owner_s_officer_may_decide_with_the_facts(
    client, request, examined, actor, expected, pilkada_bantul
):
    case = examined()
    if actor:
        client.force_login(request.getfixturevalue(actor))
    data = {
        "version": case.version,
        "codes": ["DS-06"],
        "election": pilkada_bantul.code,
        "target_stage": "calon",
        "reasoning": REASON,
    }
    response = client.post(reverse("cases:transition", args=[case.code, DECIDE]), data)
    assert response.status_code == expected
    case.refresh_from_db()
    assert case.decisions.exists() is (expected == 303)
