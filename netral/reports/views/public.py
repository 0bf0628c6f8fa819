"""Public pages: how to report, the form, the receipt, and the status page behind the receipt.

The receipt itself is never kept: after a submission or a successful check, the session holds only
its keyed hash (the same value the report row holds), for half an hour at most.
"""

from typing import IO, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netral.reports import adapters, categories, crypto, evidence, selectors, services, throttle
from netral.reports.forms import AddIdentityForm, ReceiptForm, ReplyForm, ReportWebForm
from netral.reports.models import DraftFile, Report

SESSION_KEY = "reports_receipt"
SESSION_SECONDS = 30 * 60


def _remember(request: HttpRequest, report: Report) -> None:
    request.session[SESSION_KEY] = report.receipt_hash
    if not request.user.is_authenticated:
        request.session.set_expiry(SESSION_SECONDS)


def _current(request: HttpRequest) -> Report | None:
    digest = request.session.get(SESSION_KEY)
    return Report.objects.filter(receipt_hash=digest).first() if digest else None


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/too_many.html", status=429)


def _close(kept: list[tuple[DraftFile, IO[bytes]]]) -> None:
    for _item, handle in kept:
        handle.close()


def _form_context(form: ReportWebForm, draft_files: list[DraftFile], quiet: bool) -> dict[str, Any]:
    limit = evidence.limits()
    return {
        "form": form,
        "draft_files": draft_files,
        "quiet": quiet,
        "max_mb": round(limit.max_bytes / 1024 / 1024),
        "max_files": limit.max_files,
        "examples": {str(key): value for key, value in categories.EXAMPLES.items()},
        "track_notes": {
            Report.Track.TIP: _(
                "No name, no NIK, no phone. Bawaslu may investigate it as its own finding."
            ),
            Report.Track.FORMAL: _(
                "With your name, NIK, address and contact, within 7 days of learning of it."
            ),
        },
    }


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/start.html", {"receipt_form": ReceiptForm()})


@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest) -> HttpResponse:
    """The report form. Without JavaScript it is an ordinary form; errors keep everything."""
    now = timezone.now()
    if request.method == "POST":
        return _post_report(request, now)
    track = request.GET.get("jalur")
    initial = {"draft": crypto.new_token()}
    if track in Report.Track.values:
        initial["track"] = track
    form = ReportWebForm(initial=initial, now=now)
    return render(request, "reports/report_form.html", _form_context(form, [], quiet=True))


def _post_report(request: HttpRequest, now: Any) -> HttpResponse:
    data = request.POST.copy()
    if data.get("as_tip"):
        data["track"] = Report.Track.TIP  # the late formal report is offered as a tip instead
    token = data.get("draft") or ""
    if not 20 <= len(token) <= 100:
        token = data["draft"] = crypto.new_token()
    draft = services.load_draft(token=token, now=now)
    removed = data.getlist("draft_remove")
    kept = services.open_draft_files(draft) if draft else []
    try:
        keep = [(item, handle) for item, handle in kept if str(item.uuid) not in removed]
        form = ReportWebForm(data, request.FILES, now=now, kept=keep)
        refresh = adapters.region_refine_requested(data)
        valid = form.is_valid()
        if valid and not refresh and not throttle.limited(request, "submit"):
            return _submit(request, form, draft, now)
        draft = services.save_draft(
            token=token,
            data=form.draft_payload(),
            files=form.new_inspected,
            remove=removed,
            now=now,
        )
    finally:
        _close(kept)
    if valid and not refresh:
        form.add_error(None, _("Too many reports from this connection. Wait a few minutes."))
    files = list(draft.files.all())
    return render(request, "reports/report_form.html", _form_context(form, files, quiet=refresh))


def _submit(request: HttpRequest, form: ReportWebForm, draft: Any, now: Any) -> HttpResponse:
    submission = services.submit_report(
        data=form.to_input(), evidence=form.inspected, channel=Report.Channel.WEB, now=now
    )
    if draft is not None:
        services.discard_draft(draft=draft)
    _remember(request, submission.report)
    context = {
        "report": submission.report,
        "receipt": submission.receipt,
        "check_url": request.build_absolute_uri(reverse("reports:check")),
    }
    return render(request, "reports/receipt.html", context)


