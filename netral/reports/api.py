"""JSON endpoints of the public reporting channel, for partner apps and other channels.

Submissions are multipart forms (fields plus `evidence` files) and are checked by the same form
as the web page, so the messages are the same translated ones, in the common error shape.
Receipts travel only in request bodies, never in URLs that end up in logs.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from netral.core.api import ErrorOut, multipart_body, require_form_body
from netral.reports import crypto, selectors, services, throttle
from netral.reports.forms import ReplyForm, ReportApiForm
from netral.reports.models import Report

router = Router()

_DATE: dict[str, Any] = {"format": "date"}


class ReportIn(Schema):
    """A report. Dates are YYYY-MM-DD; identity fields are for the formal track only."""

    track: str = Field("tip", description="tip (anonymous initial information) or formal")
    subject_name: str = Field("", description="Name of the reported civil servant")
    subject_agency: str = ""
    subject_agency_code: str = Field(
        "", description="Registry agency code (see /api/registry/agencies), if the app knows it"
    )
    subject_position: str = ""
    subject_nip: str = Field("", description="NIP or NI PPPK, 18 digits; optional")
    incident_date: str = Field("", json_schema_extra=_DATE, examples=["2024-10-01"])
    incident_time: str = Field("", description="HH:MM, optional", examples=["14:30"])
    discovered_on: str = Field("", json_schema_extra=_DATE, description="Formal track: the day")
    region: str = Field("", description="Kepmendagri code, regency or below", examples=["34.02"])
    place: str = ""
    latitude: str = Field("", description="Decimal degrees; stored rounded to 0.01 (~1 km)")
    longitude: str = ""
    election: str = Field(
        "", description="Registry election code (see /api/registry/elections/{code}); sets the kind"
    )
    election_kind: str = Field("", description="gubernur, bupati, wali_kota, presiden, legislatif")
    category: str = Field("", description="social_media_support, photo_with_gesture, banner, …")
    description: str = ""
    links: list[str] = Field(default_factory=list, description="Repeat the field for each link")
    witnesses: str = ""
    reporter_name: str = ""
    reporter_nik: str = ""
    reporter_address: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    reporter_consents: bool = Field(
        False, description="Formal track: identity may be passed on with the case (BKN, PPK)"
    )


# Each documented field but the links, with the value it takes when it is not sent.
_REPORT_DEFAULTS = {
    name: field.default for name, field in ReportIn.model_fields.items() if name != "links"
}


class ReceiptOut(Schema):
    receipt: str = Field(description="Shown once; Netral keeps only its keyed hash")
    reference: str
    track: str
    status: str
    submitted_at: dt.datetime = Field(description="Rounded down to the hour")


class ReceiptIn(Schema):
    receipt: str


class TimelineItemOut(Schema):
    type: str
    label: str
    at: dt.datetime
    organisation: str
    text: str
    files: int


class StatusOut(Schema):
    reference: str
    track: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    timeline: list[TimelineItemOut]


class ReplyIn(Schema):
    receipt: str
    body: str = ""


def _report_data(post: QueryDict) -> MultiValueDict[str, str]:
    """The documented fields (`ReportIn`) as the report form reads them: a field not sent takes
    its documented default (a report with no track is a tip), a field sent twice its last
    value, the repeated `links` are the form's lines, and anything undocumented is left out."""
    values = {
        name: post.getlist(name)[-1:] or [str(default)]
        for name, default in _REPORT_DEFAULTS.items()
    }
    data = MultiValueDict(values)
    data["links"] = "\n".join(post.getlist("links"))
    return data


def _files(files: list[UploadedFile] | None) -> MultiValueDict[str, UploadedFile]:
    return MultiValueDict({"evidence": list(files or [])})


def _report_for(request: HttpRequest, receipt: str) -> Report:
    """The report for a receipt; every failure looks the same, and attempts are limited."""
    guess = throttle.guess_receipt(request, receipt)
    if guess is None:
        raise HttpError(429, _("Too many attempts. Wait a few minutes and try again."))
    code = crypto.normalise_receipt(receipt)
    report = Report.objects.filter(receipt_hash=crypto.receipt_hash(code)).first() if code else None
    if report is None:
        raise HttpError(404, _("No report matches this receipt code."))
    guess.forgive()
    return report


def _status(report: Report) -> StatusOut:
    timeline = [
        TimelineItemOut(
            type=entry.type,
            label=str(entry.label),
            at=entry.at,
            organisation=entry.organisation,
            text=entry.text,
            files=len(entry.files),
        )
        for entry in selectors.public_timeline(report)
    ]
    return StatusOut(
        reference=report.display_code,
        track=report.track,
        status=report.status,
        status_label=str(report.get_status_display()),
        submitted_at=report.submitted_at,
        timeline=timeline,
    )


@router.post(
    "/",
    response={201: ReceiptOut, 422: ErrorOut, 429: ErrorOut},
    summary="Submit a report (multipart: fields and evidence files)",
    openapi_extra=multipart_body(ReportIn, files="evidence"),
)
def submit(request: HttpRequest) -> Status[ReceiptOut]:
    # The report form reads the fields itself, as the web page's does: ninja parsing them into
    # `ReportIn` first read the same text twice, about 4 % of a report's time (decision 0198).
    require_form_body(request)
    if throttle.limited(request, "submit"):
        raise HttpError(429, _("Too many reports from this connection. Wait a few minutes."))
    now = timezone.now()
    form = ReportApiForm(
        _report_data(request.POST),
        request.FILES,
        now=now,
        pixels_over_budget=throttle.pixel_budget(request),
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    submission = services.submit_report(
        data=form.to_input(), evidence=form.inspected, channel=Report.Channel.API, now=now
    )
    report = submission.report
    return Status(
        201,
        ReceiptOut(
            receipt=submission.receipt,
            reference=report.display_code,
            track=report.track,
            status=report.status,
            submitted_at=report.submitted_at,
        ),
    )


@router.post(
    "/status",
    response={200: StatusOut, 404: ErrorOut, 429: ErrorOut},
    summary="Read a report's status, timeline and messages by its receipt",
)
def status(request: HttpRequest, payload: ReceiptIn) -> StatusOut:
    return _status(_report_for(request, payload.receipt))


@router.post(
    "/replies",
    response={201: StatusOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Reply to the handlers through the receipt (multipart: body and evidence files)",
)
def reply(
    request: HttpRequest,
    payload: Form[ReplyIn],
    evidence: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[StatusOut]:
    require_form_body(request)
    report = _report_for(request, payload.receipt)
    form = ReplyForm(
        MultiValueDict({"body": [payload.body]}),
        _files(evidence),
        pixels_over_budget=throttle.pixel_budget(request),
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    services.add_reply(
        report=report, body=form.cleaned_data["body"], evidence=form.inspected, now=timezone.now()
    )
    report.refresh_from_db()
    return Status(201, _status(report))
