"""What the public does: submit a report, reply through the receipt, add identity to a tip."""

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import models, transaction
from django.utils.translation import gettext as _

from netral.core import inserts, when
from netral.core.dberrors import DATABASE_UNAVAILABLE
from netral.core.text import visible
from netral.registry.models import Agency, Election, Region
from netral.reports import adapters, categories, crypto, events, storage
from netral.reports.evidence import Inspected, limits
from netral.reports.links import link_hash
from netral.reports.models import (
    Evidence,
    PendingDuplicateCheck,
    Report,
    ReporterIdentity,
    ReportEvent,
    ReportLink,
    ReportMessage,
)
from netral.reports.services import duplicates

_COARSE = Decimal("0.01")


@dataclass(frozen=True)
class IdentityInput:
    """A formal reporter's identity and contact, as the law requires them (regulation.md §5.3)."""

    name: str
    nik: str
    address: str
    phone: str = ""
    email: str = ""
    # Consent to pass the identity on with the case; kept beside the sealed identity, not in it.
    shareable: bool = False


@dataclass(frozen=True)
class ReportInput:
    """A validated report, ready to be stored."""

    track: str
    subject_name: str
    incident_date: dt.date
    region: Region
    election_kind: str
    category: str
    description: str
    subject_agency: str = ""
    agency: Agency | None = None
    subject_position: str = ""
    subject_nip: str = ""
    incident_time: dt.time | None = None
    discovered_on: dt.date | None = None
    place: str = ""
    election: Election | None = None
    latitude: Decimal | float | None = None
    longitude: Decimal | float | None = None
    links: tuple[str, ...] = field(default=())
    witnesses: str = ""
    identity: IdentityInput | None = None


@dataclass(frozen=True)
class Submission:
    """The stored report and its receipt code, which exists nowhere else: show it once."""

    report: Report
    receipt: str


def regency_of(code: str) -> str:
    return ".".join(code.split(".")[:2])


def _sealed_fields(identity: IdentityInput) -> dict[str, Any]:
    fields = asdict(identity)
    fields.pop("shareable")
    return fields


def seal_witnesses(text: str) -> bytes:
    return crypto.seal({"witnesses": text}) if text else b""


def hour_of(now: dt.datetime) -> dt.datetime:
    """Reporter-side moments are kept to the hour; every Indonesian zone is a whole-hour offset,
    so the legal calendar date survives the rounding."""
    return now.replace(minute=0, second=0, microsecond=0)


def reporter_moment(report: Report, now: dt.datetime) -> dt.datetime:
    """The hour of a reporter's action, never before the last event, so the timeline keeps its
    order (an answer cannot appear before the question it answers)."""
    latest = report.events.order_by("-created_at").values_list("created_at", flat=True).first()
    at = hour_of(now)
    return max(at, latest) if latest else at


def local_today(now: dt.datetime, region_code: str | None = None) -> dt.date:
    """Today where the report's region is (WIB, WITA or WIT; WIB while no region is known)."""
    return adapters.received_on(now, region_code)


def discovery_problem(
    discovered_on: dt.date, incident_date: dt.date | None, today: dt.date
) -> str | None:
    """Why the day a reporter says they learned of the incident cannot be right, or None. The
    7-day window counts from it, so a later day would stretch the window."""
    if discovered_on > today:
        return _("This date cannot be in the future.")
    if incident_date is not None and discovered_on < incident_date:
        return _("You cannot have learned of it before it happened.")
    return None


def late_message(window: adapters.Window) -> str:
    """Why a formal report is too late, with its legal basis, and what can still be done."""
    return _(
        "A formal report must be filed within %(days)s days of learning of the incident "
        "(%(basis)s); the last day was %(last_day)s. You can still send it as initial "
        "information: Bawaslu may investigate it as its own finding."
    ) % {
        "days": window.days,
        "basis": window.legal_basis,
        "last_day": when.when(window.last_day),
    }


def formal_window(
    *, discovered_on: dt.date, election_kind: str, now: dt.datetime, region_code: str | None
) -> adapters.Window:
    """The 7-day rule, always asked of the adapter in front of the rules app's legal clock, up to
    the day `now` falls on in the zone of the report's region."""
    return adapters.report_window(
        discovered_on=discovered_on, election_kind=election_kind, now=now, region_code=region_code
    )


