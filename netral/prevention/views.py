"""Pages of the prevention app: campaigns (staff), signing and verifying (public)."""

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.core import ratelimit
from netral.prevention import certificates, forms, policies, roles, selectors, services
from netral.prevention.models import Signature

SESSION_KEY = "prevention_signed"
# Guesses of signing codes: per client address, and per NIP whoever tries it.
CLIENT_RATE = ratelimit.Rate.parse("20/10m")
NIP_RATE = ratelimit.Rate.parse("5/10m")


def _now() -> dt.datetime:
    return timezone.now()


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# ---------------------------------------------------------------- staff


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not policies.is_watcher(request.user):
        raise Http404
    context = {
        "campaigns": selectors.campaign_list(request.user),
        "can_open": policies.can_open_campaigns(request.user),
    }
    return render(request, "prevention/index.html", context)


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    if not policies.can_open_campaigns(request.user):
        raise Http404
    agencies = policies.manageable_agencies(request.user)
    form = forms.CampaignForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.open_campaign(by=request.user, now=_now(), **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The pledge campaign is open."))
            return redirect("prevention:campaign", campaign.public_id)
    return render(request, "prevention/campaign_new.html", {"form": form})


def _units(campaign: Any) -> list[str]:
    return sorted(set(selectors.campaign_staff(campaign).values_list("unit", flat=True)))


@login_required
def campaign_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    campaign = policies.get_campaign_for(request.user, public_id)
    can_run = policies.can_run(request.user, campaign)
    context = {
        "campaign": campaign,
        "coverage": selectors.campaign_coverage(campaign),
        "units": selectors.unit_coverage(campaign),
        "comparison": selectors.signer_comparison(campaign),
        "can_run": can_run and campaign.is_open,
        "sheet_form": forms.CodeSheetForm(units=_units(campaign)),
        "paper_form": forms.PaperListForm(),
        "text_form": forms.TextForm(initial={"text": campaign.text}),
        "paper_lists": campaign.paper_lists.all()[:20],
        "sign_url": request.build_absolute_uri(reverse("prevention:sign", args=[public_id])),
    }
    return render(request, "prevention/campaign.html", context)


@login_required
@require_POST
def code_sheet(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Issues codes for one unit and answers with the printable sheet (the only time they show)."""
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.CodeSheetForm(request.POST, units=_units(campaign))
    if not form.is_valid():
        messages.error(request, _("Choose a work unit."))
        return redirect("prevention:campaign", campaign.public_id)
    unit = form.cleaned_data["unit"]
    try:
        issued = services.issue_codes(
            campaign=campaign, unit=None if unit == "*" else unit, by=request.user, now=_now()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("prevention:campaign", campaign.public_id)
    context = {
        "campaign": campaign,
        "unit": unit,
        "issued": issued,
        "sign_url": request.build_absolute_uri(reverse("prevention:sign", args=[public_id])),
    }
    response = render(request, "prevention/code_sheet.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def paper_list(request: HttpRequest, public_id: Any) -> HttpResponse:
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.PaperListForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        upload = form.cleaned_data["table"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"list{Path(upload.name).suffix.lower()}"
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                result = services.record_paper_list(
                    campaign=campaign,
                    scan=form.cleaned_data["scan"],
                    table_path=path,
                    by=request.user,
                    now=_now(),
                )
            except ValidationError as error:
                _form_errors(form, error)
        if result is not None and result.paper_list is not None:
            messages.success(
                request,
                _("%(signed)d marked as signed on paper; %(already)d had already signed.")
                % {"signed": result.signed, "already": result.already_signed},
            )
            return redirect("prevention:campaign", campaign.public_id)
    context = {"campaign": campaign, "form": form, "result": result}
    return render(request, "prevention/paper_list.html", context, status=400)


@login_required
@require_POST
def revise_text(request: HttpRequest, public_id: Any) -> HttpResponse:
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.TextForm(request.POST)
    if form.is_valid():
        try:
            services.revise_text(
                campaign=campaign, text=form.cleaned_data["text"], by=request.user, now=_now()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The pledge text has a new version."))
    else:
        messages.error(request, _("Write the text of the pledge."))
    return redirect("prevention:campaign", campaign.public_id)


@login_required
@require_POST
def close(request: HttpRequest, public_id: Any) -> HttpResponse:
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    try:
        services.close_campaign(campaign=campaign, by=request.user, now=_now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The campaign is closed."))
    return redirect("prevention:campaign", campaign.public_id)


# ---------------------------------------------------------------- public


def _throttled(request: HttpRequest, nip: str) -> bool:
    now = _now()
    client = ratelimit.client_address(request)
    by_client = ratelimit.hit(scope="prevention.sign", subject=client, rate=CLIENT_RATE, now=now)
    by_nip = ratelimit.hit(
        scope="prevention.sign.nip", subject=services.normal_nip(nip), rate=NIP_RATE, now=now
    )
    return by_client > CLIENT_RATE.count or by_nip > NIP_RATE.count


def sign(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The ASN signs the pledge with NIP and one-time code, and declares their accounts."""
    from netral.prevention.models import Campaign

    campaign = (
        Campaign.objects.select_related("agency", "election").filter(public_id=public_id).first()
    )
    if campaign is None:
        raise Http404
    form = forms.SignForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if _throttled(request, form.cleaned_data["nip"]):
                form.add_error(None, _("Too many attempts. Wait ten minutes, then try again."))
                status = 429
            else:
                accounts = [services.DeclaredAccount(p, h) for p, h in form.accounts()]
                try:
                    signature = services.sign_online(
                        campaign=campaign,
                        nip=form.cleaned_data["nip"],
                        code=form.cleaned_data["code"],
                        accounts=accounts,
                        now=_now(),
                    )
                except ValidationError as error:
                    _form_errors(form, error)
                else:
                    signed = [*request.session.get(SESSION_KEY, []), signature.certificate_code]
                    request.session[SESSION_KEY] = signed[-10:]
                    return redirect("prevention:signed", signature.certificate_code)
    context = {"campaign": campaign, "form": form}
    return render(request, "prevention/sign.html", context, status=status)


def _own_signature(request: HttpRequest, code: str) -> Signature:
    """A signature this browser has just made, or one the staff user may see; else 404."""
    signature = services.signature_by_certificate(code)
    if signature is None:
        raise Http404
    mine = signature.certificate_code in request.session.get(SESSION_KEY, [])
    staff = policies.visible_campaigns(request.user).filter(pk=signature.campaign_id).exists()
    if not (mine or staff):
        raise Http404
    return signature


def signed(request: HttpRequest, code: str) -> HttpResponse:
    signature = _own_signature(request, code)
    context = {"signature": signature, "printed": services.grouped(signature.certificate_code)}
    return render(request, "prevention/signed.html", context)


def certificate(request: HttpRequest, code: str) -> HttpResponse:
    signature = _own_signature(request, code)
    verify_url = request.build_absolute_uri(certificates.verify_path(signature))
    pdf = certificates.pdf(signature, verify_url)
    if pdf is None:
        return render(
            request,
            "prevention/certificate.html",
            certificates.context(signature, verify_url),
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"sertifikat-ikrar-{signature.certificate_code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def verify(request: HttpRequest) -> HttpResponse:
    """Anyone confirms a certificate code: agency, campaign and date only."""
    form = forms.VerifyForm(request.GET or None)
    signature = None
    looked = False
    if form.is_valid():
        looked = True
        signature = services.signature_by_certificate(form.cleaned_data["code"])
    context = {"form": form, "signature": signature, "looked": looked}
    return render(
        request, "prevention/verify.html", context, status=200 if not looked or signature else 404
    )


def role(request: HttpRequest, code: str) -> HttpResponse:
    """What an ASN may and may not do at today's stage of an election and at the next ones."""
    from django.utils.dateparse import parse_date

    from netral.registry.models import Election

    election = Election.objects.filter(code=code).select_related("region").first()
    if election is None:
        raise Http404
    try:
        asked = parse_date(request.GET.get("tanggal", ""))
    except ValueError:
        asked = None
    today = asked or timezone.localdate()
    context = {
        "election": election,
        "today": today,
        "situations": roles.role_timeline(election, today),
    }
    return render(request, "prevention/role.html", context)
