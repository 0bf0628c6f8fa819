"""Every page without parameters, opened by every actor of the cast.

App tests hold the detailed permission matrices of their own views; this one makes sure no
page of any app answers a 5xx to anyone, and no staff page opens for an anonymous visitor.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import ACTORS

# Pages that only staff may open (prefixes); everything else may be public.
STAFF_ONLY = (
    "/staf/",
    "/kasus/",
    "/lapor/staf/",
    "/pemantauan/",
    "/pencegahan/staf/",
    "/akun/organisasi/",
    "/admin/",
)
# Pages that are not HTML pages a person opens with GET.
SKIPPED = ("/api/", "/i18n/", "/akun/keluar/")


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not re.search(r"[<(\\^$?*]", route):
            yield "/" + route


def parameterless_urls():
    return sorted(
        {url for url in _walk(get_resolver().url_patterns) if not url.startswith(SKIPPED)}
    )


def test_the_walk_finds_the_main_pages():
    urls = parameterless_urls()
    assert {"/", "/lapor/", "/aturan/cek/", "/kasus/", "/registri/"} <= set(urls)


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS, indirect=True)
@pytest.mark.parametrize("url", parameterless_urls())
def test_no_page_fails_and_staff_pages_stay_closed(actor, url, client_for):
    response = client_for(actor).get(url)
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    if actor is None and url.startswith(STAFF_ONLY):
        assert response.status_code in (302, 403, 404), f"{url} is open to anonymous visitors"
