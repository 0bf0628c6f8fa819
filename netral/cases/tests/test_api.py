"""The JSON API for partner systems: organisation-scoped tokens, same policies and services."""

import datetime as dt

import pytest
import time_machine

from netral.accounts.models import Organisation
from netral.cases import services, workflow
from netral.cases.models import Case
from netral.cases.tests.conftest import NOW, REASON

BASE = "/api/cases/"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def token_for(kind, scopes, *, days=30, name="Partner"):
    organisation = Organisation.objects.get(kind=kind)
    _token, raw = services.create_api_token(
        organisation=organisation, name=name, scopes=scopes, days=days, by=None, now=NOW
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def bkn_reader(bkn_officer):
    return token_for("bkn", ["cases:read"])


@pytest.fixture
def bkn_actor(bkn_officer):
    return token_for("bkn", ["cases:act"], name="SBT")


def test_no_token_is_401_in_the_one_error_shape(client):
    response = client.get(BASE)
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_an_expired_or_revoked_token_is_refused(client, bkn_officer):
    expired = token_for("bkn", ["cases:read"], days=1)
    with time_machine.travel(NOW + dt.timedelta(days=2)):
        assert client.get(BASE, **expired).status_code == 401
    live = token_for("bkn", ["cases:read"], name="Other")
    services.revoke_api_token(
        token=services.tokens.ApiToken.objects.get(name="Other"), by=None, now=NOW
    )
    assert client.get(BASE, **live).status_code == 401


def test_list_shows_only_what_the_organisation_sees(client, bkn_reader, at_bkn, open_case):
    other = open_case(title="Masih di Bawaslu")
    codes = [row["code"] for row in client.get(BASE, **bkn_reader).json()]
    assert at_bkn.code in codes and other.code not in codes


def test_detail_lists_the_actions_open_to_the_token(client, bkn_actor, bkn_reader, at_bkn):
    actions = client.get(f"{BASE}{at_bkn.code}", **bkn_actor).json()["actions"]
    assert "recommend_sanction" in [a["key"] for a in actions]
    assert client.get(f"{BASE}{at_bkn.code}", **bkn_reader).json()["actions"] == []


def test_a_case_the_token_cannot_see_is_404(client, bkn_reader, open_case):
    assert client.get(f"{BASE}{open_case().code}", **bkn_reader).status_code == 404


def test_read_scope_cannot_act(client, bkn_reader, at_bkn):
    body = {"action": "recommend_sanction", "data": {}}
    response = client.post(
        f"{BASE}{at_bkn.code}/transitions", body, content_type="application/json", **bkn_reader
    )
    assert response.status_code == 403


def test_act_scope_recommends_through_the_same_service(client, bkn_actor, at_bkn, ppk_officer):
    data = {"codes": ["DS-06"], "sanction_category": "HD_BERAT", "reasoning": REASON}
    body = {"action": "recommend_sanction", "data": data, "expected_version": at_bkn.version}
    response = client.post(
        f"{BASE}{at_bkn.code}/transitions", body, content_type="application/json", **bkn_actor
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == workflow.State.RECOMMENDED
    assert response.json()["recommendations"][0]["body_key"] == "BKN"
    event = at_bkn.events.filter(type="transitioned").last()
    assert event.actor_label == "API: SBT" and event.organisation.kind == "bkn"


def test_missing_reasoning_is_422_naming_the_field(client, bkn_actor, at_bkn):
    body = {"action": "recommend_sanction", "data": {"codes": ["DS-06"]}}
    response = client.post(
        f"{BASE}{at_bkn.code}/transitions", body, content_type="application/json", **bkn_actor
    )
    assert response.status_code == 422
    assert "reasoning" in [e["field"] for e in response.json()["errors"]]


def test_a_stale_version_is_409(client, bkn_actor, at_bkn):
    body = {
        "action": "return_to_bawaslu",
        "data": {"reasoning": REASON},
        "expected_version": at_bkn.version - 1,
    }
    response = client.post(
        f"{BASE}{at_bkn.code}/transitions", body, content_type="application/json", **bkn_actor
    )
    assert response.status_code == 409


def test_timeline_carries_the_hash_chain(client, bkn_reader, at_bkn):
    events = client.get(f"{BASE}{at_bkn.code}/timeline", **bkn_reader).json()
    assert events[0]["prev_hash"] == "" and events[1]["prev_hash"] == events[0]["hash"]


def test_register_a_forwarded_case_once(client, bkn_actor, regions):
    body = {
        "title": "Aduan SBT",
        "civil_servant_name": "Sri Lestari",
        "channel": "sbt",
        "external_number": "SBT-77",
        "received_at": NOW.isoformat(),
        "region_code": "34.02",
    }
    first = client.post(BASE, body, content_type="application/json", **bkn_actor)
    assert first.status_code == 201 and first.json()["state"] == workflow.State.BKN_VERIFICATION
    again = client.post(BASE, body, content_type="application/json", **bkn_actor)
    assert again.status_code == 409


def test_a_forwarded_case_received_before_the_legal_clock_is_a_422_not_a_crash(
    client, bkn_actor, regions
):
    body = {
        "title": "Aduan SBT",
        "civil_servant_name": "Sri Lestari",
        "channel": "sbt",
        "external_number": "SBT-1900",
        "received_at": "1900-01-01T09:00:00+07:00",
        "region_code": "34.02",
    }
    response = client.post(BASE, body, content_type="application/json", **bkn_actor)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "received_at" and "1 Januari 1990" in error["message"]
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("region_code", "created"), [("34.02", True), ("34.04", False), ("99.99", False)]
)
def test_a_bawaslu_token_registers_cases_only_in_its_territory(
    client, bawaslu_bantul_officer, regions, region_code, created
):
    actor = token_for(Organisation.Kind.BAWASLU_KABKOTA, ["cases:act"], name="SIGAPLAPOR")
    body = {
        "title": "Aduan SP4N-LAPOR!",
        "civil_servant_name": "Sri Lestari",
        "channel": "sp4n_lapor",
        "external_number": f"LAPOR-{region_code}",
        "received_at": NOW.isoformat(),
        "region_code": region_code,
    }
    response = client.post(BASE, body, content_type="application/json", **actor)
    if created:
        assert response.status_code == 201
    else:
        assert response.status_code == 422
        assert [error["field"] for error in response.json()["errors"]] == ["region_code"]
    assert Case.objects.filter(external_number=f"LAPOR-{region_code}").exists() is created


def test_compliance_endpoint(client, bkn_reader, at_ppk):
    rows = client.get(f"{BASE}compliance", **bkn_reader).json()
    assert rows[0]["received"] == 1 and rows[0]["pending"] == 1


def test_openapi_documents_the_cases_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/cases/{code}/transitions" in paths


def _post_step(client, code, body, headers):
    return client.post(
        f"{BASE}{code}/transitions", body, content_type="application/json", **headers
    )


def _record_decree(client, case, **changes):
    """The PPK's system records its decree on `case`; `changes` replace the valid decree's
    fields."""
    decree = {
        "decree_number": "800/1/2024",
        "decree_signatory": "Bupati Bantul",
        "decree_date": "2024-10-07",
        "sanction": "PP94-BERAT-TURUN",
        "reasoning": REASON,
        **changes,
    }
    ppk = token_for("ppk", ["cases:act"], name="SIMPEG")
    body = {"action": "record_ppk_decision", "data": decree}
    return _post_step(client, case.code, body, ppk)


def test_every_workflow_action_has_one_input_schema_asking_for_its_inputs():
    from typing import get_args

    from netral.cases import api

    seen = []
    for schema in api.STEP_SCHEMAS:
        data = schema.model_fields["data"].annotation
        for action in get_args(schema.model_fields["action"].annotation):
            seen.append(action)
            expected = {item.value for item in workflow.transition(action).inputs} | {"note"}
            if action == workflow.RECOMMEND_SANCTION:
                expected.add("conflict_of_interest")
            assert set(data.model_fields) == expected, action
    assert sorted(seen) == sorted(t.key for t in workflow.TRANSITIONS)


def test_openapi_shows_the_input_schema_of_each_action(client):
    document = client.get("/api/openapi.json").json()
    body = document["paths"]["/api/cases/{code}/transitions"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    mapping = schema["discriminator"]["mapping"]
    assert mapping["record_ppk_decision"].endswith("/RecordPpkDecisionIn")
    assert mapping["start_disciplinary_examination"].endswith("/FormExaminationTeamIn")
    components = document["components"]["schemas"]
    assert "decree_date" in components["DecreeData"]["properties"]
    assert "superior" in components["TeamMembers"]["properties"]


def test_an_unknown_action_is_422_naming_the_action(client, bkn_actor, at_bkn):
    response = _post_step(client, at_bkn.code, {"action": "fly_away", "data": {}}, bkn_actor)
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "errors"}
    at_bkn.refresh_from_db()
    assert at_bkn.state == workflow.State.BKN_VERIFICATION


def test_an_action_the_token_may_not_take_is_403(client, bkn_actor, at_bkn):
    body = {"action": "start_review", "data": {}}
    assert _post_step(client, at_bkn.code, body, bkn_actor).status_code == 403


def test_the_ppk_forms_its_team_and_records_its_decree_through_the_api(client, at_ppk, ppk_officer):
    ppk = token_for("ppk", ["cases:act"], name="SIMPEG")
    team = {"superior": "Sekda", "inspektorat": "Inspektorat Bantul", "personnel": "BKPSDM"}
    body = {"action": "start_disciplinary_examination", "data": {"examination_team": team}}
    response = _post_step(client, at_ppk.code, body, ppk)
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == workflow.State.DISCIPLINARY_EXAMINATION
    response = _record_decree(client, at_ppk)
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == workflow.State.FOLLOW_UP


def test_a_bad_decree_date_is_422_with_the_translated_message(client, at_ppk, ppk_officer):
    response = _record_decree(
        client, at_ppk, decree_number="1", decree_date="kemarin", reasoning=""
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"decree_date", "reasoning"} <= fields


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "__all__", "Bidang action wajib diisi."),
        ({"action": "meledak", "expected_version": 1}, None, "meledak bukan salah satu dari:"),
        ({"action": "x" * 5000, "expected_version": 1}, None, "bukan salah satu dari:"),
    ],
)
def test_a_wrong_action_is_told_in_indonesian_and_never_echoed_whole(
    client, bkn_actor, at_bkn, body, field, message
):
    response = client.post(
        f"{BASE}{at_bkn.code}/transitions", body, content_type="application/json", **bkn_actor
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert message in error["message"] and "x" * 60 not in error["message"]
    if field:
        assert error["field"] == field


def test_a_flag_that_is_not_true_or_false_is_told_in_indonesian(client, bkn_reader):
    response = client.get(f"{BASE}?overdue=abc", **bkn_reader)
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Isi dengan true atau false."


def test_an_over_long_reasoning_is_422_naming_the_limit_never_cut(client, at_ppk, ppk_officer):
    response = _record_decree(client, at_ppk, reasoning="a" * 200_000)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"].rsplit(".", 1)[-1] for e in errors] == ["reasoning"], errors
    assert "10000" in errors[0]["message"].replace(".", ""), errors
    assert not at_ppk.decisions.filter(kind="ppk_decree").exists()
