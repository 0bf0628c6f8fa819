"""Response headers Django does not set by itself, the language, the input boundary,
compression where it is safe, and the final slash added without losing a form."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase, HttpResponseRedirectBase
from django.middleware.common import CommonMiddleware
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.http import escape_leading_slashes
from django.utils.translation import gettext as _

from netral.core import api, boundary, htmx


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
    English while their owners expect a public service in Bahasa Indonesia. A program calling
    the API sets Accept-Language on purpose, so there it is followed (docs/reporting.md).
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen not in supported and api.is_api_request(request):
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class InputBoundaryMiddleware:
    """Refuses input no database can store, and bodies over the limits, before any view runs;
    API errors answer in the API's JSON shape whoever produced them.

    Sits before anything that reads the session (a cookie is input too) and after the locale
    middleware, so the refusal is in the visitor's language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        response = self.get_response(request)
        return api.json_error_for(response) if api.is_api_request(request) else response

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        try:
            fields = boundary.unstorable_fields(request)
        except boundary.TOO_LARGE:
            message = _("The request is too large: send fewer or smaller fields.")
            return _refuse(request, 413, message)
        except boundary.MALFORMED:
            return _refuse(request, 400, _("The form data could not be read."))
        if not fields:
            return None
        if not api.is_api_request(request) and boundary.only_in_form_values(request):
            # Pasted text: the characters go, what the person wrote stays (decision 0190).
            request.POST = boundary.without_unstorable(request.POST)  # type: ignore[assignment]
            return None
        message = _(
            "Contains a character that cannot be stored (a NUL byte or a broken Unicode "
            "character). Remove it and try again."
        )
        return _refuse(request, 400, message, fields)


def _refuse(
    request: HttpRequest, status: int, message: str, fields: list[str] | None = None
) -> HttpResponse:
    if api.is_api_request(request):
        errors = [{"field": field, "message": message} for field in fields or ["__all__"]]
        return api.json_error(status, api.status_detail(status), errors)
    page = render(request, "400.html", {"reason": message, "status": status}, status=status)
    return htmx.as_whole_page(request, page)


class CompressionMiddleware(GZipMiddleware):
    """gzip only where no secret can leak through the compressed size (BREACH, decision 0083).

    BREACH needs a response that holds a secret of the victim's next to input an attacker put
    there, fetched by the victim's browser with its cookies. So this compresses:
    - API responses (`/api/`): they authenticate with a bearer token, never with cookies, so a
      cross-site page cannot make a victim's browser fetch its own data;
    - pages fetched with no session cookie and setting none: public pages (home, rules,
      registry, the calculator) hold nothing of the visitor's. The reporter's receipt is shown
      in the response to a POST, and is never compressed.
    Everything else (staff pages, a reporter with a session, any POST page) goes uncompressed.
    Django's CSRF token is masked per response, and Django adds random bytes to each gzip
    header (`max_random_bytes`), as further defence.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if _may_compress(request, response):
            return super().process_response(request, response)
        return response


def _may_compress(request: HttpRequest, response: HttpResponseBase) -> bool:
    if api.is_api_request(request):
        return True
    if request.method not in ("GET", "HEAD"):
        return False
    session_cookie = settings.SESSION_COOKIE_NAME
    return session_cookie not in request.COOKIES and session_cookie not in response.cookies


class PermanentRedirectKeepingMethod(HttpResponseRedirectBase):
    status_code = 308


class SlashKeepingMethodMiddleware(CommonMiddleware):
    """Django's CommonMiddleware, except that a POST (or any method but GET and HEAD) sent to an
    address without its final slash goes on with 308, which keeps the method and the body.

    Clients follow a 301 with a GET: an API client's report would be lost and the answer would
    be another operation's (the list). Django refuses such a POST with an error in DEBUG for the
    same reason; with 308 there is nothing to refuse."""

    def get_full_path_with_slash(self, request: HttpRequest) -> str:
        return escape_leading_slashes(request.get_full_path(force_append_slash=True))

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        keeps_body = request.method not in ("GET", "HEAD")
        if response.status_code == 404 and keeps_body and self.should_redirect_with_slash(request):
            return PermanentRedirectKeepingMethod(self.get_full_path_with_slash(request))
        return super().process_response(request, response)
