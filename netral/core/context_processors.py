"""Values every template may use."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from netral import __version__
from netral.core import page_cache


def netral_context(request: HttpRequest) -> dict[str, Any]:
    """The version and mode, shown in the footer and the demo banner; `public_page` while
    rendering a page the shared page cache may store (it leaves out the CSRF token)."""
    return {
        "NETRAL_VERSION": __version__,
        "NETRAL_MODE": settings.MODE,
        "public_page": page_cache.is_public_render(request),
    }
