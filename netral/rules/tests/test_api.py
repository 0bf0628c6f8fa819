"""JSON API of the rules app."""

import pytest

from netral.rules import deadlines

URL = "/api/rules/"


@pytest.mark.django_db
def test_entries_list_and_detail(client):
    listed = client.get(URL + "entries", {"q": "suka"}).json()
    assert [e["code"] for e in listed] == ["KE-04", "DS-06"]
    detail = client.get(URL + "entries/ke-04", {"lang": "en"}).json()
    assert detail["title"].startswith("Posting, commenting")
    assert detail["sanctions"][0]["code"] == "PP42-TERTUTUP"
    assert client.get(URL + "entries/XX-01").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["family", "election_kind"])  # the old name is still accepted
def test_decide(client, name):
    body = {"act": "favouring_decision", "incident_date": "2024-10-01", name: "pilkada"}
    result = client.post(URL + "decide", body, content_type="application/json").json()
    assert result["codes"] == ["DS-12", "PID-01"]
    assert result["forward_to"] == ["BKN", "GAKKUMDU"]


@pytest.mark.django_db
def test_the_evidence_to_keep_is_in_the_reader_s_language(client):
    import datetime as dt

    from netral.rules import catalogue

    entry = catalogue.entry("DS-06", dt.date(2024, 10, 1))
    assert entry is not None
    body = {
        "act": "social_media_support",
        "incident_date": "2024-10-01",
        "family": "pilkada",
        "target_status": "calon",
        "interaction": "like",
        "asn_kind": "pns",
    }
    said = {}
    for lang in ("id", "en"):
        answer = client.post(f"{URL}decide?lang={lang}", body, content_type="application/json")
        said[lang] = answer.json()["evidence_needed"]
    assert said["id"] == [text.id for text in entry.evidence]
    assert said["en"] == [text.en for text in entry.evidence]
    assert said["id"] != said["en"]


@pytest.mark.django_db
def test_the_published_parameter_is_family(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "family" in schemas["FactsIn"]["properties"]
    assert "election_kind" not in schemas["FactsIn"]["properties"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"act": "dance"}, "act"),
        ({"act": "banner", "family": "pilpres"}, "family"),
        ({"act": "banner", "campaign_start": "2024-01-01"}, "campaign_end"),
    ],
)
def test_decide_refuses_bad_input_with_the_field(client, body, field):
    response = client.post(URL + "decide", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


@pytest.mark.django_db
def test_check_gives_a_verdict_and_alternatives(client):
    body = {"act": "banner", "incident_date": "2024-10-01", "election_kind": "pilkada"}
    result = client.post(URL + "check", body, content_type="application/json").json()
    assert result["verdict"] == "tergantung"
    assert [a["codes"] for a in result["alternatives"]] == [["KE-01"], ["DS-01"]]


@pytest.mark.django_db
def test_due_and_rules(client):
    result = client.get(URL + "due", {"rule": "pemilu.report", "start": "2024-04-05"}).json()
    assert result["due_date"] == "2024-04-24"
    assert result["unit"] == "working_days"
    assert client.get(URL + "due", {"rule": "nope", "start": "2024-04-05"}).status_code == 422
    assert len(client.get(URL + "deadline-rules").json()) == len(deadlines.rules())


@pytest.mark.django_db
def test_versions_and_diff(client):
    assert [v["id"] for v in client.get(URL + "versions").json()][-1] == "2024-08-24"
    diff = client.get(URL + "versions/diff", {"a": "2023-10-31", "b": "2024-08-24"}).json()
    assert diff["recommending_body"] == ["KASN", "BKN"]
    assert client.get(URL + "versions/diff", {"a": "x", "b": "y"}).status_code == 422


@pytest.mark.django_db
def test_openapi_documents_the_rules_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/rules/decide", "/api/rules/check", "/api/rules/due"} <= set(paths)


@pytest.mark.django_db
def test_decide_for_someone_outside_the_asn_rules(client):
    body = {
        "act": "favouring_decision",
        "incident_date": "2024-10-01",
        "election_kind": "pilkada",
        "asn_kind": "village_head",
    }
    result = client.post(URL + "decide", body, content_type="application/json").json()
    assert result["codes"] == ["PID-01"] and result["outside_asn"]
    assert result["forward_to"] == ["GAKKUMDU", "BAWASLU", "REGIONAL_HEAD"]
    assert result["unverified_reasons"]  # the village-law reading is recalled (R)
    body["act"] = "banner"
    check = client.post(URL + "check", body, content_type="application/json").json()
    assert check["verdict"] == "bukan_asn"


@pytest.mark.django_db
def test_decide_takes_the_recommending_body_from_the_day_it_is_issued(client):
    body = {
        "act": "partisan_activity",
        "incident_date": "2024-08-01",
        "election_kind": "pilkada",
        "asn_kind": "pns",
    }
    issued_by = {}
    for day in ("2024-08-23", "2024-08-24"):
        payload = {**body, "recommendation_date": day}
        result = client.post(URL + "decide", payload, content_type="application/json").json()
        issued_by[day] = result["forward_to"]
    assert issued_by == {"2024-08-23": ["KASN"], "2024-08-24": ["BKN"]}


@pytest.mark.django_db
def test_decide_refuses_an_unknown_status(client):
    body = {"act": "banner", "asn_kind": "army"}
    response = client.post(URL + "decide", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "asn_kind"
