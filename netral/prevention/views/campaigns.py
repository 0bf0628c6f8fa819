"""The staff's campaign pages: the list, coverage per region, opening, the campaign page,
revising its text and closing it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.prevention import code_delivery, forms, learning, policies, selectors, services
from netral.prevention.views.common import campaign_units, now, report, saved


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
    if not policies.is_watcher(request.user):
        raise Http404
    days = selectors.voting_days(request.user)
    asked = request.GET.get("hari", "")
    day = next((d["voting_day"] for d in days if d["voting_day"].isoformat() == asked), None)
    if day is None and days:
        day = days[0]["voting_day"]
    within = request.GET.get("wilayah", "")
    region = selectors.province(within)
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
    campaign = request.method == "POST" and saved(
        request,
        form,
        lambda: services.open_campaign(by=request.user, now=now(), **form.cleaned_data),
        _("The pledge campaign is open."),
    )
    if campaign:
        return redirect("prevention:campaign", campaign.public_id)
    return render(request, "prevention/campaign_new.html", {"form": form})


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
    return _campaign_page(request, campaign)


def _campaign_page(
    request: HttpRequest, campaign: Any, text_form: Any = None, status: int = 200
) -> HttpResponse:
    """The campaign page; `text_form` is a refused revision, shown with what was typed."""
    can_run = policies.can_run(request.user, campaign)
    context = {
        "campaign": campaign,
        "coverage": selectors.campaign_coverage(campaign),
        "units": selectors.unit_coverage(campaign),
        "comparison": selectors.signer_comparison(campaign),
        "can_run": can_run and campaign.is_open,
        "sheet_form": forms.CodeSheetForm(units=campaign_units(campaign)),
        "email_form": forms.EmailCodesForm(units=campaign_units(campaign)),
        "address_form": forms.AddressListForm(),
        "delivery": code_delivery.delivery(campaign),
        "paper_form": forms.PaperListForm(),
        "text_form": text_form or forms.TextForm(initial={"text": campaign.text}),
        "close_form": forms.CloseForm(),
        "paper_lists": campaign.paper_lists.all()[:20],
        "sign_url": request.build_absolute_uri(
            reverse("prevention:sign", args=[campaign.public_id])
        ),
        "briefings": selectors.briefings_of(campaign),
        "learning": _with_titles(selectors.learning_scores(campaign)),
        "history": selectors.campaign_history(campaign),
        "history_limit": selectors.HISTORY_LENGTH,
    }
    return render(request, "prevention/campaign.html", context, status=status)


@login_required
@require_POST
def revise_text(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A new version of the pledge text; refused, the page comes back with what was typed."""
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.TextForm(request.POST)
    revised = saved(
        request,
        form,
        lambda: services.revise_text(
            campaign=campaign, text=form.cleaned_data["text"], by=request.user, now=now()
        ),
        _("The pledge text has a new version."),
    )
    if revised is None:
        return _campaign_page(request, campaign, text_form=form, status=400)
    return redirect("prevention:campaign", campaign.public_id)


@login_required
@require_POST
def close(request: HttpRequest, public_id: Any) -> HttpResponse:
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.CloseForm(request.POST)
    if form.is_valid():
        report(
            request,
            lambda: services.close_campaign(campaign=campaign, by=request.user, now=now()),
            _("The campaign is closed."),
        )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors["understood"]))
    return redirect("prevention:campaign", campaign.public_id)
