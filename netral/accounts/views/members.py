"""Organisation administrators manage their own organisation's members (HTMX-enhanced)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netral.accounts import policies, services
from netral.accounts.forms import InviteForm, OrganisationSearchForm, RoleForm
from netral.accounts.models import Membership, Organisation
from netral.accounts.views import signed_in_user
from netral.core.htmx import is_htmx, redirect_after_post, render_htmx
from netral.core.pagination import paginate

PAGE = "accounts/organisation_detail.html"


def _site_url(request: HttpRequest) -> str:
    return getattr(settings, "NETRAL_SITE_URL", "") or request.build_absolute_uri("/")


def _members_context(
    request: HttpRequest, organisation: Organisation, **extra: Any
) -> dict[str, Any]:
    members = organisation.memberships.select_related("user").order_by(
        "user__full_name", "user__username"
    )
    return {
        "organisation": organisation,
        "members": members,
        "role_choices": Membership.Role.choices,
        "invite_form": InviteForm(),
        "events": organisation.events.select_related("actor", "subject")[:10],
        "can_change_status": policies.can_change_organisation_status(request.user, organisation),
        **extra,
    }


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The organisations whose members you manage (every one, for platform admins)."""
    form = OrganisationSearchForm(request.GET or None)
    organisations = policies.manageable_organisations(request.user)
    if form.is_valid() and form.cleaned_data["q"]:
        organisations = organisations.filter(name__icontains=form.cleaned_data["q"])
    page = paginate(request, organisations.order_by("name"), 25)
    context = {"form": form, "page_obj": page}
    return render_htmx(request, "accounts/organisation_list.html", context, partial="results")


@login_required
@require_GET
def organisation_detail(request: HttpRequest, org: str) -> HttpResponse:
    """An organisation's members, their roles and sign-in status, and recent changes."""
    organisation = policies.get_organisation_for(request.user, org, "manage")
    return render(request, PAGE, _members_context(request, organisation))


