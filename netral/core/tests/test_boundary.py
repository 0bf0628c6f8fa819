"""The input boundary: every reproducer of issue 12, item 1, answers a clear 400/413/422.

NUL only crashes PostgreSQL, so these tests matter most there; they run on both databases.
"""

import json
import re

import pytest
from django.http import QueryDict
from django.test import Client

from netral.accounts.models import Organisation
from netral.cases import services as case_services
from netral.core import boundary
from netral.registry import selectors as registry_selectors

NUL_MESSAGE = "tidak dapat disimpan"  # Indonesian, the default language


@pytest.fixture
def token(bkn_officer):
    organisation = Organisation.objects.get(kind="bkn")
    _token, raw = case_services.create_api_token(
        organisation=organisation,
        name="Fuzz",
        scopes=["cases:read", "cases:act"],
        days=30,
        by=None,
        now=bkn_officer.date_joined,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def assert_error_shape(response, status, field=None):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    if field is not None:
        assert [error["field"] for error in body["errors"]] == [field]
        assert NUL_MESSAGE in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/registry/agencies?q=a%00b", "q"),
        ("/api/registry/regions?q=a%00b", "q"),
        ("/api/registry/regions/34%00/children", "path"),
        ("/api/rules/entries?q=a%00b", "q"),
    ],
)
@pytest.mark.django_db
def test_a_nul_in_a_public_api_query_is_a_400_in_the_error_shape(client, url, field):
    assert_error_shape(client.get(url), 400, field)


@pytest.mark.parametrize("param", ["q", "region", "agency", "state"])
@pytest.mark.django_db
def test_a_nul_in_a_case_queue_filter_is_a_400(client, token, param):
    assert_error_shape(client.get(f"/api/cases/?{param}=a%00b", **token), 400, param)


@pytest.mark.django_db
def test_a_huge_offset_is_a_422_not_a_database_error(client, token):
    response = client.get("/api/cases/?offset=99999999999999999999", **token)
    assert_error_shape(response, 422)
    assert response.json()["errors"][0]["field"] == "offset"


@pytest.mark.parametrize(
    ("url", "payload", "field"),
    [
        ("/api/cases/KASUS-1/tags", {"add": ["ok", "a\x00b"]}, "add.1"),
        (
            "/api/cases/KASUS-1/transitions",
            {"action": "close", "data": {"note": "a\x00b"}},
            "data.note",
        ),
        (
            "/api/cases/",
            {"title": "x\x00", "channel": "sp4n", "external_number": "1", "received_at": "x"},
            "title",
        ),
        ("/api/cases/KASUS-1/tags", {"add": ["\ud800"]}, "add.0"),  # half a surrogate pair
    ],
)
@pytest.mark.django_db
def test_a_nul_or_broken_character_in_a_json_body_is_a_400(client, token, url, payload, field):
    body = json.dumps(payload)  # escapes NUL as \u0000 and the surrogate as \ud800
    response = client.post(url, body, content_type="application/json", **token)
    assert_error_shape(response, 400, field)


def test_a_paired_surrogate_escape_is_an_ordinary_character():
    assert boundary._bad_json(json.dumps({"tag": "😀"}).encode()) == []
    assert boundary._bad_json(b'{"tag": "\\ud83d\\ude00"}') == []


@pytest.mark.django_db
def test_a_nul_in_a_form_field_is_a_400_api_error(client):
    response = client.post("/api/reports/", {"description": "a\x00b"})
    assert_error_shape(response, 400, "description")


def test_a_form_keeps_its_values_without_the_unstorable_characters():
    form = QueryDict("note=a%00b&note=c")
    cleaned = boundary.without_unstorable(form)
    assert cleaned.getlist("note") == ["ab", "c"]
    assert not cleaned._mutable


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/lapor/cek/", {"rece\x00ipt": "A"}),  # a field's name: no person typed that
        ("/lapor/cek/?x=a%00b", {"receipt": "a\x00b"}),  # the query string too
    ],
)
@pytest.mark.django_db
def test_a_page_form_with_a_nul_outside_its_values_is_still_refused(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 400
    assert NUL_MESSAGE in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/registri/wilayah/cari/?q=a%00b",
        "/registri/instansi/cari/?q=a%00b",
        "/registri/wilayah/kaskade/?name=region&region_1=a%00b",
        "/registri/wilayah/?q=a%00b",
    ],
)
@pytest.mark.django_db
def test_a_nul_in_a_page_query_is_a_friendly_translated_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert NUL_MESSAGE in response.text
    assert "Content-Security-Policy" in response  # the refusal keeps the site's headers


