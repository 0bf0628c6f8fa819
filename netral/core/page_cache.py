"""A full-page cache of the public pages for anonymous visitors (decision 0140).

A view opts in with `@public_page` (an API operation calls `mark`). The middleware then answers
a repeat of the same page from the configured Django cache, before sessions, CSRF, users and the
view run: one cache read. The cache is the shared one in `CACHES["default"]` (a database table by
default), so every web process on every machine serves the same copy and sees the same refresh.

What is cached, and for whom:
- only GET requests under `PREFIXES`, with no session cookie (so never a signed-in user, whose
  session cookie is what signs them in) and not from htmx;
- only query strings made of `PARAMETERS`, each once, and only those the view says it reads
  (`@public_page(reads=…)`); anything else is served live and not stored, so a query string a
  page ignores can neither fill the cache nor be answered with another page;
- only 200 answers that set no cookie (no CSRF token, no session, no message) and do not
  stream; the key is scheme + host + path + the encoded, sorted query + language (pages such as
  the feed carry absolute addresses).

Every entry carries the generation it was made in. `bump()` starts a new generation: the
figures' refresh (decision 0100) and publishing or withdrawing an announcement call it, so the
next request renders a new page on every process. Entries also expire after
`NETRAL_PUBLIC_CACHE_SECONDS` (never longer than `NETRAL_FIGURES_MAX_AGE`).

Answers carry an ETag, Last-Modified, `Cache-Control: public, max-age=NETRAL_PUBLIC_PAGE_MAX_AGE`
and `Vary: Cookie`, so a reverse proxy and browsers may keep them, and a conditional request
gets 304 Not Modified.
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, overload

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, urlencode
from django.utils.text import compress_string
from django.utils.translation import get_language

PREFIXES = ("/publik/", "/api/public/")
# The query parameters the public pages read; any other makes a request uncacheable.
PARAMETERS = frozenset({"election", "region", "agency", "format"})
GENERATION_KEY = "page-cache:generation"
_MARK = "netral_public_page"
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_SKIPPED_HEADERS = frozenset({"set-cookie", "cache-control", "etag", "last-modified", "vary"})


def enabled() -> bool:
    return bool(getattr(settings, "NETRAL_PUBLIC_PAGE_CACHE", True))


def server_seconds() -> int:
    """How long the shared cache keeps a page: no longer than a stored figure may be old."""
    seconds = int(getattr(settings, "NETRAL_PUBLIC_CACHE_SECONDS", 300))
    return max(1, min(seconds, int(getattr(settings, "NETRAL_FIGURES_MAX_AGE", seconds))))


def client_seconds() -> int:
    """How long a browser or a proxy may show a page without asking again."""
    return max(0, min(int(getattr(settings, "NETRAL_PUBLIC_PAGE_MAX_AGE", 60)), server_seconds()))


def eligible(request: HttpRequest) -> bool:
    """Whether this request may be answered from, and stored in, the page cache."""
    if request.method != "GET" or not enabled():
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_HX_REQUEST" in request.META:
        return False
    if not request.path.startswith(PREFIXES):
        return False
    return all(name in PARAMETERS and len(request.GET.getlist(name)) == 1 for name in request.GET)


def _key(request: HttpRequest) -> str:
    query = urlencode(sorted((name, request.GET[name]) for name in request.GET))
    raw = f"{get_language() or ''}|{request.scheme}|{request.get_host()}|{request.path}|{query}"
    return "page-cache:" + hashlib.sha256(raw.encode()).hexdigest()


def generation() -> str:
    """The current generation, started if the cache holds none (a cleared or culled cache)."""
    found = cache.get(GENERATION_KEY)
    return str(found) if found is not None else bump()


def bump() -> str:
    """Starts a new generation: every page and public figure cached before it is stale."""
    value = str(time.time_ns())
    cache.set(GENERATION_KEY, value, None)
    _LOCAL.seen(value)
    return value


def local_seconds() -> float:
    return max(0.0, float(getattr(settings, "NETRAL_PUBLIC_PAGE_LOCAL_SECONDS", 1)))


class _LocalCopies:
    """Each process keeps the pages it served for `NETRAL_PUBLIC_PAGE_LOCAL_SECONDS` after it
    last read the generation from the shared cache: within that second a repeat costs no query.
    A refresh on another process or machine is seen at most that long after (0 turns it off)."""

    size = 256

    def __init__(self) -> None:
        self.generation: str | None = None
        self.checked = 0.0
        self.pages: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def seen(self, generation: str | None) -> None:
        with self.lock:
            if generation != self.generation:
                self.pages.clear()
            self.generation = generation
            self.checked = time.monotonic()

    def get(self, key: str) -> dict[str, Any] | None:
        if time.monotonic() - self.checked >= local_seconds():
            return None
        entry = self.pages.get(key)
        if entry is None or entry["generation"] != self.generation:
            return None
        if time.time() - entry["modified"] >= server_seconds():
            return None
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if not local_seconds():
            return
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


_LOCAL = _LocalCopies()


def mark(request: HttpRequest, reads: Iterable[str] = ()) -> None:
    """Declares the page being answered public: the same for every anonymous visitor asking
    with the query parameters `reads` (a parameter the page ignores keeps it from being stored)."""
    setattr(request, _MARK, eligible(request) and set(request.GET) <= set(reads))


def unmark(request: HttpRequest) -> None:
    """The page depends on more than its address says (a view overrode a parameter): render it
    live, with its CSRF token, and store nothing."""
    setattr(request, _MARK, False)


def is_public_render(request: HttpRequest) -> bool:
    """True while rendering a page that may be stored: templates leave out the CSRF token."""
    return bool(getattr(request, _MARK, False))


@overload
def public_page[F: Callable[..., Any]](view: F) -> F: ...


@overload
def public_page[F: Callable[..., Any]](*, reads: Iterable[str] = ()) -> Callable[[F], F]: ...


def public_page(view: Any = None, *, reads: Iterable[str] = ()) -> Any:
    """Marks a view's answers as public pages (see the module's description): `@public_page`
    for a page that reads no query parameter, `@public_page(reads=SCOPE)` for one that does."""
    allowed = frozenset(reads)

    def decorate(function: Any) -> Any:
        @wraps(function)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            mark(request, allowed)
            return function(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def _public_headers(response: HttpResponseBase, etag: str, modified: float) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = f"public, max-age={client_seconds()}"
    patch_vary_headers(response, ("Cookie",))


def _from_entry(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    """The stored page; gzipped once per process for the clients that accept it (a public
    page holds no secret of the visitor's, decision 0083), so the compression middleware
    leaves it as it is."""
    content = entry["content"]
    gzipped = len(content) >= 200 and _ACCEPTS_GZIP.search(
        request.META.get("HTTP_ACCEPT_ENCODING", "")
    )
    if gzipped:
        if "gzipped" not in entry:
            entry["gzipped"] = compress_string(content)
        content = entry["gzipped"]
    response = HttpResponse(content, status=200)
    for name, value in entry["headers"]:
        if name.lower() != "content-length":
            response[name] = value
    _public_headers(response, entry["etag"], entry["modified"])
    if gzipped:
        response["Content-Encoding"] = "gzip"
        response["ETag"] = "W/" + entry["etag"]  # as the compression middleware would
        patch_vary_headers(response, ("Accept-Encoding",))
    response["Content-Length"] = str(len(content))
    return response


def _conditional(
    request: HttpRequest, response: HttpResponse, entry: dict[str, Any], state: str
) -> HttpResponseBase:
    """The page, or 304 Not Modified when the visitor's copy is this one; `X-Page-Cache`
    says whether it came from the cache (hit) or was rendered and stored (miss)."""
    found = get_conditional_response(
        request, etag=entry["etag"], last_modified=int(entry["modified"]), response=response
    )
    answer: HttpResponseBase = found if found is not None else response
    answer["X-Page-Cache"] = state
    return answer


class PublicPageCacheMiddleware:
    """Answers anonymous repeats of public pages from the shared cache, and stores new ones.

    Sits after the locale middleware (the key holds the language) and before everything that
    reads the session, checks CSRF or loads the user, which a cached answer skips."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not eligible(request):
            return self.get_response(request)
        key = _key(request)
        entry = _LOCAL.get(key)
        if entry is not None:
            return _conditional(request, _from_entry(request, entry), entry, "hit")
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY)
        _LOCAL.seen(None if current is None else str(current))
        entry = found.get(key)
        if entry is not None and current is not None and entry["generation"] == str(current):
            _LOCAL.put(key, entry)
            return _conditional(request, _from_entry(request, entry), entry, "hit")
        response = self.get_response(request)
        if not _storable(request, response):
            return response
        assert isinstance(response, HttpResponse)
        entry = {
            "generation": str(current) if current is not None else generation(),
            "content": response.content,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _SKIPPED_HEADERS
            ],
            "etag": '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"',
            "modified": time.time(),
        }
        cache.set(key, entry, server_seconds())
        _LOCAL.put(key, entry)
        _public_headers(response, entry["etag"], entry["modified"])
        return _conditional(request, response, entry, "miss")


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if not is_public_render(request) or response.status_code != 200:
        return False
    if response.streaming or response.cookies or not isinstance(response, HttpResponse):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)
