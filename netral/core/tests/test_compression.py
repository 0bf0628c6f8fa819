"""Responses are gzipped only where no secret can leak through their size (BREACH, 0083)."""

import gzip

import pytest

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, br"}


def test_a_public_page_for_a_visitor_without_a_session_is_gzipped(client):
    response = client.get("/aturan/", **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)
    assert "Accept-Encoding" in response["Vary"]


def test_an_api_answer_is_gzipped(client, regions):
    response = client.get("/api/rules/deadline-rules", **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"


def test_a_staff_page_is_never_compressed(client_for, bawaslu_bantul_officer):
    client = client_for(bawaslu_bantul_officer)
    response = client.get("/kasus/", **GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_a_visitor_with_a_session_gets_no_compression(client):
    client.cookies["sessionid"] = "anything"
    response = client.get("/aturan/", **GZIP)
    assert not response.has_header("Content-Encoding")


def test_a_posted_form_answer_is_never_compressed(client, regions):
    from netral.reports.tests import factories

    response = client.post("/lapor/", factories.web_post_data(), **GZIP)
    assert not response.has_header("Content-Encoding")


def test_no_compression_without_accept_encoding(client):
    assert not client.get("/aturan/").has_header("Content-Encoding")
