"""Response headers Django does not set by itself."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Indonesian unless the visitor chose another language with the switch.

    Django would follow the browser's Accept-Language, but many Indonesian phones are set to
    English while their owners expect a public service in Bahasa Indonesia.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