def _coarse(value: Decimal | float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(_COARSE, rounding=ROUND_HALF_UP)


def _kind(data: ReportInput) -> str:
    """The kind of a listed election wins over a kind given separately."""
    return data.election.kind if data.election is not None else data.election_kind


def _check_formal(data: ReportInput, now: dt.datetime) -> adapters.Window | None:
    if data.track != Report.Track.FORMAL:
        return None
    if data.identity is None:
        raise ValidationError(
            {"reporter_name": _("A formal report needs the reporter's identity and contact.")}
        )
    window = formal_window(
        discovered_on=data.discovered_on or data.incident_date,
        election_kind=_kind(data),
        now=now,
        region_code=data.region.code,
    )
    if not window.open:
        raise ValidationError({"discovered_on": late_message(window)}, code="late")
    return window


def _check_evidence_count(new: int, existing: int = 0) -> None:
    limit = limits()
    if new > limit.max_files or existing + new > limit.max_files_per_report:
        raise ValidationError(
            {
                "evidence": _("At most %(count)s files can be sent at once, %(total)s in all.")
                % {"count": limit.max_files, "total": limit.max_files_per_report}
            }
        )


def _write_files(items: list[Inspected]) -> list[tuple[Inspected, str, str]]:
    """Originals and previews go to private storage before the rows that name them."""
    written: list[tuple[Inspected, str, str]] = []
    try:
        for item in items:
            original = storage.save("originals", item.extension, File(item.file, name=item.name))
            preview = storage.save("previews", "jpg", item.preview) if item.preview else ""
            written.append((item, original, preview))
    except BaseException:
        storage.delete_quietly([name for _item, *names in written for name in names])
        raise
    return written


def _evidence_rows(
    report: Report,
    written: list[tuple[Inspected, str, str]],
    at: dt.datetime,
    message: ReportMessage | None = None,
) -> list[Evidence]:
    # Images wait as `pending` for the worker's next pass, which decodes them (0180, 0185).
    return [
        Evidence(
            report=report,
            message=message,
            kind=item.kind,
            content_type=item.content_type,
            original_name=item.name,
            size=item.size,
            sha256=item.sha256,
            storage_name=original,
            preview_name=preview,
            metadata=item.metadata,
            added_at=at,
            processing=Evidence.Processing.PENDING if item.pending else Evidence.Processing.CHECKED,
        )
        for item, original, preview in written
    ]


def _new_report(
    data: ReportInput, channel: str, at: dt.datetime, receipt: str, window: adapters.Window | None
) -> Report:
    formal = window is not None
    return Report(
        code=crypto.new_reference(),
        receipt_hash=crypto.receipt_hash(receipt),
        track=data.track,
        channel=channel,
        subject_name=data.subject_name,
        subject_key=" ".join(data.subject_name.upper().split()),
        subject_agency=data.subject_agency,
        agency=data.agency,
        subject_position=data.subject_position,
        subject_nip=data.subject_nip,
        incident_date=data.incident_date,
        incident_time=data.incident_time,
        discovered_on=data.discovered_on or (data.incident_date if formal else None),
        region=data.region,
        regency_code=regency_of(data.region.code),
        place=data.place,
        latitude=_coarse(data.latitude),
        longitude=_coarse(data.longitude),
        election=data.election,
        election_kind=_kind(data),
        category=data.category,
        act_code=categories.act_for(data.category),
        description=data.description,
        witnesses_sealed=seal_witnesses(data.witnesses),
        submitted_at=at,
        formal_since=at if formal else None,
        window_last_day=window.last_day if window else None,
        identity_shareable=bool(formal and data.identity and data.identity.shareable),
    )


def submit_report(
    *, data: ReportInput, evidence: list[Inspected], channel: str, now: dt.datetime
) -> Submission:
    """Stores a report with no account and no network trace; formal reports must be in time.

    On PostgreSQL the report and its rows, its evidence's rows included, are one statement,
    atomic by itself: no transaction of its own (two round trips less); elsewhere they commit in
    one. The evidence files are written first, and removed again when the database refuses the
    rows (`_removed_if_refused`)."""
    with contextlib.nullcontext() if inserts.in_one_statement() else transaction.atomic():
        return store_report(data=data, evidence=evidence, channel=channel, now=now)


def store_report(
    *, data: ReportInput, evidence: list[Inspected], channel: str, now: dt.datetime
) -> Submission:
    """`submit_report` without its own transaction, for a service that commits the report
    together with other rows (the web form's draft: `drafts.submit_form`)."""
    window = _check_formal(data, now)
    _check_evidence_count(len(evidence))
    at = hour_of(now)
    receipt = crypto.new_receipt()
    written = _write_files(evidence)
    with _removed_if_refused(written):
        report = _new_report(data, channel, at, receipt, window)
        payload: dict[str, Any] = {"track": data.track, "channel": channel, "files": len(written)}
        if window is not None:
            payload |= {"last_day": window.last_day.isoformat(), "legal_basis": window.legal_basis}
        event = events.first(
            report=report, type=ReportEvent.Type.SUBMITTED, now=at, payload=payload
        )
        rows: list[Sequence[models.Model]] = [
            _identity(data, window, report),
            _links(report, data.links),
            [event],
            # The worker's duplicate check, waiting in the same statement (duplicate_checks).
            [PendingDuplicateCheck(report=report)],
            _evidence_rows(report, written, at),
        ]
        inserts.insert_together(report, [("report", group) for group in rows])
    return Submission(report=report, receipt=receipt)


@contextlib.contextmanager
def _removed_if_refused(written: list[tuple[Inspected, str, str]]) -> Iterator[None]:
    """Takes the written files away again when the rows naming them are known not to be stored:
    an error before the statement, or the database refusing it. When that is not known (the
    connection lost, the process stopped mid-statement; on PostgreSQL a report's statement
    commits by itself) the files stay: a stored report never loses its evidence, and at worst
    a file is left that no row names."""
    try:
        yield
    except DATABASE_UNAVAILABLE:
        raise
    except Exception:
        storage.delete_quietly([name for _item, *names in written for name in names])
        raise


@transaction.atomic
def check_for_duplicates(*, report: Report, now: dt.datetime) -> int:
    """Links a new report's look-alikes for staff; the worker runs it after the submission
    (`duplicate_checks`).

    The event keeps the reporter's hour (`reporter_moment`): a worker's exact clock would tell
    to the second when the report came in."""
    hints = duplicates.link_possible_duplicates(report=report, now=reporter_moment(report, now))
    return len(hints)


def _links(report: Report, links: tuple[str, ...]) -> list[ReportLink]:
    return [ReportLink(report=report, url=url, url_hash=link_hash(url)) for url in links]


def _identity(
    data: ReportInput, window: adapters.Window | None, report: Report
) -> list[ReporterIdentity]:
    """The formal reporter's sealed identity (none for a tip: it is anonymous by definition)."""
    if window is None or data.identity is None:
        return []
    return [ReporterIdentity(report=report, ciphertext=crypto.seal(_sealed_fields(data.identity)))]


@transaction.atomic
def add_reply(
    *, report: Report, body: str, evidence: list[Inspected], now: dt.datetime
) -> ReportMessage:
    """The reporter answers through the receipt; an answer to a question puts it back in review."""
    body = body.strip() if visible(body) else ""  # invisible characters only: no message
    if not body and not evidence:
        raise ValidationError({"body": _("Write a message or add a file.")})
    _check_evidence_count(len(evidence), existing=report.evidence.count())
    at = reporter_moment(report, now)
    written = _write_files(evidence)
    with _removed_if_refused(written):
        message = ReportMessage.objects.create(
            report=report, direction=ReportMessage.Direction.FROM_REPORTER, body=body, created_at=at
        )
        Evidence.objects.bulk_create(_evidence_rows(report, written, at, message))
        payload = {"message": message.pk, "files": len(written)}
        event_type = ReportEvent.Type.REPLY_RECEIVED if body else ReportEvent.Type.EVIDENCE_ADDED
        events.record(report=report, type=event_type, now=at, payload=payload)
        if report.status == Report.Status.INFO_REQUESTED:
            Report.objects.filter(pk=report.pk).update(status=Report.Status.RECEIVED)
            report.status = Report.Status.RECEIVED
    return message


@transaction.atomic
def add_identity(
    *, report: Report, identity: IdentityInput, discovered_on: dt.date, now: dt.datetime
) -> Report:
    """A tip becomes a formal report when its reporter adds identity within the 7-day window."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.track != Report.Track.TIP:
        raise ValidationError(_("This report is already a formal report."))
    if report.status in (Report.Status.REJECTED, Report.Status.DUPLICATE):
        raise ValidationError(_("This report is closed and can no longer become a formal report."))
    today = local_today(now, report.regency_code)
    problem = discovery_problem(discovered_on, report.incident_date, today)
    if problem:
        raise ValidationError({"discovered_on": problem})
    window = formal_window(
        discovered_on=discovered_on,
        election_kind=report.election_kind,
        now=now,
        region_code=report.regency_code,
    )
    if not window.open:
        raise ValidationError({"discovered_on": late_message(window)}, code="late")
    at = reporter_moment(report, now)
    ReporterIdentity.objects.create(report=report, ciphertext=crypto.seal(_sealed_fields(identity)))
    report.track = Report.Track.FORMAL
    report.identity_shareable = identity.shareable
    report.discovered_on = discovered_on
    report.formal_since = at
    report.window_last_day = window.last_day
    report.save(
        update_fields=[
            "track",
            "discovered_on",
            "formal_since",
            "window_last_day",
            "identity_shareable",
        ]
    )
    payload = {"last_day": window.last_day.isoformat(), "legal_basis": window.legal_basis}
    events.record(report=report, type=ReportEvent.Type.IDENTITY_ADDED, now=at, payload=payload)
    return report
