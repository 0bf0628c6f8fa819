"""Two-step verification before any staff page.

Install right after `django_otp.middleware.OTPMiddleware` (it reads `request.user.is_verified`).
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp import user_has_device

from netral.accounts import policies

# Pages a signed-in but unverified user still needs: signing out, the two steps themselves,
# and the password links that arrive by e-mail.
_OPEN_URL_NAMES = {
    "login",
    "logout",
    "two_factor_verify",
    "two_factor_enrol",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
_OPEN_PREFIXES = ("/i18n/", "/healthz")


class RequireTwoFactorMiddleware:
    """Sends a signed-in user to verification when they have an authenticator, and to enrolment
    when `NETRAL_REQUIRE_2FA` is on and they have none, before any other page.

    A person who set up an authenticator is always asked for it, even where it is optional.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self._detour(request) or self.get_response(request)

    def _detour(self, request: HttpRequest) -> HttpResponse | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # no session, nobody signed in: no need to look the user up
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or _is_open(request):
            return None
        if policies.session_is_verified(user):
            return None
        if user_has_device(user):
            step = "accounts:two_factor_verify"
        elif getattr(settings, "NETRAL_REQUIRE_2FA", True):
            step = "accounts:two_factor_enrol"
        else:
            return None
        if request.path_info.startswith("/api/"):
            message = _("Two-step verification is required.")
            return JsonResponse({"detail": message, "errors": []}, status=403)
        url = reverse(step) + "?" + urlencode({"next": request.get_full_path()})
        # Read the header itself: django-htmx's middleware may sit later in the chain.
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)


def _is_open(request: HttpRequest) -> bool:
    path = request.path_info
    if path.startswith(_OPEN_PREFIXES) or path.startswith(settings.STATIC_URL or "/static/"):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return True  # a 404 page reveals nothing
    return match.namespace == "accounts" and match.url_name in _OPEN_URL_NAMES
