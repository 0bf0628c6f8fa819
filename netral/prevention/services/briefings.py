"""Briefings (sosialisasi and Bimtek): creation, check-in, materials, attendance lists."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from netral.prevention import events
from netral.prevention.models import (
    Attendance,
    Briefing,
    BriefingMaterial,
    Campaign,
    CampaignEvent,
)
from netral.prevention.services._common import (
    CHUNK,
    listed_staff,
    normal_code,
    random_code,
)
from netral.prevention.services.codes import identify
from netral.prevention.services.paper import PAPER_TABLE
from netral.registry import importers
from netral.registry.services.rows import RowProblem, chunks

CHECK_IN_LENGTH = 6
ATTENDANCE_TABLE = importers.TableFormat(
    columns=PAPER_TABLE.columns,
    required=("nip",),
    sheet_names=("daftar_hadir", "hadir", "absensi", "peserta", "daftar"),
)


def _check_in_code() -> str:
    while True:
        code = random_code(CHECK_IN_LENGTH)
        if not Briefing.objects.filter(check_in_code=code).exists():
            return code


@transaction.atomic
def create_briefing(
    *,
    campaign: Campaign,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    organiser: str = "",
    place: str = "",
    online_url: str = "",
    by: Any,
    now: dt.datetime,
) -> Briefing:
    """Plans a sosialisasi or Bimtek for the campaign agency's staff, with a check-in code."""
    if not campaign.is_open:
        raise ValidationError(_("This pledge campaign is closed."))
    if kind not in Briefing.Kind.values:
        raise ValidationError({"kind": _("Choose sosialisasi or Bimtek.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the event a title.")})
    if not place.strip() and not online_url.strip():
        raise ValidationError({"place": _("Give the place, or the link of the online meeting.")})
    briefing = Briefing.objects.create(
        campaign=campaign,
        kind=kind,
        title=title.strip(),
        organiser=organiser.strip(),
        starts_at=starts_at,
        place=place.strip(),
        online_url=online_url.strip(),
        check_in_code=_check_in_code(),
        created_by=by,
        created_at=now,
    )
    events.record_campaign_event(
        campaign,
        CampaignEvent.Type.BRIEFING_CREATED,
        by=by,
        now=now,
        briefing=str(briefing.public_id),
        kind=kind,
        title=briefing.title,
        starts_at=starts_at,
    )
    return briefing


@transaction.atomic
def close_check_in(*, briefing: Briefing, by: Any, now: dt.datetime) -> Briefing:
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if not briefing.check_in_open:
        raise ValidationError(_("Check-in is already closed."))
    briefing.check_in_open = False
    briefing.save(update_fields=["check_in_open"])
    events.record_campaign_event(
        briefing.campaign,
        CampaignEvent.Type.CHECK_IN_CLOSED,
        by=by,
        now=now,
        briefing=str(briefing.public_id),
    )
    return briefing


def briefing_by_code(code: str) -> Briefing | None:
    return (
        Briefing.objects.select_related("campaign__agency", "campaign__election")
        .filter(check_in_code=normal_code(code)[:8])
        .first()
    )


@transaction.atomic
def check_in(*, event_code: str, nip: str, code: str, now: dt.datetime) -> Attendance:
    """The civil servant is present: the briefing's code, then NIP and their campaign code.

    Checking in twice is not an error: the first record is kept and returned.
    """
    briefing = briefing_by_code(event_code)
    if briefing is None:
        raise ValidationError(
            {"event_code": _("No sosialisasi or Bimtek has this code. Check it on the screen.")}
        )
    if not briefing.check_in_open:
        raise ValidationError({"event_code": _("Check-in for this event is closed.")})
    person, _issued = identify(campaign=briefing.campaign, nip=nip, code=code)
    existing = Attendance.objects.filter(briefing=briefing, civil_servant=person).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a double tap or a resend on a weak signal races us
            attendance = Attendance.objects.create(
                briefing=briefing,
                civil_servant=person,
                method=Attendance.Method.CHECK_IN,
                recorded_at=now,
            )
    except IntegrityError:
        return Attendance.objects.get(briefing=briefing, civil_servant=person)
    events.record_asn_event(
        briefing.campaign,
        CampaignEvent.Type.CHECKED_IN,
        person,
        now=now,
        briefing=str(briefing.public_id),
    )
    return attendance