@require_POST
def receipt_download(request: HttpRequest) -> HttpResponse:
    """The receipt as a small text file, for a reporter who cannot print."""
    if throttle.limited(request, "receipt"):
        return _too_many(request)
    code = crypto.normalise_receipt(request.POST.get("receipt", ""))
    report = Report.objects.filter(receipt_hash=crypto.receipt_hash(code)).first() if code else None
    if report is None or code is None:
        return render(request, "reports/receipt_unknown.html", status=404)
    text = render_to_string(
        "reports/receipt.txt",
        {
            "report": report,
            "receipt": crypto.group(code),
            "check_url": request.build_absolute_uri(reverse("reports:check")),
        },
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    filename = "tanda-terima-netral-" + report.code + ".txt"
    response["Content-Disposition"] = 'attachment; filename="' + filename + '"'
    return response


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Opens the status page from a receipt code; unknown codes all get the same answer."""
    form = ReceiptForm(request.POST or None)
    if request.method == "POST":
        if throttle.limited(request, "receipt"):
            return _too_many(request)
        if form.is_valid():
            digest = crypto.receipt_hash(form.cleaned_data["receipt"])
            report = Report.objects.filter(receipt_hash=digest).first()
            if report is not None:
                _remember(request, report)
                return redirect("reports:status")
            form.add_error(None, _("No report matches this receipt code. Check it and try again."))
    return render(request, "reports/check.html", {"form": form})


def _status_page(
    request: HttpRequest, report: Report, reply_form: ReplyForm, draft_files: list[DraftFile]
) -> HttpResponse:
    context = {
        "report": report,
        "timeline": selectors.public_timeline(report),
        "reply_form": reply_form,
        "draft_files": draft_files,
        "max_mb": round(evidence.limits().max_bytes / 1024 / 1024),
        "max_files": evidence.limits().max_files,
    }
    return render(request, "reports/status.html", context)


@require_GET
def status(request: HttpRequest) -> HttpResponse:
    report = _current(request)
    if report is None:
        return redirect("reports:check")
    form = ReplyForm(initial={"draft": crypto.new_token()})
    return _status_page(request, report, form, [])


@require_POST
def reply(request: HttpRequest) -> HttpResponse:
    """The reporter answers a question or adds evidence; failed checks keep what was sent."""
    report = _current(request)
    if report is None:
        return redirect("reports:check")
    now = timezone.now()
    data = request.POST.copy()
    token = data.get("draft") or ""
    if not 20 <= len(token) <= 100:
        token = data["draft"] = crypto.new_token()
    draft = services.load_draft(token=token, now=now)
    removed = data.getlist("draft_remove")
    kept = services.open_draft_files(draft) if draft else []
    try:
        keep = [(item, handle) for item, handle in kept if str(item.uuid) not in removed]
        form = ReplyForm(data, request.FILES, kept=keep)
        if form.is_valid():
            try:
                services.add_reply(
                    report=report, body=form.cleaned_data["body"], evidence=form.inspected, now=now
                )
            except ValidationError as problem:
                form.add_error(None, problem)
            else:
                if draft is not None:
                    services.discard_draft(draft=draft)
                messages.success(request, _("Your message has been sent to Bawaslu."))
                return redirect("reports:status")
        draft = services.save_draft(
            token=token,
            data=form.draft_payload(),
            files=form.new_inspected,
            remove=removed,
            now=now,
        )
    finally:
        _close(kept)
    return _status_page(request, report, form, list(draft.files.all()))


@require_http_methods(["GET", "POST"])
def add_identity(request: HttpRequest) -> HttpResponse:
    """A tip becomes a formal report when its reporter adds identity, within the window."""
    report = _current(request)
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
    """Forgets the receipt on this device (a shared phone, an office computer)."""
    request.session.pop(SESSION_KEY, None)
    messages.info(request, _("This device no longer shows your report. Keep your receipt code."))
    return redirect("reports:start")
