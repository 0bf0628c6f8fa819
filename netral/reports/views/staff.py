"""The Bawaslu intake queue and triage. Every object is resolved through the policy first."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netral.accounts.models import User
from netral.core import htmx as core_htmx
from netral.core.pagination import paginate
from netral.reports import policies, selectors, services, staff_forms, storage
from netral.reports.models import Category, Evidence, Report

PER_PAGE = 50


def _user(request: HttpRequest) -> User:
    """The signed-in staff member (login_required has already turned anonymous users away)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """New reports in the officer's jurisdiction, with filters; HTMX swaps only the results."""
    if not policies.is_intake_staff(request.user):
        raise PermissionDenied
    filter_form = staff_forms.QueueFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters() if filter_form.is_valid() else selectors.QueueFilters()
    page = paginate(request, selectors.queue(request.user, filters), PER_PAGE)
    for report in page:
        report.review_due = selectors.review_deadline(report)
    context = {
        "filter_form": filter_form,
        "page_obj": page,
        "now": timezone.now(),
        "bulk_form": staff_forms.BulkForm(user=request.user),
        "query": request.GET.urlencode(),
    }
    return core_htmx.render_htmx(request, "reports/staff_queue.html", context, partial="results")


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Rejects the ticked reports with one reason, merges them into an earlier one, or assigns
    them to a colleague. Every ticked report must be one this officer may triage (or, to assign,
    route), else 404/403 and nothing changed."""
    codes = [code.upper().replace("-", "") for code in request.POST.getlist("reports")][:100]
    needed: policies.Action = "route" if request.POST.get("action") == "assign" else "triage"
    reports = [policies.get_report_for(request.user, code, needed) for code in codes]
    form = staff_forms.BulkForm(request.POST, user=request.user)
    if not reports:
        messages.error(request, _("Tick at least one report."))
    elif not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
    elif form.cleaned_data["action"] == "assign":
        _bulk_assign(request, reports, form.cleaned_data["assignee"])
    else:
        data = form.cleaned_data
        original = None
        if data["action"] == "duplicate":
            reference = data["original"].upper().replace("-", "").strip()
            original = policies.visible_reports(request.user).filter(code=reference).first()
        if data["action"] == "duplicate" and original is None:
            messages.error(request, _("No report you can see has this reference."))
        else:
            try:
                count = services.bulk_triage(
                    reports=reports,
                    by=_user(request),
                    now=timezone.now(),
                    reason=data["reason"],
                    original=original,
                )
            except ValidationError as problem:
                messages.error(request, " ".join(problem.messages))
            else:
                messages.success(request, _("%(count)s reports closed.") % {"count": count})
    return redirect(reverse("reports:queue") + "?" + request.POST.get("query", ""))


def _bulk_assign(request: HttpRequest, reports: list[Report], assignee: User) -> None:
    try:
        count = services.bulk_assign(
            reports=reports, assignee=assignee, by=_user(request), now=timezone.now()
        )
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        name = assignee.get_full_name() or assignee.username
        messages.success(
            request,
            _("%(count)s reports assigned to %(name)s.") % {"count": count, "name": name},
        )


def _detail_context(request: HttpRequest, report: Report, **extra: Any) -> dict[str, Any]:
    user = request.user
    context = {
        "report": report,
        "evidence": list(report.evidence.all()),
        "links": list(report.links.all()),
        "witnesses": selectors.witnesses(report),
        "timeline": selectors.staff_timeline(report, user),
        "hints": selectors.duplicate_hints(report, user),
        "duplicate_check_waiting": selectors.duplicate_check_waiting(report),
        "case_code": selectors.case_code(report),
        "can_triage": policies.can_triage(user, report) and report.is_open,
        "can_read_identity": policies.can_read_identity(user, report),
        "can_download": policies.can_download(user, report),
        "message_form": staff_forms.MessageForm(),
        "reject_form": staff_forms.RejectForm(),
        "duplicate_form": staff_forms.DuplicateForm(),
        "can_route": policies.can_route(user, report),
        "assign_form": staff_forms.AssignForm(report=report, user=user),
        "forward_form": staff_forms.ForwardForm(report=report, user=user),
        "identity": None,
        "categories": Category,
    }
    context.update(extra)
    return context


@login_required
@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    report = policies.get_report_for(request.user, code, "view")
    return render(request, "reports/staff_detail.html", _detail_context(request, report))


def _after_action(request: HttpRequest, report: Report, notice: str) -> HttpResponse:
    """HTMX gets the refreshed panel; a plain form post is redirected back to the detail."""

    def panel() -> dict[str, Any]:
        report.refresh_from_db()
        return _detail_context(request, report, notice=notice)

    return core_htmx.respond_after_post(
        request,
        redirect_to=reverse("reports:staff_detail", kwargs={"code": report.code}),
        template="reports/staff_detail.html",
        partial="panel",
        context=panel,
        notice=notice,
    )


def _invalid(request: HttpRequest, report: Report, **forms_with_errors: Any) -> HttpResponse:
    """The form comes back with its messages: the panel for HTMX, the page (422) otherwise."""
    context = _detail_context(request, report, **forms_with_errors)
    status = 200 if core_htmx.is_htmx(request) else 422
    return core_htmx.render_htmx(
        request, "reports/staff_detail.html", context, partial="panel", status=status
    )


def _triage(
    request: HttpRequest,
    report: Report,
    form: Any,
    *,
    form_name: str,
    perform: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """Validates the form, runs the action and answers: the notice, or the form with its errors.

    `perform` calls the service and returns the notice; a ValidationError it raises, or a
    field error it adds, comes back on the form.
    """
    if form.is_valid():
        try:
            notice = perform(form.cleaned_data)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            if not form.errors:
                return _after_action(request, report, notice)
    return _invalid(request, report, **{form_name: form})


def _triage_with_text(
    request: HttpRequest,
    code: str,
    form: Any,
    *,
    form_name: str,
    service: Callable[..., object],
    notice: str,
) -> HttpResponse:
    """A triage action whose form has one text field, which the service takes under the same
    name (`message`, `reason`); answers with `notice` once the service has run."""
    report = policies.get_report_for(request.user, code, "triage")

    def perform(data: dict[str, Any]) -> str:
        service(report=report, by=_user(request), now=timezone.now(), **data)
        return notice

    return _triage(request, report, form, form_name=form_name, perform=perform)


@login_required
@require_POST
def request_information(request: HttpRequest, code: str) -> HttpResponse:
    notice = _("The question was sent; the reporter sees it with the receipt.")
    form = staff_forms.MessageForm(request.POST)
    return _triage_with_text(
        request,
        code,
        form,
        form_name="message_form",
        service=services.request_information,
        notice=notice,
    )


@login_required
@require_POST
def mark_duplicate(request: HttpRequest, code: str) -> HttpResponse:
    report = policies.get_report_for(request.user, code, "triage")
    form = staff_forms.DuplicateForm(request.POST)

    def perform(data: dict[str, Any]) -> str:
        reference = data["original"].upper().replace("-", "").strip()
        original = policies.visible_reports(request.user).filter(code=reference).first()
        if original is None:
            form.add_error("original", _("No report you can see has this reference."))
            return ""
        services.mark_duplicate(
            report=report, original=original, by=_user(request), now=timezone.now()
        )
        return _("The report was merged with %(code)s.") % {"code": original.display_code}

    return _triage(request, report, form, form_name="duplicate_form", perform=perform)


@login_required
@require_POST
def reject(request: HttpRequest, code: str) -> HttpResponse:
    notice = _("The report was closed; the reporter sees the reason.")
    form = staff_forms.RejectForm(request.POST)
    return _triage_with_text(
        request, code, form, form_name="reject_form", service=services.reject_report, notice=notice
    )


@login_required
@require_POST
def accept(request: HttpRequest, code: str) -> HttpResponse:
    report = policies.get_report_for(request.user, code, "triage")
    try:
        services.accept_report(report=report, by=_user(request), now=timezone.now())
    except ValidationError as problem:
        return _after_action(request, report, " ".join(problem.messages))
    return _after_action(request, report, _("The report was accepted for handling."))


@login_required
@require_POST
def read_identity(request: HttpRequest, code: str) -> HttpResponse:
    """Shows the sealed identity once, on this response only; the reading is recorded."""
    report = policies.get_report_for(request.user, code, "read_identity")
    identity = services.read_identity(report=report, by=_user(request), now=timezone.now())
    context = _detail_context(request, report, identity=identity)
    return core_htmx.render_htmx(request, "reports/staff_detail.html", context, partial="panel")


def _evidence_for(request: HttpRequest, code: str, uuid: str, action: str) -> Evidence:
    report = policies.get_report_for(request.user, code, action)  # type: ignore[arg-type]
    return get_object_or_404(Evidence, report=report, uuid=uuid)


@login_required
@require_POST
def download_evidence(request: HttpRequest, code: str, uuid: str) -> FileResponse:
    """The original file, byte for byte; each download is an event with the file's hash."""
    item = _evidence_for(request, code, uuid, "download")
    services.record_evidence_download(evidence=item, by=_user(request), now=timezone.now())
    handle = storage.evidence_storage().open(item.storage_name, "rb")
    extension = item.storage_name.rsplit(".", 1)[-1]
    filename = "-".join([item.report.code, str(item.uuid)[:8]]) + "." + extension
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/octet-stream"
    )


@login_required
@require_GET
def preview(request: HttpRequest, code: str, uuid: str) -> HttpResponse | FileResponse:
    """The re-encoded thumbnail (no metadata) of an image, for the detail page."""
    item = _evidence_for(request, code, uuid, "view")
    if not item.preview_name:
        return HttpResponse(status=404)
    handle = storage.evidence_storage().open(item.preview_name, "rb")
    return FileResponse(handle, content_type="image/jpeg")
