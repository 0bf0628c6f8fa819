"""A campaign's signing codes and lists: printed code sheets, e-mailed codes and their
addresses, and paper lists of signatures."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.prevention import code_delivery, forms, policies, services
from netral.prevention.views.common import campaign_units, list_upload, now


@login_required
@require_POST
def code_sheet(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Issues codes for one unit and answers with the printable sheet (the only time they show)."""
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.CodeSheetForm(request.POST, units=campaign_units(campaign))
    if not form.is_valid():
        messages.error(request, _("Choose a work unit."))
        return redirect("prevention:campaign", campaign.public_id)
    unit = form.cleaned_data["unit"]
    try:
        issued = services.issue_codes(
            campaign=campaign,
            unit=None if unit == "*" else unit,
            by=request.user,
            now=now(),
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


@login_required
@require_POST
def paper_list(request: HttpRequest, public_id: Any) -> HttpResponse:
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.PaperListForm(request.POST, request.FILES)
    return list_upload(
        request,
        form,
        lambda path: services.record_paper_list(
            campaign=campaign,
            scan=form.cleaned_data["scan"],
            table_path=path,
            by=request.user,
            now=now(),
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
    return list_upload(
        request,
        form,
        lambda path: code_delivery.record_addresses(
            campaign=campaign, table_path=path, by=request.user, now=now()
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
    form = forms.EmailCodesForm(request.POST, units=campaign_units(campaign))
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
            now=now(),
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
