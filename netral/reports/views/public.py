"""Public pages before and right after sending: how to report, the form, the receipt.

Nothing here keeps a plain receipt: the session holds the receipt's keyed hash, and for half an
hour after a submission the new code sealed with the identity key (see reporter_session.py).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netral.core import htmx as core_htmx
from netral.registry import lookups
from netral.reports import (
    adapters,
    categories,
    crypto,
    evidence,
    reporter_session,
    services,
    throttle,
)
from netral.reports.forms import ReceiptForm, ReportWebForm
from netral.reports.models import DraftFile, Report
from netral.reports.views import drafting


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


# The empty form looks the same to every visitor without a session (same language, same track,
# same registry), apart from its draft token and CSRF token: it is rendered once per process with
# these marks and filled in per request (issue 19: 19 ms of template rendering a page).
_DRAFT_MARK = "netral-draft-token-mark-00000000000000000000"
_CSRF_MARK = "netralcsrftokenmark0000000000000000000000000000000000000000000000"
_blank_pages: dict[tuple[Any, ...], str] = {}


def _blank_page_key(request: HttpRequest, track: str | None) -> tuple[Any, ...] | None:
    """The key of a shared empty form for this request, or None when the page may differ (a
    session, a pending message, a signed-in user)."""
    # Only the plain address or a valid track: the page repeats its own address (the language
    # switch's "next"), so anything else typed in the query string must not be shared.
    if request.GET and (list(request.GET) != ["jalur"] or track is None):
        return None
    if not request.session.is_empty():
        return None
    if "messages" in request.COOKIES or request.user.is_authenticated:
        return None
    return (get_language(), request.get_full_path(), track, lookups.generation())


def _blank_form(request: HttpRequest, now: Any, track: str | None) -> HttpResponse:
    key = _blank_page_key(request, track)
    page = _blank_pages.get(key) if key else None
    if page is None:
        initial = {"draft": _DRAFT_MARK if key else crypto.new_token()}
        if track:
            initial["track"] = track
        form = ReportWebForm(initial=initial, now=now)
        context = _form_context(form, [], quiet=True)
        if key is None:
            return render(request, "reports/report_form.html", context)
        context["csrf_token"] = _CSRF_MARK  # over the context processor's token
        page = render_to_string("reports/report_form.html", context, request)
        if len(_blank_pages) > 50:  # languages × tracks × registry generations
            _blank_pages.clear()
        _blank_pages[key] = page
    filled = page.replace(_DRAFT_MARK, crypto.new_token()).replace(_CSRF_MARK, get_token(request))
    return HttpResponse(filled)


@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest) -> HttpResponse:
    """The report form. Without JavaScript it is an ordinary form; errors keep everything."""
    now = timezone.now()
    if request.method == "POST":
        return _post_report(request, now)
    track = request.GET.get("jalur")
    return _blank_form(request, now, track if track in Report.Track.values else None)


@require_GET
def election_options(request: HttpRequest) -> HttpResponse:
    """The report form's election list for the region chosen so far: the form's JavaScript asks
    for it whenever the region cascade changes (without JavaScript, "Show the next level" reloads
    the whole form with the same list)."""
    form = ReportWebForm(now=timezone.now())
    code = form.fields["region"].widget.value_from_datadict(request.GET, {}, "region")
    form = ReportWebForm(
        initial={"region": code, "election": request.GET.get("election", "")}, now=timezone.now()
    )
    return HttpResponse(str(form["election"]))


def _post_report(request: HttpRequest, now: Any) -> HttpResponse:
    found = services.form_draft(token=request.POST.get("draft", ""), now=now)
    if found is not None and found.report_id is not None:
        return redirect("reports:receipt")  # the same form sent again: one report, not two
    with drafting.posted(request.POST, now, draft=found) as state:
        if state.data.get("as_tip"):
            state.data["track"] = Report.Track.TIP  # the late formal report, sent as a tip
        form = ReportWebForm(
            state.data,
            request.FILES,
            now=now,
            kept=state.kept,
            pixels_over_budget=throttle.pixel_budget(request),
        )
        refresh = adapters.region_refine_requested(state.data)
        valid = form.is_valid()
        if valid and not refresh and not throttle.limited(request, "submit"):
            return _submit(request, form, state, now)
        draft = drafting.keep(state, form, now)
    if valid and not refresh:
        form.add_error(None, _("Too many reports from this connection. Wait a few minutes."))
    files = list(draft.files.all())
    return render(request, "reports/report_form.html", _form_context(form, files, quiet=refresh))


def _submit(
    request: HttpRequest, form: ReportWebForm, state: drafting.Posted, now: Any
) -> HttpResponse:
    # The report and its closed draft commit together; Django's session middleware then saves
    # the session that remembers the receipt.
    submission = services.submit_form(
        data=form.to_input(),
        evidence=form.inspected,
        now=now,
        token=state.token,
        # No live draft (a new form, or one that expired): the closing looks its files up, so an
        # expired draft's copies go too.
        draft_files=state.files if state.draft is not None else None,
    )
    reporter_session.remember(request, submission.report)
    reporter_session.keep_new_receipt(request, submission.receipt)
    return core_htmx.respond_after_post(request, redirect_to="reports:receipt")


def _receipt_context(request: HttpRequest) -> dict[str, Any] | None:
    code = reporter_session.new_receipt(request)
    report = reporter_session.current(request)
    if code is None or report is None or report.receipt_hash != crypto.receipt_hash(code):
        return None
    return {
        "report": report,
        "receipt": code,
        "check_url": request.build_absolute_uri(reverse("reports:check")),
    }


@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    """The new receipt, on this device only, until the reporter says it is saved (30 min)."""
    context = _receipt_context(request)
    if context is None:
        return redirect("reports:status")
    return render(request, "reports/receipt.html", context)


@require_GET
def receipt_download(request: HttpRequest) -> HttpResponse:
    """The receipt as a small text file, for a reporter who cannot print."""
    context = _receipt_context(request)
    if context is None:
        return render(request, "reports/receipt_unknown.html", status=404)
    text = render_to_string("reports/receipt.txt", context)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    filename = "tanda-terima-netral-" + context["report"].code + ".txt"
    response["Content-Disposition"] = 'attachment; filename="' + filename + '"'
    return response


@require_POST
def receipt_saved(request: HttpRequest) -> HttpResponse:
    """The reporter has written the code down: this device stops showing it."""
    reporter_session.drop_new_receipt(request)
    return redirect("reports:status")
