"""The reporter's pages behind the receipt: check, status and messages, reply, add identity."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netral.reports import (
    crypto,
    evidence,
    handoff,
    reporter_session,
    selectors,
    services,
    throttle,
)
from netral.reports.forms import AddIdentityForm, ReceiptForm, ReplyForm
from netral.reports.models import DraftFile, Report
from netral.reports.views import drafting


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Opens the status page from a receipt code; unknown codes all get the same answer."""
    form = ReceiptForm(request.POST or None)
    if request.method == "POST":
        guess = throttle.guess_receipt(request, str(request.POST.get("receipt", "")))
        if guess is None:
            return render(request, "reports/too_many.html", status=429)
        if form.is_valid():
            digest = crypto.receipt_hash(form.cleaned_data["receipt"])
            report = Report.objects.filter(receipt_hash=digest).first()
            if report is not None:
                guess.forgive()
                reporter_session.remember(request, report)
                return redirect("reports:status")
            form.add_error(None, _("No report matches this receipt code. Check it and try again."))
    return render(request, "reports/check.html", {"form": form})


def _status_page(
    request: HttpRequest, report: Report, reply_form: ReplyForm, draft_files: list[DraftFile]
) -> HttpResponse:
    limit = evidence.limits()
    context = {
        "report": report,
        "progress": handoff.public_progress(report),
        "timeline": selectors.public_timeline(report),
        "reply_form": reply_form,
        "draft_files": draft_files,
        "max_mb": round(limit.max_bytes / 1024 / 1024),
        "max_files": limit.max_files,
        "receipt_pending": reporter_session.new_receipt(request) is not None,
    }
    return render(request, "reports/status.html", context)


@require_GET
def status(request: HttpRequest) -> HttpResponse:
    report = reporter_session.current(request)
    if report is None:
        return redirect("reports:check")
    form = ReplyForm(initial={"draft": crypto.new_token()})
    return _status_page(request, report, form, [])


@require_POST
def reply(request: HttpRequest) -> HttpResponse:
    """The reporter answers a question or adds evidence; failed checks keep what was sent."""
    report = reporter_session.current(request)
    if report is None:
        return redirect("reports:check")
    now = timezone.now()
    if services.submitted_report(token=request.POST.get("draft", ""), now=now) is not None:
        return redirect("reports:status")  # the same reply sent again
    with drafting.posted(request.POST, now) as state:
        form = ReplyForm(
            state.data,
            request.FILES,
            kept=state.kept,
            pixels_over_budget=throttle.pixel_budget(request),
        )
        if form.is_valid():
            try:
                services.add_reply(
                    report=report, body=form.cleaned_data["body"], evidence=form.inspected, now=now
                )
            except ValidationError as problem:
                form.add_error(None, problem)
            else:
                services.close_draft(token=state.token, report=report, now=now)
                messages.success(request, _("Your message has been sent to Bawaslu."))
                return redirect("reports:status")
        draft = drafting.keep(state, form, now)
    return _status_page(request, report, form, list(draft.files.all()))


@require_http_methods(["GET", "POST"])
def add_identity(request: HttpRequest) -> HttpResponse:
    """A tip becomes a formal report when its reporter adds identity, within the window."""
    report = reporter_session.current(request)
    if report is None:
        return redirect("reports:check")
    if report.track == Report.Track.FORMAL:
        return redirect("reports:status")
    initial = {"discovered_on": report.discovered_on or report.incident_date}
    form = AddIdentityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_identity(
                report=report,
                identity=form.identity(),
                discovered_on=form.cleaned_data["discovered_on"],
                now=timezone.now(),
            )
        except ValidationError as problem:
            _add_errors(form, problem)
        else:
            messages.success(request, _("Your report is now a formal report."))
            return redirect("reports:status")
    return render(request, "reports/add_identity.html", {"form": form, "report": report})


def _add_errors(form: Any, problem: ValidationError) -> None:
    if hasattr(problem, "error_dict"):
        for field, errors in problem.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, problem)


@require_POST
def forget(request: HttpRequest) -> HttpResponseRedirect:
    """Forgets the report on this device (a shared phone, an office computer)."""
    reporter_session.forget(request)
    messages.info(request, _("This device no longer shows your report. Keep your receipt code."))
    return redirect("reports:start")
