"""Pages around the queue: opening a case, notices, PPK compliance, API tokens, letter templates."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect as django_redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.cases import adapters, forms, policies, selectors, services, workflow
from netral.cases.models import ApiToken, Case
from netral.cases.services import documents as document_services
from netral.cases.views import exports
from netral.cases.views.common import attach_errors, now, page, redirect


def _opening_seat(request: HttpRequest) -> policies.Seat:
    seat = policies.opening_seat(request.user)
    if seat is None:
        raise PermissionDenied
    return seat


def _facts(form: forms.NewCaseForm) -> services.NewCase:
    data = form.cleaned_data
    servant = adapters.civil_servant_by_nip(data["civil_servant_nip"].strip())
    return services.NewCase(
        title=data["title"],
        civil_servant_name=data["civil_servant_name"],
        civil_servant_position=data["civil_servant_position"],
        civil_servant=servant,
        region=data["region"],
        summary=data["summary"],
    )


def _open(request: HttpRequest, form: forms.NewCaseForm, seat: policies.Seat) -> Case:
    data, moment = form.cleaned_data, now()
    if not data["channel"] and seat.kind in workflow.BAWASLU:
        return services.open_finding(facts=_facts(form), by=request.user, now=moment)
    received = data["received_on"]
    received_at = (
        timezone.make_aware(dt.datetime.combine(received, dt.time(12))) if received else moment
    )
    return services.register_forwarded_case(
        facts=_facts(form),
        channel=data["channel"] or "other",
        external_number=data["external_number"],
        received_at=received_at,
        by=request.user,
        now=moment,
    )


@login_required
def new_case(request: HttpRequest) -> HttpResponse:
    """Bawaslu opens its own finding; Bawaslu or BKN registers a case forwarded to it."""
    seat = _opening_seat(request)
    form = forms.NewCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = _open(request, form, seat)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Case %(code)s opened.") % {"code": case.code})
            return redirect(request, reverse("cases:detail", args=[case.code]))
    return page(request, "cases/new_case.html", {"form": form, "seat": seat})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.mark_notifications_read(user=request.user, now=now())  # type: ignore[arg-type]
        return redirect(request, reverse("cases:notifications"))
    items = selectors.notifications(request.user)
    return page(request, "cases/notifications.html", {"items": items})


@login_required
def compliance(request: HttpRequest) -> HttpResponseBase:
    """Per PPK: how it answered the recommendations this user can see, by election, region and
    agency; each count links to those cases in the queue. `?format=csv|xlsx` downloads it."""
    form = forms.ComplianceFilterForm(request.GET or None)
    rows = selectors.ppk_compliance_for(request.user, form.filters())
    kind = request.GET.get("format", "")
    if kind in exports.FORMATS:
        return exports.compliance_download(rows, kind, day=timezone.localdate(now()))
    query = {k: v for k, v in form.data.items() if k in form.fields and v} if form.is_bound else {}
    context = {
        "form": form,
        "rows": [exports.linked_row(row, query) for row in rows],
        "buckets": exports.BUCKET_LABELS,
        "query": urlencode(query),
        "linked": policies.links_compliance_to_cases(request.user),
    }
    return page(request, "cases/compliance.html", context)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """An organisation's supervisor issues and revokes tokens for partner systems."""
    organisations = policies.token_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    form = forms.TokenForm(request.POST or None)
    raw = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = services.create_api_token(
                organisation=organisations[0],
                name=form.cleaned_data["name"],
                scopes=form.scopes(),
                days=form.cleaned_data["days"],
                by=request.user,  # type: ignore[arg-type]
                now=now(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            form = forms.TokenForm()  # an empty form: a second click makes no twin token
    listed = ApiToken.objects.filter(organisation__in=organisations)
    context = {
        "form": form,
        "raw": raw,
        "tokens": listed,
        "organisation": organisations[0],
        "now": now(),
    }
    return page(request, "cases/tokens.html", context)


@login_required
@require_POST
def revoke_token(request: HttpRequest, prefix: str) -> HttpResponse:
    token = get_object_or_404(
        ApiToken, prefix=prefix, organisation__in=policies.token_organisations(request.user)
    )
    services.revoke_api_token(token=token, by=request.user, now=now())  # type: ignore[arg-type]
    messages.success(request, _("The token was revoked."))
    return redirect(request, reverse("cases:tokens"))


def _template_admin(request: HttpRequest) -> None:
    if not policies.can_manage_templates(request.user):
        raise PermissionDenied


@login_required
def letter_templates(request: HttpRequest) -> HttpResponse:
    _template_admin(request)
    rows = [
        {"key": key, "title": document_services.template_for(key)[0]}
        for key in document_services.TITLES
    ]
    return page(request, "cases/letter_templates.html", {"rows": rows})


@login_required
def letter_template(request: HttpRequest, key: str) -> HttpResponse:
    """Platform administrators edit a letter's text; a broken template is refused on save."""
    _template_admin(request)
    if key not in document_services.TITLES:
        raise PermissionDenied
    title, body = document_services.template_for(key)
    form = forms.TemplateForm(request.POST or None, initial={"title": title, "body": body})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_template(
                key=key,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                by=request.user,
                now=now(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The letter template was saved."))
            return redirect(request, reverse("cases:letter_templates"))
    return page(request, "cases/letter_template.html", {"form": form, "key": key})


@login_required
def letter_settings(request: HttpRequest) -> HttpResponse:
    """The organisation's letterhead, signatory and letter-number pattern, set by its admin."""
    organisation = policies.letter_settings_organisation(request.user)
    if organisation is None:
        raise PermissionDenied
    settings = services.letter_settings_for(organisation)
    logo = services.logo_data_uri(settings.logo)
    form = forms.LetterSettingsForm(request.POST or None, request.FILES or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        services.save_letter_settings(form=form, organisation=organisation, by=request.user)
        messages.success(request, _("The letter settings were saved."))
        return django_redirect("cases:letter_settings")
    context = {"form": form, "organisation": organisation, "logo": logo}
    return page(request, "cases/letter_settings.html", context)
