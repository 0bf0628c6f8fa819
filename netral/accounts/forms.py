"""Input for sign-in, two-step verification and member management."""

from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netral.accounts.models import Membership

if TYPE_CHECKING:  # a dev-only package: the stubs name the type of a lazy translation
    from django_stubs_ext import StrOrPromise


class LoginForm(auth_forms.AuthenticationForm):
    """Django's sign-in form, with hints password managers and phones understand."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or password is wrong. Both are case-sensitive; after several "
            "failed attempts the account is locked for a while."
        ),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("User name or e-mail")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        # A context keeps Django's own shorter "Sandi" from taking precedence over ours.
        self.fields["password"].label = pgettext_lazy("login form", "Password")
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


def _code_field(
    *, label: "StrOrPromise", max_length: int, help_text: "StrOrPromise", **attrs: str | bool
) -> forms.CharField:
    """A field for a one-time code: phones offer the code they just received, and the page
    styles it as a code; `attrs` adds the input's own hints."""
    widget_attrs = {"autocomplete": "one-time-code", **attrs, "class": "code-input"}
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs=widget_attrs),
    )


class TokenForm(forms.Form):
    """A six-digit code from an authenticator app, or a backup code."""

    # Text, not digits only: a backup code has letters.
    token = _code_field(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code shown in your authenticator app, or one backup code."),
        inputmode="text",
        autocapitalize="none",
        spellcheck="false",
        autofocus=True,
    )


class EnrolForm(forms.Form):
    """The first code of a new authenticator, which confirms it was set up correctly."""

    token = _code_field(
        label=_("Code from the app"),
        max_length=12,
        help_text=_("Enter the 6 digits the app shows now."),
        inputmode="numeric",
        pattern="[0-9 ]*",
    )


class InviteForm(forms.Form):
    """A new member: who they are and the role they get."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("Official e-mail"),
        help_text=_("A new person receives a link at this address to set their password."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.OFFICER
    )


class RoleForm(forms.Form):
    """A member's new role."""

    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class MemberSearchForm(forms.Form):
    """Filters the member list by name, user name or e-mail."""

    q = forms.CharField(label=_("Search members"), required=False, max_length=100)


class OrganisationSearchForm(forms.Form):
    """Filters the organisation list by name."""

    q = forms.CharField(label=_("Search organisations"), required=False, max_length=100)
