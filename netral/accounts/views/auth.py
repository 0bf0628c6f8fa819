"""Signing in and out, and passwords: Django's views with Netral's templates and services."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django_otp import user_has_device

from netral.accounts import services
from netral.accounts.forms import LoginForm
from netral.accounts.models import User


class LoginView(auth_views.LoginView):
    """Password sign-in; the second step (if any) follows through the middleware."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return reverse("core:staff_home")

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        # Straight to the second step, keeping where the person was going.
        if user_has_device(form.get_user()):
            query = urlencode({"next": self.get_success_url()})
            return HttpResponseRedirect(reverse("accounts:two_factor_verify") + "?" + query)
        return response


class LogoutView(auth_views.LogoutView):
    """Signs out on POST; a GET (an old bookmark) shows the button instead of an error."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return HttpResponseRedirect(reverse("core:home"))
        return render(request, "accounts/logout.html")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's password keeps the current session and ends every other one."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:staff_home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        user = services.change_password(
            user=form.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password has been changed."))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    """Sends a reset link; the answer is the same whether or not the address is known."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Sets a password from an e-mailed link (a reset, or the first one after an invitation)."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        services.change_password(user=form.user, new_password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())
