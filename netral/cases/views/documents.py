"""Letters: the printable page (A4), the PDF when WeasyPrint is installed, the case summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netral.cases import adapters, policies, services
from netral.cases.models import Case
from netral.cases.services import documents as document_services
from netral.cases.views.common import now, redirect


@login_required
def document(request: HttpRequest, code: str, public_id: str) -> HttpResponse:
    """The letter as kept when it was generated; each download is on the timeline."""
    case = policies.get_case_for(request.user, code, "download")
    letter = get_object_or_404(case.documents, public_id=public_id)
    wants_pdf = request.GET.get("format") == "pdf"
    logo = services.logo_data_uri((letter.letterhead or {}).get("logo", ""))
    context = {"case": case, "document": letter, "logo": logo}
    html = render(request, "cases/document.html", context).content
    if wants_pdf:
        pdf = document_services.pdf_bytes(html.decode())
        if pdf is None:
            raise Http404(_("PDF is not available here: use your browser's Print → Save as PDF."))
        services.record_document_download(document=letter, by=request.user, now=now(), format="pdf")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{case.code}-{letter.template_key}.pdf"'
        )
        return response
    services.record_document_download(document=letter, by=request.user, now=now())
    return HttpResponse(html)


@login_required
@require_POST
def summary(request: HttpRequest, code: str) -> HttpResponse:
    """The owner files the summary and opens it as a letter; another reader gets the page to
    print, unfiled (no letter of theirs on another body's case)."""
    case = policies.get_case_for(request.user, code, "view")
    if not policies.files_case_summary(request.user, case):
        unfiled = services.case_summary_to_print(case=case, by=request.user, now=now())
        logo = services.logo_data_uri((unfiled.letterhead or {}).get("logo", ""))
        context = {"case": case, "document": unfiled, "logo": logo, "unfiled": True}
        return render(request, "cases/document.html", context)
    letter = services.generate_case_summary(case=case, by=request.user, now=now())
    messages.success(request, _("The case summary is ready to print."))
    return redirect(request, reverse("cases:document", args=[case.code, letter.public_id]))


def _evidence_case(request: HttpRequest, code: str) -> Case:
    case = policies.get_case_for(request.user, code, "view")
    if not policies.can_view_case_evidence(request.user, case):
        raise PermissionDenied
    return case


@login_required
@require_GET
def evidence_preview(request: HttpRequest, code: str, uuid: str) -> FileResponse:
    """The re-encoded preview (no metadata) of an evidence image, for BKN and later bodies."""
    case = _evidence_case(request, code)
    found = adapters.open_evidence(case.source_ref, str(uuid), preview=True)
    if found is None:
        raise Http404
    handle, _name, content_type = found
    return FileResponse(handle, content_type=content_type)


@login_required
@require_POST
def evidence_download(request: HttpRequest, code: str, uuid: str) -> FileResponse:
    """The original file, byte for byte; each download is on the case's timeline."""
    case = _evidence_case(request, code)
    found = adapters.open_evidence(case.source_ref, str(uuid), preview=False)
    if found is None:
        raise Http404
    services.record_evidence_download(case=case, evidence=str(uuid), by=request.user, now=now())
    handle, name, _type = found
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type="application/octet-stream"
    )


@login_required
@require_GET
def decree_file(request: HttpRequest, code: str, sha256: str) -> FileResponse:
    """The PPK's signed decree (SK) as uploaded, for whoever may read the case (BKN reviews
    it); checked as a PDF or an image when it was uploaded, so it opens in the browser. Each
    download is on the case's timeline. Named by its SHA-256 in the address, as files are
    here, not by a row number."""
    case = policies.get_case_for(request.user, code, "download")
    decrees = case.decisions.exclude(decree_storage_name="").filter(decree_sha256=sha256)
    found = decrees.order_by("-pk").first()
    if found is None:
        raise Http404
    try:
        handle = adapters.open_stored(found.decree_storage_name)
    except FileNotFoundError:
        raise Http404 from None
    services.record_decree_download(decision=found, by=request.user, now=now())
    return FileResponse(
        handle, filename=found.decree_file_name, content_type=found.decree_content_type
    )


@login_required
@require_POST
def release(request: HttpRequest, code: str, public_id: str) -> HttpResponse:
    """Send a letter held for review on an unverified deadline."""
    case = policies.get_case_for(request.user, code, "view")
    letter = get_object_or_404(case.documents, public_id=public_id)
    if not policies.can_release_document(request.user, letter) and letter.status == "held":
        raise PermissionDenied
    try:
        services.release_document(document=letter, by=request.user, now=now())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The letter was marked as sent."))
    return redirect(request, reverse("cases:detail", args=[case.code]))
