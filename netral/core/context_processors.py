"""Values every template may use."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from netral import __version__
from netral.core import page_cache


def netral_context(request: HttpRequest) -> dict[str, Any]:
    """The version and mode, shown in the footer and the demo banner; `public_page` while
    rendering a page the shared page cache may store (it leaves out the CSRF token)."""
    return {
        "NETRAL_VERSION": __version__,
        "NETRAL_MODE": settings.MODE,
        "public_page": page_cache.is_public_render(request),
        "language_next": language_next(request),
    }


def language_next(request: HttpRequest) -> str:
    """Where the language switch returns to: this page, or for the answer to a form (a code
    sheet, a refused upload) the page the form was on, since the form's own address answers
    only POST; the home page when that page is unknown."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"
