"""Thin pages of the monitoring app: review queue, finding, import, accounts."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.core import htmx
from netral.core.pagination import paginate
from netral.monitoring import evidence, forms, policies, selectors, services
from netral.monitoring.models import Finding

PER_PAGE = 25
ACCOUNTS_PER_PAGE = 50


def _now() -> dt.datetime:
    return timezone.now()


def _require_monitor(request: HttpRequest) -> None:
    if not policies.is_monitor(request.user):
        raise Http404


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Findings to review, highest score first; filters keep the URL."""
    _require_monitor(request)
    elections = policies.monitored_elections(request.user)
    form = forms.QueueFilterForm(request.GET or None, elections=elections)
    findings = selectors.review_queue(request.user, form.filters())
    context = {
        "form": form,
        "page_obj": paginate(request, findings, PER_PAGE),
        "can_import": policies.monitored_elections(request.user, policies.ACT).exists(),
    }
    return htmx.render_htmx(request, "monitoring/queue.html", context, partial="results")


def _detail_context(request: HttpRequest, finding: Finding, **extra: Any) -> dict[str, Any]:
    item = finding.item
    return {
        "finding": finding,
        "item": item,
        "text": selectors.highlighted(item.text, finding.signals, "text"),
        "shared": selectors.highlighted(item.shared_text, finding.signals, "shared"),
        "events": finding.events.select_related("actor"),
        "can_act": policies.can_act(request.user, finding) and finding.is_open,
        "dismiss_form": extra.pop("dismiss_form", None) or forms.DismissForm(),
        "confirm_form": forms.ConfirmForm(),
        "can_capture": policies.can_capture(request.user, finding) and bool(item.url),
        "capture_available": services.capture_available(),
        "capture_problem": selectors.capture_problem(finding.capture_error),
        **extra,
    }


@login_required
def finding_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    finding = policies.get_finding_for(request.user, public_id)
    return render(request, "monitoring/finding.html", _detail_context(request, finding))


@login_required
@require_POST
def finding_action(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    """Confirm, dismiss, promote or capture; HTMX gets the review fragment, a form a redirect."""
    finding = policies.get_finding_for(request.user, public_id, policies.ACT)
    dismiss_form = forms.DismissForm(request.POST if action == "dismiss" else None)
    try:
        if action == "confirm":
            note = forms.ConfirmForm(request.POST)
            note.is_valid()
            services.confirm_finding(
                finding=finding, by=request.user, now=_now(), note=note.cleaned_data.get("note", "")
            )
        elif action == "dismiss":
            if not dismiss_form.is_valid():
                raise ValidationError({"reason": dismiss_form.errors.get("reason", [])})
            services.dismiss_finding(
                finding=finding,
                reason=dismiss_form.cleaned_data["reason"],
                by=request.user,
                now=_now(),
            )
        elif action == "promote":
            services.promote_finding_to_case(finding=finding, by=request.user, now=_now())
        elif action == "capture":
            services.request_capture(finding=finding, by=request.user, now=_now())
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        finding.refresh_from_db()
        context = _detail_context(request, finding, dismiss_form=dismiss_form)
        return htmx.render_htmx(
            request, "monitoring/finding.html", context, partial="review", status=400
        )
    finding.refresh_from_db()
    return htmx.respond_after_post(
        request,
        redirect_to=reverse("monitoring:finding", args=[finding.public_id]),
        template="monitoring/finding.html",
        partial="review",
        context=_detail_context(request, finding),
    )


@login_required
def bundle(request: HttpRequest, public_id: str) -> HttpResponse:
    """The evidence bundle (ZIP); every download is an event on the finding."""
    finding = policies.get_finding_for(request.user, public_id)
    data = evidence.bundle_zip(evidence.bundle_files(finding.item, finding))
    services.record_bundle_download(
        finding=finding, by=request.user, now=_now(), sha256=evidence.sha256_hex(data)
    )
    response = HttpResponse(data, content_type="application/zip")
    name = f"bukti-netral-{finding.public_id}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def import_new(request: HttpRequest) -> HttpResponse:
    """Upload an export file; a small one is imported at once, a large one in the background."""
    _require_monitor(request)
    elections = policies.monitored_elections(request.user, policies.ACT)
    form = forms.ImportForm(request.POST or None, request.FILES or None, elections=elections)
    if request.method == "POST" and form.is_valid():
        election = policies.get_election_for(
            request.user, form.cleaned_data["election"].code, policies.ACT
        )
        upload = form.cleaned_data["file"]
        now = _now()
        services.sync_candidate_accounts(election=election, now=now)
        run = services.start_import(
            election=election,
            content=upload.read(),
            file_name=upload.name,
            by=request.user,
            now=now,
        )
        if upload.size <= services.imports.inline_limit():
            services.process_import_run(run=run, now=now)
        return htmx.respond_after_post(
            request, redirect_to=reverse("monitoring:run", args=[run.public_id])
        )
    runs = policies.visible_runs(request.user)[:10]
    return render(request, "monitoring/import.html", {"form": form, "runs": runs})


@login_required
def import_run(request: HttpRequest, public_id: str) -> HttpResponse:
    """Progress of one import; HTMX polls the fragment until the run is finished."""
    run = policies.get_run_for(request.user, public_id)
    return htmx.render_htmx(request, "monitoring/run.html", {"run": run}, partial="progress")


@login_required
def accounts(request: HttpRequest) -> HttpResponse:
    """Accounts to watch (candidates', agencies', authors seen) with open link suggestions."""
    _require_monitor(request)
    elections = policies.monitored_elections(request.user, policies.ACT)
    form = forms.AgencyAccountForm(request.POST or None, elections=elections)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        election = policies.get_election_for(request.user, data["election"].code, policies.ACT)
        services.add_watched_account(
            kind=data["kind"],
            platform=data["platform"],
            handle=data["handle"],
            display_name=data["display_name"],
            election=election,
            by=request.user,
            now=_now(),
        )
        return htmx.respond_after_post(
            request, redirect_to="monitoring:accounts", notice=_("The account is now watched.")
        )
    listing = paginate(request, selectors.watched_accounts(request.user), ACCOUNTS_PER_PAGE)
    context = {"page_obj": listing, "form": form, "can_add": elections.exists()}
    return render(request, "monitoring/accounts.html", context)


@login_required
@require_POST
def suggest(request: HttpRequest, public_id: str) -> HttpResponse:
    account = policies.visible_accounts(request.user).filter(public_id=public_id).first()
    if account is None:
        raise Http404
    if not policies.can_act_in(request.user, account.region_code):
        raise PermissionDenied
    found = services.suggest_links(account=account, now=_now())
    if not found:
        messages.info(request, _("No civil servant in the registry looks like this account."))
    return htmx.respond_after_post(
        request, redirect_to=reverse("monitoring:accounts") + f"#akun-{account.public_id}"
    )


@login_required
@require_POST
def decide_link(request: HttpRequest, public_id: str, decision: str) -> HttpResponse:
    """A human confirms or rejects a suggested owner; confirming declares the account."""
    suggestion = policies.get_suggestion_for(request.user, public_id)
    try:
        if decision == "confirm":
            services.confirm_link(suggestion=suggestion, by=request.user, now=_now())
            messages.success(request, _("Link confirmed: the account is declared in the registry."))
        elif decision == "reject":
            services.reject_link(suggestion=suggestion, by=request.user, now=_now())
            messages.success(request, _("Suggestion rejected."))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    anchor = f"#akun-{suggestion.account.public_id}"
    return htmx.respond_after_post(request, redirect_to=reverse("monitoring:accounts") + anchor)
