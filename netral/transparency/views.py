"""Public pages: no login, nothing but suppressed aggregates (see selectors and suppression);
anonymous visitors get them from the shared page cache (`@public_page`, decision 0140).
Signed-in pages: announcements' publishing, and the independent auditors' audit pack and
recommendations (login, scoped by `policies`)."""

import datetime as dt
import hmac
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from netral.cases.services import documents as case_documents
from netral.core import page_cache
from netral.core.api import error_body
from netral.core.page_cache import public_page
from netral.core.text import echo
from netral.insights import exports
from netral.registry.models import Election
from netral.transparency import audit_pack, forms, opendata, policies, selectors, services
from netral.transparency import index as neutrality_index
from netral.transparency.models import AuditRecommendation

FORMATS = ("csv", "json")
# The query parameters a scoped page reads (the page cache stores no page asked with others).
SCOPE = ("election", "region", "agency")


def _unknown(request: HttpRequest, error: selectors.UnknownCode) -> HttpResponse:
    context = {
        "kind": error.kind,
        "code": echo(error.code),
        "elections": Election.objects.order_by("-voting_day", "name")[:20],
    }
    return render(request, "transparency/unknown.html", context, status=404)


def _download_error(kind: str, status: int, message: str, field: str = "__all__") -> HttpResponse:
    """An error a program reads, in the reader's language: the API's error shape for .json,
    plain text for .csv (an HTML page is no answer to a script fetching data)."""
    if kind == "json":
        response = HttpResponse(
            json.dumps(error_body(message, [{"field": field, "message": message}]),
                       ensure_ascii=False),
            status=status,
            content_type="application/json; charset=utf-8",
        )  # fmt: skip
    else:
        response = HttpResponse(
            message + "\n", status=status, content_type="text/plain; charset=utf-8"
        )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _unknown_in_download(error: selectors.UnknownCode, kind: str) -> HttpResponse:
    return _download_error(kind, 404, error.message(), error.kind)


def _scope(
    request: HttpRequest, election: str, *, with_agency: bool = True, page: bool = True
) -> tuple[forms.ScopeForm, selectors.PublicScope]:
    """The filter form and the scope it asks for; an election in the path wins over the query.
    On a page (not a download) a mistyped region or agency is an error on its field and left
    out of the scope; such an answer is rendered live and never stored for others."""
    form = forms.ScopeForm(request.GET, with_agency=with_agency)
    codes = form.known_codes() if page else form.codes()
    if page and form.errors:
        page_cache.unmark(request)
    if election:
        if "election" in request.GET:  # ignored here: this address is not the page's own
            page_cache.unmark(request)
            form.errors.pop("election", None)
        codes["election"] = election
    return form, selectors.public_scope(**codes)


def _status(form: forms.ScopeForm) -> int:
    """400 for a page shown with a filter error (its form, the figures as without it)."""
    return 400 if form.errors else 200


@require_GET
@public_page
def index(request: HttpRequest) -> HttpResponse:
    elections = Election.objects.order_by("-voting_day", "name")
    return render(request, "transparency/index.html", {"elections": elections})


@require_GET
@public_page(reads=("election", "region", "format"))
def league(request: HttpRequest, election: str = "") -> HttpResponseBase:
    """The PPK compliance league table; `?format=csv|json` downloads the same suppressed rows."""
    kind = request.GET.get("format", "")
    try:
        form, scope = _scope(request, election, with_agency=False, page=kind not in FORMATS)
    except selectors.UnknownCode as error:
        if kind in FORMATS:
            return _unknown_in_download(error, kind)
        return _unknown(request, error)
    if kind in FORMATS:
        return download(request, "kepatuhan-ppk", scope, kind)
    context = {
        "form": form,
        "scope": scope,
        "league": selectors.league_table(scope),
        "outcomes": [str(label) for _key, label in selectors.OUTCOMES],
        "qs": urlencode(scope.as_query()),
    }
    return render(request, "transparency/league.html", context, status=_status(form))


