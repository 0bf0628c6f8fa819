"""What an API client meets when it gets something wrong: a readable OpenAPI document, a 400
for a body of the wrong kind, messages in its language that never echo a huge input back, a
308 that keeps a POST sent without its final slash, and a 401 that says how to authenticate."""

import json

import pytest

from netral.core.tests.test_boundary import assert_error_shape

pytestmark = pytest.mark.django_db


def _refuse_twins(pairs):
    keys = [key for key, _value in pairs]
    assert len(keys) == len(set(keys)), f"duplicate keys: {keys}"
    return dict(pairs)


def test_the_openapi_document_names_no_answer_twice(client):
    text = client.get("/api/openapi.json").content.decode()
    document = json.loads(text, object_pairs_hook=_refuse_twins)
    responses = document["paths"]["/api/registry/regions/{code}"]["get"]["responses"]
    assert {"200", "404", "422"} <= set(responses)


def test_a_form_body_sent_to_a_json_operation_is_a_400_not_a_crash(client):
    body = b'--xx\r\nContent-Disposition: form-data; name="act"\r\n\r\nKE-01\r\n--xx--\r\n'
    response = client.generic(
        "POST", "/api/rules/decide", body, content_type="multipart/form-data; boundary=xx"
    )
    assert_error_shape(response, 400)
    assert response.json()["detail"] == "Isi permintaan harus berupa objek JSON."


def test_a_json_body_sent_to_the_report_form_is_a_400_saying_to_send_a_form(client):
    response = client.post("/api/reports/", {"track": "tip"}, content_type="application/json")
    assert_error_shape(response, 400)
    assert "multipart/form-data" in response.json()["detail"]
    assert response.json()["detail"].startswith("Kirim sebagai formulir")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/rules/entries?on=abc", "Tulis tanggal sebagai TTTT-BB-HH."),
        ("/api/rules/entries?lang=abc", "Pilih pilihan yang valid, salah satu dari: 'id' or 'en'."),
    ],
)
def test_query_mistakes_are_told_in_indonesian_without_pydantics_words(client, path, expected):
    response = client.get(path)
    assert_error_shape(response, 422)
    assert response.json()["errors"][0]["message"] == expected


def test_a_huge_value_is_never_echoed_back_whole(client):
    response = client.get("/api/rules/versions/diff", {"a": "x" * 3000, "b": "y"})
    assert_error_shape(response, 422)
    message = response.json()["errors"][0]["message"]
    assert message.startswith("Versi x") and len(message) < 100


def test_an_english_client_reads_english(client):
    response = client.get("/api/rules/entries?on=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["errors"][0]["message"] == "Give the date as YYYY-MM-DD."


def test_a_post_without_the_final_slash_is_sent_on_with_its_method(client):
    response = client.post("/api/reports", {"track": "tip"})
    assert response.status_code == 308
    assert response["Location"] == "/api/reports/"
    # A GET keeps Django's 301 (a browser's link is followed the same way).
    page = client.get("/lapor")
    assert page.status_code == 301 and page["Location"] == "/lapor/"


def test_a_missing_token_is_a_401_that_names_the_scheme(client):
    response = client.get("/api/cases/")
    assert_error_shape(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]
