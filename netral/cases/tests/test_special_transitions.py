"""The four moves with services of their own, called with their typed inputs."""

import dataclasses

import pytest
from django.core.exceptions import ValidationError

from netral.cases import services, workflow
from netral.cases.tests.conftest import NOW, REASON


def test_inputs_are_frozen_and_keyword_only():
    with pytest.raises(TypeError):
        services.CaseReturn(REASON)  # type: ignore[misc]
    given = services.CaseReturn(reasoning=REASON)
    with pytest.raises(dataclasses.FrozenInstanceError):
        given.reasoning = "lain"  # type: ignore[misc]


def test_a_plain_move_refuses_a_special_action(at_bkn, bkn_officer):
    with pytest.raises(services.ActionRefused) as refused:
        services.move_case(
            case=at_bkn,
            action=workflow.RETURN_TO_BAWASLU,
            by=bkn_officer,
            now=NOW,
            data=services.StepInput(reasoning=REASON),
        )
    assert refused.value.code == "special"


def test_recommend_sanction_takes_the_category_from_the_codes(at_bkn, bkn_officer, ppk_officer):
    given = services.SanctionRecommendation(codes=("ds-06",), reasoning=REASON)
    case = services.recommend_sanction(case=at_bkn, by=bkn_officer, now=NOW, recommendation=given)
    recommendation = case.recommendations.get()
    assert recommendation.codes == ["DS-06"] and recommendation.sanction_category == "HD_BERAT"
    assert case.state == workflow.State.RECOMMENDED and case.owner.kind == "ppk"


def test_recommend_sanction_names_every_wrong_field(at_bkn, bkn_officer):
    given = services.SanctionRecommendation(codes=("XX-99",), reasoning="pendek")
    with pytest.raises(ValidationError) as invalid:
        services.recommend_sanction(case=at_bkn, by=bkn_officer, now=NOW, recommendation=given)
    assert {"codes", "reasoning"} <= set(invalid.value.message_dict)
    at_bkn.refresh_from_db()
    assert at_bkn.state == workflow.State.BKN_VERIFICATION


def test_only_the_owner_recommends(at_bkn, bawaslu_bantul_officer):
    given = services.SanctionRecommendation(codes=("DS-06",), reasoning=REASON)
    with pytest.raises(services.ActionRefused) as refused:
        services.recommend_sanction(
            case=at_bkn, by=bawaslu_bantul_officer, now=NOW, recommendation=given
        )
    assert refused.value.code == "not_owner"


def test_return_case_goes_back_to_the_sender_with_the_extension_deadline(at_bkn, bkn_officer):
    case = services.return_case(
        case=at_bkn, by=bkn_officer, now=NOW, reasons=services.CaseReturn(reasoning=REASON)
    )
    assert case.state == workflow.State.EXAMINATION
    assert case.owner.kind == "bawaslu_kabkota"
    assert case.steps.get(closed_at__isnull=True).rule_key == "bawaslu.examination_extension"


def test_forming_the_team_keeps_the_ppk_deadline_and_records_the_team(at_ppk, ppk_officer):
    due = at_ppk.due_at
    team = services.ExaminationTeam(superior="Sekda", inspektorat="Inspektorat", personnel="BKPSDM")
    case = services.form_examination_team(case=at_ppk, by=ppk_officer, now=NOW, team=team)
    assert case.state == workflow.State.DISCIPLINARY_EXAMINATION and case.due_at == due
    event = case.events.filter(type="transitioned").last()
    assert event.payload["examination_team"]["inspektorat"] == "Inspektorat"


def test_a_team_member_left_blank_is_refused(at_ppk, ppk_officer):
    team = services.ExaminationTeam(superior="Sekda", inspektorat="", personnel="BKPSDM")
    with pytest.raises(ValidationError) as invalid:
        services.form_examination_team(case=at_ppk, by=ppk_officer, now=NOW, team=team)
    assert "examination_team" in invalid.value.message_dict
    assert invalid.value.message_dict["examination_team"] == [
        "Sebutkan anggota tim yang belum diisi: Inspektorat."
    ]


def test_the_team_form_names_the_members_still_missing(client_for, at_ppk, ppk_officer):
    import html

    from django.urls import reverse

    url = reverse("cases:transition", args=[at_ppk.code, workflow.FORM_EXAMINATION_TEAM])
    data = {"version": at_ppk.version, "examination_team_0": "Sekda"}
    body = html.unescape(client_for(ppk_officer).post(url, data).content.decode())
    assert "Sebutkan anggota tim yang belum diisi: Inspektorat, unsur kepegawaian." in body
    assert "Bidang ini tidak boleh kosong" not in body
    data = {"version": at_ppk.version}
    body = html.unescape(client_for(ppk_officer).post(url, data).content.decode())
    assert "ketiga anggota" in body.lower() or "tiga anggota" in body.lower()
