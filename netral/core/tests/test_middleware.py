import pytest


@pytest.mark.django_db
def test_an_english_browser_still_gets_indonesian_by_default(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in response.text


@pytest.mark.django_db
def test_the_language_switch_is_honoured(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert 'lang="en"' in response.text


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_indonesian(client):
    client.cookies["django_language"] = "fr"
    response = client.get("/")
    assert 'lang="id"' in response.text
