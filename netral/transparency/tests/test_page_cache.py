"""The public pages' full-page cache (decision 0140): anonymous visitors get the stored page,
signed-in users never do, each language has its own copy, a figures refresh or an announcement
makes a new page, and a conditional request gets 304."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from netral.core import page_cache
from netral.insights import services as insights_services
from netral.transparency import policies, services

pytestmark = pytest.mark.django_db

STATISTICS = "/publik/statistik/"


def get(client, url=STATISTICS, **meta):
    return client.get(url, **meta)


def test_an_anonymous_repeat_is_served_from_the_cache(client, regions):
    first = get(client)
    second = get(client)
    assert first.status_code == second.status_code == 200
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert first.content == second.content
    assert not first.cookies and not second.cookies  # no CSRF cookie, no session
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert second["Cache-Control"] == f"public, max-age={page_cache.client_seconds()}"
    assert "Cookie" in second["Vary"]
    assert second["ETag"] == first["ETag"] and second["Last-Modified"]


@pytest.mark.parametrize(
    "name", ["transparency:index", "transparency:league", "transparency:neutrality"]
)
def test_the_public_pages_are_cached(client, regions, name):
    get(client, reverse(name))
    assert get(client, reverse(name))["X-Page-Cache"] == "hit"


def test_a_signed_in_user_never_gets_the_cached_page(client, regions, bawaslu_bantul_officer):
    anonymous = get(client)
    assert get(client)["X-Page-Cache"] == "hit"
    client.force_login(bawaslu_bantul_officer)
    signed_in = get(client)
    assert "X-Page-Cache" not in signed_in
    assert signed_in["Cache-Control"] == "no-store, private"
    page = signed_in.content.decode()
    assert bawaslu_bantul_officer.get_username() in page and "csrfmiddlewaretoken" in page
    assert bawaslu_bantul_officer.get_username() not in anonymous.content.decode()
    # and what a signed-in user was shown is never stored for the next anonymous visitor
    page_cache.bump()
    get(client)
    assert Client().get(STATISTICS)["X-Page-Cache"] == "miss"


def test_language_variants_are_separate_copies(client, regions):
    indonesian = get(client)
    client.cookies["django_language"] = "en"
    english = get(client)
    assert english["X-Page-Cache"] == "miss"
    assert 'lang="en"' in english.content.decode()
    assert get(client)["X-Page-Cache"] == "hit"
    del client.cookies["django_language"]
    again = get(client)
    assert again["X-Page-Cache"] == "hit" and again.content == indonesian.content
    assert 'lang="id"' in again.content.decode()
    assert english["ETag"] != indonesian["ETag"]


def test_the_language_switch_works_from_a_cached_page(regions):
    strict = Client(enforce_csrf_checks=True)
    strict.get(STATISTICS)
    assert strict.get(STATISTICS)["X-Page-Cache"] == "hit"
    switched = strict.post(reverse("set_language"), {"language": "en", "next": STATISTICS})
    assert switched.status_code == 302 and switched["Location"] == STATISTICS
    assert 'lang="en"' in strict.get(STATISTICS).content.decode()


def test_a_figures_refresh_makes_a_new_page(client, regions, django_capture_on_commit_callbacks):
    get(client)
    assert get(client)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        insights_services.refresh_figures(now=timezone.now(), scopes=[])
    assert get(client)["X-Page-Cache"] == "miss"
    assert get(client)["X-Page-Cache"] == "hit"


def test_a_new_announcement_makes_a_new_page(
    client, regions, bawaslu_bantul_officer, django_capture_on_commit_callbacks
):
    url = reverse("transparency:announcements")
    get(client, url)
    title = "Sosialisasi netralitas di Bantul"
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_announcement(
            by=bawaslu_bantul_officer,
            organisation=policies.publishing_organisations(bawaslu_bantul_officer)[0],
            title=title,
            body="Isi.",
            now=timezone.now(),
        )
    fresh = get(client, url)
    assert fresh["X-Page-Cache"] == "miss" and title in fresh.content.decode()


def test_a_conditional_request_gets_304(client, regions):
    first = get(client)
    again = get(client, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    assert again["ETag"] == first["ETag"] and "public" in again["Cache-Control"]
    since = get(client, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert get(client, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_conditional_first_request_also_gets_304(client, regions):
    etag = get(client)["ETag"]
    page_cache.bump()  # a new generation: the page is rendered again, identical
    again = get(client, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["X-Page-Cache"] == "miss"


@pytest.mark.parametrize(
    "url",
    [
        STATISTICS + "?utm_source=x",  # a parameter no page reads
        STATISTICS + "?region=34&region=35",  # a parameter twice
        STATISTICS + "?region=99.99",  # an unknown code: a 404 page
        "/publik/data/kepatuhan-ppk.csv",  # a streamed download
    ],
)
def test_what_is_never_stored(client, regions, url):
    client.get(url)
    assert client.get(url).get("X-Page-Cache") != "hit"


@pytest.mark.parametrize(
    "url",
    [
        "/publik/metodologi/?agency=zz",  # a page that reads no parameter
        "/publik/kepatuhan-ppk/?agency=x",  # a page that reads no agency
        "/publik/?region=34",
    ],
)
def test_a_parameter_the_page_ignores_is_never_stored(client, regions, url):
    assert client.get(url).status_code == 200
    assert client.get(url).get("X-Page-Cache") != "hit"


def test_an_encoded_value_is_not_another_query(client, regions, pilkada_bantul):
    """`?election=x%26region%3D34` is one parameter, not two: it must not share a key with
    `?election=x&region=34`, nor be stored for a page whose election is in its address."""
    scoped = f"/publik/statistik/?election={pilkada_bantul.code}&region=34.02"
    glued = f"/publik/statistik/?election={pilkada_bantul.code}%26region%3D34.02"
    assert client.get(glued).status_code == 404  # no election has that code
    assert client.get(scoped)["X-Page-Cache"] == "miss"
    own = reverse("transparency:election", args=[pilkada_bantul.code])
    for url in (own + "?election=x%26region%3D34.02", own + "?election=x"):
        client.get(url)
        assert client.get(url).get("X-Page-Cache") != "hit"


def test_the_host_and_scheme_are_part_of_the_key(client, regions, settings):
    settings.ALLOWED_HOSTS = ["testserver", "netral.example"]
    feed = reverse("transparency:announcement_feed")
    client.get(feed)
    other = client.get(feed, HTTP_HOST="netral.example", secure=True)
    assert other["X-Page-Cache"] == "miss"
    assert client.get(feed, HTTP_HOST="netral.example", secure=True)["X-Page-Cache"] == "hit"


def test_a_query_is_part_of_the_key(client, regions):
    whole = get(client, STATISTICS)
    scoped = get(client, STATISTICS + "?region=34")
    assert scoped["X-Page-Cache"] == "miss" and scoped.content != whole.content
    assert get(client, STATISTICS + "?region=34")["X-Page-Cache"] == "hit"


def test_a_post_or_htmx_request_bypasses_the_cache(client, regions):
    get(client)
    assert "X-Page-Cache" not in get(client, HTTP_HX_REQUEST="true")


def test_the_cache_can_be_switched_off(client, regions, settings):
    settings.NETRAL_PUBLIC_PAGE_CACHE = False
    get(client)
    response = get(client)
    assert "X-Page-Cache" not in response and response["Cache-Control"] == "no-store, private"


def test_the_public_api_is_cached(client, regions):
    url = "/api/public/datasets/pelanggaran-per-kode"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_server_life_never_outlasts_the_stored_figures(settings):
    settings.NETRAL_PUBLIC_CACHE_SECONDS = 900
    settings.NETRAL_FIGURES_MAX_AGE = 600
    settings.NETRAL_PUBLIC_PAGE_MAX_AGE = 3600
    assert page_cache.server_seconds() == 600 and page_cache.client_seconds() == 600


def test_a_process_serves_its_own_copy_for_a_moment(
    client, regions, settings, django_assert_num_queries
):
    settings.NETRAL_PUBLIC_PAGE_LOCAL_SECONDS = 60
    page_cache.bump()
    get(client)
    with django_assert_num_queries(0):
        assert get(client)["X-Page-Cache"] == "hit"
    page_cache.bump()  # a refresh in this process is seen at once
    assert get(client)["X-Page-Cache"] == "miss"
    page_cache._LOCAL.seen(None)  # leave no copy behind for the next test


def test_a_cached_page_comes_gzipped_to_who_accepts_it(client, regions):
    import gzip

    plain = get(client)
    zipped = get(client, HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped["X-Page-Cache"] == "hit" and zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert "Accept-Encoding" in zipped["Vary"] and zipped["ETag"] == "W/" + plain["ETag"]
    assert get(client, HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 304
