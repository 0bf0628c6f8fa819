"""Response headers Django does not set by itself."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """Adds a restrictive Permissions-Policy and keeps private pages out of shared caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(self), payment=()"
        )
        if not request.path.startswith("/static/"):
            # Case data and reporter pages must never be stored by a proxy or a shared browser.
            response.headers.setdefault("Cache-Control", "no-store, private")
        return response
