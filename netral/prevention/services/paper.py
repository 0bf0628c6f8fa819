"""The paper route: a signed list of NIPs recorded as signatures."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from netral.core import when
from netral.prevention import events
from netral.prevention.models import (
    Campaign,
    CampaignEvent,
    PaperList,
    Signature,
)
from netral.prevention.services._common import (
    CHUNK,
    listed_staff,
    new_certificate_code,
)
from netral.registry import importers
from netral.registry.services.rows import RowProblem, chunks

PAPER_TABLE = importers.TableFormat(
    columns=(
        ("nip", ("nip", "ni_pppk", "nip_ni_pppk", "nomor_induk")),
        ("name", ("nama", "nama_lengkap", "name")),
    ),
    required=("nip",),
    sheet_names=("ikrar", "daftar_hadir", "daftar", "pegawai"),
)


@dataclass
class PaperResult:
    paper_list: PaperList | None = None
    signed: int = 0
    already_signed: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _refuse_a_recorded_scan(campaign: Campaign, sha256: str) -> None:
    """The same scan (same SHA-256) is recorded once per campaign."""
    recorded = PaperList.objects.filter(campaign=campaign, sha256=sha256).first()
    if recorded is not None:
        raise ValidationError(
            {
                "scan": _(
                    "This scan was already recorded on %(date)s (%(name)s). Upload the scan of "
                    "another signed list."
                )
                % {"date": when.on_day(recorded.uploaded_at), "name": recorded.name}
            }
        )


def record_paper_list(
    *,
    campaign: Campaign,
    scan: UploadedFile,
    table_path: str | Path,
    by: Any,
    now: dt.datetime,
) -> PaperResult:
    """Keeps the scanned list (with its SHA-256) and marks its NIPs as signed on paper.

    All or nothing: one unknown NIP, duplicate row or unreadable file and nothing is saved;
    people who had already signed keep their signature and are counted, not signed twice.
    """
    result = PaperResult()
    if not campaign.is_open:
        raise ValidationError(_("This pledge campaign is closed."))
    digest = hashlib.sha256()
    for chunk in scan.chunks():
        digest.update(chunk)
    sha256 = digest.hexdigest()
    _refuse_a_recorded_scan(campaign, sha256)
    try:
        table = importers.read_table(table_path, PAPER_TABLE)
    except importers.FileProblem as problem:
        raise ValidationError({"table": str(problem)}) from None
    result.notes = table.notes
    result.problems = list(table.problems)
    people = listed_staff(campaign.agency, table, result.problems)
    if result.problems:
        return result
    with transaction.atomic():
        # One upload of a campaign at a time, so the same scan sent twice at once is caught.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).exists()
        _refuse_a_recorded_scan(campaign, sha256)
        already: set[int] = set()
        for part in chunks([p.pk for p in people], CHUNK):
            already.update(
                Signature.objects.filter(campaign=campaign, civil_servant_id__in=part).values_list(
                    "civil_servant_id", flat=True
                )
            )
        paper = PaperList(
            campaign=campaign,
            name=Path(scan.name or "scan").name[:200],
            sha256=sha256,
            size=scan.size or 0,
            uploaded_by=by,
            uploaded_at=now,
        )
        paper.scan.save(
            f"{paper.public_id}{Path(scan.name or '').suffix.lower()}", scan, save=False
        )
        paper.save()
        new = [p for p in people if p.pk not in already]
        Signature.objects.bulk_create(
            (
                Signature(
                    campaign=campaign,
                    civil_servant=person,
                    method=Signature.Method.PAPER,
                    text_version=campaign.text_version,
                    signed_at=now,
                    certificate_code=new_certificate_code(),
                    paper_list=paper,
                )
                for person in new
            ),
            batch_size=CHUNK,
            ignore_conflicts=True,  # someone checked in at the door meanwhile: keep theirs
        )
        events.record_campaign_event(
            campaign,
            CampaignEvent.Type.PAPER_LIST,
            by=by,
            now=now,
            paper_list=str(paper.public_id),
            sha256=paper.sha256,
            signed=len(new),
            already_signed=len(already),
        )
    result.paper_list = paper
    result.signed = len(new)
    result.already_signed = len(already)
    return result
