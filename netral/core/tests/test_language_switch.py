"""The language switch returns to a page that answers GET, also from the answer to a form."""

import re

import pytest

NEXT = re.compile(r'<form class="lang-switch".*?name="next" value="([^"]*)"', re.S)


def _next(response) -> str:
    found = NEXT.search(response.content.decode())
    assert found is not None
    return found.group(1)


@pytest.mark.django_db
def test_a_page_returns_to_itself(client):
    assert _next(client.get("/aturan/?q=kampanye")) == "/aturan/?q=kampanye"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("referer", "expected"),
    [
        ("http://testserver/lapor/cek/?dari=beranda", "/lapor/cek/?dari=beranda"),
        ("https://elsewhere.example/lapor/cek/", "/"),  # never another site
        ("", "/"),
    ],
)
def test_the_answer_to_a_form_returns_to_the_page_the_form_was_on(client, referer, expected):
    # A wrong receipt re-shows the form in the answer to the POST, whose address answers GET
    # here, but other forms' addresses (a code sheet) answer only POST: the switch must not
    # send the reader there.
    headers = {"HTTP_REFERER": referer} if referer else {}
    response = client.post("/lapor/cek/", {"receipt": "SALAH"}, **headers)
    assert response.status_code == 200
    assert _next(response) == expected
