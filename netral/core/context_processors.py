"""Values every template may use."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from netral import __version__


def netral_context(request: HttpRequest) -> dict[str, Any]:
    """The version and mode, shown in the footer and the demo banner."""
    return {"NETRAL_VERSION": __version__, "NETRAL_MODE": settings.MODE}