MATERIAL_KINDS = {"pdf", "image"}  # slides are attached saved as PDF


@transaction.atomic
def attach_material(
    *, briefing: Briefing, upload: UploadedFile, public: bool, by: Any, now: dt.datetime
) -> BriefingMaterial:
    """Keeps a file of the briefing (PDF or image, checked by its content like report
    evidence: type, size, whole), with its SHA-256; an event records it. A closed campaign's
    briefings take none; a row or event that fails takes the stored file with it."""
    from netral.reports import evidence  # Pillow and filetype load where a file is checked

    if not briefing.campaign.is_open:
        raise ValidationError(_("This pledge campaign is closed."))

    not_material = _("Attach a PDF or an image; save slides and documents as PDF first.")
    try:
        inspected = evidence.inspect(upload, upload.name or "")
    except ValidationError as error:
        if error.code in ("type", "archive"):  # evidence's words name audio, video, archives
            named = _("%(name)s: %(problem)s") % {
                "name": evidence.clean_name(upload.name or ""),
                "problem": not_material,
            }
            raise ValidationError({"file": named}) from None
        raise ValidationError({"file": error.messages}) from None
    if inspected.kind not in MATERIAL_KINDS:
        raise ValidationError({"file": not_material})
    material = BriefingMaterial(
        briefing=briefing,
        name=inspected.name,
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        public=public,
        uploaded_by=by,
        uploaded_at=now,
    )
    upload.seek(0)
    material.file.save(f"{material.public_id}.{inspected.extension}", upload, save=False)
    try:
        _record_material(material, by=by, now=now)
    except BaseException:
        material.file.storage.delete(material.file.name or "")
        raise
    return material


def _record_material(material: BriefingMaterial, *, by: Any, now: dt.datetime) -> None:
    briefing = material.briefing
    material.save()
    events.record_campaign_event(
        briefing.campaign,
        CampaignEvent.Type.MATERIAL_ATTACHED,
        by=by,
        now=now,
        briefing=str(briefing.public_id),
        material=str(material.public_id),
        name=material.name,
        sha256=material.sha256,
        size=material.size,
        public=material.public,
    )


@dataclass
class AttendanceResult:
    recorded: int = 0
    already_recorded: int = 0
    saved: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def record_attendance_list(
    *, briefing: Briefing, table_path: str | Path, by: Any, now: dt.datetime
) -> AttendanceResult:
    """Marks the NIPs of an attendance list (CSV/XLSX) as present at the briefing.

    All or nothing, as for paper lists: one bad row (unknown NIP, duplicate, not 18 digits, a
    number) and nothing is saved; people already recorded are counted, not recorded twice.
    """
    result = AttendanceResult()
    path = Path(table_path)
    try:
        table = importers.read_table(path, ATTENDANCE_TABLE)
    except importers.FileProblem as problem:
        raise ValidationError({"table": str(problem)}) from None
    result.notes = table.notes
    result.problems = list(table.problems)
    people = listed_staff(briefing.campaign.agency, table, result.problems)
    if result.problems:
        return result
    if not people:
        raise ValidationError({"table": _("The list has no NIPs.")})
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with transaction.atomic():
        already: set[int] = set()
        for part in chunks([p.pk for p in people], CHUNK):
            already.update(
                Attendance.objects.filter(briefing=briefing, civil_servant_id__in=part).values_list(
                    "civil_servant_id", flat=True
                )
            )
        new = [p for p in people if p.pk not in already]
        Attendance.objects.bulk_create(
            (
                Attendance(
                    briefing=briefing,
                    civil_servant=person,
                    method=Attendance.Method.LIST,
                    recorded_at=now,
                )
                for person in new
            ),
            batch_size=CHUNK,
            ignore_conflicts=True,  # someone checked in at the door meanwhile: keep theirs
        )
        events.record_campaign_event(
            briefing.campaign,
            CampaignEvent.Type.ATTENDANCE_LISTED,
            by=by,
            now=now,
            briefing=str(briefing.public_id),
            sha256=digest,
            recorded=len(new),
            already_recorded=len(already),
        )
    result.saved = True
    result.recorded = len(new)
    result.already_recorded = len(already)
    return result