@pytest.mark.django_db
def test_a_nul_in_a_cookie_never_reaches_the_session_table(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/staf/").status_code == 400


@pytest.mark.django_db
def test_the_refusal_speaks_english_to_an_english_visitor(client):
    client.cookies["django_language"] = "en"
    response = client.get("/api/registry/regions?q=a%00b")
    assert "cannot be stored" in response.json()["errors"][0]["message"]


@pytest.mark.django_db
def test_ordinary_input_still_passes(client, regions):
    response = client.get("/api/registry/regions?q=Bantul")
    assert response.status_code == 200
    assert client.get("/registri/wilayah/cari/?q=Bantul").status_code == 200


@pytest.mark.django_db
def test_a_body_over_the_limit_is_a_413_in_the_error_shape(client, token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
    body = json.dumps({"add": ["x" * (5 * 1024 * 1024)]})
    response = client.post(
        "/api/cases/KASUS-1/tags", body, content_type="application/json", **token
    )
    assert_error_shape(response, 413)


@pytest.mark.django_db
def test_more_than_a_thousand_fields_is_a_413(client):
    fields = {f"f{number}": "x" for number in range(1001)}
    assert_error_shape(client.post("/api/reports/", fields), 413)
    page = client.post("/lapor/baru/", fields)
    assert page.status_code == 413 and "text/html" in page["Content-Type"]
    assert ">413<" in page.text and "terlalu besar" in page.text


@pytest.mark.django_db
def test_django_errors_under_the_api_answer_in_the_error_shape(client):
    assert_error_shape(client.get("/api/no-such-endpoint"), 404)
    response = client.delete("/api/registry/regions")
    assert_error_shape(response, 405)
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_a_crash_in_an_api_view_is_a_500_in_the_error_shape(monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(registry_selectors, "autocomplete_regions", crash)
    response = Client(raise_request_exception=False).get("/api/registry/regions?q=x")
    assert_error_shape(response, 500)
    assert "boom" not in response.text


@pytest.mark.django_db
def test_every_operation_documents_the_error_shape(client):
    document = client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "default"} <= set(responses), f"{method} {path}"
            if operation.get("parameters") or "requestBody" in operation:
                assert "422" in responses, f"{method} {path}"
            if "requestBody" in operation:
                assert "413" in responses, f"{method} {path}"
    assert "ErrorOut" in document["components"]["schemas"]
    # Answers a client meets on these operations are in the document.
    paths = document["paths"]
    assert "404" in paths["/api/rules/entries/{code}"]["get"]["responses"]
    assert {"413", "422"} <= set(paths["/api/reports/"]["post"]["responses"])
    assert "422" in paths["/api/registry/regions"]["get"]["responses"]


@pytest.mark.parametrize("body", ["[null, null]", '"x"', "5", "not json"])
@pytest.mark.django_db
def test_a_body_that_is_not_a_json_object_is_a_translated_400(client, body):
    response = client.post("/api/rules/decide", body, content_type="application/json")
    assert_error_shape(response, 400)
    assert response.json()["detail"] == "Isi permintaan harus berupa objek JSON."


@pytest.mark.django_db
def test_a_date_must_be_written_as_a_date_not_a_number(client):
    assert client.get("/api/rules/entries?on=2024-10-01").status_code == 200
    response = client.get("/api/rules/entries?on=0")
    assert_error_shape(response, 422)
    assert "TTTT-BB-HH" in response.json()["errors"][0]["message"]


@pytest.mark.django_db
def test_every_free_string_in_the_document_declares_the_no_nul_rule(client):
    document = client.get("/api/openapi.json").json()
    search = document["paths"]["/api/registry/regions"]["get"]["parameters"]
    q = next(param for param in search if param["name"] == "q")
    assert q["schema"]["pattern"] == "^[^\\x00]*$" and q["schema"]["maxLength"] == 100


@pytest.mark.django_db
def test_the_api_docs_page_loads_nothing_from_another_host(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    links = re.findall(r'(?:src|href)="([^"]*)"', response.text)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in links
    assert all(link.startswith("/static/") for link in links), links
    assert "http" not in response.text and "<script>" not in response.text  # no inline script
    assert "Content-Security-Policy" in response
    for path in ("vendor/swagger-ui/swagger-ui-bundle.js", "netral/api-docs.js"):
        assert client.get(f"/static/{path}").status_code == 200


@pytest.mark.django_db
def test_a_refusal_to_an_htmx_request_replaces_the_page_not_the_fragment(client):
    # htmx swaps 400 answers (base.html); the boundary's 400 is a whole page, so it must say
    # where it goes, or the site would nest inside the search results.
    response = client.get("/aturan/?q=kampanye%00", HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert response["HX-Retarget"] == "body"
    assert response["HX-Reswap"] == "innerHTML"
    assert response["HX-Push-Url"] == "false"
    assert "HX-Retarget" not in client.get("/aturan/?q=kampanye%00")


@pytest.mark.django_db
def test_the_api_s_input_errors_speak_the_reader_s_language_and_name_plain_fields(client):
    wrong_type = client.get("/api/registry/regions?level=abc").json()
    assert wrong_type["errors"] == [
        {"field": "level", "message": "Masukkan keseluruhan angka bilangan."}
    ]
    missing = client.post("/api/reports/replies", {"body": "Ini fotonya."}).json()
    assert {"field": "receipt", "message": "Bidang ini tidak boleh kosong."} in missing["errors"]


@pytest.mark.django_db
def test_a_program_asks_the_api_for_english_with_accept_language(client):
    english = client.get("/api/registry/regions?level=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == "The data sent is not valid."
    assert english.json()["errors"][0]["message"] == "Enter a whole number."
    page = client.get("/aturan/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="id">' in page.content.decode()  # pages stay Indonesian first