@login_required
@require_POST
def invite(request: HttpRequest, org: str) -> HttpResponse:
    """Invites a person by e-mail (or adds an existing account) with a role."""
    organisation = policies.get_organisation_for(request.user, org, "manage")
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invite_member(
                organisation=organisation,
                by=signed_in_user(request),
                site_url=_site_url(request),
                language=request.LANGUAGE_CODE,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _attach(form, error)
    if not form.is_valid():
        context = _members_context(request, organisation, invite_form=form)
        return render_htmx(request, PAGE, context, partial="members")
    name = form.cleaned_data["full_name"]
    messages.success(request, _("%(name)s has been added.") % {"name": name})
    return _back_to_members(request, organisation)


def _attach(form: InviteForm | RoleForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _back_to_members(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if is_htmx(request):
        return render_htmx(
            request, PAGE, _members_context(request, organisation), partial="members"
        )
    return redirect_after_post(request, "accounts:organisation", org=organisation.public_id)


@login_required
@require_POST
def change_role(request: HttpRequest, org: str, member: str) -> HttpResponse:
    """Changes one member's role; htmx swaps the member's row, a plain form comes back here."""
    organisation = policies.get_organisation_for(request.user, org, "manage")
    membership = policies.get_membership_for(request.user, organisation, member, "manage")
    form = RoleForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.change_role(
                membership=membership, role=form.cleaned_data["role"], by=signed_in_user(request)
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose a valid role.")
    if error and not is_htmx(request):
        messages.error(request, error)
    elif not error and not is_htmx(request):
        messages.success(request, _("The role has been changed."))
    if is_htmx(request):
        context = _members_context(
            request, organisation, membership=membership, row_error=error, row_saved=not error
        )
        return render_htmx(request, PAGE, context, partial="member_row")
    return redirect_after_post(request, "accounts:organisation", org=organisation.public_id)


# Actions on one member that need a confirmation step: URL slug → (policy action, service, texts).
# The confirmation is a page of its own (GET), so it works without JavaScript.
def _remove(request: HttpRequest, membership: Membership) -> None:
    services.remove_member(membership=membership, by=signed_in_user(request))


def _deactivate(request: HttpRequest, membership: Membership) -> None:
    services.deactivate_user(user=membership.user, by=signed_in_user(request))


def _reactivate(request: HttpRequest, membership: Membership) -> None:
    services.reactivate_user(user=membership.user, by=signed_in_user(request))


def _reset_two_factor(request: HttpRequest, membership: Membership) -> None:
    services.reset_two_factor(user=membership.user, by=signed_in_user(request))


def _resend(request: HttpRequest, membership: Membership) -> None:
    services.resend_invitation(
        membership=membership,
        by=signed_in_user(request),
        site_url=_site_url(request),
        language=request.LANGUAGE_CODE,
    )


MEMBER_ACTIONS = {
    "hapus": ("manage", _remove, "remove"),
    "nonaktifkan": ("manage_user", _deactivate, "deactivate"),
    "aktifkan": ("manage_user", _reactivate, "reactivate"),
    "atur-ulang-dua-langkah": ("manage_user", _reset_two_factor, "reset_two_factor"),
    "kirim-ulang-undangan": ("manage", _resend, "resend"),
}


# title, explanation, confirm button, message when done; %(name)s and %(organisation)s filled in.
ACTION_TEXTS = {
    "remove": (
        gettext_lazy("Remove %(name)s from %(organisation)s?"),
        gettext_lazy(
            "Their account stays, but they lose every capability they had through this "
            "organisation."
        ),
        gettext_lazy("Yes, remove"),
        gettext_lazy("%(name)s has been removed."),
    ),
    "deactivate": (
        gettext_lazy("Deactivate the account of %(name)s?"),
        gettext_lazy(
            "They can no longer sign in, and any open session ends at once. You can reactivate "
            "the account later."
        ),
        gettext_lazy("Yes, deactivate"),
        gettext_lazy("The account of %(name)s has been deactivated."),
    ),
    "reactivate": (
        gettext_lazy("Reactivate the account of %(name)s?"),
        gettext_lazy("They can sign in again with their password and second step."),
        gettext_lazy("Yes, reactivate"),
        gettext_lazy("The account of %(name)s has been reactivated."),
    ),
    "reset_two_factor": (
        gettext_lazy("Reset two-step verification for %(name)s?"),
        gettext_lazy(
            "Do this only after confirming who they are, for example when they lost their "
            "phone. Their authenticator and backup codes stop working; they set up a new one "
            "at their next sign-in."
        ),
        gettext_lazy("Yes, reset"),
        gettext_lazy("Two-step verification of %(name)s has been reset."),
    ),
    "resend": (
        gettext_lazy("Send the invitation to %(name)s again?"),
        gettext_lazy("A new link to set their password is sent to their e-mail address."),
        gettext_lazy("Send"),
        gettext_lazy("The invitation to %(name)s has been sent again."),
    ),
}


def _texts(kind: str, name: str, organisation: Organisation) -> dict[str, str]:
    values = {"name": name, "organisation": organisation.name}
    keys = ("title", "message", "confirm_label", "done")
    return {key: str(text) % values for key, text in zip(keys, ACTION_TEXTS[kind], strict=True)}


@login_required
@require_http_methods(["GET", "POST"])
def member_action(request: HttpRequest, org: str, member: str, action: str) -> HttpResponse:
    """Asks for confirmation (GET), then acts on one member (POST)."""
    if action not in MEMBER_ACTIONS:
        raise Http404
    policy_action, perform, kind = MEMBER_ACTIONS[action]
    organisation = policies.get_organisation_for(request.user, org, "manage")
    membership = policies.get_membership_for(request.user, organisation, member, policy_action)
    texts = _texts(kind, str(membership.user), organisation)
    back = reverse("accounts:organisation", kwargs={"org": organisation.public_id})
    if request.method == "POST":
        try:
            perform(request, membership)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, texts["done"])
        return redirect_after_post(request, back)
    context = {
        **texts,
        "cancel_url": back,
        "danger": kind in {"remove", "deactivate", "reset_two_factor"},
    }
    return render(request, "core/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_status(request: HttpRequest, org: str) -> HttpResponse:
    """A platform admin switches an organisation off or on again, after confirming."""
    organisation = policies.get_organisation_for(request.user, org, "view")
    if not policies.can_change_organisation_status(request.user, organisation):
        raise PermissionDenied
    back = reverse("accounts:organisation", kwargs={"org": organisation.public_id})
    values = {"organisation": organisation.name}
    if request.method == "POST":
        change = (
            services.deactivate_organisation
            if organisation.is_active
            else services.reactivate_organisation
        )
        change(organisation=organisation, by=signed_in_user(request))
        messages.success(request, _("The status of %(organisation)s has been changed.") % values)
        return redirect_after_post(request, back)
    if organisation.is_active:
        title = _("Deactivate %(organisation)s?") % values
        message = _(
            "Its members lose every capability they hold through it until it is reactivated."
        )
        label = _("Yes, deactivate")
    else:
        title = _("Reactivate %(organisation)s?") % values
        message = _("Its members get back the roles they had.")
        label = _("Yes, reactivate")
    context = {
        "title": title,
        "message": message,
        "confirm_label": label,
        "cancel_url": back,
        "danger": organisation.is_active,
    }
    return render(request, "core/confirm.html", context)
