"""The public pledge pages: signing, the signed page and certificate, verifying a
certificate code, and the ASN's role at each election stage."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from netral.prevention import duties, forms, learning, roles, services
from netral.prevention.models import Signature
from netral.prevention.views.common import (
    SESSION_KEY,
    Remember,
    certificate_page,
    mine_or_staff,
    now,
    write_as_asn,
)


def sign(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The ASN signs the pledge with NIP and one-time code, and declares their accounts."""
    from netral.prevention.models import Campaign

    campaigns = Campaign.objects.all()
    if request.method != "POST":
        # A post reads its campaign again, fresh, with the code (services.identify); the names
        # the page shows are only needed when it is shown again, with a refusal.
        campaigns = campaigns.select_related("agency", "election")
    campaign = get_object_or_404(campaigns, public_id=public_id)
    form = forms.SignForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            accounts = [services.DeclaredAccount(p, h) for p, h in form.accounts()]
            outcome = write_as_asn(
                request,
                form,
                lambda: services.sign_online(
                    campaign=campaign,
                    nip=form.cleaned_data["nip"],
                    code=form.cleaned_data["code"],
                    accounts=accounts,
                    now=now(),
                ),
                Remember(SESSION_KEY, lambda made: made.certificate_code, "prevention:signed"),
            )
            if isinstance(outcome, HttpResponse):
                return outcome
            status = outcome
    context = {"campaign": campaign, "form": form}
    return render(request, "prevention/sign.html", context, status=status)


def _own_signature(request: HttpRequest, code: str) -> Signature:
    """A signature this browser has just made, or one the staff user may see; else 404."""
    signature = services.signature_by_certificate(code)
    if signature is None:
        raise Http404
    mine_or_staff(request, signature, SESSION_KEY, signature.certificate_code)
    return signature


def signed(request: HttpRequest, code: str) -> HttpResponse:
    signature = _own_signature(request, code)
    context = {"signature": signature, "printed": services.grouped(signature.certificate_code)}
    return render(request, "prevention/signed.html", context)


def certificate(request: HttpRequest, code: str) -> HttpResponse:
    signature = _own_signature(request, code)
    return certificate_page(
        request,
        "certificate",
        signature.certificate_code,
        "sertifikat-ikrar",
        signature=signature,
    )


def verify(request: HttpRequest) -> HttpResponse:
    """Anyone confirms a certificate code: agency, campaign (or module) and date only."""
    form = forms.VerifyForm(request.GET or None)
    signature = attempt = None
    looked = False
    if form.is_valid():
        looked = True
        signature = services.signature_by_certificate(form.cleaned_data["code"])
        if signature is None:
            attempt = services.attempt_by_certificate(form.cleaned_data["code"])
    context = {
        "form": form,
        "signature": signature,
        "attempt": attempt,
        "module": learning.modules().get(attempt.module) if attempt else None,
        "looked": looked,
    }
    found = signature or attempt
    return render(
        request, "prevention/verify.html", context, status=200 if not looked or found else 404
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
        "official": duties.duties(),
    }
    return render(request, "prevention/role.html", context)
