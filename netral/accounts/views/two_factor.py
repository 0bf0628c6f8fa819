"""Two-step verification: set up an authenticator, verify a session, backup codes."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netral.accounts import policies, services
from netral.accounts.forms import EnrolForm, TokenForm
from netral.accounts.views import signed_in_user


def _next_url(request: HttpRequest) -> str:
    """Where to go after this step: a local `next`, or the staff home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:staff_home")


def _qr_svg(device: TOTPDevice) -> SafeString:
    import segno  # loaded by the pages that draw a QR code, not by every process

    # segno draws the QR code locally: the secret never leaves the server for an image service.
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, dark="#1c2321", light="#ffffff", title=_("QR code for your app")
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" class="qr" ', 1))  # noqa: S308


def _grouped_secret(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The account's security page: authenticator, backup codes, password."""
    user = signed_in_user(request)
    context = {
        "totp": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "backup_codes_left": StaticToken.objects.filter(device__user=user).count(),
        "verified": policies.session_is_verified(user),
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Shows a new secret as a QR code and confirms it with the first code from the app."""
    user = signed_in_user(request)
    if user_has_device(user) and not policies.session_is_verified(user):
        # Only someone who passed the current second step may replace it.
        return HttpResponseRedirect(reverse("accounts:two_factor_verify"))
    device = services.start_totp_enrolment(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_device(device=device, token=form.cleaned_data["token"]):
            device.refresh_from_db()
            otp_login(request, device)
            codes = services.create_backup_codes(user=user)
            context = {"codes": codes, "next": _next_url(request), "new_setup": True}
            return render(request, "accounts/backup_codes.html", context)
        form.add_error("token", _("That code is not right. Check the time on your phone."))
    context = {
        "form": form,
        "qr": _qr_svg(device),
        "secret": _grouped_secret(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step after the password: a code from the app or a backup code."""
    user = signed_in_user(request)
    if policies.session_is_verified(user) or not user_has_device(user):
        return HttpResponseRedirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(user=user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error(
            "token", _("That code is not right, or it was already used. Wait for a new code.")
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes on POST (shown once); on GET, how many are left."""
    user = signed_in_user(request)
    if not policies.session_is_verified(user):
        return HttpResponseRedirect(reverse("accounts:two_factor"))
    if request.method == "POST":
        codes = services.create_backup_codes(user=user)
        messages.success(request, _("New backup codes were created. The old ones no longer work."))
        return render(request, "accounts/backup_codes.html", {"codes": codes, "next": ""})
    left = StaticToken.objects.filter(device__user=user).count()
    return render(request, "accounts/backup_codes.html", {"codes": None, "left": left})