@require_GET
@public_page(reads=SCOPE)
def statistics(request: HttpRequest, election: str = "") -> HttpResponse:
    """Reports, cases by stage, violations by code, time to decision and outcomes in a scope."""
    try:
        form, scope = _scope(request, election)
    except selectors.UnknownCode as error:
        return _unknown(request, error)
    context = {
        "form": form,
        "scope": scope,
        "stats": selectors.statistics(scope),
        "qs": urlencode(scope.as_query()),
        "league_qs": urlencode({k: v for k, v in scope.as_query().items() if k != "agency"}),
        "datasets": [name for name in opendata.DATASETS if name != "kepatuhan-ppk"],
    }
    return render(request, "transparency/statistics.html", context, status=_status(form))


@require_GET
@public_page
def methodology(request: HttpRequest) -> HttpResponse:
    context = {"threshold": selectors.threshold(), "cache_minutes": selectors.cache_seconds() // 60}
    return render(request, "transparency/methodology.html", context)


@require_GET
@public_page
def open_data(request: HttpRequest) -> HttpResponse:
    context = {
        "datasets": opendata.DATASETS.values(),
        "elections": Election.objects.order_by("-voting_day", "name"),
        "licence_url": opendata.LICENCE_URL,
    }
    return render(request, "transparency/open_data.html", context)


@require_GET
@public_page
def readme(request: HttpRequest) -> HttpResponse:
    return HttpResponse(opendata.readme(), content_type="text/markdown; charset=utf-8")


@require_GET
@public_page(reads=SCOPE)
def dataset(request: HttpRequest, name: str, kind: str, election: str = "") -> HttpResponseBase:
    if kind not in FORMATS:
        return render(request, "404.html", status=404)
    if name not in opendata.DATASETS:
        message = _("No dataset is called %(name)s.") % {"name": echo(name)}
        return _download_error(kind, 404, message)
    try:
        _form, scope = _scope(request, election, page=False)
    except selectors.UnknownCode as error:
        return _unknown_in_download(error, kind)
    return download(request, name, scope, kind)


def download(
    request: HttpRequest, name: str, scope: selectors.PublicScope, kind: str
) -> HttpResponse | StreamingHttpResponse:
    """One dataset, suppressed, as CSV (streamed) or JSON with its licence and moment."""
    found = opendata.rows(name, scope)
    stamp = timezone.localdate().isoformat()
    suffix = "-".join(v for v in scope.as_query().values())
    filename = f"netral-{name}{'-' + suffix if suffix else ''}-{stamp}.{kind}"
    if kind == "csv":
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            opendata.csv_lines(name, found), content_type="text/csv; charset=utf-8"
        )
    else:
        body = {
            "dataset": name,
            "scope": scope.as_query(),
            "as_of": timezone.now().isoformat(),
            "threshold": selectors.threshold(),
            "licence": opendata.LICENCE,
            "licence_url": opendata.LICENCE_URL,
            "readme": request.build_absolute_uri(reverse("transparency:readme")),
            "rows": found,
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@public_page(reads=("election", "region"))
def neutrality(request: HttpRequest, election: str = "") -> HttpResponse:
    """The neutrality index per agency in a scope; with an election, its recognition list."""
    try:
        form, scope = _scope(request, election, with_agency=False)
    except selectors.UnknownCode as error:
        return _unknown(request, error)
    found = selectors.neutrality(scope)
    recognised = [row for row in found.rows if row.recognised] if scope.election else []
    context = {
        "form": form,
        "scope": scope,
        "found": found,
        "spec": neutrality_index.spec(),
        "recognised": recognised,
    }
    return render(request, "transparency/neutrality.html", context, status=_status(form))


def _recognition(election: str, agency: str) -> tuple[Any, Any] | None:
    try:
        scope = selectors.public_scope(election=election)
    except selectors.UnknownCode:
        return None
    for row in selectors.neutrality(scope).rows:
        if row.recognised and row.agency_code == agency:
            return scope, row
    return None


@require_GET
def certificate(request: HttpRequest, election: str, agency: str) -> HttpResponseBase:
    """The recognition certificate as PDF (or its print page where PDF cannot be drawn)."""
    found = _recognition(election, agency)
    if found is None:
        return render(request, "404.html", status=404)
    scope, row = found
    spec = neutrality_index.spec()
    code = neutrality_index.verification_code(election, agency, spec.version)
    verify_url = request.build_absolute_uri(reverse("transparency:verify")) + f"?kode={code}"
    import segno  # loaded by the pages that draw a QR code, not by every process

    qr = segno.make(verify_url, error="m").svg_data_uri(scale=3)
    context = {
        "scope": scope,
        "row": row,
        "code": code,
        "verify_url": verify_url,
        "qr": qr,
        "spec": spec,
        "issued": timezone.localdate(),
    }
    html = render_to_string("transparency/certificate.html", context, request=request)
    pdf = case_documents.pdf_bytes(html) if request.GET.get("format") != "html" else None
    if pdf is None:
        return HttpResponse(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="netral-penghargaan-{election}-{agency}.pdf"'
    )
    return response


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone checks a certificate's code against the recognition lists as they stand now."""
    code = request.GET.get("kode", "").strip().upper()[:20]
    match = None
    if code:
        version = neutrality_index.spec().version
        for election in Election.objects.order_by("-voting_day", "name"):
            scope = selectors.public_scope(election=election.code)
            for row in selectors.neutrality(scope).rows:
                if row.recognised and hmac.compare_digest(
                    neutrality_index.verification_code(election.code, row.agency_code, version),
                    code,
                ):
                    match = (election, row)
                    break
            if match:
                break
    return render(request, "transparency/verify.html", {"code": code, "match": match})


# ------------------------------------------------------------------------------ announcements


@require_GET
@public_page
def announcements(request: HttpRequest) -> HttpResponse:
    context = {
        "items": policies.visible_announcements()[:50],
        "can_publish": policies.can_publish(request.user),
    }
    return render(request, "transparency/announcements.html", context)


@require_GET
@public_page
def announcement(request: HttpRequest, public_id: str) -> HttpResponse:
    item = get_object_or_404(policies.visible_announcements(), public_id=public_id)
    can_withdraw = policies.can_withdraw(request.user, item)
    history = item.events.select_related("actor") if can_withdraw else ()
    context = {"item": item, "can_withdraw": can_withdraw, "history": history}
    return render(request, "transparency/announcement.html", context)


@require_GET
def attachment(request: HttpRequest, public_id: str, file_id: str) -> FileResponse:
    item = get_object_or_404(policies.visible_announcements(), public_id=public_id)
    found = get_object_or_404(item.attachments.all(), public_id=file_id)
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
    response["Content-Type"] = found.content_type
    return response


@login_required
def new_announcement(request: HttpRequest) -> HttpResponse:
    organisations = policies.publishing_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    form = forms.AnnouncementForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        item = services.publish_announcement(
            by=request.user,
            organisation=form.cleaned_data["organisation"],
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            attachments=form.cleaned_data["attachments"],
            now=timezone.now(),
        )
        return redirect("transparency:announcement", item.public_id)
    return render(request, "transparency/announcement_form.html", {"form": form})


@login_required
@require_POST
def withdraw_announcement(request: HttpRequest, public_id: str) -> HttpResponse:
    item = get_object_or_404(policies.visible_announcements(), public_id=public_id)
    if not policies.can_withdraw(request.user, item):
        raise PermissionDenied
    services.withdraw_announcement(by=request.user, announcement=item, now=timezone.now())
    return redirect("transparency:announcements")


@require_GET
def open_sanctions(request: HttpRequest) -> HttpResponse:
    """Imposed open moral sanctions (PP 42/2004), only where the configuration turns it on.
    Never from the page cache: it names people, and a name taken off must be gone at once."""
    if not selectors.open_sanctions_enabled():
        return render(request, "404.html", status=404)
    try:
        form, scope = _scope(request, "", with_agency=False)
    except selectors.UnknownCode as error:
        return _unknown(request, error)
    context = {"form": form, "scope": scope, "rows": selectors.open_sanctions(scope)}
    return render(request, "transparency/open_sanctions.html", context, status=_status(form))


# ------------------------------------------------------------------ independent auditors


@login_required
@require_GET
def audit(request: HttpRequest) -> HttpResponse:
    """The redacted audit pack of the auditor's jurisdiction, and its recommendations."""
    if not policies.can_audit(request.user):
        raise PermissionDenied
    context = {
        "pack": audit_pack.audit_pack(request.user, page=request.GET.get("page")),
        "recommendations": policies.visible_recommendations(request.user)[:20],
        "can_file": bool(policies.filing_organisations(request.user)),
    }
    return render(request, "transparency/audit.html", context)


@login_required
@require_GET
def recommendations(request: HttpRequest) -> HttpResponse:
    """Recommendations filed by, or addressed to, one of this person's organisations."""
    items = policies.visible_recommendations(request.user)[:200]
    context = {"items": items, "can_audit": policies.can_audit(request.user)}
    return render(request, "transparency/recommendations.html", context)


RECOMMENDATION_COLUMNS = (
    gettext_lazy("Filed at"),
    gettext_lazy("Auditor"),
    gettext_lazy("Addressed to"),
    gettext_lazy("Title"),
    gettext_lazy("Cases in the audit pack"),
    gettext_lazy("Status"),
    gettext_lazy("Answer due by"),
    gettext_lazy("Overdue"),
    gettext_lazy("Answer"),
    gettext_lazy("Response"),
    gettext_lazy("Answered at"),
)


def _recommendation_row(item: AuditRecommendation, today: dt.date) -> list[Any]:
    """One recommendation in the reader's words: labels, not stored keys (like every export)."""
    responded = timezone.localtime(item.responded_at) if item.responded_at else None
    return [
        timezone.localtime(item.filed_at).isoformat(timespec="minutes"),
        item.auditor.name,
        item.addressed_to.name,
        item.title,
        " ".join(item.case_codes),
        item.get_status_display(),
        item.answer_due.isoformat() if item.answer_due else "",
        _("Yes") if item.is_overdue(today) else _("No"),
        item.get_answer_display(),
        item.response,
        responded.isoformat(timespec="minutes") if responded else "",
    ]


@login_required
@require_GET
def recommendations_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The recommendations this person may read (filed by or addressed to their organisation),
    one a row, streamed; the same scope as the list (`policies.visible_recommendations`)."""
    today = timezone.localdate()
    language = translation.get_language()

    def rows() -> Iterator[list[Any]]:
        found = policies.visible_recommendations(request.user).iterator(chunk_size=500)
        for item in found:  # streamed after the view returns: in the language it was asked in
            with translation.override(language):
                yield _recommendation_row(item, today)

    columns = [str(column) for column in RECOMMENDATION_COLUMNS]
    lines = exports.csv_lines(columns, rows())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"netral-rekomendasi-audit-{today.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def new_recommendation(request: HttpRequest) -> HttpResponse:
    auditors = policies.filing_organisations(request.user)
    if not auditors:
        raise PermissionDenied
    form = forms.RecommendationForm(
        request.POST or None, auditors=auditors, pack=policies.audit_pack_cases(request.user)
    )
    if request.method == "POST" and form.is_valid():
        item = services.file_recommendation(
            by=request.user, now=timezone.now(), **form.cleaned_data
        )
        return redirect("transparency:recommendation", item.public_id)
    return render(request, "transparency/recommendation_form.html", {"form": form})


@login_required
def recommendation(request: HttpRequest, public_id: str) -> HttpResponse:
    """One recommendation with its history; the addressee answers it here, the auditor closes it."""
    item = get_object_or_404(policies.visible_recommendations(request.user), public_id=public_id)
    can_answer = policies.can_answer(request.user, item)
    form = forms.AnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.answer_recommendation(
                by=request.user, recommendation=item, now=timezone.now(), **form.cleaned_data
            )
            return redirect("transparency:recommendation", item.public_id)
    context = {
        "item": item,
        "form": form,
        "can_close": policies.can_close(request.user, item),
        "history": item.events.select_related("actor"),
    }
    return render(request, "transparency/recommendation.html", context)


@login_required
@require_POST
def close_recommendation(request: HttpRequest, public_id: str) -> HttpResponse:
    item = get_object_or_404(policies.visible_recommendations(request.user), public_id=public_id)
    if not policies.can_close(request.user, item):
        raise PermissionDenied
    services.close_recommendation(by=request.user, recommendation=item, now=timezone.now())
    return redirect("transparency:recommendation", item.public_id)
