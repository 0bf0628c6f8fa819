"""Pages of the prevention app: campaigns (staff), signing and verifying (public)."""

import datetime as dt
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.core import ratelimit
from netral.prevention import (
    certificates,
    code_delivery,
    duties,
    forms,
    learning,
    policies,
    roles,
    selectors,
    services,
)
from netral.prevention.models import BriefingMaterial, ModuleAttempt, Signature
from netral.rules import catalogue

# Signed cookies (not the session: no database write) naming what this browser has just made.
SESSION_KEY = "prevention_signed"
ATTENDED_KEY = "prevention_attended"  # attendance this browser has just checked in
LEARNED_KEY = "prevention_learned"  # attempts this browser has just made
COOKIE_SALT = "netral.prevention.made"
# Guesses of signing codes: per client address, and per NIP whoever tries it.
CLIENT_RATE = ratelimit.Rate.parse("20/10m")
NIP_RATE = ratelimit.Rate.parse("5/10m")
# A share card changes only with the catalogue version, which is part of its cache key.
CARD_SECONDS = 24 * 60 * 60


def _now() -> dt.datetime:
    return timezone.now()


def _report(request: HttpRequest, action: Callable[[], Any], done: str) -> None:
    """Runs a service call and tells the officer how it went (its refusal, or `done`)."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


def _record_upload(form: Any, record: Callable[[Path], Any]) -> Any:
    """Writes the form's uploaded table to a temporary file and records it with `record`; a
    refusal becomes the form's errors and None."""
    upload = form.cleaned_data["table"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"list{Path(upload.name).suffix.lower()}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            return record(path)
        except ValidationError as error:
            _form_errors(form, error)
            return None


def _saved(request: HttpRequest, form: Any, write: Callable[[], Any], done: str) -> Any:
    """For a valid form, runs `write` and says `done`: what it made; else None, with the
    form's errors or the service's refusal on the form."""
    if not form.is_valid():
        return None
    try:
        made = write()
    except ValidationError as error:
        _form_errors(form, error)
        return None
    messages.success(request, done)
    return made


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
def regions(request: HttpRequest) -> HttpResponse:
    """Signing coverage per province, then per regency / city, across the agencies the user's
    jurisdiction covers (their campaigns of one election)."""
    from netral.registry.models import Region

    if not policies.is_watcher(request.user):
        raise Http404
    days = selectors.voting_days(request.user)
    asked = request.GET.get("hari", "")
    day = next((d["voting_day"] for d in days if d["voting_day"].isoformat() == asked), None)
    if day is None and days:
        day = days[0]["voting_day"]
    within = request.GET.get("wilayah", "")
    region = Region.objects.filter(code=within, level=Region.Level.PROVINCE).first()
    if within and region is None:
        raise Http404
    rows = selectors.region_coverage(request.user, day, within) if day else []
    context = {
        "days": days,
        "day": day,
        "region": region,
        "rows": rows,
        "total": selectors.Coverage(
            staff=sum(r.staff for r in rows), signed=sum(r.signed for r in rows)
        ),
    }
    return render(request, "prevention/regions.html", context)


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    if not policies.can_open_campaigns(request.user):
        raise Http404
    agencies = policies.manageable_agencies(request.user)
    form = forms.CampaignForm(request.POST or None, agencies=agencies)
    campaign = request.method == "POST" and _saved(
        request,
        form,
        lambda: services.open_campaign(by=request.user, now=_now(), **form.cleaned_data),
        _("The pledge campaign is open."),
    )
    if campaign:
        return redirect("prevention:campaign", campaign.public_id)
    return render(request, "prevention/campaign_new.html", {"form": form})


def _units(campaign: Any) -> list[str]:
    return sorted(set(selectors.campaign_staff(campaign).values_list("unit", flat=True)))


def _with_titles(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows naming a module by slug, with its title (the slug if the module was removed)."""
    found = learning.modules()
    return [
        {**row, "title": found[row["module"]].title if row["module"] in found else row["module"]}
        for row in rows
    ]


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
        "email_form": forms.EmailCodesForm(units=_units(campaign)),
        "address_form": forms.AddressListForm(),
        "delivery": code_delivery.delivery(campaign),
        "paper_form": forms.PaperListForm(),
        "text_form": forms.TextForm(initial={"text": campaign.text}),
        "paper_lists": campaign.paper_lists.all()[:20],
        "sign_url": request.build_absolute_uri(reverse("prevention:sign", args=[public_id])),
        "briefings": selectors.briefings_of(campaign),
        "learning": _with_titles(selectors.learning_scores(campaign)),
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
            campaign=campaign,
            unit=None if unit == "*" else unit,
            by=request.user,
            now=_now(),
            include_emailed=form.cleaned_data["include_emailed"],
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


def _list_upload(
    request: HttpRequest,
    form: Any,
    record: Callable[[Path], Any],
    done: Callable[[Any], str | None],
    back: str,
    page: tuple[str, dict[str, Any]],
) -> HttpResponse:
    """The skeleton of every list upload: record the form's table; when `done` words a
    success, say it and go `back`; else the page again (template, context) with the problems."""
    result = _record_upload(form, record) if form.is_valid() else None
    message = done(result) if result is not None else None
    if message is not None:
        messages.success(request, message)
        return redirect(back)
    template, context = page
    return render(request, template, {**context, "form": form, "result": result}, status=400)


@login_required
@require_POST
def paper_list(request: HttpRequest, public_id: Any) -> HttpResponse:
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.PaperListForm(request.POST, request.FILES)
    return _list_upload(
        request,
        form,
        lambda path: services.record_paper_list(
            campaign=campaign,
            scan=form.cleaned_data["scan"],
            table_path=path,
            by=request.user,
            now=_now(),
        ),
        lambda result: (
            _("%(signed)d marked as signed on paper; %(already)d had already signed.")
            % {"signed": result.signed, "already": result.already_signed}
            if result.paper_list is not None
            else None
        ),
        reverse("prevention:campaign", args=[campaign.public_id]),
        ("prevention/paper_list.html", {"campaign": campaign}),
    )


@login_required
@require_POST
def address_list(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The staff's e-mail addresses for sending them their codes (all or nothing)."""
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.AddressListForm(request.POST, request.FILES)
    return _list_upload(
        request,
        form,
        lambda path: code_delivery.record_addresses(
            campaign=campaign, table_path=path, by=request.user, now=_now()
        ),
        lambda result: (
            _("%(listed)d e-mail addresses recorded.") % {"listed": result.listed}
            if result.saved
            else None
        ),
        reverse("prevention:campaign", args=[campaign.public_id]),
        ("prevention/address_list.html", {"campaign": campaign}),
    )


@login_required
@require_POST
def email_codes(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Queues the e-mails of signing codes to a unit's (or everyone's) staff with an address."""
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.EmailCodesForm(request.POST, units=_units(campaign))
    if not form.is_valid():
        messages.error(request, _("Choose a work unit."))
        return redirect("prevention:campaign", campaign.public_id)
    unit = form.cleaned_data["unit"]
    reissue = form.cleaned_data["reissue"]

    def queue() -> None:
        counts = code_delivery.request_code_emails(
            campaign=campaign,
            unit=None if unit == "*" else unit,
            reissue=reissue,
            by=request.user,
            now=_now(),
        )
        sent = counts.with_address if reissue else counts.to_email
        messages.info(
            request,
            _(
                "%(sent)d codes are being e-mailed. %(without)d staff have no address: print "
                "their codes on the sheet."
            )
            % {"sent": sent, "without": counts.without_address},
        )

    try:
        queue()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("prevention:campaign", campaign.public_id)


@login_required
@require_POST
def revise_text(request: HttpRequest, public_id: Any) -> HttpResponse:
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.TextForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["text"]
        _report(
            request,
            lambda: services.revise_text(campaign=campaign, text=text, by=request.user, now=_now()),
            _("The pledge text has a new version."),
        )
    else:
        messages.error(request, _("Write the text of the pledge."))
    return redirect("prevention:campaign", campaign.public_id)


@login_required
@require_POST
def close(request: HttpRequest, public_id: Any) -> HttpResponse:
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    _report(
        request,
        lambda: services.close_campaign(campaign=campaign, by=request.user, now=_now()),
        _("The campaign is closed."),
    )
    return redirect("prevention:campaign", campaign.public_id)


# ---------------------------------------------------------------- sosialisasi and Bimtek


@login_required
def briefing_new(request: HttpRequest, public_id: Any) -> HttpResponse:
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.BriefingForm(request.POST if request.method == "POST" else None)
    briefing = request.method == "POST" and _saved(
        request,
        form,
        lambda: services.create_briefing(
            campaign=campaign, by=request.user, now=_now(), **form.cleaned_data
        ),
        _("The event is planned. Show its check-in code at the door."),
    )
    if briefing:
        return redirect("prevention:briefing", briefing.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"campaign": campaign, "form": form}
    return render(request, "prevention/briefing_new.html", context, status=status)


def _check_in_url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(f"{reverse('prevention:check_in')}?kode={code}")


def _briefing_page(
    request: HttpRequest, briefing: Any, material_form: Any = None, status: int = 200
) -> HttpResponse:
    check_in_url = _check_in_url(request, briefing.check_in_code)
    context = {
        "briefing": briefing,
        "campaign": briefing.campaign,
        "units": selectors.briefing_units(briefing),
        "recent": selectors.recent_attendance(briefing),
        "can_run": policies.can_run(request.user, briefing.campaign),
        "list_form": forms.AttendanceListForm(),
        "material_form": material_form or forms.MaterialForm(),
        "materials": briefing.materials.all(),
        "check_in_url": check_in_url,
        "qr": certificates.qr_svg(check_in_url),
    }
    return render(request, "prevention/briefing.html", context, status=status)


@login_required
def briefing_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _briefing_page(request, policies.get_briefing_for(request.user, public_id))


@login_required
@require_POST
def material_upload(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The organiser attaches a file to the briefing; a refusal shows on the form (400)."""
    briefing = policies.get_briefing_for(request.user, public_id, policies.ACT)
    form = forms.MaterialForm(request.POST, request.FILES)
    attached = _saved(
        request,
        form,
        lambda: services.attach_material(
            briefing=briefing,
            upload=form.cleaned_data["file"],
            public=form.cleaned_data["public"],
            by=request.user,
            now=_now(),
        ),
        _("The material is attached."),
    )
    if attached:
        return redirect("prevention:briefing", briefing.public_id)
    return _briefing_page(request, briefing, form, status=400)


def briefing_material(request: HttpRequest, public_id: Any) -> FileResponse:
    """A briefing's material, for who may have it (policies.may_download_material); else 404."""
    material = (
        BriefingMaterial.objects.select_related("briefing").filter(public_id=public_id).first()
    )
    attended = _made_here(request, ATTENDED_KEY)
    if material is None or not policies.may_download_material(request.user, material, attended):
        raise Http404
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:  # the row outlived its file (a restore, a disk cleaned by hand)
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=material.name,
        content_type=material.content_type,
    )
    if not material.public:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
def briefing_code(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The check-in code and its QR code, large, for the screen at the event."""
    briefing = policies.get_briefing_for(request.user, public_id, policies.ACT)
    check_in_url = _check_in_url(request, briefing.check_in_code)
    context = {
        "briefing": briefing,
        "check_in_url": check_in_url,
        "qr": certificates.qr_svg(check_in_url),
        "printed": briefing.check_in_code,
    }
    return render(request, "prevention/briefing_code.html", context)


@login_required
@require_POST
def attendance_list(request: HttpRequest, public_id: Any) -> HttpResponse:
    briefing = policies.get_briefing_for(request.user, public_id, policies.ACT)
    return _list_upload(
        request,
        forms.AttendanceListForm(request.POST, request.FILES),
        lambda path: services.record_attendance_list(
            briefing=briefing, table_path=path, by=request.user, now=_now()
        ),
        lambda result: (
            _("%(recorded)d attendees recorded; %(already)d were already on the list.")
            % {"recorded": result.recorded, "already": result.already_recorded}
            if result.saved
            else None
        ),
        reverse("prevention:briefing", args=[briefing.public_id]),
        ("prevention/attendance_list.html", {"briefing": briefing}),
    )


@login_required
@require_POST
def briefing_close(request: HttpRequest, public_id: Any) -> HttpResponse:
    briefing = policies.get_briefing_for(request.user, public_id, policies.ACT)
    _report(
        request,
        lambda: services.close_check_in(briefing=briefing, by=request.user, now=_now()),
        _("Check-in is closed."),
    )
    return redirect("prevention:briefing", briefing.public_id)


# ---------------------------------------------------------------- public


def _throttled(request: HttpRequest, nip: str) -> bool:
    client = ratelimit.client_address(request)
    by_client, by_nip = ratelimit.hit_each(
        [
            ("prevention.sign", client, CLIENT_RATE),
            ("prevention.sign.nip", services.normal_nip(nip), NIP_RATE),
        ],
        now=_now(),
    )
    return by_client > CLIENT_RATE.count or by_nip > NIP_RATE.count


def _made_here(request: HttpRequest, key: str) -> list[Any]:
    """The tokens this browser's signed cookie `key` holds (an empty list if none or forged)."""
    value = request.get_signed_cookie(
        key, default="[]", salt=COOKIE_SALT, max_age=settings.SESSION_COOKIE_AGE
    )
    try:
        tokens = json.loads(value or "[]")
    except ValueError:
        return []
    return tokens if isinstance(tokens, list) else []


def _keep_made(request: HttpRequest, response: HttpResponse, key: str, token: Any) -> None:
    response.set_signed_cookie(
        key,
        json.dumps([*_made_here(request, key), token][-10:]),
        salt=COOKIE_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


@dataclass(frozen=True)
class Remember:
    """Where this browser keeps what it made (cookie name, the token of it) and the page after."""

    session_key: str
    token: Callable[[Any], Any]
    next_page: str


def _write_as_asn(
    request: HttpRequest, form: Any, write: Callable[[], Any], remember: Remember
) -> HttpResponse | int:
    """Throttle code guesses, write, remember it in a signed cookie and redirect; else the
    status."""
    if _throttled(request, form.cleaned_data["nip"]):
        form.add_error(None, _("Too many attempts. Wait ten minutes, then try again."))
        return 429
    try:
        made = write()
    except ValidationError as error:
        _form_errors(form, error)
        return 400
    token = remember.token(made)
    response = redirect(remember.next_page, token)
    _keep_made(request, response, remember.session_key, token)
    return response


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
            outcome = _write_as_asn(
                request,
                form,
                lambda: services.sign_online(
                    campaign=campaign,
                    nip=form.cleaned_data["nip"],
                    code=form.cleaned_data["code"],
                    accounts=accounts,
                    now=_now(),
                ),
                Remember(SESSION_KEY, lambda made: made.certificate_code, "prevention:signed"),
            )
            if isinstance(outcome, HttpResponse):
                return outcome
            status = outcome
    context = {"campaign": campaign, "form": form}
    return render(request, "prevention/sign.html", context, status=status)


def check_in(request: HttpRequest) -> HttpResponse:
    """An ASN at a sosialisasi or Bimtek: the event's code (from the screen or its QR), NIP and
    their one-time code."""
    initial = {"event_code": request.GET.get("kode", "")[:12]}
    posted = request.POST if request.method == "POST" else None
    form = forms.CheckInForm(posted, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            outcome = _write_as_asn(
                request,
                form,
                lambda: services.check_in(
                    event_code=form.cleaned_data["event_code"],
                    nip=form.cleaned_data["nip"],
                    code=form.cleaned_data["code"],
                    now=_now(),
                ),
                Remember(ATTENDED_KEY, lambda made: made.pk, "prevention:checked_in"),
            )
            if isinstance(outcome, HttpResponse):
                return outcome
            status = outcome
    briefing = services.briefing_by_code(initial["event_code"]) if initial["event_code"] else None
    context = {"form": form, "briefing": briefing}
    return render(request, "prevention/check_in.html", context, status=status)


def checked_in(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = selectors.attendance(pk)
    if attendance is None or pk not in _made_here(request, ATTENDED_KEY):
        raise Http404
    context = {
        "attendance": attendance,
        "briefing": attendance.briefing,
        "materials": attendance.briefing.materials.all(),
    }
    return render(request, "prevention/checked_in.html", context)


def _mine_or_staff(request: HttpRequest, holder: Any, session_key: str, token: Any) -> None:
    """404 unless this browser just made it (`token` is in its cookie) or the user may see it."""
    mine = token in _made_here(request, session_key)
    staff = policies.visible_campaigns(request.user).filter(pk=holder.campaign_id).exists()
    if not (mine or staff):
        raise Http404


def _own_signature(request: HttpRequest, code: str) -> Signature:
    """A signature this browser has just made, or one the staff user may see; else 404."""
    signature = services.signature_by_certificate(code)
    if signature is None:
        raise Http404
    _mine_or_staff(request, signature, SESSION_KEY, signature.certificate_code)
    return signature


def signed(request: HttpRequest, code: str) -> HttpResponse:
    signature = _own_signature(request, code)
    context = {"signature": signature, "printed": services.grouped(signature.certificate_code)}
    return render(request, "prevention/signed.html", context)


def _certificate(
    request: HttpRequest, template: str, certificate_code: str, name: str, **holder: Any
) -> HttpResponse:
    """The PDF certificate, or its HTML page where no PDF renderer is installed."""
    verify_url = request.build_absolute_uri(certificates.verify_path(certificate_code))
    values = certificates.context(certificate_code, verify_url, **holder)
    pdf = certificates.pdf(f"prevention/{template}_pdf.html", values)
    if pdf is None:
        return render(request, f"prevention/{template}.html", values)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-{certificate_code}.pdf"'
    return response


def certificate(request: HttpRequest, code: str) -> HttpResponse:
    signature = _own_signature(request, code)
    return _certificate(
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


# ---------------------------------------------------------------- learning


def _election(code: str) -> Any:
    from netral.registry.models import Election

    election = Election.objects.filter(code=code).first()
    if election is None:
        raise Http404
    return election


def learn(request: HttpRequest, code: str) -> HttpResponse:
    """The learning modules of an election, for its civil servants."""
    election = _election(code)
    context = {"election": election, "modules": list(learning.modules().values())}
    return render(request, "prevention/learn.html", context)


def _quiz_form(
    request: HttpRequest, module: learning.Module, election: Any, kind: str = learning.POST
) -> Any:
    """The quiz form: the posted one (its ticket re-read) or a fresh draw for a GET."""
    family = election.family or None
    posted = request.method == "POST"
    value = request.POST.get("ticket", "") if posted else ""
    ticket = learning.read_ticket(module, value, kind) if posted else None
    if ticket is None:
        value = learning.new_ticket(module, timezone.localdate(), kind)
        ticket = learning.read_ticket(module, value, kind)
        assert ticket is not None
        data = None
    else:
        data = request.POST
    questions = learning.draw(module, ticket.day, ticket.seed, family)
    form = forms.QuizForm(data, initial={"ticket": value}, questions=[q.example for q in questions])
    return form, ticket


def _quiz_page(request: HttpRequest, code: str, slug: str, kind: str) -> HttpResponse:
    """A module's quiz (after its text) or pre-quiz (before it): grade, record, show result."""
    election = _election(code)
    found = learning.modules().get(slug)
    if found is None:
        raise Http404
    form, ticket = _quiz_form(request, found, election, kind)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_bound and form.is_valid():
            outcome = _write_as_asn(
                request,
                form,
                lambda: services.record_attempt(
                    election=election,
                    nip=form.cleaned_data["nip"],
                    code=form.cleaned_data["code"],
                    module=found,
                    ticket=ticket,
                    answers=form.answers(),
                    now=_now(),
                    kind=kind,
                ),
                Remember(LEARNED_KEY, lambda made: made.pk, "prevention:learned"),
            )
            if isinstance(outcome, HttpResponse):
                return outcome
            status = outcome
    context = {
        "election": election,
        "module": found,
        "entries": learning.entries(found, ticket.day, election.family or None),
        "form": form,
        "expired": request.method == "POST" and not form.is_bound,
    }
    template = "prevention/module.html" if kind == learning.POST else "prevention/module_pre.html"
    return render(request, template, context, status=status)


def module(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """One module: the catalogue's entries for its stage, then the quiz (NIP and code)."""
    return _quiz_page(request, code, slug, learning.POST)


def module_pre(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """The module's pre-quiz, before its text: recorded to show the ASN what they learned."""
    return _quiz_page(request, code, slug, learning.PRE)


def _own_attempt(request: HttpRequest, pk: int) -> ModuleAttempt:
    """An attempt this browser has just made, or one the staff user may see; else 404."""
    attempt = (
        ModuleAttempt.objects.select_related(
            "campaign__election", "campaign__agency", "civil_servant"
        )
        .filter(pk=pk)
        .first()
    )
    if attempt is None:
        raise Http404
    _mine_or_staff(request, attempt, LEARNED_KEY, attempt.pk)
    return attempt


def learned(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    found = learning.modules().get(attempt.module)
    pre = selectors.pre_quiz_before(attempt)
    context = {
        "attempt": attempt,
        "module": found,
        "printed": services.grouped(attempt.certificate_code or ""),
        "pre": pre,
        "gain": attempt.percent - pre.percent if pre is not None else None,
        "drop": pre.percent - attempt.percent if pre is not None else None,
    }
    return render(request, "prevention/learned.html", context)


def module_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    if not attempt.passed or not attempt.certificate_code:
        raise Http404
    return _certificate(
        request,
        "module_certificate",
        attempt.certificate_code,
        "sertifikat-modul",
        attempt=attempt,
        module=learning.modules().get(attempt.module),
    )


# ---------------------------------------------------------------- share material


def _card_entry(code: str) -> Any:
    """The catalogue entry in force today that has examples to share, or 404."""
    entry = catalogue.entry(code, timezone.localdate())
    if entry is None or not (entry.forbidden_examples or entry.allowed_examples):
        raise Http404
    return entry


def material(request: HttpRequest) -> HttpResponse:
    """Every catalogue example, with its share cards and printable poster."""
    version = catalogue.version_on(timezone.localdate())
    entries = [
        entry
        for entry in catalogue.ordered(list(version.entries.values()))
        if entry.forbidden_examples or entry.allowed_examples
    ]
    context = {"version": version, "entries": entries}
    return render(request, "prevention/material.html", context)


def card(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The PNG card, drawn once a day per catalogue version and kept in the shared cache."""
    from netral.prevention import cards  # Pillow is loaded by the process that draws a card

    if fmt not in cards.FORMATS:
        raise Http404
    entry = _card_entry(code)
    key = f"prevention:card:{entry.version}:{entry.code}:{fmt}"
    image = cache.get(key)
    if image is None:
        image = cards.png(entry, cards.FORMATS[fmt])
        cache.set(key, image, timeout=CARD_SECONDS)
    response = HttpResponse(image, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={CARD_SECONDS}"
    response["Content-Disposition"] = f'inline; filename="netral-{entry.code}-{fmt}.png"'
    return response


def poster(request: HttpRequest, code: str) -> HttpResponse:
    """An A4 poster of one entry, as PDF (or its HTML page where no PDF renderer is installed)."""
    entry = _card_entry(code)
    link = request.build_absolute_uri(reverse("prevention:material"))
    # Kept like the cards: a renderer's second per request is not for anyone to call at will.
    key = f"prevention:poster:{entry.version}:{entry.code}:{link}"
    pdf = cache.get(key)
    if pdf is None:
        values = {"entry": entry, "link": link, "qr": certificates.qr_svg(link)}
        pdf = certificates.pdf("prevention/poster_pdf.html", values)
        if pdf is None:
            return render(request, "prevention/poster_pdf.html", values)
        cache.set(key, pdf, timeout=CARD_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Cache-Control"] = f"public, max-age={CARD_SECONDS}"
    response["Content-Disposition"] = f'inline; filename="netral-poster-{entry.code}.pdf"'
    return response
