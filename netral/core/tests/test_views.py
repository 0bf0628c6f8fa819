import pytest


@pytest.mark.django_db
def test_health_check_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_home_is_in_indonesian_by_default_with_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="id"' in response.text
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_openapi_document_is_published(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Netral API"
