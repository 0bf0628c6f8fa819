import pytest

from netral.registry import election_file
from netral.registry import services as registry_services
from netral.registry.tests.test_loaders import ELECTION


def test_region_detail_with_path(client, regions):
    data = client.get("/api/registry/regions/34.02.15").json()
    assert data["name"] == "Sewon"
    assert data["parent_code"] == "34.02"
    assert data["path"] == ["Daerah Istimewa Yogyakarta", "Kabupaten Bantul", "Sewon"]


def test_region_children_and_provinces(client, regions):
    children = client.get("/api/registry/regions/34/children").json()
    assert [c["code"] for c in children] == ["34.02", "34.04"]
    provinces = client.get("/api/registry/regions/00/children").json()
    assert [p["code"] for p in provinces] == ["34"]


def test_unknown_region_is_a_404_in_the_common_error_shape(client, regions):
    response = client.get("/api/registry/regions/77/children")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"q": "bantul"}, ["34.02"]),
        ({"q": "pendowo", "within": "34.02"}, ["34.02.15.2001"]),
        ({"q": "34", "level": 2}, ["34.02", "34.04"]),
        ({"q": ""}, []),
    ],
)
def test_region_autocomplete(client, regions, params, codes):
    response = client.get("/api/registry/regions", params)
    assert [r["code"] for r in response.json()] == codes


def test_region_autocomplete_rejects_bad_parameters(client, regions):
    response = client.get("/api/registry/regions", {"q": "a", "level": "x"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "level"


def test_agency_autocomplete_and_detail(client, agencies):
    found = client.get("/api/registry/agencies", {"q": "pendidikan"}).json()
    assert [a["code"] for a in found] == ["PEMDA-3402-DISDIK"]
    assert found[0]["parent_code"] == "PEMDA-3402"
    detail = client.get("/api/registry/agencies/pemda-3402").json()
    assert (detail["region_code"], detail["ppk_position"]) == ("34.02", "Bupati Bantul")
    assert client.get("/api/registry/agencies/NOPE").status_code == 404


def test_agency_api_never_exposes_civil_servants(client, civil_servants):
    text = client.get("/api/registry/agencies/PEMDA-3402-DISDIK").text
    assert civil_servants["disdik"].nip not in text


def test_election_detail(client, regions):
    election = registry_services.load_election_file(election_file.parse(ELECTION))
    data = client.get(f"/api/registry/elections/{election.code}").json()
    assert data["region_code"] == "34.02"
    assert [c["number"] for c in data["candidates"]] == [1, 2]
    quiet = next(s for s in data["stages"] if s["key"] == "quiet_period")
    assert (quiet["confidence"], quiet["verified"]) == ("R", False)


def test_openapi_documents_the_registry_endpoints(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/registry/regions", "/api/registry/elections/{code}"} <= set(paths)
